/**
 * The condition builder's working copy of a segment (issue #17): rows and groups as the console
 * edits them, and the conversion to and from the pack's `where`. Values are typed as text; the
 * conversion reads lists ("in", "between", CRMs, hosts) as comma-separated and numbers where the
 * op orders or counts. Pure: the builder and its tests use it; the background checks the result
 * with the pack's own rules.
 */
import {
  FIELD_OPS,
  ORDER_FIELD_OPS,
  RELATIVE_DAY_FIELD_OPS,
  VALUELESS_FIELD_OPS,
  type Entity,
  type FieldOp,
  type FieldValue,
  type Segment,
  type SegmentCondition,
} from '../../sequence/types';

export interface RowDraft {
  kind: 'row';
  key: number;
  /** `field`: a field condition; `crm` / `host`: the record's CRM or page host is one of `value`. */
  type: 'field' | 'crm' | 'host';
  field: string;
  op: FieldOp;
  value: string;
}

export interface GroupDraft {
  kind: 'group';
  key: number;
  mode: 'all' | 'any';
  items: (RowDraft | GroupDraft)[];
}

export interface SegmentDraft {
  /** The stored id when editing; null for a new segment (the id comes from the name). */
  storedId: string | null;
  name: string;
  description: string;
  entity: Entity;
  sequence: string;
  priority: number;
  allowMoveIn: boolean;
  state: 'active' | 'inactive';
  where: GroupDraft;
}

let nextKey = 1;
const key = (): number => nextKey++;

export function newRow(): RowDraft {
  return { kind: 'row', key: key(), type: 'field', field: '', op: 'contains', value: '' };
}

export function newGroup(
  mode: 'all' | 'any' = 'all',
  items: (RowDraft | GroupDraft)[] = [newRow()],
): GroupDraft {
  return { kind: 'group', key: key(), mode, items };
}

export function newDraft(entity: Entity, priority: number): SegmentDraft {
  return {
    storedId: null,
    name: '',
    description: '',
    entity,
    sequence: '',
    priority,
    allowMoveIn: false,
    state: 'inactive',
    where: newGroup(),
  };
}

const list = (text: string): string[] =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');

const numberOr = (text: string): FieldValue => {
  const trimmed = text.trim();
  return trimmed !== '' && Number.isFinite(Number(trimmed)) ? Number(trimmed) : trimmed;
};

function rowValue(row: RowDraft): FieldValue | FieldValue[] | undefined {
  if ((VALUELESS_FIELD_OPS as readonly string[]).includes(row.op)) return undefined;
  if (row.op === 'in') return list(row.value);
  if (row.op === 'between') return list(row.value).map(numberOr);
  if (
    (ORDER_FIELD_OPS as readonly string[]).includes(row.op) ||
    (RELATIVE_DAY_FIELD_OPS as readonly string[]).includes(row.op)
  )
    return numberOr(row.value);
  return row.value.trim();
}

function toCondition(item: RowDraft | GroupDraft): SegmentCondition {
  if (item.kind === 'group') {
    const items = item.items.map(toCondition);
    return item.mode === 'all' ? { all: items } : { any: items };
  }
  if (item.type === 'crm') return { crm: list(item.value) };
  if (item.type === 'host') return { host: list(item.value) };
  const value = rowValue(item);
  return value === undefined
    ? { field: item.field.trim(), op: item.op }
    : { field: item.field.trim(), op: item.op, value };
}

/** A readable id from a name: `VP leads` → `vp-leads` (at most 64 characters). */
export function idFromName(name: string): string {
  const id = name
    .toLowerCase()
    .normalize('NFKD')
    // Accents fall away (é → e) rather than splitting the word.
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
  return /^[a-z0-9]/.test(id) ? id : `segment-${id}`.slice(0, 64);
}

/** The segment the draft stands for, as a pack holds it. */
export function draftToSegment(draft: SegmentDraft): Segment {
  const segment: Segment = {
    id: draft.storedId ?? idFromName(draft.name),
    name: draft.name.trim(),
    entity: draft.entity,
    priority: draft.priority,
    state: draft.state,
    sequence: draft.sequence,
    where: toCondition(draft.where),
  };
  if (draft.description.trim() !== '') segment.description = draft.description.trim();
  if (draft.allowMoveIn) segment.allowMoveIn = true;
  return segment;
}

const text = (value: FieldValue | FieldValue[] | undefined): string =>
  value === undefined ? '' : Array.isArray(value) ? value.join(', ') : String(value);

function fromCondition(condition: SegmentCondition): RowDraft | GroupDraft {
  if ('all' in condition) return newGroup('all', condition.all.map(fromCondition));
  if ('any' in condition) return newGroup('any', condition.any.map(fromCondition));
  if ('crm' in condition) return { ...newRow(), type: 'crm', value: condition.crm.join(', ') };
  if ('host' in condition) return { ...newRow(), type: 'host', value: condition.host.join(', ') };
  const op = (FIELD_OPS as readonly string[]).includes(condition.op) ? condition.op : 'equals';
  return { ...newRow(), field: condition.field, op, value: text(condition.value) };
}

/** A stored segment as the builder's working copy. */
export function segmentToDraft(segment: Segment): SegmentDraft {
  const root = fromCondition(segment.where);
  return {
    storedId: segment.id,
    name: segment.name,
    description: segment.description ?? '',
    entity: segment.entity,
    sequence: segment.sequence,
    priority: segment.priority,
    allowMoveIn: segment.allowMoveIn === true,
    state: segment.state ?? 'inactive',
    where: root.kind === 'group' ? root : newGroup('all', [root]),
  };
}

/** Counts the conditions (rows) of a draft: a segment can have at most 10. */
export function countRows(group: GroupDraft): number {
  return group.items.reduce((sum, item) => sum + (item.kind === 'row' ? 1 : countRows(item)), 0);
}
