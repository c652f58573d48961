/**
 * A/B test steps in the store (issue #19): when a test has ended and with which winner, and each
 * version's numbers. The statistics are pure (`lib/engine/ab-statistics.ts`); this module counts
 * the stored records for them and keeps the end.
 *
 * An end is written once (`abTests`, key `[sequenceId, stepId]`) and never changed: the manager
 * ended the test, one version became clearly better (`ends.when: "significant"`), or `ends.at`
 * passed. From then on every record that reaches the step gets the stored winner (or the step's
 * `default`), whichever worker, tab or restart asks. A running test has no row: its numbers are
 * counted from the records whenever they are needed.
 */
import { t } from '../i18n';
import type { IDBPTransaction, StoreNames } from 'idb';

import {
  compareVersions,
  countAbTest,
  decideAbTest,
  type AbComparison,
  type AbManualEnd,
  type AbTestEntry,
  type AbVersionCounts,
} from '../engine/ab-statistics';
import type { FieldChange } from '../engine/success';
import type { AbTestEnd, RecordFieldValue } from '../engine/types';
import { walkSteps } from '../sequence/steps';
import type { AbTestStep, AbVersion, Sequence, SuccessRule } from '../sequence/types';
import type { Database, UpnextDB } from './db';
import type { SequenceLookup } from './sequence-lookup';

/** Who or what ended a test. */
export type AbTestEndedBy = 'manager' | 'significant' | 'date';

/** An A/B test that has ended, as stored (store `abTests`). */
export interface AbTestDoc {
  sequenceId: string;
  stepId: string;
  /** When it ended: the manager's click, the check that found a clear winner, or `ends.at`. */
  endedAt: number;
  /** The version every new record gets; null: none, so the step's `default`. */
  winner: AbVersion | null;
  by: AbTestEndedBy;
  /** Each version's numbers when it ended (records that got it by the split and were sent it). */
  a: AbVersionCounts;
  b: AbVersionCounts;
}

/** One A/B test step of a sequence as the console shows it. */
export interface AbTestResult {
  sequenceId: string;
  stepId: string;
  /** The step as defined in the sequence's current version (the working copy before the first activation). */
  step: AbTestStep;
  /**
   * `draft`: not running yet (the sequence, or this step, was never activated); `running`;
   * `ended`: see `ended`.
   */
  state: 'draft' | 'running' | 'ended';
  /** The versions' numbers and the test on them: live while running, as they were at the end after. */
  comparison: AbComparison;
  ended: { at: number; winner: AbVersion | null; by: AbTestEndedBy } | null;
}

type Tx = IDBPTransaction<UpnextDB, StoreNames<UpnextDB>[], 'readonly' | 'readwrite'>;
type WriteTx = IDBPTransaction<UpnextDB, StoreNames<UpnextDB>[], 'readwrite'>;
type ReadTx = IDBPTransaction<UpnextDB, StoreNames<UpnextDB>[], 'readonly' | 'readwrite'>;

/** Stores a count needs. */
const COUNT_STORES = ['connections', 'records', 'events'] as const;

const endKey = (sequenceId: string, stepId: string): string => `${sequenceId}\u0000${stepId}`;

/** The A/B test steps of a definition, in every branch. */
function abTestSteps(definition: Pick<Sequence, 'steps'>): AbTestStep[] {
  const out: AbTestStep[] = [];
  for (const { step } of walkSteps(definition.steps)) if (step.type === 'ab-test') out.push(step);
  return out;
}

/** Only a success rule on a field needs the record's captures. */
function needsCaptures(step: AbTestStep, success: SuccessRule | undefined): boolean {
  return (
    step.metric === 'success' &&
    success !== undefined &&
    !('completed' in success) &&
    !('replied' in success)
  );
}

/**
 * Counts each version of `step` over every record ever connected to `sequenceId` (ended
 * connections included: a record that replied and left still counts), inside `tx`.
 */
