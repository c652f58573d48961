/**
 * Rules that relate several values of a pack (docs/sequence-format.md: the file, sequences, steps, custom CRMs): unique ids, wait bounds
 * and placement, step references, branch shape, move targets, custom CRM patterns. They run on
 * the raw parsed JSON, defensively, next to the zod structure check, so that one import reports
 * every problem at once. A value of the wrong type is left to zod and skipped here, so that no
 * problem is reported twice.
 */
import { checkCrmRules } from './crm-definition';
import { capitalize, durationWords, isRecord, labelAt, quote, sequenceLabel } from './describe';
import {
  ID_PATTERN,
  MAX_DEPTH,
  MAX_NAME,
  MAX_STEPS,
  MAX_WAIT_HOURS,
  MAX_WAIT_TOTAL_HOURS,
  TIME_PATTERN,
} from './limits';
import { MAX_WAIT_DAYS } from '../domain/limits';
import { ENTITY_PLURAL_IN_SENTENCE, STEP_TYPE_IN_SENTENCE } from '../domain/words';
import type { PathSegment } from './problem';
import { ENTITIES, STEP_TYPES } from './types';
import type { Entity, Sequence, StepType } from './types';

export interface KnownSequence {
  id: string;
  definition: Pick<Sequence, 'entity'>;
}

type Report = (path: PathSegment[], message: string, at?: 'key' | 'value') => void;

const ISO_DATE =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)?)?$/;

function isStepType(value: unknown): value is StepType {
  return typeof value === 'string' && (STEP_TYPES as readonly string[]).includes(value);
}

function isEntity(value: unknown): value is Entity {
  return typeof value === 'string' && (ENTITIES as readonly string[]).includes(value);
}

function isSmallInt(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}

/** Checks a wait or a `within` window adds up to 1..720 hours (its parts are zod's job). */
function checkDurationTotal(
  value: Record<string, unknown>,
  path: PathSegment[],
  subject: string,
  report: Report,
): void {
  const days = value['days'] ?? 0;
  const hours = value['hours'] ?? 0;
  if (!isSmallInt(days, MAX_WAIT_DAYS) || !isSmallInt(hours, MAX_WAIT_HOURS)) return;
  const total = days * 24 + hours;
  if (total === 0) {
    report(path, `${subject} is 0 hours long; set 'days' or 'hours' to at least 1 hour in total`);
  } else if (total > MAX_WAIT_TOTAL_HOURS) {
    report(
      path,
      `${subject} lasts ${durationWords(days, hours)}; the longest is ${MAX_WAIT_DAYS} days (${MAX_WAIT_TOTAL_HOURS} hours)`,
    );
  }
}

interface StepInfo {
  type: StepType | undefined;
  path: PathSegment[];
}

interface SequenceContext {
  root: unknown;
  report: Report;
  sequencePath: PathSegment[];
  sequenceWords: string;
  /** Every step id in the sequence (all branches), first occurrence. */
  ids: Map<string, StepInfo>;
  count: number;
  hasEmail: boolean;
  hasNonWait: boolean;
  entities: Map<string, Entity | undefined>;
}

function checkName(value: unknown, path: PathSegment[], subject: string, report: Report): void {
  if (typeof value !== 'string' || value.length > MAX_NAME) return;
  if (value.trim() === '') report(path, `${capitalize(subject)} has an empty name`);
}

export function checkSemantics(
  root: unknown,
  existing: readonly KnownSequence[],
  report: Report,
): void {
  if (!isRecord(root)) return;
  const sequences = root['sequences'];
  if (Array.isArray(sequences)) {
    // Ids with their entity; `undefined` when the entity itself is invalid (reported by zod),
    // so that a move to that sequence is not reported a second time.
    const entities = new Map<string, Entity | undefined>();
    for (const known of existing) {
      if (isRecord(known.definition) && isEntity(known.definition.entity)) {
        entities.set(known.id, known.definition.entity);
      }
    }
    const seen = new Map<string, number>();
    for (const [index, sequence] of (sequences as unknown[]).entries()) {
      if (!isRecord(sequence)) continue;
      const id = sequence['id'];
      if (typeof id !== 'string') continue;
      const first = seen.get(id);
      if (first === undefined) {
        seen.set(id, index);
        entities.set(id, isEntity(sequence['entity']) ? sequence['entity'] : undefined);
      } else {
        report(
          ['sequences', index, 'id'],
          `Sequence id '${id}' is used twice (first in sequences[${first}]); sequence ids must be unique in a pack`,
        );
      }
    }
    for (const [index, sequence] of (sequences as unknown[]).entries()) {
      checkSequence(root, ['sequences', index], sequence, entities, report);
    }
  }
  const crms = root['crms'];
  if (Array.isArray(crms)) {
    const seen = new Set<string>();
    for (const [index, crm] of (crms as unknown[]).entries()) {
      if (!isRecord(crm)) continue;
      const id = crm['id'];
      if (typeof id === 'string') {
        if (seen.has(id)) {
          report(
            ['crms', index, 'id'],
            `Custom CRM id '${id}' is used twice; CRM ids must be unique in a pack`,
          );
        }
        seen.add(id);
      }
      checkCrmRules(root, ['crms', index], crm, report);
    }
  }
}

