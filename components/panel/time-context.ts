import { formatAbsolute, formatDuration } from '@/lib/format/time';
import { t } from '@/lib/i18n';
import type { CurrentStepInfo } from '@/lib/views/record-view';

/** The clock and zone every time on the panel is written in. */
export interface TimeContext {
  now: number;
  timeZone: string;
  locale?: string | undefined;
}

export const absolute = (at: number, time: TimeContext): string =>
  formatAbsolute(at, time.now, time.timeZone, time.locale);

/** "Due in 2 hours · Tue 14:00", "Overdue by 3 days · Fri 09:00", "Snoozed until …". */
export function dueWords(
  step: CurrentStepInfo,
  time: TimeContext,
): { text: string; overdue: boolean } {
  const sep = t('timeSeparator');
  if (step.kind === 'waiting') {
    const until = step.waitEndsAt ?? step.windowClosesAt;
    if (until === null) return { text: '', overdue: false };
    return {
      text: t(step.waitEndsAt === null ? 'waitingForEvent' : 'waitingUntil', absolute(until, time)),
      overdue: false,
    };
  }
  if (step.kind === 'snoozed' && step.snoozedUntil !== null) {
    return { text: t('snoozedUntil', absolute(step.snoozedUntil, time)), overdue: false };
  }
  const when = absolute(step.dueAt, time);
  if (step.overdue) {
    return {
      text: `${t('overdueBy', formatDuration(time.now - step.dueAt, time.locale))}${sep}${when}`,
      overdue: true,
    };
  }
  if (step.dueAt > time.now) {
    return {
      text: `${t('dueIn', formatDuration(step.dueAt - time.now, time.locale))}${sep}${when}`,
      overdue: false,
    };
  }
  return { text: `${t('dueNow')}${sep}${when}`, overdue: false };
}
