/**
 * Turns zod issues into messages a sales manager understands, naming the sequence or step
 * (zod's own messages speak of "expected string, received undefined").
 */
import type { z } from 'zod/mini';
import { closest, didYouMean } from './did-you-mean';
import {
  capitalize,
  durationWords,
  getAt,
  isRecord,
  kindOf,
  labelAt,
  quote,
  typeWords,
} from './describe';
import { MAX_WAIT_DAYS } from '../domain/limits';
import { MAX_ID_LENGTH, MAX_WAIT_HOURS } from './limits';
import type { PathSegment, RawProblem } from './problem';
import { packSchemas, type PackSchemas } from './schema';
import { STEP_TYPES } from './types';

type Issue = z.core.$ZodIssue;

const EXPECTED_WORDS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

const ID_RULE = `use 1 to ${MAX_ID_LENGTH} characters: lowercase letters, digits, '-' or '_', starting with a letter or digit`;

function keysOf(schema: { shape: object }): string[] {
  return Object.keys(schema.shape);
}

/**
 * For an object that is one of several kinds told apart by a key (conditions, success rules,
 * ...): the keys of the kind it has, or the kind keys when it has none.
 */
function kindKeys(value: unknown, kinds: Record<string, { shape: object }>): string[] {
  const kind = isRecord(value)
    ? Object.keys(kinds).find((key) => Object.hasOwn(value, key))
    : undefined;
  const schema = kind === undefined ? undefined : kinds[kind];
  return schema === undefined ? Object.keys(kinds) : keysOf(schema);
}

/** The keys allowed in the object at `path`, for "did you mean" and "allowed keys" hints. */
function allowedKeys(root: unknown, path: readonly PathSegment[]): string[] | undefined {
  const value = getAt(root, path);
  switch (kindOf(path)) {
    case 'pack':
      return keysOf(packSchemas().packSchema);
    case 'sequence':
      return keysOf(packSchemas().sequenceSchema);
    case 'step': {
      const type = isRecord(value) ? value['type'] : undefined;
      const steps = packSchemas().STEP_SCHEMAS;
      const schema =
        typeof type === 'string' && Object.hasOwn(steps, type)
          ? steps[type as keyof typeof steps]
          : undefined;
      return schema === undefined ? undefined : keysOf(schema);
    }
    case 'condition':
      return kindKeys(value, packSchemas().CONDITION_KINDS);
    case 'template': {
      const type = getAt(root, [...path.slice(0, -1), 'type']);
      return type === 'email' ? ['subject', 'body'] : ['body'];
    }
    case 'success':
      return kindKeys(value, packSchemas().SUCCESS_KINDS);
    case 'ab-version': {
      const type = isRecord(value) ? value['type'] : undefined;
      return type === 'email' || type === 'text'
        ? keysOf(packSchemas().AB_VERSION_SCHEMAS[type])
        : ['type', 'name', 'template'];
    }
    case 'ab-ends':
      return kindKeys(value, packSchemas().AB_ENDS_KINDS);
    case 'duration':
      return keysOf(packSchemas().durationSchema);
    case 'schedule':
      return keysOf(packSchemas().scheduleSchema);
    case 'segment':
      return keysOf(packSchemas().segmentSchema);
    case 'segment-condition':
      return kindKeys(value, packSchemas().SEGMENT_CONDITION_KINDS);
    case 'crm':
      return keysOf(packSchemas().crmSchema);
    case 'record':
      return keysOf(packSchemas().crmRecordSchema);
    default:
      return undefined;
  }
}

/** "'days' in step 'w2'", or "item 3 of 'tags' in sequence 'x'" for array items. */
function keyLabel(root: unknown, path: readonly PathSegment[]): string {
  const last = path.at(-1);
  if (last === undefined) return 'the file';
  if (typeof last === 'number') {
    return `item ${last + 1} of ${keyLabel(root, path.slice(0, -1))}`;
  }
  return `'${last}' in ${labelAt(root, path.slice(0, -1))}`;
}

const MISSING_HINTS: Record<string, string> = {
  format: ` (add "format": "upnext/v1")`,
  sequences: ' (a list of sequences)',
  type: ` (one of: ${STEP_TYPES.join(', ')})`,
  entity: ' (lead, contact, account or opportunity)',
  metric: ' (what decides the winner: replied, opened, link-clicked or success)',
  default: ' (the version used when the test ends without a winner: "a" or "b")',
  a: ' (version A, such as {"type": "email", "template": {"subject": "...", "body": "..."}})',
  b: ' (version B, such as {"type": "email", "template": {"subject": "...", "body": "..."}})',
  where: ' (the criteria, such as {"field": "jobTitle", "op": "contains", "value": "VP"})',
  priority: ' (a whole number from 1, 1 is the highest)',
};

