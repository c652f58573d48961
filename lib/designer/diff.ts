/**
 * A readable difference between two versions of a sequence (issue #16, item 7): which steps were
 * added, removed, changed (and how: "Wait: 2 days → 3 days", "Subject: … → …") or moved, and
 * which sequence settings changed. Steps are matched by id, as connections and statistics are.
 */
import { canonicalJson } from '../sequence/canonical';
import { STEP_TYPE_IN_SENTENCE } from '../domain/words';
import { formatDuration, stepName } from '../sequence/steps';
import type { Duration, Sequence, Step } from '../sequence/types';
import { describeCondition } from '../views/condition-words';
import { BRANCH_WORDS, displayName, nameIndex } from './labels';
import { itemAt, locate, type ListRef } from './tree';

export interface Change {
  label: string;
  before: string;
  after: string;
}

type StepStatus = 'added' | 'removed' | 'changed';

export interface StepDiff {
  id: string;
  name: string;
  type: Step['type'];
  status: StepStatus;
  /** Where the step is ("in the Yes path of “Replied?”, after “Intro email”"). */
  where: string;
  changes: Change[];
}

export interface SequenceDiff {
  settings: Change[];
  steps: StepDiff[];
  added: number;
  removed: number;
  changed: number;
}

const MAX_SHOWN = 120;

/** A value as short text for a change line. */
function shown(value: unknown): string {
  if (value === undefined) return 'none';
  if (typeof value === 'string') {
    const text = value.replace(/\s+/g, ' ').trim();
    if (text === '') return '(empty)';
    return text.length > MAX_SHOWN ? `“${text.slice(0, MAX_SHOWN - 1)}…”` : `“${text}”`;
  }
  if (typeof value === 'boolean') return value ? 'on' : 'off';
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(String).join(', ');
  if (typeof value === 'number') return String(value);
  return canonicalJson(value);
}

const windowWords = (within: Duration | undefined): string =>
  within === undefined ? 'decided at once' : `within ${formatDuration(within.days, within.hours)}`;

function stepChanges(
  before: Step,
  after: Step,
  names: { before: (id: string) => string; after: (id: string) => string },
): Change[] {
  const changes: Change[] = [];
  const add = (label: string, a: unknown, b: unknown, show: (value: unknown) => string = shown) => {
    if (canonicalJson(a) !== canonicalJson(b))
      changes.push({ label, before: show(a), after: show(b) });
  };
  const a = before as unknown as Record<string, unknown>;
  const b = after as unknown as Record<string, unknown>;
  if (before.type !== after.type) {
    changes.push({
      label: 'Type',
      before: STEP_TYPE_IN_SENTENCE[before.type],
      after: STEP_TYPE_IN_SENTENCE[after.type],
    });
  }
  add('Name', a['name'], b['name']);
  add('Instructions', a['description'], b['description']);
  if (before.type === 'wait' || after.type === 'wait') {
    const wait = (step: Record<string, unknown>) =>
      step['type'] === 'wait'
        ? formatDuration(step['days'] as number | undefined, step['hours'] as number | undefined)
        : undefined;
    add('Wait', wait(a), wait(b), (value) => (typeof value === 'string' ? value : 'none'));
  }
  const template = (step: Record<string, unknown>, key: string): unknown => {
    const value = step['template'];
    return value !== null && typeof value === 'object'
      ? (value as Record<string, unknown>)[key]
      : undefined;
  };
  add('Subject', template(a, 'subject'), template(b, 'subject'));
  add('Message', template(a, 'body'), template(b, 'body'));
  add('LinkedIn action', a['action'], b['action']);
  if (before.type === 'condition' || after.type === 'condition') {
    const question = (step: Step, nameOf: (id: string) => string) =>
      step.type === 'condition' ? describeCondition(step.if, nameOf) : undefined;
    const q1 = question(before, names.before);
    const q2 = question(after, names.after);
    if (canonicalJson(a['if']) !== canonicalJson(b['if'])) {
      changes.push({ label: 'Condition', before: shown(q1), after: shown(q2) });
    }
    add('Time window', a['within'], b['within'], (value) =>
      windowWords(value as Duration | undefined),
    );
  }
  add('Field', a['field'], b['field']);
  add('Value', a['value'], b['value']);
  add('Target sequence', a['sequence'], b['sequence']);
  // Keys this version of the designer does not know (a newer format): still shown.
  const known = new Set([
    'id',
    'type',
    'name',
    'description',
    'days',
    'hours',
    'template',
    'action',
    'if',
    'within',
    'yes',
    'no',
    'field',
    'value',
    'sequence',
  ]);
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (!known.has(key)) add(key, a[key], b[key]);
  }
  return changes;
}

