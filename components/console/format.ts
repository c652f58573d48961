/** Words and numbers for the console: dates, states, conditions. */
import { describeCondition } from '../../lib/views/condition-words';
import { formatDuration } from '../../lib/sequence/steps';
import { DEFAULT_AB_SPLIT } from '../../lib/sequence/limits';
import { DAY, HOUR } from '../../lib/engine/time/zoned';
import type {
  AbMetric,
  AbTestStep,
  AbTestVersion,
  Condition,
  Duration,
  SequenceState,
} from '../../lib/sequence/types';

export const STATE_LABELS: Record<SequenceState, string> = {
  draft: 'Draft',
  active: 'Active',
  inactive: 'Inactive',
};

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});

export const formatDate = (time: number): string => dateFormat.format(time);
export const formatDateTime = (time: number): string => dateTimeFormat.format(time);

/** Whole days between two instants, at least 0. */
export const daysBetween = (from: number, to: number): number =>
  Math.max(0, Math.floor((to - from) / DAY));

export function formatAverage(ms: number): string {
  const hours = Math.round(ms / HOUR);
  return formatDuration(Math.floor(hours / 24), hours % 24);
}

const EMAIL_WORDS = {
  replied: 'the customer replied to',
  opened: 'the customer opened',
  'link-clicked': 'the customer clicked a link in',
} as const;

const CALL_WORDS = {
  connected: 'connected',
  voicemail: 'went to voicemail',
  'no-answer': 'had no answer',
  'wrong-number': 'was a wrong number',
} as const;

/** "If the customer replied to “Intro email” within 3 days". */
export function conditionText(
  condition: Condition,
  within: Duration | undefined,
  nameOf: (stepId: string) => string,
): string {
  const window = within === undefined ? '' : ` within ${formatDuration(within.days, within.hours)}`;
  if ('email' in condition) {
    return `If ${EMAIL_WORDS[condition.email]} “${nameOf(condition.step)}”${window}`;
  }
  if ('call' in condition) {
    const outcomes = condition.call.map((outcome) => CALL_WORDS[outcome]).join(' or ');
    return `If the call “${nameOf(condition.step)}” ${outcomes}${window}`;
  }
  const question = describeCondition(condition, nameOf).replace(/\?$/, '');
  return `If: ${question.charAt(0).toLowerCase()}${question.slice(1)}${window}`;
}

const METRIC_WORDS: Record<AbMetric, string> = {
  replied: 'replies',
  opened: 'opens',
  'link-clicked': 'link clicks',
  success: 'the sequence’s success rule',
};

function versionWords(version: AbTestVersion, letter: 'A' | 'B'): string {
  const subject = version.type === 'email' ? version.template?.subject : undefined;
  return `${letter}: “${version.name ?? subject ?? `Version ${letter}`}”`;
}

/** "A: “Short” · B: “Long” · 50% get A · winner by replies · ends when one is clearly better". */
export function abTestSummary(step: AbTestStep): string {
  const split = step.split ?? DEFAULT_AB_SPLIT;
  const ends =
    step.ends === undefined
      ? 'runs until ended by hand'
      : 'at' in step.ends
        ? `ends ${formatDateTime(Date.parse(step.ends.at))}`
        : 'ends when one version is clearly better';
  return [
    versionWords(step.a, 'A'),
    versionWords(step.b, 'B'),
    `${split}% get A`,
    `winner by ${METRIC_WORDS[step.metric]}`,
    ends,
    `default ${step.default.toUpperCase()}`,
  ].join(' · ');
}