function missing(root: unknown, path: PathSegment[]): RawProblem {
  const key = String(path.at(-1));
  const owner = labelAt(root, path.slice(0, -1));
  return {
    path: path.slice(0, -1),
    message: `${capitalize(owner)} is missing '${key}'${MISSING_HINTS[key] ?? ''}`,
  };
}

function durationMessage(root: unknown, issue: Issue, path: PathSegment[]): string | undefined {
  const key = path.at(-1);
  if (key !== 'days' && key !== 'hours') return undefined;
  const ownerPath = path.slice(0, -1);
  const owner = getAt(root, ownerPath);
  const isWait = isRecord(owner) && owner['type'] === 'wait';
  if (!isWait && kindOf(ownerPath) !== 'duration') return undefined;
  const value = getAt(root, path);
  if (typeof value !== 'number') return undefined;
  const what = isWait
    ? `${capitalize(labelAt(root, ownerPath))} waits ${value} ${key}`
    : `${capitalize(labelAt(root, ownerPath))} is ${value} ${key}`;
  if (issue.code === 'too_small') return `${what}; it cannot be negative`;
  if (issue.code === 'too_big' && key === 'days') {
    return `${what}; the longest ${isWait ? 'wait' : 'window'} is ${MAX_WAIT_DAYS} days`;
  }
  if (issue.code === 'too_big') {
    return `${what}; hours go up to ${MAX_WAIT_HOURS} (use 'days' for ${durationWords(1, 0)} or more)`;
  }
  if (issue.code === 'invalid_type' && Number.isFinite(value)) {
    return `${what}; use whole ${key}`;
  }
  return undefined;
}

const EMPTY_LIST_MESSAGES: Record<string, (owner: string) => string> = {
  steps: (owner) => `${capitalize(owner)} has no steps`,
  sequences: () => 'The pack has no sequences',
  days: (owner) => `${capitalize(owner)} has no working days`,
  call: (owner) => `${capitalize(owner)} lists no call outcomes`,
  origins: (owner) => `${capitalize(owner)} lists no origins (such as "https://crm.example.com")`,
  crm: (owner) => `${capitalize(owner)} lists no CRM ids (such as ["salesforce"])`,
  host: (owner) => `${capitalize(owner)} lists no host names (such as ["app.example.com"])`,
  records: (owner) => `${capitalize(owner)} lists no record patterns`,
};

function sizeMessage(root: unknown, issue: Issue, path: PathSegment[]): string {
  const key = path.at(-1);
  const value = getAt(root, path);
  const ownerPath = path.slice(0, -1);
  const owner = labelAt(root, ownerPath);
  const what = capitalize(keyLabel(root, path));
  if (Array.isArray(value)) {
    if (issue.code === 'too_small') {
      const special = typeof key === 'string' ? EMPTY_LIST_MESSAGES[key] : undefined;
      return special === undefined ? `${what} is an empty list` : special(owner);
    }
    const maximum = 'maximum' in issue ? Number(issue.maximum) : 0;
    if (key === 'sequences' || key === 'segments') {
      return `The pack has ${value.length} ${key}; the limit is ${maximum}`;
    }
    return `${capitalize(owner)} has ${value.length} ${String(key)}; the limit is ${maximum}`;
  }
  if (typeof value === 'string') {
    if (issue.code === 'too_small') return `${what} is empty`;
    const maximum = 'maximum' in issue ? Number(issue.maximum) : 0;
    return `${what} is ${value.length} characters long; the limit is ${maximum}`;
  }
  if (issue.code === 'too_small' && 'minimum' in issue) {
    return `${what} is ${quote(value)}; the smallest allowed is ${Number(issue.minimum)}`;
  }
  if (issue.code === 'too_big' && 'maximum' in issue) {
    return `${what} is ${quote(value)}; the largest allowed is ${Number(issue.maximum)}`;
  }
  return `${what} is out of range`;
}

