/**
 * Words for places in a pack ("step 'w2'", "the schedule of sequence 'outbound'"), so that
 * every message names what a manager sees in the file, not a JSON pointer.
 */
import { plural } from '../domain/plural';
import type { PathSegment } from './problem';

export type NodeKind =
  | 'pack'
  | 'sequence'
  | 'step'
  | 'condition'
  | 'template'
  | 'duration'
  | 'schedule'
  | 'success'
  | 'ab-version'
  | 'ab-ends'
  | 'segment'
  | 'segment-condition'
  | 'crm'
  | 'record'
  | 'fields'
  | 'list'
  | 'other';

/** What kind of object sits at `path` (decided by the shape of the path alone). */
export function kindOf(path: readonly PathSegment[]): NodeKind {
  let kind:
    | NodeKind
    | 'sequences'
    | 'steps'
    | 'conditions'
    | 'crms'
    | 'records'
    | 'segments'
    | 'segment-conditions' = 'pack';
  for (const segment of path) {
    switch (kind) {
      case 'pack':
        kind =
          segment === 'sequences'
            ? 'sequences'
            : segment === 'crms'
              ? 'crms'
              : segment === 'segments'
                ? 'segments'
                : 'other';
        break;
      case 'sequences':
        kind = typeof segment === 'number' ? 'sequence' : 'other';
        break;
      case 'sequence':
        kind =
          segment === 'steps'
            ? 'steps'
            : segment === 'schedule'
              ? 'schedule'
              : segment === 'success'
                ? 'success'
                : 'list';
        break;
      case 'steps':
        kind = typeof segment === 'number' ? 'step' : 'other';
        break;
      case 'step':
        if (segment === 'yes' || segment === 'no') kind = 'steps';
        else if (segment === 'if') kind = 'condition';
        else if (segment === 'template') kind = 'template';
        else if (segment === 'within') kind = 'duration';
        else if (segment === 'a' || segment === 'b') kind = 'ab-version';
        else if (segment === 'ends') kind = 'ab-ends';
        else kind = 'list';
        break;
      case 'ab-version':
        kind = segment === 'template' ? 'template' : 'list';
        break;
      case 'condition':
        kind = segment === 'all' || segment === 'any' ? 'conditions' : 'list';
        break;
      case 'conditions':
        kind = typeof segment === 'number' ? 'condition' : 'other';
        break;
      case 'crms':
        kind = typeof segment === 'number' ? 'crm' : 'other';
        break;
      case 'segments':
        kind = typeof segment === 'number' ? 'segment' : 'other';
        break;
      case 'segment':
        kind = segment === 'where' ? 'segment-condition' : 'list';
        break;
      case 'segment-condition':
        kind = segment === 'all' || segment === 'any' ? 'segment-conditions' : 'list';
        break;
      case 'segment-conditions':
        kind = typeof segment === 'number' ? 'segment-condition' : 'other';
        break;
      case 'crm':
        kind = segment === 'records' ? 'records' : segment === 'fields' ? 'fields' : 'list';
        break;
      case 'records':
        kind = typeof segment === 'number' ? 'record' : 'other';
        break;
      case 'fields':
        kind = 'list';
        break;
      default:
        kind = 'other';
    }
  }
  return kind === 'sequences' ||
    kind === 'steps' ||
    kind === 'crms' ||
    kind === 'records' ||
    kind === 'segments' ||
    kind === 'conditions' ||
    kind === 'segment-conditions'
    ? 'list'
    : kind;
}

export function getAt(root: unknown, path: readonly PathSegment[]): unknown {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(value, segment)) return undefined;
    value = (value as Record<PathSegment, unknown>)[segment];
  }
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idOf(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const id = value['id'];
  return typeof id === 'string' && id !== '' ? id : undefined;
}

/** `sequence 'outbound'`, or `sequence 3` when it has no usable id. */
export function sequenceLabel(root: unknown, index: number): string {
  const id = idOf(getAt(root, ['sequences', index]));
  return id === undefined ? `sequence ${index + 1}` : `sequence '${id}'`;
}

