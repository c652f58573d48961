/**
 * The designer's side of the store (issue #16): new sequences, drafts saved as the manager
 * works, revisions of active sequences (the draft of the next version, while records keep
 * running on theirs), publishing, version history and restore. Each operation is one
 * transaction on the `sequences` and `versions` stores.
 *
 * Where the draft lives: a sequence that is not active is edited directly (its working copy,
 * `definition`, marked `edited`); an active sequence keeps its running definition and gets a
 * `revision`. Either may break rules of the format while being edited (the designer lists
 * them); only activation and publishing check every rule.
 */
import { t } from '../i18n';
import { checkActivation } from '../sequence/activation';
import type { Problem } from '../sequence/problem';
import { countSteps } from '../sequence/steps';
import type { Entity, Sequence } from '../sequence/types';
import { sequenceIdFromName } from '../designer/ids';
import { newSequence } from '../designer/new-sequence';
import type { Database } from './db';
import { forgetKept } from './kept-copy';
import { setState, StoreError, summarize, type ActivationOutcome } from './sequences-repo';
import { readSellerSettings, type Settings } from './settings';
import type { SequenceDoc, SequenceSummary, VersionDoc } from './types';

/** One version in the history list. */
export interface VersionInfo {
  version: number;
  createdAt: number;
  note: string | null;
  /** Steps counted through all branches. */
  steps: number;
  name: string;
}

/**
 * How the designer opens a sequence: `draft` (not active: edit it), `revision` (active, with
 * the next version open), `live` (active: read only until Edit opens a revision), `managed`
 * (from the administrator's policy: read only).
 */
type DesignerMode = 'draft' | 'revision' | 'live' | 'managed';

export interface DesignerState {
  summary: SequenceSummary;
  mode: DesignerMode;
  /** What the designer edits (`draft`, `revision`) or shows (`live`, `managed`). */
  definition: Sequence;
  /** The version a revision started from (or the current version). */
  baseVersion: number;
  /** The older version a revision or draft was restored from, if it was. */
  restoredFrom: number | null;
  /** The save count a draft save must name (see `SequenceDoc.saves`). */
  saves: number;
  versions: VersionInfo[];
  /** The other sequences: targets of move-to-sequence steps, and the validation context. */
  known: { id: string; name: string; entity: Entity; state: SequenceDoc['state'] }[];
  /** Active sequences other than this one (the 250 limit). */
  activeCount: number;
  /** For `{{seller.name}}` in the template preview ('' when not set yet). */
  sellerName: string;
  /** The seller's working hours: the designer suggests them when a sequence gets a schedule. */
  workingHours: Settings['workingHours'];
}

export interface NewSequenceInput {
  name: string;
  description?: string;
  entity: Entity;
}

function notFound(id: string): StoreError {
  return new StoreError('not-found', t('errSequenceMissingMaybeDeleted', id));
}

function info(doc: VersionDoc): VersionInfo {
  return {
    version: doc.version,
    createdAt: doc.createdAt,
    note: doc.note ?? null,
    steps: countSteps(doc.definition),
    name: doc.definition.name,
  };
}

function modeOf(doc: SequenceDoc): DesignerMode {
  if (doc.source === 'policy') return 'managed';
  if (doc.state !== 'active') return 'draft';
  return doc.revision === undefined ? 'live' : 'revision';
}

/** The keys of one sequence's versions in the `versions` store (`[id, version]`). */
const versionKeys = (id: string): IDBKeyRange =>
  IDBKeyRange.bound([id, 0], [id, Number.MAX_SAFE_INTEGER]);

async function versionsOf(db: Database, id: string): Promise<VersionDoc[]> {
  return db.getAll('versions', versionKeys(id));
}