function formatMessage(root: unknown, path: PathSegment[]): string {
  const key = path.at(-1);
  const value = getAt(root, path);
  const ownerPath = path.slice(0, -1);
  const owner = labelAt(root, ownerPath);
  if (key === 'id') return `${quote(value)} is not a valid id for ${owner}: ${ID_RULE}`;
  if (key === 'start' || key === 'end') {
    return `${capitalize(key)} time ${quote(value)} in ${owner} must be a 24-hour time like 09:00`;
  }
  if (key === 'step')
    return `${capitalize(owner)} refers to step ${quote(value)}, which is not a valid step id: ${ID_RULE}`;
  if (key === 'sequence' && kindOf(ownerPath) === 'segment') {
    return `${capitalize(owner)} routes records to ${quote(value)}, which is not a valid sequence id: ${ID_RULE}`;
  }
  if (key === 'sequence') {
    return `${capitalize(owner)} moves records to ${quote(value)}, which is not a valid sequence id: ${ID_RULE}`;
  }
  if (key === 'at' && kindOf(ownerPath) === 'ab-ends') {
    return `${capitalize(owner)} is ${quote(value)}; write an ISO 8601 instant with its time zone offset, such as "2026-06-30T17:00:00+02:00" or "2026-06-30T15:00:00Z"`;
  }
  return `${capitalize(keyLabel(root, path))} is not in the right format`;
}

/** Problems for one zod issue; `prefix` is prepended to the issue's path. */
export function issueToProblems(
  root: unknown,
  issue: Issue,
  prefix: PathSegment[] = [],
): RawProblem[] {
  const path: PathSegment[] = [...prefix, ...(issue.path as PathSegment[])];
  const value = getAt(root, path);
  const key = path.at(-1);

  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = allowedKeys(root, path) ?? [];
      const owner = labelAt(root, path);
      return issue.keys.map((unknown) => {
        const hint = didYouMean(unknown, allowed);
        return {
          path: [...path, unknown],
          at: 'key' as const,
          message:
            `Unknown key '${unknown}' in ${owner}` +
            (hint === '' && allowed.length > 0 ? ` (allowed keys: ${allowed.join(', ')})` : hint),
        };
      });
    }
    case 'invalid_type': {
      if (value === undefined && path.length > 0 && typeof key === 'string') {
        const parent = getAt(root, path.slice(0, -1));
        if (isRecord(parent) && !Object.hasOwn(parent, key)) return [missing(root, path)];
      }
      if (path.length === 0) {
        return [
          {
            path,
            message:
              'The file must contain a JSON object with "format": "upnext/v1" and a list of "sequences"',
          },
        ];
      }
      const special = durationMessage(root, issue, path);
      if (special !== undefined) return [{ path, message: special }];
      const expected = EXPECTED_WORDS[issue.expected] ?? issue.expected;
      return [
        {
          path,
          message: `${capitalize(keyLabel(root, path))} must be ${expected}, not ${typeWords(value)}`,
        },
      ];
    }
    case 'too_small':
    case 'too_big': {
      const special = durationMessage(root, issue, path);
      return [{ path, message: special ?? sizeMessage(root, issue, path) }];
    }
    case 'invalid_value': {
      const options = issue.values.map(String);
      if (value === undefined && typeof key === 'string') {
        const parent = getAt(root, path.slice(0, -1));
        if (isRecord(parent) && !Object.hasOwn(parent, key)) return [missing(root, path)];
      }
      if (typeof value !== 'string' && issue.values.every((option) => typeof option === 'string')) {
        return [
          {
            path,
            message: `${capitalize(keyLabel(root, path))} must be text, not ${typeWords(value)}`,
          },
        ];
      }
      const hint = typeof value === 'string' ? didYouMean(value, options) : '';
      return [
        {
          path,
          message: `${capitalize(keyLabel(root, path))} is ${quote(value)}${hint}; use one of: ${options.join(', ')}`,
        },
      ];
    }
    case 'invalid_format':
      return [{ path, message: formatMessage(root, path) }];
    case 'invalid_union':
      return unionProblems(root, issue, path);
    default:
      return [{ path, message: `${capitalize(keyLabel(root, path))}: ${issue.message}` }];
  }
}