async function countInTx(
  tx: Tx,
  sequenceId: string,
  step: AbTestStep,
  success: SuccessRule | undefined,
  now: number,
  timeZone: string,
): Promise<Record<AbVersion, AbVersionCounts>> {
  const rows = await tx.objectStore('connections').index('bySequence').getAll(sequenceId);
  const keys = [...new Set(rows.map((row) => row.recordKey))];
  const captures = needsCaptures(step, success);
  const entries: AbTestEntry[] = [];
  await Promise.all(
    keys.map(async (key) => {
      const doc = await tx.objectStore('records').get(key);
      if (doc === undefined) return;
      // Only records that were sent a version count; the others need no captures read.
      const sent = doc.state.connections.some(
        (connection) =>
          connection.sequenceId === sequenceId &&
          connection.steps.some((record) => record.stepId === step.id),
      );
      if (!sent) return;
      let fieldChanges: FieldChange[] | undefined;
      if (captures) {
        const events = await tx.objectStore('events').index('byCaptures').getAll(key);
        fieldChanges = events.flatMap((event) =>
          event.type === 'fields-recorded'
            ? [
                {
                  at: event.at,
                  values: (event.data['values'] ?? {}) as Record<string, RecordFieldValue>,
                },
              ]
            : [],
        );
      }
      for (const connection of doc.state.connections)
        entries.push(fieldChanges === undefined ? { connection } : { connection, fieldChanges });
    }),
  );
  return countAbTest(entries, sequenceId, step, { success, now, timeZone });
}

/** What ended a test, given how `decideAbTest` ended it. */
function endedBy(step: AbTestStep, manual: AbManualEnd | undefined): AbTestEndedBy {
  if (manual !== undefined) return 'manager';
  return step.ends !== undefined && 'at' in step.ends ? 'date' : 'significant';
}

function endedAt(step: AbTestStep, by: AbTestEndedBy, now: number): number {
  if (by === 'date' && step.ends !== undefined && 'at' in step.ends) {
    const at = Date.parse(step.ends.at);
    if (Number.isFinite(at)) return Math.min(at, now);
  }
  return now;
}

/**
 * Decides and stores the end of one test in `tx` (which must be a readwrite transaction over
 * `abTests` and the count stores): the stored end if there is one (never changed), else the
 * statistics and `decideAbTest`, stored when the test has ended. Returns the end, or null while
 * the test runs.
 */
async function settleInTx(
  tx: WriteTx,
  sequenceId: string,
  step: AbTestStep,
  success: SuccessRule | undefined,
  now: number,
  timeZone: string,
  manual?: AbManualEnd,
): Promise<AbTestDoc | null> {
  const stored = await tx.objectStore('abTests').get([sequenceId, step.id]);
  if (stored !== undefined) return stored;
  const counts = await countInTx(tx, sequenceId, step, success, now, timeZone);
  const comparison = compareVersions(counts.a, counts.b);
  const end = decideAbTest(step, comparison, now, manual);
  if (end === undefined) return null;
  const by = endedBy(step, manual);
  const doc: AbTestDoc = {
    sequenceId,
    stepId: step.id,
    endedAt: endedAt(step, by, now),
    winner: end.winner,
    by,
    a: counts.a,
    b: counts.b,
  };
  await tx.objectStore('abTests').put(doc);
  return doc;
}

/**
 * For a record transaction (`record-tx.ts`): the ended tests of the sequences the record's
 * connections run on and the ones it connects to, as the engine's synchronous
 * `abTestEnded(sequenceId, stepId)`. A test whose `ends.at` has passed without a stored end is
 * decided here, in the same transaction, so the first record to reach it after the date
 * already gets the winner; that happens once per test. Sequences without A/B steps cost nothing.
 */
export async function loadAbTestEnds(
  tx: WriteTx,
  sequences: SequenceLookup,
  targets: readonly { sequenceId: string; version?: number }[],
  now: number,
  timeZone: string,
): Promise<AbTestEnds> {
  const ends = await abTestEnds(tx, sequences, targets, now, (sequenceId, step, success) =>
    settleInTx(tx, sequenceId, step, success, now, timeZone),
  );
  // Never null: every test that was due to end was decided above.
  return ends ?? (() => undefined);
}

