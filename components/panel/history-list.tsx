import { formatDateTime } from '@/lib/format/time';
import { t } from '@/lib/i18n';
import type { HistoryItem } from '@/lib/views/record-view';

import { Disclosure } from './disclosure';
import { StepIcon } from './icons';
import { eventLabel, outcomeLabel, resultLabel, statusLabel } from './labels';
import type { TimeContext } from './time-context';

function title(item: HistoryItem): string {
  switch (item.kind) {
    case 'connected':
      return t('historyConnected');
    case 'ended':
      return item.status ? statusLabel(item.status) : t('historyEnded');
    case 'email-event':
      return item.event ? eventLabel(item.event) : item.name;
    case 'step':
      return item.name;
  }
}

function detail(item: HistoryItem): string {
  const parts: string[] = [];
  if (item.kind === 'email-event' && item.stepId) parts.push(item.name);
  if (item.result) parts.push(resultLabel(item.result));
  if (item.outcome) parts.push(outcomeLabel(item.outcome));
  if (item.branch) parts.push(t(item.branch === 'yes' ? 'historyBranch_yes' : 'historyBranch_no'));
  return parts.join(t('timeSeparator'));
}

/** What already happened in this sequence, newest first: time, result, outcome, note. */
export function HistoryList({ items, time }: { items: HistoryItem[]; time: TimeContext }) {
  const steps = items.filter((item) => item.kind === 'step').length;
  return (
    <Disclosure
      summary={t('completedSteps', steps)}
      body={(extras) => <extras.HistorySteps items={items} time={time} />}
    />
  );
}

/** The Completed steps section's list (in the panel's extras: components/panel/disclosure.tsx). */
export function HistorySteps({ items, time }: { items: HistoryItem[]; time: TimeContext }) {
  const newestFirst = [...items].sort((a, b) => b.at - a.at);
  return (
    <>
      {newestFirst.length === 0 ? (
        <p class="muted">{t('historyNone')}</p>
      ) : (
        <ol class="history">
          {newestFirst.map((item, index) => (
            <li key={`${String(item.at)}-${String(index)}`} class="history__item">
              {item.type ? (
                <StepIcon type={item.type} />
              ) : (
                <span class="history__dot" aria-hidden="true" />
              )}
              <div class="history__body">
                <p class="history__title">{title(item)}</p>
                <p class="meta">
                  <time dateTime={new Date(item.at).toISOString()}>
                    {formatDateTime(item.at, time.timeZone, time.locale)}
                  </time>
                  {detail(item) && `${t('timeSeparator')}${detail(item)}`}
                </p>
                {item.subject && (
                  <p class="history__note">{t('historySentFromMailbox', item.subject)}</p>
                )}
                {item.note && <p class="history__note">{item.note}</p>}
              </div>
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