function unionProblems(
  root: unknown,
  issue: Extract<Issue, { code: 'invalid_union' }>,
  path: PathSegment[],
): RawProblem[] {
  const value = getAt(root, path);
  const last = path.at(-1);
  if (value === undefined && typeof last === 'string') {
    const parent = getAt(root, path.slice(0, -1));
    if (isRecord(parent) && !Object.hasOwn(parent, last) && last !== 'type')
      return [missing(root, path)];
  }
  // A version of an A/B test step whose `type` is missing or not email/text.
  if (
    (issue as { note?: string }).note === 'No matching discriminator' &&
    kindOf(path.at(-1) === 'type' ? path.slice(0, -1) : path) === 'ab-version'
  ) {
    const versionPath = path.at(-1) === 'type' ? path.slice(0, -1) : path;
    const version = capitalize(labelAt(root, versionPath));
    const type = getAt(root, [...versionPath, 'type']);
    if (!isRecord(getAt(root, versionPath))) {
      return [
        {
          path: versionPath,
          message: `${version} must be an object such as {"type": "email", "template": {"subject": "...", "body": "..."}}, not ${typeWords(getAt(root, versionPath))}`,
        },
      ];
    }
    return [
      type === undefined
        ? { path: versionPath, message: `${version} is missing 'type' ("email" or "text")` }
        : {
            path: [...versionPath, 'type'],
            message: `${version} has type ${quote(type)}${typeof type === 'string' ? didYouMean(type, ['email', 'text']) : ''}; an A/B test compares two emails or two text messages, so use "email" or "text"`,
          },
    ];
  }
  // A step whose `type` is missing or unknown (discriminated union).
  if ((issue as { note?: string }).note === 'No matching discriminator') {
    const stepPath = path.at(-1) === 'type' ? path.slice(0, -1) : path;
    const step = labelAt(root, stepPath);
    const type = getAt(root, [...stepPath, 'type']);
    if (type === undefined) {
      return [
        {
          path: stepPath,
          message: `${capitalize(step)} is missing 'type'${MISSING_HINTS['type'] ?? ''}`,
        },
      ];
    }
    const hint = typeof type === 'string' ? didYouMean(type, STEP_TYPES) : '';
    return [
      {
        path: [...stepPath, 'type'],
        message: `${capitalize(step)} has unknown type ${quote(type)}${hint}; the step types are: ${STEP_TYPES.join(', ')}`,
      },
    ];
  }
  if (kindOf(path) === 'condition') return conditionProblems(root, path, value);
  if (kindOf(path) === 'success') return successProblems(root, path, value);
  if (kindOf(path) === 'ab-ends') return endsProblems(root, path, value);
  if (kindOf(path) === 'segment-condition') return segmentConditionProblems(root, path, value);
  const key = path.at(-1);
  const inCondition = key === 'value' && kindOf(path.slice(0, -1)) === 'condition';
  return [
    {
      path,
      message: `${capitalize(keyLabel(root, path))} must be text, a number or true/false${inCondition ? ' (or a list of those)' : ''}, not ${typeWords(value)}`,
    },
  ];
}

/** The kind keys `value` has, and a "did you mean" hint for a misspelt one when it has none. */
function presentKinds(
  value: Record<string, unknown>,
  kinds: readonly string[],
): { present: string[]; hint: string } {
  const present = kinds.filter((kind) => Object.hasOwn(value, kind));
  const guess =
    present.length > 0
      ? undefined
      : Object.keys(value)
          .map((key) => closest(key, kinds))
          .find((candidate) => candidate !== undefined);
  return { present, hint: guess === undefined ? '' : ` (did you mean '${guess}'?)` };
}

/** The problems of `value` checked as the one kind it has (zod issues under `path`). */
function kindIssues(
  root: unknown,
  path: PathSegment[],
  schema: z.ZodMiniType,
  value: unknown,
): RawProblem[] {
  const result = schema.safeParse(value);
  if (result.success) return [];
  return result.error.issues.flatMap((inner) => issueToProblems(root, inner, path));
}

const mixes = (owner: string, present: readonly string[]): string =>
  `${owner} mixes ${present.map((kind) => `'${kind}'`).join(' and ')}`;

/** A condition matched none of the condition kinds: find out which it meant to be. */
function conditionProblems(root: unknown, path: PathSegment[], value: unknown): RawProblem[] {
  return oneKindProblems(root, path, value, {
    kinds: packSchemas().CONDITION_KINDS,
    example: '{"email": "replied", "step": "intro-email"}',
  });
}

/**
 * A condition (of a sequence or a segment) that matched none of `kinds`: not an object, no kind
 * key, several kind keys, or `refuse` names what else is wrong; else the chosen kind's own issues.
 */
function oneKindProblems(
  root: unknown,
  path: PathSegment[],
  value: unknown,
  options: {
    kinds: Record<string, z.ZodMiniType>;
    example: string;
    refuse?: (value: Record<string, unknown>, owner: string) => RawProblem | undefined;
  },
): RawProblem[] {
  const owner = capitalize(labelAt(root, path));
  const kinds = Object.keys(options.kinds);
  if (!isRecord(value)) {
    return [
      {
        path,
        message: `${owner} must be an object such as ${options.example}, not ${typeWords(value)}`,
      },
    ];
  }
  const refused = options.refuse?.(value, owner);
  if (refused !== undefined) return [refused];
  const { present, hint } = presentKinds(value, kinds);
  if (present.length === 0) {
    return [{ path, message: `${owner} must have one of the keys ${kinds.join(', ')}${hint}` }];
  }
  if (present.length > 1) {
    return [
      {
        path,
        message: `${mixes(owner, present)}; combine several conditions with "all" or "any"`,
      },
    ];
  }
  const schema = options.kinds[present[0]];
  return kindIssues(root, path, schema, value);
}