function checkSequence(
  root: unknown,
  path: PathSegment[],
  sequence: unknown,
  entities: Map<string, Entity | undefined>,
  report: Report,
): void {
  if (!isRecord(sequence)) return;
  const words = sequenceLabel(root, Number(path[1]));
  checkName(sequence['name'], [...path, 'name'], words, report);

  const tags = sequence['tags'];
  if (Array.isArray(tags)) {
    const seen = new Set<string>();
    for (const [index, tag] of (tags as unknown[]).entries()) {
      if (typeof tag !== 'string' || tag.length === 0) continue;
      if (tag.trim() === '') {
        report([...path, 'tags', index], `Tag ${index + 1} of ${words} is blank`);
        continue;
      }
      const key = tag.trim().toLowerCase();
      if (seen.has(key)) {
        report([...path, 'tags', index], `Tag '${tag}' appears twice in ${words}`);
      }
      seen.add(key);
    }
  }

  const schedule = sequence['schedule'];
  if (isRecord(schedule)) checkSchedule(schedule, [...path, 'schedule'], words, report);

  const steps = sequence['steps'];
  const context: SequenceContext = {
    root,
    report,
    sequencePath: path,
    sequenceWords: words,
    ids: new Map(),
    count: 0,
    hasEmail: false,
    hasNonWait: false,
    entities,
  };
  if (!Array.isArray(steps)) return;
  collectIds(context, steps, [...path, 'steps'], 0);
  checkSteps(
    context,
    steps,
    [...path, 'steps'],
    0,
    new Map(),
    isEntity(sequence['entity']) ? sequence['entity'] : undefined,
  );

  if (context.count > MAX_STEPS) {
    report(
      [...path, 'steps'],
      `${capitalize(words)} has ${context.count} steps (counting every branch); the limit is ${MAX_STEPS}`,
    );
  }
  if (steps.length > 0 && context.count > 0 && !context.hasNonWait) {
    report(
      [...path, 'steps'],
      `${capitalize(words)} has only waits; it needs at least one step that is not a wait`,
    );
  }
  if (sequence['exitOnReply'] === true && !context.hasEmail) {
    report(
      [...path, 'exitOnReply'],
      `${capitalize(words)} exits on reply but has no email step; add an email step or remove 'exitOnReply'`,
    );
  }
}

function checkSchedule(
  schedule: Record<string, unknown>,
  path: PathSegment[],
  words: string,
  report: Report,
): void {
  const days = schedule['days'];
  if (Array.isArray(days)) {
    const seen = new Set<unknown>();
    for (const [index, day] of (days as unknown[]).entries()) {
      if (typeof day === 'string' && seen.has(day)) {
        report([...path, 'days', index], `Day '${day}' appears twice in the schedule of ${words}`);
      }
      seen.add(day);
    }
  }
  const start = schedule['start'];
  const end = schedule['end'];
  if (
    typeof start === 'string' &&
    typeof end === 'string' &&
    TIME_PATTERN.test(start) &&
    TIME_PATTERN.test(end) &&
    start >= end
  ) {
    report(
      [...path, 'end'],
      `The schedule of ${words} starts at ${start} and ends at ${end}; the start must be before the end (working time cannot cross midnight)`,
    );
  }
}

