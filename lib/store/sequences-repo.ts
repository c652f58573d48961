/**
 * The manager's side of the store: writing an import, lifecycle (activate, deactivate,
 * clone, delete), tags, export and summaries. Each operation is one transaction.
 */
import { t } from '../i18n';
import { abortWrites } from './storage-failure';
import { checkActivation } from '../sequence/activation';
import { exportPackText } from '../sequence/export';
import { MAX_ACTIVE_SEQUENCES } from '../domain/limits';
import type { ImportPlan } from '../sequence/plan';
import type { Problem } from '../sequence/problem';
import { countSteps } from '../sequence/steps';
import type { CrmDefinition, Pack, Sequence } from '../sequence/types';
import { putCrmSetting } from './crm-settings';
import type { Database } from './db';
import { forgetKept } from './kept-copy';
import { readSegments, writeImportedSegments } from './segments-repo';
import { readSetting } from './settings';
import type { SequenceDoc, SequenceSummary, VersionDoc } from './types';

/** Ids for a sentence: each in quotes, separated by commas (`'a', 'b'`). */
export const quotedIds = (ids: readonly string[]): string => ids.map((id) => `'${id}'`).join(', ');

export class StoreError extends Error {
  constructor(
    readonly code: 'invalid-pack' | 'not-found' | 'rejected' | 'conflict',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

/** The custom CRM definitions stored from packs and the console (not the policy's). */
export async function readCustomCrms(db: Database): Promise<CrmDefinition[]> {
  return (await readSetting(db, 'customCrms')) ?? [];
}

/**
 * Writes a planned import (lib/use-cases/import-pack.ts) in one transaction: new sequences
 * arrive as drafts; a changed definition of an active sequence becomes its next version at once
 * (records already running stay on theirs); a changed inactive or draft sequence gets a new
 * working copy, versioned when activated. The pack's custom CRMs replace stored ones by id, its
 * segments stored ones by id (a segment that cannot be active yet is stored inactive).
 */
export async function writeImport(
  db: Database,
  pack: Pack,
  plan: ImportPlan,
  now: number,
): Promise<void> {
  const tx = db.transaction(['sequences', 'versions', 'settings', 'segments'], 'readwrite');
  forgetKept(db, tx.done);
  const writes: Promise<unknown>[] = [];
  try {
    // Segments go with their sequences: the same transaction, so an import is all or nothing.
    writes.push(
      writeImportedSegments(tx.objectStore('segments'), tx.objectStore('settings'), plan, now),
    );
    const sequences = tx.objectStore('sequences');
    for (const item of plan.sequences) {
      if (item.action === 'create') {
        writes.push(
          sequences.put({
            id: item.id,
            state: 'draft',
            version: 0,
            definition: item.definition,
            createdAt: now,
            updatedAt: now,
            source: 'user',
            edited: true,
          }),
        );
      } else if (item.action === 'update') {
        const current = await sequences.get(item.id);
        if (current === undefined) continue;
        if (current.state === 'active') {
          const version = current.version + 1;
          writes.push(
            tx
              .objectStore('versions')
              .put({ id: item.id, version, definition: item.definition, createdAt: now }),
          );
          writes.push(
            sequences.put({
              ...current,
              definition: item.definition,
              version,
              updatedAt: now,
              edited: false,
            }),
          );
        } else {
          writes.push(
            sequences.put({
              ...current,
              definition: item.definition,
              updatedAt: now,
              edited: true,
            }),
          );
        }
      }
    }
    const changedCrms = plan.crms.filter((item) => item.action !== 'unchanged');
    if (changedCrms.length > 0) {
      const settings = tx.objectStore('settings');
      const stored = (await readSetting(settings, 'customCrms')) ?? [];
      const byId = new Map(stored.map((crm) => [crm.id, crm]));
      for (const crm of pack.crms ?? []) byId.set(crm.id, crm);
      writes.push(putCrmSetting(settings, 'customCrms', [...byId.values()]));
    }
    await Promise.all(writes);
    await tx.done;
  } catch (error) {
    // All or nothing: a write that fails (a full disk) takes the others with it.
    abortWrites(tx, writes);
    throw error;
  }
}

/**
 * Sets `source` on the given sequences in one transaction (only where `only` allows, when
 * given); returns the ids it changed. Unknown ids are skipped.
 */
export async function setSequenceSource(
  db: Database,
  ids: readonly string[],
  source: 'user' | 'policy',
  only?: (current: SequenceDoc['source']) => boolean,
): Promise<string[]> {
  const tx = db.transaction('sequences', 'readwrite');
  forgetKept(db, tx.done);
  const changed: string[] = [];
  for (const id of ids) {
    const doc = await tx.store.get(id);
    if (doc === undefined || doc.source === source) continue;
    if (only !== undefined && !only(doc.source)) continue;
    await tx.store.put({ ...doc, source });
    changed.push(id);
  }
  await tx.done;
  return changed;
}

/** Active connections per sequence: `byActive` holds only active rows, by sequence. */
async function connectedCount(db: Database, id: string): Promise<number> {
  return db.countFromIndex('connections', 'byActive', id);
}

export function summarize(doc: SequenceDoc, connected: number): SequenceSummary {
  return {
    id: doc.id,
    name: doc.definition.name,
    description: doc.definition.description ?? null,
    entity: doc.definition.entity,
    state: doc.state,
    tags: doc.definition.tags ?? [],
    steps: countSteps(doc.definition),
    version: doc.version,
    connected,
    createdAt: doc.createdAt,
    updatedAt: doc.updatedAt,
    source: doc.source,
    edited: doc.edited,
    ...(doc.revision === undefined ? {} : { revising: true }),
  };
}

export async function listSummaries(db: Database): Promise<SequenceSummary[]> {
  const docs = await db.getAll('sequences');
  const counts = await Promise.all(docs.map((doc) => connectedCount(db, doc.id)));
  return docs
    .map((doc, index) => summarize(doc, counts[index] ?? 0))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function getSummary(db: Database, id: string): Promise<SequenceSummary> {
  const doc = await db.get('sequences', id);
  if (doc === undefined) throw new StoreError('not-found', t('errSequenceMissing', id));
  return summarize(doc, await connectedCount(db, id));
}

export interface ActivationOutcome {
  id: string;
  ok: boolean;
  problems: Problem[];
}

/**
 * Activates or deactivates sequences in one transaction. Activation checks every rule and the
 * limit of active sequences, and lists every problem; sequences that pass change, those that do
 * not are reported and left as they were.
 */
export async function setState(
  db: Database,
  ids: string[],
  state: 'active' | 'inactive',
  now: number,
  /** "What changed", kept with each version this activation makes (the designer asks for it). */
  note?: string,
): Promise<ActivationOutcome[]> {
  const tx = db.transaction(['sequences', 'versions'], 'readwrite');
  forgetKept(db, tx.done);
  const store = tx.objectStore('sequences');
  const all = await store.getAll();
  const byId = new Map(all.map((doc) => [doc.id, doc]));
  let activeCount = all.filter((doc) => doc.state === 'active').length;
  const results: ActivationOutcome[] = [];
  for (const id of ids) {
    const doc = byId.get(id);
    if (doc === undefined) {
      results.push({
        id,
        ok: false,
        problems: [{ path: '', line: null, column: null, message: t('errSequenceMissing', id) }],
      });
      continue;
    }
    if (doc.state === state) {
      results.push({ id, ok: true, problems: [] });
      continue;
    }
    if (state === 'inactive') {
      // An open revision becomes the working copy: an inactive sequence is edited directly.
      const next: SequenceDoc =
        doc.revision === undefined
          ? { ...doc, state, updatedAt: now }
          : { ...doc, state, definition: doc.revision.definition, edited: true, updatedAt: now };
      delete next.revision;
      byId.set(id, next);
      await store.put(next);
      activeCount -= 1;
      results.push({ id, ok: true, problems: [] });
      continue;
    }
    const problems = checkActivation(doc.definition, { activeCount, known: [...byId.values()] });
    if (activeCount >= MAX_ACTIVE_SEQUENCES && problems.length === 0) {
      problems.push({
        path: '',
        line: null,
        column: null,
        message: t('errTooManyActive', String(MAX_ACTIVE_SEQUENCES)),
      });
    }
    if (problems.length > 0) {
      results.push({ id, ok: false, problems });
      continue;
    }
    const version = doc.edited || doc.version === 0 ? doc.version + 1 : doc.version;
    if (version !== doc.version) {
      const versionDoc: VersionDoc = { id, version, definition: doc.definition, createdAt: now };
      if (note !== undefined && note.trim() !== '') versionDoc.note = note.trim();
      await tx.objectStore('versions').put(versionDoc);
    }
    const next: SequenceDoc = { ...doc, state: 'active', version, edited: false, updatedAt: now };
    byId.set(id, next);
    await store.put(next);
    activeCount += 1;
    results.push({ id, ok: true, problems: [] });
  }
  await tx.done;
  return results;
}

/** A free id derived from `base`: `base-copy`, `base-copy-2`, ... (within the 64-character limit). */
function freeId(base: string, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n += 1) {
    const suffix = n === 1 ? '-copy' : `-copy-${n}`;
    const candidate = `${base.slice(0, 64 - suffix.length)}${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

export async function cloneSequence(
  db: Database,
  id: string,
  now: number,
): Promise<SequenceSummary> {
  const tx = db.transaction('sequences', 'readwrite');
  forgetKept(db, tx.done);
  const doc = await tx.store.get(id);
  if (doc === undefined) throw new StoreError('not-found', t('errSequenceMissing', id));
  const taken = new Set(await tx.store.getAllKeys());
  const newId = freeId(id, taken);
  const definition: Sequence = {
    ...structuredClone(doc.definition),
    id: newId,
    name: `${doc.definition.name} (copy)`.slice(0, 160),
  };
  const clone: SequenceDoc = {
    id: newId,
    state: 'draft',
    version: 0,
    definition,
    createdAt: now,
    updatedAt: now,
    source: 'user',
    edited: true,
  };
  await tx.store.put(clone);
  await tx.done;
  return summarize(clone, 0);
}

export async function setTags(
  db: Database,
  id: string,
  tags: string[],
  now: number,
): Promise<SequenceSummary> {
  const unique = [...new Set(tags.map((tag) => tag.trim()))].filter((tag) => tag !== '');
  const tx = db.transaction('sequences', 'readwrite');
  forgetKept(db, tx.done);
  const doc = await tx.store.get(id);
  if (doc === undefined) throw new StoreError('not-found', t('errSequenceMissing', id));
  if (doc.source === 'policy') throw new StoreError('rejected', t('errSequenceManaged'));
  // Tags organise sequences; they do not change how records run, so active sequences take them too.
  const definition: Sequence = { ...doc.definition };
  if (unique.length > 0) definition.tags = unique;
  else delete definition.tags;
  const next = { ...doc, definition, updatedAt: now };
  await tx.store.put(next);
  await tx.done;
  return summarize(next, await connectedCount(db, id));
}

export async function exportSequences(db: Database, ids: string[] | null): Promise<string> {
  const docs =
    ids === null
      ? await db.getAll('sequences')
      : await Promise.all(ids.map((id) => db.get('sequences', id)));
  const missing = ids?.filter((_, index) => docs[index] === undefined) ?? [];
  if (missing.length > 0)
    throw new StoreError('not-found', t('errSequencesMissing', quotedIds(missing)));
  const definitions = docs
    .flatMap((doc) => (doc ? [doc.definition] : []))
    .sort((a, b) => a.id.localeCompare(b.id));
  // Everything: every segment; chosen sequences: the segments that route records to them.
  const chosen = new Set(definitions.map((definition) => definition.id));
  const segments = (await readSegments(db)).filter(
    (segment) => ids === null || chosen.has(segment.sequence),
  );
  return exportPackText(definitions, ids === null ? await readCustomCrms(db) : [], segments);
}