const SUCCESS_EXAMPLES =
  '{"replied": true}, {"completed": true} or a field condition such as {"field": "status", "op": "equals", "value": "Qualified"}';

/** A success rule matched none of its kinds: find out which it meant to be. */
function successProblems(root: unknown, path: PathSegment[], value: unknown): RawProblem[] {
  const owner = capitalize(labelAt(root, path));
  if (!isRecord(value)) {
    return [
      { path, message: `${owner} must be one of ${SUCCESS_EXAMPLES}, not ${typeWords(value)}` },
    ];
  }
  const { present, hint } = presentKinds(value, Object.keys(packSchemas().SUCCESS_KINDS));
  if (present.length === 0) {
    return [{ path, message: `${owner} must be one of ${SUCCESS_EXAMPLES}${hint}` }];
  }
  if (present.length > 1) {
    return [{ path, message: `${mixes(owner, present)}; a sequence has one success rule` }];
  }
  const kind = present[0] as keyof PackSchemas['SUCCESS_KINDS'];
  if (kind !== 'field' && value[kind] !== true) {
    return [
      {
        path: [...path, kind],
        message: `${owner} sets '${kind}' to ${quote(value[kind])}; write {"${kind}": true}, or leave 'success' out to count reaching the end of the sequence`,
      },
    ];
  }
  return kindIssues(root, path, packSchemas().SUCCESS_KINDS[kind], value);
}

const ENDS_EXAMPLES =
  '{"at": "2026-06-30T17:00:00+02:00"} (a date and time) or {"when": "significant"} (once one version is clearly better)';

/** The `ends` of an A/B test step matched neither `{ "at": instant }` nor `{ "when": "significant" }`. */
function endsProblems(root: unknown, path: PathSegment[], value: unknown): RawProblem[] {
  const owner = capitalize(labelAt(root, path));
  if (!isRecord(value)) {
    return [{ path, message: `${owner} must be ${ENDS_EXAMPLES}, not ${typeWords(value)}` }];
  }
  const { present, hint } = presentKinds(value, Object.keys(packSchemas().AB_ENDS_KINDS));
  if (present.length === 0) return [{ path, message: `${owner} must be ${ENDS_EXAMPLES}${hint}` }];
  if (present.length > 1) {
    return [
      {
        path,
        message: `${owner} has both 'at' and 'when'; a test ends one way: ${ENDS_EXAMPLES}`,
      },
    ];
  }
  const kind = present[0] as keyof PackSchemas['AB_ENDS_KINDS'];
  if (kind === 'when' && value['when'] !== 'significant') {
    return [
      {
        path: [...path, 'when'],
        message: `${owner} is ${quote(value['when'])}; the only choice is "significant" (ends once one version is clearly better), or use {"at": "..."} for a date`,
      },
    ];
  }
  return kindIssues(root, path, packSchemas().AB_ENDS_KINDS[kind], value);
}

/** Condition kinds that sequences have and segments do not, with what to write instead. */
const SEQUENCE_ONLY_CONDITIONS: Record<string, string> = {
  email: 'email events belong to a sequence',
  call: 'call outcomes belong to a sequence',
  stage:
    'write the stage as a field condition, such as {"field": "stage", "op": "in", "value": ["Qualify"]}',
};

/** A segment condition matched none of its kinds: find out which it meant to be. */
function segmentConditionProblems(
  root: unknown,
  path: PathSegment[],
  value: unknown,
): RawProblem[] {
  return oneKindProblems(root, path, value, {
    kinds: packSchemas().SEGMENT_CONDITION_KINDS,
    example: '{"field": "jobTitle", "op": "contains", "value": "VP"}',
    refuse: (condition, owner) => {
      const sequenceOnly = Object.keys(SEQUENCE_ONLY_CONDITIONS).find((key) =>
        Object.hasOwn(condition, key),
      );
      if (sequenceOnly === undefined) return undefined;
      return {
        path: [...path, sequenceOnly],
        at: 'key',
        message: `${owner} uses a '${sequenceOnly}' condition, which segments do not have: ${SEQUENCE_ONLY_CONDITIONS[sequenceOnly] ?? ''}; segments decide from the record's fields, CRM and host`,
      };
    },
  });
}