/** Everything the designer needs to open a sequence; null when there is no such sequence. */
export async function readDesigner(db: Database, id: string): Promise<DesignerState | null> {
  const [doc, all, versions, connected, settings] = await Promise.all([
    db.get('sequences', id),
    db.getAll('sequences'),
    versionsOf(db, id),
    db.countFromIndex('connections', 'byActive', id),
    readSellerSettings(db),
  ]);
  if (doc === undefined) return null;
  const others = all.filter((other) => other.id !== id);
  return {
    summary: summarize(doc, connected),
    mode: modeOf(doc),
    definition: doc.revision?.definition ?? doc.definition,
    baseVersion: doc.revision?.baseVersion ?? doc.version,
    restoredFrom: doc.revision?.restoredFrom ?? null,
    saves: doc.saves ?? 0,
    versions: versions.map(info).sort((a, b) => b.version - a.version),
    known: others.map((other) => ({
      id: other.id,
      name: other.definition.name,
      entity: other.definition.entity,
      state: other.state,
    })),
    activeCount: others.filter((other) => other.state === 'active').length,
    sellerName: settings.sellerName,
    workingHours: settings.workingHours,
  };
}

async function readOrFail(db: Database, id: string): Promise<DesignerState> {
  const state = await readDesigner(db, id);
  if (state === null) throw notFound(id);
  return state;
}

/**
 * A new draft sequence: blank, or with a template's steps and settings. Its id comes from the
 * name (`webinar-follow-up`, `-2` when taken) and never changes.
 */
export async function createSequence(
  db: Database,
  input: NewSequenceInput,
  template: Sequence | undefined,
  now: number,
): Promise<string> {
  const name = input.name.trim();
  if (name === '') throw new StoreError('rejected', t('errSequenceNeedsName'));
  const tx = db.transaction('sequences', 'readwrite');
  forgetKept(db, tx.done);
  const taken = new Set(await tx.store.getAllKeys());
  const id = sequenceIdFromName(name, taken);
  const definition = newSequence({ ...input, id, name }, template);
  const doc: SequenceDoc = {
    id,
    state: 'draft',
    version: 0,
    definition,
    createdAt: now,
    updatedAt: now,
    source: 'user',
    edited: true,
    saves: 0,
  };
  await tx.store.put(doc);
  await tx.done;
  return id;
}

function editable(doc: SequenceDoc | undefined, id: string): SequenceDoc {
  if (doc === undefined) throw notFound(id);
  if (doc.source === 'policy') {
    throw new StoreError('rejected', t('errSequenceManagedNoChange'));
  }
  return doc;
}

/**
 * Saves the designer's draft (the working copy, or the open revision of an active sequence).
 * `saves` is the count the designer last saw: when another tab saved in between, nothing is
 * written and the error says so (`conflict`).
 */
export async function saveDraft(
  db: Database,
  id: string,
  definition: Sequence,
  saves: number,
  now: number,
): Promise<{ saves: number; updatedAt: number }> {
  if (definition.id !== id) {
    throw new StoreError('rejected', t('errDraftForOtherSequence', definition.id, id));
  }
  const tx = db.transaction('sequences', 'readwrite');
  forgetKept(db, tx.done);
  const doc = editable(await tx.store.get(id), id);
  if ((doc.saves ?? 0) !== saves) {
    throw new StoreError('conflict', t('errSequenceChangedElsewhere'));
  }
  let next: SequenceDoc;
  if (doc.state === 'active') {
    if (doc.revision === undefined) {
      throw new StoreError('rejected', t('errSequenceActiveNeedsRevision'));
    }
    next = { ...doc, revision: { ...doc.revision, definition, updatedAt: now } };
  } else {
    next = { ...doc, definition, edited: true, updatedAt: now };
  }
  next.saves = saves + 1;
  await tx.store.put(next);
  await tx.done;
  return { saves: next.saves, updatedAt: now };
}

/** Opens a revision of an active sequence (the draft of its next version); nothing changes for its records. */
export async function startRevision(db: Database, id: string, now: number): Promise<DesignerState> {
  const tx = db.transaction('sequences', 'readwrite');
  forgetKept(db, tx.done);
  const doc = editable(await tx.store.get(id), id);
  if (doc.state === 'active' && doc.revision === undefined) {
    await tx.store.put({
      ...doc,
      revision: {
        definition: structuredClone(doc.definition),
        baseVersion: doc.version,
        createdAt: now,
        updatedAt: now,
      },
      saves: (doc.saves ?? 0) + 1,
    });
  }
  await tx.done;
  return readOrFail(db, id);
}