interface Spot {
  list: ListRef;
  index: number;
}

function allSteps(sequence: Sequence): Step[] {
  const out: Step[] = [];
  const visit = (steps: readonly Step[]) => {
    for (const step of steps) {
      out.push(step);
      if (step.type === 'condition') {
        visit(step.yes);
        visit(step.no);
      }
    }
  };
  visit(sequence.steps);
  return out;
}

function listKey(list: ListRef): string {
  return list.parent === null ? '' : `${list.parent}/${list.branch}`;
}

function whereWords(sequence: Sequence, spot: Spot, nameOf: (id: string) => string): string {
  let path = 'in the sequence';
  let siblings: readonly Step[] = sequence.steps;
  if (spot.list.parent !== null) {
    const owner = locate(sequence, spot.list.parent);
    if (owner?.step.type === 'condition') {
      path = `in the ${BRANCH_WORDS[spot.list.branch]} path of “${displayName(owner.step, nameOf)}”`;
      siblings = owner.step[spot.list.branch];
    }
  }
  const previous = itemAt(siblings, spot.index - 1);
  return previous === undefined
    ? `${path}, first`
    : `${path}, after “${displayName(previous, nameOf)}”`;
}

/** Longest common subsequence of two id lists: the steps that kept their order. */
function keptOrder(a: readonly string[], b: readonly string[]): Set<string> {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const table = new Array<number>(rows * cols).fill(0);
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i * cols + j] =
        a[i] === b[j]
          ? (table[(i + 1) * cols + j + 1] ?? 0) + 1
          : Math.max(table[(i + 1) * cols + j] ?? 0, table[i * cols + j + 1] ?? 0);
    }
  }
  const kept = new Set<string>();
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      kept.add(a[i] ?? '');
      i++;
      j++;
    } else if ((table[(i + 1) * cols + j] ?? 0) >= (table[i * cols + j + 1] ?? 0)) i++;
    else j++;
  }
  return kept;
}

function settingChanges(before: Sequence, after: Sequence): Change[] {
  const changes: Change[] = [];
  const a = before as unknown as Record<string, unknown>;
  const b = after as unknown as Record<string, unknown>;
  const labels: Record<string, string> = {
    name: 'Name',
    description: 'Description',
    entity: 'Record type',
    tags: 'Tags',
    exitOnReply: 'Exit on reply',
    schedule: 'Working hours',
    success: 'Success',
  };
  const scheduleWords = (value: unknown): string => {
    if (value === null || typeof value !== 'object') return 'any time';
    const schedule = value as Sequence['schedule'] & object;
    const waits = schedule.waitsInWorkingTime === true ? ', waits count working time' : '';
    return `${schedule.days.join(', ')} ${schedule.start}–${schedule.end}${waits}`;
  };
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if (key === 'steps' || key === 'id') continue;
    if (canonicalJson(a[key]) === canonicalJson(b[key])) continue;
    const show =
      key === 'schedule'
        ? scheduleWords
        : key === 'exitOnReply'
          ? (v: unknown) => shown(v ?? false)
          : shown;
    changes.push({ label: labels[key] ?? key, before: show(a[key]), after: show(b[key]) });
  }
  return changes;
}