/**
 * The same lookup on a read-only transaction (the panel's read, `record-read.ts`), from the
 * stored ends only. Null when a test's `ends.at` has passed without a stored end: deciding it
 * is a write, so the caller goes through a record transaction (`loadAbTestEnds`) instead.
 */
export async function storedAbTestEnds(
  tx: ReadTx,
  sequences: SequenceLookup,
  targets: readonly { sequenceId: string; version?: number }[],
  now: number,
): Promise<AbTestEnds | null> {
  return abTestEnds(tx, sequences, targets, now, null);
}

type AbTestEnds = (sequenceId: string, stepId: string) => AbTestEnd | undefined;

/** `loadAbTestEnds`' lookup; `decide` ends a test whose date passed (null: give up, return null). */
async function abTestEnds(
  tx: ReadTx,
  sequences: SequenceLookup,
  targets: readonly { sequenceId: string; version?: number }[],
  now: number,
  decide:
    | ((
        sequenceId: string,
        step: AbTestStep,
        success: SuccessRule | undefined,
      ) => Promise<AbTestDoc | null>)
    | null,
): Promise<AbTestEnds | null> {
  type Tests = { steps: Map<string, AbTestStep>; success?: SuccessRule };
  const stepsBySequence = new Map<string, Tests>();
  for (const { sequenceId, version } of targets) {
    for (const found of [sequences(sequenceId, version), sequences(sequenceId)]) {
      if (found === undefined) continue;
      const steps = abTestSteps(found.definition);
      if (steps.length === 0) continue;
      const entry: Tests = stepsBySequence.get(sequenceId) ?? {
        steps: new Map<string, AbTestStep>(),
      };
      for (const step of steps) if (!entry.steps.has(step.id)) entry.steps.set(step.id, step);
      if (found.definition.success !== undefined && entry.success === undefined)
        entry.success = found.definition.success;
      stepsBySequence.set(sequenceId, entry);
    }
  }
  const ends = new Map<string, AbTestEnd>();
  for (const [sequenceId, { steps, success }] of stepsBySequence) {
    const stored = await tx.objectStore('abTests').index('bySequence').getAll(sequenceId);
    for (const doc of stored) ends.set(endKey(sequenceId, doc.stepId), { winner: doc.winner });
    for (const step of steps.values()) {
      if (ends.has(endKey(sequenceId, step.id))) continue;
      if (step.ends === undefined || !('at' in step.ends)) continue;
      const at = Date.parse(step.ends.at);
      if (!Number.isFinite(at) || now < at) continue;
      if (decide === null) return null;
      const doc = await decide(sequenceId, step, success);
      if (doc !== null) ends.set(endKey(sequenceId, step.id), { winner: doc.winner });
    }
  }
  return (sequenceId, stepId) => ends.get(endKey(sequenceId, stepId));
}

/** The definition an A/B test runs on: the current version; the working copy before the first activation. */
async function currentDefinition(
  db: Database,
  sequenceId: string,
): Promise<{ definition: Sequence; activated: Sequence | null } | null> {
  const doc = await db.get('sequences', sequenceId);
  if (doc === undefined) return null;
  const version = doc.version > 0 ? await db.get('versions', [sequenceId, doc.version]) : undefined;
  return {
    definition: version?.definition ?? doc.definition,
    activated: version?.definition ?? null,
  };
}

/**
 * Ends every test of the given sequences that has ended by itself (one version clearly better
 * with `ends.when: "significant"`, or `ends.at` passed) and stores it. The background runs it
 * after records changed and when it starts; a worker killed half-way loses nothing, because
 * the next run finds the same numbers. Returns the tests it ended now.
 */
