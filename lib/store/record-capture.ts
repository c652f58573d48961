/**
 * How a read of a CRM page changes what is stored about its record. The data is the screen: a
 * full read of the record's page replaces the captured fields (what the page no longer shows is
 * removed, and the engine learns it is empty), a read that found nothing changes nothing, and an
 * edit form, whose inputs may be half-edited, only adds what it shows and never renames a record
 * already named. Pure: the record transaction (record-tx.ts) applies the result.
 */
import type { RecordFieldValue } from '../engine/types';

/** One read of a record's page, as the content script sent it. */
export interface PageRead {
  url: string;
  title: string;
  /** Everything the page showed for the record; `{}` when nothing could be read. */
  fields: Record<string, string>;
  /** The page was the record's edit form. */
  edit: boolean;
}

/** What is stored about a record's page, before and after a read. */
export interface StoredCapture {
  url: string;
  title: string;
  /** Display name: the captured name, else the page title, else the record id. */
  name: string;
  captured: Record<string, string>;
}

export interface CaptureChange extends StoredCapture {
  /**
   * What the engine's `record-fields` command should learn (`null`: shown on the page, empty, or
   * no longer shown); null when the read told it nothing.
   */
  values: Record<string, RecordFieldValue> | null;
}

/** Captured strings as engine field values: an empty string means "shown on the page, empty". */
function toFieldValues(fields: Record<string, string>): Record<string, RecordFieldValue> {
  const values: Record<string, RecordFieldValue> = {};
  for (const [key, value] of Object.entries(fields)) {
    const trimmed = value.trim();
    values[key] = trimmed === '' ? null : trimmed;
  }
  return values;
}

/**
 * The stored capture after `read` of the record `id`'s page; `previous` is null for a record seen
 * for the first time.
 */
export function applyPageRead(
  previous: StoredCapture | null,
  read: PageRead,
  id: string,
): CaptureChange {
  const readName = (read.fields['name'] ?? '').trim();
  const title = read.title.trim();
  if (Object.keys(read.fields).length === 0) {
    // Nothing was read (the page never proved it showed this record): keep everything known.
    return previous
      ? { ...previous, url: read.url, values: null }
      : { url: read.url, title: read.title, name: title || id, captured: {}, values: null };
  }
  if (read.edit) {
    // Inputs being edited never rename a record that already has a name.
    const known = previous?.name.trim() ?? '';
    const fields = { ...read.fields };
    if (known !== '') delete fields['name'];
    return {
      url: read.url,
      title: read.title,
      name: known || readName || title || id,
      captured: { ...previous?.captured, ...fields },
      values: toFieldValues(fields),
    };
  }
  const values = toFieldValues(read.fields);
  for (const key of Object.keys(previous?.captured ?? {})) {
    if (!Object.hasOwn(read.fields, key)) values[key] = null;
  }
  return {
    url: read.url,
    title: read.title,
    name: readName || previous?.name.trim() || title || id,
    captured: { ...read.fields },
    values,
  };
}