/** Throws away an active sequence's open revision; the active version stays as it is. */
export async function discardRevision(db: Database, id: string): Promise<DesignerState> {
  const tx = db.transaction('sequences', 'readwrite');
  forgetKept(db, tx.done);
  const doc = editable(await tx.store.get(id), id);
  if (doc.revision !== undefined) {
    const next: SequenceDoc = { ...doc, saves: (doc.saves ?? 0) + 1 };
    delete next.revision;
    await tx.store.put(next);
  }
  await tx.done;
  return readOrFail(db, id);
}

export interface PublishOutcome {
  result: ActivationOutcome;
  state: DesignerState;
}

/**
 * The designer's Activate / Publish: checks every rule on the draft; when it passes, an open
 * revision becomes the next version of the active sequence (records connected from now on get
 * it; records already running stay on theirs), and a draft that is not active is activated as
 * the Activate button in the list does. `note` ("what changed") is kept with the new version.
 */
export async function publishDraft(
  db: Database,
  id: string,
  note: string,
  now: number,
): Promise<PublishOutcome> {
  const current = editable(await db.get('sequences', id), id);
  if (current.state !== 'active') {
    const results = await setState(db, [id], 'active', now, note);
    return {
      result: results.find((result) => result.id === id) ?? { id, ok: false, problems: [] },
      state: await readOrFail(db, id),
    };
  }
  const tx = db.transaction(['sequences', 'versions'], 'readwrite');
  forgetKept(db, tx.done);
  const sequences = tx.objectStore('sequences');
  const doc = editable(await sequences.get(id), id);
  const revision = doc.revision;
  if (revision === undefined) {
    await tx.done;
    return { result: { id, ok: true, problems: [] }, state: await readOrFail(db, id) };
  }
  const all = await sequences.getAll();
  const activeCount = all.filter((other) => other.state === 'active' && other.id !== id).length;
  const problems: Problem[] = checkActivation(revision.definition, { activeCount, known: all });
  if (problems.length > 0) {
    await tx.done;
    return { result: { id, ok: false, problems }, state: await readOrFail(db, id) };
  }
  const versions = tx.objectStore('versions');
  const keys = await versions.getAllKeys(versionKeys(id));
  const version = Math.max(doc.version, ...keys.map(([, number]) => number)) + 1;
  const versionDoc: VersionDoc = { id, version, definition: revision.definition, createdAt: now };
  if (note.trim() !== '') versionDoc.note = note.trim();
  await versions.put(versionDoc);
  const next: SequenceDoc = {
    ...doc,
    definition: revision.definition,
    version,
    edited: false,
    updatedAt: now,
    saves: (doc.saves ?? 0) + 1,
  };
  delete next.revision;
  await sequences.put(next);
  await tx.done;
  return { result: { id, ok: true, problems: [] }, state: await readOrFail(db, id) };
}

export async function getVersion(
  db: Database,
  id: string,
  version: number,
): Promise<(VersionInfo & { definition: Sequence }) | null> {
  const doc = await db.get('versions', [id, version]);
  return doc === undefined ? null : { ...info(doc), definition: doc.definition };
}

/**
 * Restores an older version as the draft: the open revision of an active sequence (opened if
 * needed; records keep running), or the working copy of one that is not active. The id stays
 * the sequence's own.
 */
export async function restoreVersion(
  db: Database,
  id: string,
  version: number,
  now: number,
): Promise<DesignerState> {
  const tx = db.transaction(['sequences', 'versions'], 'readwrite');
  forgetKept(db, tx.done);
  const doc = editable(await tx.objectStore('sequences').get(id), id);
  const old = await tx.objectStore('versions').get([id, version]);
  if (old === undefined) {
    throw new StoreError('not-found', t('errSequenceVersionMissing', id, String(version)));
  }
  const definition: Sequence = { ...structuredClone(old.definition), id };
  const saves = (doc.saves ?? 0) + 1;
  const next: SequenceDoc =
    doc.state === 'active'
      ? {
          ...doc,
          revision: {
            definition,
            baseVersion: doc.version,
            restoredFrom: version,
            createdAt: doc.revision?.createdAt ?? now,
            updatedAt: now,
          },
          saves,
        }
      : { ...doc, definition, edited: true, updatedAt: now, saves };
  await tx.objectStore('sequences').put(next);
  await tx.done;
  return readOrFail(db, id);
}