/** First pass: every step id (for duplicate and "not on this path" messages) and the count. */
function collectIds(
  context: SequenceContext,
  steps: unknown[],
  path: PathSegment[],
  depth: number,
): void {
  if (depth > MAX_DEPTH + 1) return;
  for (const [index, step] of steps.entries()) {
    context.count++;
    if (!isRecord(step)) continue;
    const stepPath = [...path, index];
    const type = isStepType(step['type']) ? step['type'] : undefined;
    if (type === 'email') context.hasEmail = true;
    if (type !== undefined && type !== 'wait') context.hasNonWait = true;
    const id = step['id'];
    if (typeof id === 'string') {
      const first = context.ids.get(id);
      if (first === undefined) context.ids.set(id, { type, path: stepPath });
      else {
        context.report(
          [...stepPath, 'id'],
          `Step id '${id}' is used twice in ${context.sequenceWords}; step ids must be unique in a sequence, across all branches`,
        );
      }
    }
    if (type === 'condition') {
      for (const branch of ['yes', 'no'] as const) {
        const list = step[branch];
        if (Array.isArray(list)) collectIds(context, list, [...stepPath, branch], depth + 1);
      }
    }
  }
}

/** Where a list of steps sits, in words: "sequence 'x'" or "the 'yes' branch of step 'c1'". */
function branchWords(context: SequenceContext, listPath: PathSegment[]): string {
  const branch = listPath.at(-1);
  if (branch === 'steps') return context.sequenceWords;
  return `the '${String(branch)}' branch of ${labelAt(context.root, listPath.slice(0, -1))}`;
}

/**
 * Second pass, in path order. `before` holds the steps that come earlier on the current path
 * (earlier siblings here and in every enclosing list), for condition references.
 */
function checkSteps(
  context: SequenceContext,
  steps: unknown[],
  path: PathSegment[],
  depth: number,
  before: Map<string, StepType | undefined>,
  entity: Entity | undefined,
): void {
  const { report, root } = context;
  const earlier = new Map(before);
  let terminal: { words: string; type: 'condition' | 'move-to-sequence' } | undefined;
  for (const [index, step] of steps.entries()) {
    const stepPath = [...path, index];
    if (!isRecord(step)) continue;
    const words = labelAt(root, stepPath);
    const type = isStepType(step['type']) ? step['type'] : undefined;

    if (terminal !== undefined) {
      report(
        stepPath,
        terminal.type === 'condition'
          ? `${capitalize(words)} comes after ${terminal.words} and would never run: after a condition the sequence goes on in its 'yes' or 'no' branch; move the step into a branch`
          : `${capitalize(words)} comes after ${terminal.words}, which moves the record to another sequence, so it would never run; a move-to-sequence step must be the last step of its branch`,
      );
      terminal = undefined;
    }

    checkName(step['name'], [...stepPath, 'name'], words, report);

    if (type === 'wait') {
      if (depth === 0 && index === 0) {
        report(
          stepPath,
          `${capitalize(context.sequenceWords)} starts with ${words}, a wait; the first step of a sequence cannot be a wait`,
        );
      }
      if (index === steps.length - 1) {
        report(
          stepPath,
          `${capitalize(words)} is a wait at the end of ${branchWords(context, path)}; a wait must be followed by a step (remove it or add a step after it)`,
        );
      }
      checkDurationTotal(step, stepPath, capitalize(words), report);
    }

    if (type === 'condition') {
      terminal = { words, type };
      if (depth + 1 > MAX_DEPTH) {
        report(
          stepPath,
          `${capitalize(words)} opens branches nested ${depth + 1} levels deep; branches can be nested at most ${MAX_DEPTH} deep`,
        );
      }
      const within = step['within'];
      if (isRecord(within)) {
        checkDurationTotal(
          within,
          [...stepPath, 'within'],
          `The 'within' window of ${words}`,
          report,
        );
      }
      checkCondition(context, step['if'], [...stepPath, 'if'], earlier, 1);
      if (depth + 1 <= MAX_DEPTH) {
        for (const branch of ['yes', 'no'] as const) {
          const list = step[branch];
          if (Array.isArray(list))
            checkSteps(context, list, [...stepPath, branch], depth + 1, earlier, entity);
        }
      }
    }

    if (type === 'move-to-sequence') {
      terminal = { words, type };
      checkMoveTarget(context, step['sequence'], [...stepPath, 'sequence'], words, entity);
    }

    const id = step['id'];
    if (typeof id === 'string' && !earlier.has(id)) earlier.set(id, type);
  }
}