export function diffSequences(before: Sequence, after: Sequence): SequenceDiff {
  const names = { before: nameIndex(before), after: nameIndex(after) };
  const oldSteps = new Map(allSteps(before).map((step) => [step.id, step]));
  const newSteps = allSteps(after);
  const newIds = new Set(newSteps.map((step) => step.id));
  const spots = (sequence: Sequence) => {
    const map = new Map<string, Spot>();
    const lists = new Map<string, string[]>();
    const visit = (steps: readonly Step[], list: ListRef) => {
      lists.set(
        listKey(list),
        steps.map((step) => step.id),
      );
      for (const [index, step] of steps.entries()) {
        map.set(step.id, { list, index });
        if (step.type === 'condition') {
          visit(step.yes, { parent: step.id, branch: 'yes' });
          visit(step.no, { parent: step.id, branch: 'no' });
        }
      }
    };
    visit(sequence.steps, { parent: null });
    return { map, lists };
  };
  const old = spots(before);
  const now = spots(after);
  // Steps that stayed in the same list but not in the same order among the steps both have.
  const moved = new Set<string>();
  for (const [key, ids] of now.lists) {
    const previous = old.lists.get(key) ?? [];
    const common = ids.filter((id) => previous.includes(id));
    const commonBefore = previous.filter((id) => common.includes(id));
    const kept = keptOrder(commonBefore, common);
    for (const id of common) if (!kept.has(id)) moved.add(id);
  }

  const steps: StepDiff[] = [];
  for (const step of newSteps) {
    const spot = now.map.get(step.id);
    const where = spot === undefined ? '' : whereWords(after, spot, names.after);
    const previous = oldSteps.get(step.id);
    if (previous === undefined) {
      steps.push({
        id: step.id,
        name: stepName(step),
        type: step.type,
        status: 'added',
        where,
        changes: [],
      });
      continue;
    }
    const changes = stepChanges(previous, step, names);
    const oldSpot = old.map.get(step.id);
    if (oldSpot !== undefined && spot !== undefined) {
      if (listKey(oldSpot.list) !== listKey(spot.list) || moved.has(step.id)) {
        changes.push({
          label: 'Place',
          before: whereWords(before, oldSpot, names.before),
          after: where,
        });
      }
    }
    if (changes.length > 0) {
      steps.push({
        id: step.id,
        name: stepName(step),
        type: step.type,
        status: 'changed',
        where,
        changes,
      });
    }
  }
  for (const step of oldSteps.values()) {
    if (newIds.has(step.id)) continue;
    const spot = old.map.get(step.id);
    steps.push({
      id: step.id,
      name: stepName(step),
      type: step.type,
      status: 'removed',
      where: spot === undefined ? '' : whereWords(before, spot, names.before),
      changes: [],
    });
  }
  const count = (status: StepStatus) => steps.filter((step) => step.status === status).length;
  return {
    settings: settingChanges(before, after),
    steps,
    added: count('added'),
    removed: count('removed'),
    changed: count('changed'),
  };
}

/** "2 steps added, 1 changed; settings changed", or "No changes". */
export function summarizeDiff(diff: SequenceDiff): string {
  const parts: string[] = [];
  const counts = (
    [
      ['added', diff.added],
      ['removed', diff.removed],
      ['changed', diff.changed],
    ] as const
  ).filter(([, count]) => count > 0);
  if (counts.length > 0) {
    parts.push(
      counts
        .map(([word, count], index) =>
          index === 0 ? `${count} ${count === 1 ? 'step' : 'steps'} ${word}` : `${count} ${word}`,
        )
        .join(', '),
    );
  }
  if (diff.settings.length > 0) {
    parts.push(`${diff.settings.map((change) => change.label.toLowerCase()).join(', ')} changed`);
  }
  return parts.length === 0 ? 'No changes' : parts.join('; ');
}