/** `step 'w2'`, or `step 3 of sequence 'outbound'` when it has no usable id. */
function stepLabel(root: unknown, path: readonly PathSegment[]): string {
  const id = idOf(getAt(root, path));
  if (id !== undefined) return `step '${id}'`;
  const index = path.at(-1);
  const list = path[path.length - 2];
  const position = typeof index === 'number' ? index + 1 : '?';
  if (list === 'yes' || list === 'no') {
    return `step ${position} of the '${list}' branch of ${stepLabel(root, path.slice(0, -2))}`;
  }
  return `step ${position} of ${sequenceLabel(root, Number(path[1]))}`;
}

/** `segment 'vp-leads'`, or `segment 3` when it has no usable id. */
export function segmentLabel(root: unknown, index: number): string {
  const id = idOf(getAt(root, ['segments', index]));
  return id === undefined ? `segment ${index + 1}` : `segment '${id}'`;
}

function crmLabel(root: unknown, index: number): string {
  const id = idOf(getAt(root, ['crms', index]));
  if (id !== undefined) return `custom CRM '${id}'`;
  // A definition checked on its own (lib/sequence/crm-definition.ts) is the only one there.
  const crms = isRecord(root) ? root['crms'] : undefined;
  return Array.isArray(crms) && crms.length === 1 ? 'the custom CRM' : `custom CRM ${index + 1}`;
}

/** Words for the object at `path` (which must be an object path, not a key). */
export function labelAt(root: unknown, path: readonly PathSegment[]): string {
  const kind = kindOf(path);
  const last = path.at(-1);
  switch (kind) {
    case 'pack':
      return 'the pack';
    case 'sequence':
      return sequenceLabel(root, Number(last));
    case 'step':
      return stepLabel(root, path);
    case 'condition': {
      let stepEnd = path.length;
      while (stepEnd > 0 && kindOf(path.slice(0, stepEnd)) !== 'step') stepEnd--;
      const owner = `the condition of ${labelAt(root, path.slice(0, stepEnd))}`;
      return last === 'if' ? owner : `a condition inside ${owner}`;
    }
    case 'template':
      return `the template of ${labelAt(root, path.slice(0, -1))}`;
    case 'duration':
      return `the 'within' window of ${labelAt(root, path.slice(0, -1))}`;
    case 'schedule':
      return `the schedule of ${labelAt(root, path.slice(0, -1))}`;
    case 'success':
      return `the success rule of ${labelAt(root, path.slice(0, -1))}`;
    case 'ab-version':
      return `version ${String(last).toUpperCase()} of ${labelAt(root, path.slice(0, -1))}`;
    case 'ab-ends':
      return `the end of ${labelAt(root, path.slice(0, -1))}`;
    case 'segment':
      return segmentLabel(root, Number(last));
    case 'segment-condition': {
      const owner = `the criteria of ${segmentLabel(root, Number(path[1]))}`;
      return last === 'where' ? owner : `a condition inside ${owner}`;
    }
    case 'crm':
      return crmLabel(root, Number(last));
    case 'record':
      return `record ${Number(last) + 1} of ${labelAt(root, path.slice(0, -2))}`;
    case 'fields':
      return `the fields of ${labelAt(root, path.slice(0, -1))}`;
    case 'list':
    case 'other':
      return path.length === 0
        ? 'the pack'
        : `'${String(last)}' in ${labelAt(root, path.slice(0, -1))}`;
  }
}

export function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "45 days", "1 hour", "2 days and 3 hours", "0 hours". */
export function durationWords(days: number, hours: number): string {
  const parts: string[] = [];
  if (days !== 0) parts.push(plural(days, 'day'));
  if (hours !== 0 || days === 0) parts.push(plural(hours, 'hour'));
  return parts.join(' and ');
}

/** A short quote of a value for a message: strings in quotes, long values cut. */
export function quote(value: unknown): string {
  let text: string;
  if (typeof value === 'string') text = `'${value}'`;
  else if (value === undefined) text = 'nothing';
  else {
    try {
      text = JSON.stringify(value);
    } catch {
      text = 'a value';
    }
  }
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

export function typeWords(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  switch (typeof value) {
    case 'string':
      return `text ${quote(value)}`;
    case 'number':
      return `the number ${value}`;
    case 'boolean':
      return String(value);
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}