function checkMoveTarget(
  context: SequenceContext,
  target: unknown,
  path: PathSegment[],
  words: string,
  entity: Entity | undefined,
): void {
  if (typeof target !== 'string' || !ID_PATTERN.test(target)) return;
  const targetEntity = context.entities.get(target);
  if (!context.entities.has(target)) {
    context.report(
      path,
      `${capitalize(words)} moves records to sequence '${target}', which is neither in this pack nor already in Upnext`,
    );
  } else if (entity !== undefined && targetEntity !== undefined && targetEntity !== entity) {
    context.report(
      path,
      `${capitalize(words)} moves records to sequence '${target}', which is for ${ENTITY_PLURAL_IN_SENTENCE[targetEntity]}, but ${context.sequenceWords} is for ${ENTITY_PLURAL_IN_SENTENCE[entity]}; both must be for the same kind of record`,
    );
  }
}

function checkCondition(
  context: SequenceContext,
  condition: unknown,
  path: PathSegment[],
  earlier: Map<string, StepType | undefined>,
  depth: number,
): void {
  if (!isRecord(condition)) return;
  const { report, root } = context;
  const words = labelAt(root, path);
  for (const key of ['all', 'any'] as const) {
    const list = condition[key];
    if (!Array.isArray(list)) continue;
    if (depth + 1 > MAX_DEPTH) {
      report(
        [...path, key],
        `${capitalize(words)} nests "all"/"any" more than ${MAX_DEPTH} levels deep`,
      );
      continue;
    }
    for (const [index, inner] of (list as unknown[]).entries()) {
      checkCondition(context, inner, [...path, key, index], earlier, depth + 1);
    }
  }

  const expected = 'email' in condition ? 'email' : 'call' in condition ? 'call' : undefined;
  const step = condition['step'];
  if (expected !== undefined && typeof step === 'string' && ID_PATTERN.test(step)) {
    const stepPath = [...path, 'step'];
    const checks = expected === 'email' ? 'an email' : 'a phone call';
    if (earlier.has(step)) {
      const type = earlier.get(step);
      if (type !== undefined && type !== expected) {
        report(
          stepPath,
          `${capitalize(words)} checks ${checks} event of step '${step}', but '${step}' is ${STEP_TYPE_IN_SENTENCE[type]}`,
        );
      }
    } else if (context.ids.has(step)) {
      report(
        stepPath,
        `${capitalize(words)} refers to step '${step}', which does not come before it on the same path; a condition can only look at steps the record has already been through`,
      );
    } else {
      report(
        stepPath,
        `${capitalize(words)} refers to step '${step}', which is not in ${context.sequenceWords}`,
      );
    }
  }

  if ('field' in condition) checkFieldOp(condition, path, words, report);
}

function checkFieldOp(
  condition: Record<string, unknown>,
  path: PathSegment[],
  words: string,
  report: Report,
): void {
  const op = condition['op'];
  const value = condition['value'];
  const valuePath = [...path, 'value'];
  const has = Object.hasOwn(condition, 'value');
  if (typeof op !== 'string') return;
  if (op === 'is-empty' || op === 'is-not-empty') {
    if (has)
      report(
        valuePath,
        `${capitalize(words)} uses '${op}', which takes no value; remove 'value'`,
        'key',
      );
    return;
  }
  if (!has) {
    report(path, `${capitalize(words)} uses '${op}' but has no 'value' to compare with`);
    return;
  }
  const scalar = (item: unknown): boolean =>
    typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean';
  if (op === 'in') {
    if (!Array.isArray(value)) {
      if (scalar(value)) {
        report(
          valuePath,
          `${capitalize(words)} uses 'in', which needs a list of values such as ["A", "B"], not ${quote(value)}`,
        );
      }
    } else if (value.length === 0) {
      report(
        valuePath,
        `${capitalize(words)} uses 'in' with an empty list; list at least one value`,
      );
    }
    return;
  }
  if (Array.isArray(value)) {
    report(
      valuePath,
      `${capitalize(words)} uses '${op}', which takes one value, not a list (use 'in' to match any of several values)`,
    );
    return;
  }
  if (op === 'greater-than' || op === 'less-than') {
    const ok = typeof value === 'number' || (typeof value === 'string' && ISO_DATE.test(value));
    if (!ok && scalar(value)) {
      report(
        valuePath,
        `${capitalize(words)} uses '${op}', which compares numbers or dates: use a number or an ISO date such as "2025-01-31", not ${quote(value)}`,
      );
    }
  }
}
