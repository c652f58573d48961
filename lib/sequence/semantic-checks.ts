/**
 * Rules that relate several values of a pack (docs/sequence-format.md: the file, sequences, steps, custom CRMs): unique ids, wait bounds
 * and placement, step references, branch shape, move targets, custom CRM patterns. They run on
 * the raw parsed JSON, defensively, next to the zod structure check, so that one import reports
 * every problem at once. A value of the wrong type is left to zod and skipped here, so that no
 * problem is reported twice.
 */
import { checkCrmRules } from './crm-definition';
import {
  capitalize,
  durationWords,
  getAt,
  isRecord,
  labelAt,
  quote,
  segmentLabel,
  sequenceLabel,
} from './describe';
import { didYouMean } from './did-you-mean';
import {
  ID_PATTERN,
  MAX_DEPTH,
  MAX_NAME,
  MAX_RELATIVE_DAYS,
  MAX_SEGMENT_CONDITIONS,
  MAX_STEPS,
  MAX_WAIT_HOURS,
  MAX_WAIT_TOTAL_HOURS,
  TIME_PATTERN,
} from './limits';
import { MAX_WAIT_DAYS } from '../domain/limits';
import { ENTITY_PLURAL_IN_SENTENCE, STEP_TYPE_IN_SENTENCE } from '../domain/words';
import type { PathSegment } from './problem';
import { compareFieldValues } from '../engine/fields';
import {
  ENTITIES,
  ORDER_FIELD_OPS,
  RELATIVE_DAY_FIELD_OPS,
  STEP_TYPES,
  VALUELESS_FIELD_OPS,
} from './types';
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
  knownCrms?: readonly string[],
): void {
  if (!isRecord(root)) return;
  const sequences = root['sequences'];
  const segments = root['segments'];
  // Ids with their entity; `undefined` when the entity itself is invalid (reported by zod), so
  // that a move to that sequence is not reported a second time.
  const entities = new Map<string, Entity | undefined>();
  for (const known of existing) {
    if (isRecord(known.definition) && isEntity(known.definition.entity)) {
      entities.set(known.id, known.definition.entity);
    }
  }
  if (
    Array.isArray(sequences) &&
    sequences.length === 0 &&
    !(Array.isArray(segments) && segments.length > 0)
  ) {
    report(
      ['sequences'],
      'The pack has no sequences (and no segments); a pack holds at least one sequence or segment',
    );
  }
  if (Array.isArray(sequences)) {
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
  if (Array.isArray(segments)) {
    const crms = root['crms'];
    const crmIds =
      knownCrms === undefined
        ? undefined
        : [
            ...knownCrms,
            ...(Array.isArray(crms) ? (crms as unknown[]) : []).flatMap((crm) =>
              isRecord(crm) && typeof crm['id'] === 'string' ? [crm['id']] : [],
            ),
          ];
    checkSegments(root, segments as unknown[], entities, crmIds, report);
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
  const success = sequence['success'];
  if (isRecord(success)) {
    if ('field' in success) {
      checkFieldOp(success, [...path, 'success'], labelAt(root, [...path, 'success']), report);
    }
    if (success['replied'] === true && !context.hasEmail && steps.length > 0) {
      report(
        [...path, 'success', 'replied'],
        `${capitalize(words)} counts a reply as success but has no email step to reply to; add an email step or choose another success rule`,
      );
    }
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
    // Replies can be recorded on email steps and on A/B test steps (of either channel).
    if (type === 'email' || type === 'ab-test') context.hasEmail = true;
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

    if (type === 'ab-test') checkAbTest(step, stepPath, words, report);

    if (type === 'move-to-sequence') {
      terminal = { words, type };
      checkMoveTarget(context, step['sequence'], [...stepPath, 'sequence'], words, entity);
    }

    const id = step['id'];
    if (typeof id === 'string' && !earlier.has(id)) earlier.set(id, type);
  }
}

/** An A/B test step: both versions of one channel, a metric that channel records. */
function checkAbTest(
  step: Record<string, unknown>,
  path: PathSegment[],
  words: string,
  report: Report,
): void {
  const a = step['a'];
  const b = step['b'];
  const typeOf = (version: unknown): unknown => (isRecord(version) ? version['type'] : undefined);
  const channels = [typeOf(a), typeOf(b)];
  const known = channels.filter((type) => type === 'email' || type === 'text');
  if (known.length === 2 && known[0] !== known[1]) {
    report(
      [...path, 'b', 'type'],
      `${capitalize(words)} tests ${known[0] === 'email' ? 'an email' : 'a text message'} (version A) against ${known[1] === 'email' ? 'an email' : 'a text message'} (version B); both versions must be emails, or both text messages`,
    );
    return;
  }
  const metric = step['metric'];
  if (known[0] === 'text' && (metric === 'opened' || metric === 'link-clicked')) {
    report(
      [...path, 'metric'],
      `${capitalize(words)} picks its winner by '${metric}', but it sends text messages, which have no opens or link clicks; use 'replied' or 'success'`,
    );
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

/**
 * Calls `visit` for every member of the `all` / `any` groups of `condition`; a group nested
 * deeper than MAX_DEPTH is reported instead of visited.
 */
function eachGroupMember(
  condition: Record<string, unknown>,
  path: PathSegment[],
  depth: number,
  words: string,
  report: Report,
  visit: (inner: unknown, innerPath: PathSegment[]) => void,
): void {
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
    for (const [index, inner] of (list as unknown[]).entries()) visit(inner, [...path, key, index]);
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
  eachGroupMember(condition, path, depth, words, report, (inner, innerPath) => {
    checkCondition(context, inner, innerPath, earlier, depth + 1);
  });

  const expected = 'email' in condition ? 'email' : 'call' in condition ? 'call' : undefined;
  const step = condition['step'];
  if (expected !== undefined && typeof step === 'string' && ID_PATTERN.test(step)) {
    const stepPath = [...path, 'step'];
    const checks = expected === 'email' ? 'an email' : 'a phone call';
    if (earlier.has(step)) {
      const type = earlier.get(step);
      const abChannel =
        type === 'ab-test'
          ? getAt(root, [...(context.ids.get(step)?.path ?? []), 'a', 'type'])
          : undefined;
      if (type === 'ab-test' && expected === 'email') {
        // An A/B test step is referenced like an email step; text messages only get replies.
        const event = condition['email'];
        if (abChannel === 'text' && event !== 'replied' && typeof event === 'string') {
          report(
            [...path, 'email'],
            `${capitalize(words)} checks '${event}' on step '${step}', an A/B test of text messages; a text message has no opens or link clicks, only replies`,
          );
        }
      } else if (type !== undefined && type !== expected) {
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

/** Checks the `value` of a field condition against its op (spec section 3, "Field ops"). */
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
  const subject = capitalize(words);
  if ((VALUELESS_FIELD_OPS as readonly string[]).includes(op)) {
    if (has)
      report(valuePath, `${subject} uses '${op}', which takes no value; remove 'value'`, 'key');
    return;
  }
  if (!has) {
    report(path, `${subject} uses '${op}' but has no 'value' to compare with`);
    return;
  }
  if (op === 'in') {
    if (!Array.isArray(value)) {
      if (isScalar(value)) {
        report(
          valuePath,
          `${subject} uses 'in', which needs a list of values such as ["A", "B"], not ${quote(value)}`,
        );
      }
    } else if (value.length === 0) {
      report(valuePath, `${subject} uses 'in' with an empty list; list at least one value`);
    }
    return;
  }
  if (op === 'between') {
    checkBetween(value, valuePath, subject, report);
    return;
  }
  if (Array.isArray(value)) {
    report(
      valuePath,
      `${subject} uses '${op}', which takes one value, not a list (use 'in' to match any of several values)`,
    );
    return;
  }
  if ((ORDER_FIELD_OPS as readonly string[]).includes(op)) {
    if (!isOrderable(value) && isScalar(value)) {
      report(
        valuePath,
        `${subject} uses '${op}', which compares numbers or dates: use a number or an ISO date such as "2025-01-31", not ${quote(value)}`,
      );
    }
    return;
  }
  if ((RELATIVE_DAY_FIELD_OPS as readonly string[]).includes(op)) {
    const ok =
      typeof value === 'number' &&
      Number.isInteger(value) &&
      value >= 1 &&
      value <= MAX_RELATIVE_DAYS;
    if (!ok && isScalar(value)) {
      report(
        valuePath,
        `${subject} uses '${op}', which counts whole days from today: use a whole number from 1 to ${MAX_RELATIVE_DAYS} (7 means today and the 6 days ${op === 'in-last-days' ? 'before' : 'after'}), not ${quote(value)}`,
      );
    }
  }
}

function isScalar(item: unknown): item is string | number | boolean {
  return typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean';
}

/** A number, or text that is an ISO date: what the ordering ops compare. */
function isOrderable(value: unknown): value is number | string {
  return typeof value === 'number' || (typeof value === 'string' && ISO_DATE.test(value));
}

function checkBetween(value: unknown, path: PathSegment[], subject: string, report: Report): void {
  const example = 'such as [10, 20] or ["2025-01-01", "2025-03-31"]';
  if (!Array.isArray(value)) {
    if (isScalar(value)) {
      report(
        path,
        `${subject} uses 'between', which needs a list of two values [low, high] ${example}, not ${quote(value)}`,
      );
    }
    return;
  }
  if (value.length !== 2) {
    report(
      path,
      `${subject} uses 'between' with ${value.length} ${value.length === 1 ? 'value' : 'values'}; give exactly two, [low, high], ${example}`,
    );
    return;
  }
  const [low, high] = value as unknown[];
  if (!value.every(isScalar)) return;
  if (!isOrderable(low) || !isOrderable(high)) {
    const bad = isOrderable(low) ? high : low;
    report(
      [...path, isOrderable(low) ? 1 : 0],
      `${subject} uses 'between', which compares numbers or dates: use numbers or ISO dates such as "2025-01-31", not ${quote(bad)}`,
    );
    return;
  }
  if (typeof low !== typeof high) {
    report(
      path,
      `${subject} uses 'between' with a number and a date; both ends must be numbers, or both dates`,
    );
    return;
  }
  const order = compareFieldValues(low, high);
  if (order !== null && order > 0) {
    report(
      path,
      `${subject} uses 'between' from ${quote(low)} to ${quote(high)}, but the low end is above the high end; write [low, high]`,
    );
  }
}

/** Segments (spec section 8): unique ids, names, targets, criteria size and values. */
function checkSegments(
  root: unknown,
  segments: unknown[],
  entities: Map<string, Entity | undefined>,
  crmIds: readonly string[] | undefined,
  report: Report,
): void {
  const seen = new Map<string, number>();
  for (const [index, segment] of segments.entries()) {
    if (!isRecord(segment)) continue;
    const path: PathSegment[] = ['segments', index];
    const words = segmentLabel(root, index);
    const id = segment['id'];
    if (typeof id === 'string') {
      const first = seen.get(id);
      if (first === undefined) seen.set(id, index);
      else {
        report(
          [...path, 'id'],
          `Segment id '${id}' is used twice (first in segments[${first}]); segment ids must be unique in a pack`,
        );
      }
    }
    checkName(segment['name'], [...path, 'name'], words, report);
    const entity = isEntity(segment['entity']) ? segment['entity'] : undefined;
    const target = segment['sequence'];
    if (typeof target === 'string' && ID_PATTERN.test(target)) {
      const targetEntity = entities.get(target);
      if (!entities.has(target)) {
        const hint = didYouMean(target, [...entities.keys()]);
        report(
          [...path, 'sequence'],
          `${capitalize(words)} routes records to sequence '${target}'${hint}, which is neither in this pack nor already in Upnext`,
        );
      } else if (entity !== undefined && targetEntity !== undefined && targetEntity !== entity) {
        report(
          [...path, 'sequence'],
          `${capitalize(words)} is for ${ENTITY_PLURAL_IN_SENTENCE[entity]}, but its sequence '${target}' is for ${ENTITY_PLURAL_IN_SENTENCE[targetEntity]}; both must be for the same kind of record`,
        );
      }
    }
    const where = segment['where'];
    const leaves = { count: 0 };
    checkSegmentCondition(root, where, [...path, 'where'], 1, leaves, crmIds, report);
    if (leaves.count > MAX_SEGMENT_CONDITIONS) {
      report(
        [...path, 'where'],
        `${capitalize(words)} has ${leaves.count} conditions; a segment can have at most ${MAX_SEGMENT_CONDITIONS} (combine values with 'in', or split the segment)`,
      );
    }
  }
}

function checkSegmentCondition(
  root: unknown,
  condition: unknown,
  path: PathSegment[],
  depth: number,
  leaves: { count: number },
  crmIds: readonly string[] | undefined,
  report: Report,
): void {
  if (!isRecord(condition)) return;
  const words = labelAt(root, path);
  eachGroupMember(condition, path, depth, words, report, (inner, innerPath) => {
    checkSegmentCondition(root, inner, innerPath, depth + 1, leaves, crmIds, report);
  });
  if ('field' in condition || 'crm' in condition || 'host' in condition) leaves.count++;
  if ('field' in condition) checkFieldOp(condition, path, words, report);
  const crms = condition['crm'];
  if (Array.isArray(crms)) {
    for (const [index, crm] of (crms as unknown[]).entries()) {
      if (typeof crm !== 'string' || crm === '') continue;
      if (crmIds !== undefined && !crmIds.includes(crm)) {
        const hint = didYouMean(crm, crmIds);
        report(
          [...path, 'crm', index],
          `${capitalize(words)} names CRM '${crm}'${hint}, which Upnext does not know; use the id of a built-in CRM or of a custom CRM (${crmIds.slice(0, 8).join(', ')}${crmIds.length > 8 ? ', ...' : ''})`,
        );
      }
    }
  }
  const hosts = condition['host'];
  if (Array.isArray(hosts)) {
    for (const [index, host] of (hosts as unknown[]).entries()) {
      if (typeof host !== 'string' || host === '') continue;
      const problem = hostProblem(host);
      if (problem !== undefined) {
        report([...path, 'host', index], `Host ${quote(host)} in ${words} ${problem}`);
      }
    }
  }
}

const HOST_NAME =
  /^(\*\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.?$/i;

/** Why `host` is not a host name such as `app.example.com` (or `*.example.com`), or undefined. */
function hostProblem(host: string): string | undefined {
  if (host.includes('://')) {
    return 'is a web address; write just the host name, such as "app.example.com"';
  }
  if (host.includes('/')) return 'has a path; write just the host name, such as "app.example.com"';
  if (host.includes(':')) return 'has a port; write just the host name, such as "app.example.com"';
  if (!HOST_NAME.test(host)) {
    return 'is not a host name; write it like "app.example.com", or "*.example.com" for every host under example.com';
  }
  return undefined;
}
