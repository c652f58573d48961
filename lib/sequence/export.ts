/** Export (docs/sequence-format.md, "Import, export and activation"): a pack that imports back to the same definitions. */
import { PACK_FORMAT } from './types';
import type { CrmDefinition, Pack, Segment, Sequence } from './types';

/** Key order in exported files: what a reader looks for first comes first. */
const KEY_ORDER = [
  'id',
  'type',
  'name',
  'description',
  'entity',
  'priority',
  'state',
  'sequence',
  'allowMoveIn',
  'where',
  'tags',
  'exitOnReply',
  'schedule',
  'success',
  'replied',
  'completed',
  'action',
  'days',
  'hours',
  'start',
  'end',
  'waitsInWorkingTime',
  'template',
  'subject',
  'body',
  'if',
  'within',
  'yes',
  'no',
  'email',
  'call',
  'step',
  'field',
  'op',
  'value',
  'a',
  'b',
  'split',
  'metric',
  'ends',
  'at',
  'when',
  'default',
  'stage',
  'all',
  'any',
  'steps',
  'origins',
  'records',
  'url',
  'part',
  'fields',
];

function rank(key: string): number {
  const index = KEY_ORDER.indexOf(key);
  return index === -1 ? KEY_ORDER.length : index;
}

/** A plain copy with keys in a readable order and undefined values dropped. */
function tidy(value: unknown, keepKeyOrder = false): unknown {
  if (Array.isArray(value)) return value.map((item) => tidy(item));
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value).filter(([, item]) => item !== undefined);
  // `fields` of a custom CRM maps the manager's own keys: keep their order.
  if (!keepKeyOrder) entries.sort(([a], [b]) => rank(a) - rank(b));
  return Object.fromEntries(entries.map(([key, item]) => [key, tidy(item, key === 'fields')]));
}

export function exportPack(
  sequences: readonly Sequence[],
  crms: readonly CrmDefinition[] = [],
  segments: readonly Segment[] = [],
): Pack {
  const pack: Pack = {
    format: PACK_FORMAT,
    sequences: sequences.map((sequence) => tidy(sequence) as Sequence),
  };
  if (segments.length > 0) pack.segments = segments.map((segment) => tidy(segment) as Segment);
  if (crms.length > 0) pack.crms = crms.map((crm) => tidy(crm) as CrmDefinition);
  return pack;
}

/** The exported file's text: two-space indented JSON with a final newline. */
export function exportPackText(
  sequences: readonly Sequence[],
  crms: readonly CrmDefinition[] = [],
  segments: readonly Segment[] = [],
): string {
  return `${JSON.stringify(exportPack(sequences, crms, segments), null, 2)}\n`;
}