export async function settleAbTests(
  db: Database,
  sequenceIds: readonly string[],
  now: number,
  timeZone: string,
): Promise<AbTestDoc[]> {
  const ended: AbTestDoc[] = [];
  for (const sequenceId of new Set(sequenceIds)) {
    const found = await currentDefinition(db, sequenceId);
    if (found?.activated == null) continue;
    const definition = found.activated;
    for (const step of abTestSteps(definition)) {
      if (step.ends === undefined) continue;
      const tx = db.transaction(['abTests', ...COUNT_STORES], 'readwrite');
      const before = await tx.objectStore('abTests').get([sequenceId, step.id]);
      const doc =
        before === undefined
          ? await settleInTx(tx, sequenceId, step, definition.success, now, timeZone)
          : before;
      await tx.done;
      if (before === undefined && doc !== null) ended.push(doc);
    }
  }
  return ended;
}

/**
 * The sequences whose A/B numbers a change to these records can move: those where a record has
 * a connection that went through an A/B step (was sent a version). Cheap: reads the records only.
 */
export async function sequencesWithAbHistory(
  db: Database,
  recordKeys: readonly string[],
): Promise<string[]> {
  const ids = new Set<string>();
  for (const key of recordKeys) {
    const doc = await db.get('records', key);
    for (const connection of doc?.state.connections ?? []) {
      if (connection.steps.some((record) => record.ab !== undefined))
        ids.add(connection.sequenceId);
    }
  }
  return [...ids];
}

/**
 * The manager ends a test early and picks the winner (`null`: none, so the step's `default`).
 * Refused when the step is not an A/B step of the sequence's activated version, or the test has
 * already ended (an end is never changed: records already got the earlier winner).
 */
export async function endAbTestByHand(
  db: Database,
  sequenceId: string,
  stepId: string,
  winner: AbVersion | null,
  now: number,
  timeZone: string,
): Promise<
  AbTestDoc | { refused: 'not-found' | 'not-running' | 'already-ended'; message: string }
> {
  const found = await currentDefinition(db, sequenceId);
  const step =
    found === null ? undefined : abTestSteps(found.definition).find((item) => item.id === stepId);
  if (found === null || step === undefined)
    return {
      refused: 'not-found',
      message: t('errAbStepMissing', stepId),
    };
  if (found.activated === null || !abTestSteps(found.activated).some((item) => item.id === stepId))
    return {
      refused: 'not-running',
      message: t('errAbNotStarted'),
    };
  const tx = db.transaction(['abTests', ...COUNT_STORES], 'readwrite');
  const before = await tx.objectStore('abTests').get([sequenceId, stepId]);
  const doc =
    before ??
    (await settleInTx(tx, sequenceId, step, found.activated.success, now, timeZone, {
      endedAt: now,
      winner,
    }));
  await tx.done;
  if (before !== undefined || doc === null)
    return {
      refused: 'already-ended',
      message: t('errAbEnded'),
    };
  return doc;
}

/** Every A/B test step of a sequence with its state and numbers, for the console. */
export async function listAbTests(
  db: Database,
  sequenceId: string,
  now: number,
  timeZone: string,
): Promise<AbTestResult[]> {
  const found = await currentDefinition(db, sequenceId);
  if (found === null) return [];
  const running = new Set(
    found.activated === null ? [] : abTestSteps(found.activated).map((s) => s.id),
  );
  const stored = new Map(
    (await db.getAllFromIndex('abTests', 'bySequence', sequenceId)).map((doc) => [doc.stepId, doc]),
  );
  const out: AbTestResult[] = [];
  for (const step of abTestSteps(found.definition)) {
    const doc = stored.get(step.id);
    if (doc !== undefined) {
      out.push({
        sequenceId,
        stepId: step.id,
        step,
        state: 'ended',
        comparison: compareVersions(doc.a, doc.b),
        ended: { at: doc.endedAt, winner: doc.winner, by: doc.by },
      });
      continue;
    }
    const tx = db.transaction([...COUNT_STORES], 'readonly');
    const counts = await countInTx(tx, sequenceId, step, found.definition.success, now, timeZone);
    await tx.done;
    out.push({
      sequenceId,
      stepId: step.id,
      step,
      state: running.has(step.id) ? 'running' : 'draft',
      comparison: compareVersions(counts.a, counts.b),
      ended: null,
    });
  }
  return out;
}
