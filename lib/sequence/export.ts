/** Export (docs/sequence-format.md, "Import, export and activation"): a pack that imports back to the same definitions. */
import { PACK_FORMAT } from './types';
import type { CrmDefinition, Pack, Sequence } from './types';

/** Key order in exported files: what a reader looks for first comes first. */
const KEY_ORDER = [
  'id',
  'type',
  'name',
  'description',
  'entity',
  'tags',
  'exitOnReply',
  'schedule',
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
  'stage',
  'all',
  'any',
  'sequence',
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
): Pack {
  const pack: Pack = {
    format: PACK_FORMAT,
    sequences: sequences.map((sequence) => tidy(sequence) as Sequence),
  };
  if (crms.length > 0) pack.crms = crms.map((crm) => tidy(crm) as CrmDefinition);
  return pack;
}

/** The exported file's text: two-space indented JSON with a final newline. */
export function exportPackText(
  sequences: readonly Sequence[],
  crms: readonly CrmDefinition[] = [],
): string {
  return `${JSON.stringify(exportPack(sequences, crms), null, 2)}\n`;
}
