/**
 * A/B test steps in the background (issue #19): when a test ends (a clear winner, its date, the
 * manager), the end is stored once and every new record gets the winner or the default, also
 * after the worker starts again; the console reads each version's numbers.
 */
import { beforeEach, describe, expect, it } from 'vitest';

import { splitVersion } from '@/lib/engine/ab-test';
import type { RecordRef } from '@/lib/messaging/protocol';
import { settleAbTests } from '@/lib/store/ab-tests';
import type { Database } from '@/lib/store/db';
import type { AbTestStep } from '@/lib/sequence/types';

import type { HandlerMap } from '../router';
import { createHandlers } from './create-handlers';
import { CONTENT, START, countingIds, freshDatabase, messenger, testDeps } from './test-kit';

const DAY = 86_400_000;

let clock: number;
let db: Database;
let handlers: HandlerMap;
let newId: () => string;
const { send, data } = messenger(() => handlers);

function abStep(extra: Partial<AbTestStep> = {}): AbTestStep {
  return {
    id: 'ab1',
    type: 'ab-test',
    a: { type: 'email', name: 'Short intro', template: { subject: 'Quick question', body: 'A' } },
    b: { type: 'email', name: 'Case study', template: { subject: 'How Acme did it', body: 'B' } },
    metric: 'replied',
    default: 'b',
    ...extra,
  };
}

function pack(step: AbTestStep): string {
  return JSON.stringify({
    format: 'upnext/v1',
    sequences: [
      {
        id: 'intro',
        name: 'Intro test',
        entity: 'lead',
        steps: [step, { id: 't1', type: 'task', name: 'Follow up' }],
      },
    ],
  });
}

/** Starts the worker (again): new handlers on the same database, ids counted on. */
function startWorker(): void {
  handlers = createHandlers(testDeps(db, () => clock, { newId }));
}

// Dynamics records, sent from a Dynamics page: the background refuses a page speaking for
// another CRM's records.
const lead = (n: number): RecordRef => ({
  crm: 'dynamics365',
  entity: 'lead',
  id: `L${String(n)}`,
});

/** A lead the split would give `version`, numbered from `from` on. */
function leadWithSplit(version: 'a' | 'b', from: number): RecordRef {
  for (let n = from; ; n++) {
    if (splitVersion(lead(n), 'intro', { id: 'ab1' }) === version) return lead(n);
  }
}

async function importAndActivate(step: AbTestStep): Promise<void> {
  await data('importPack', { text: pack(step) });
  const { results } = await data('setSequenceState', { ids: ['intro'], state: 'active' });
  expect(results.every((result) => result.ok)).toBe(true);
}

/** Connects `record`; returns the version its A/B step shows and why (from the stored state). */
async function connect(record: RecordRef): Promise<{ version: 'a' | 'b'; by: string }> {
  return (await connectWithIds(record)).ab;
}

async function connectWithIds(
  record: RecordRef,
): Promise<{ ab: { version: 'a' | 'b'; by: string }; connectionId: string; revision: number }> {
  await data(
    'recordSeen',
    {
      record,
      url: `https://acme.crm.dynamics.com/main.aspx?id=${record.id}`,
      title: record.id,
      fields: {},
    },
    CONTENT,
  );
  const { view } = await data(
    'actOnRecord',
    { record, action: { type: 'connect', sequenceId: 'intro' } },
    CONTENT,
  );
  const connection = view.active.find((item) => item.sequenceId === 'intro');
  const ab = (await db.get('records', `dynamics365|lead|${record.id}`))?.state.connections.find(
    (item) => item.id === connection?.connectionId,
  )?.current?.ab;
  if (ab === undefined || connection === undefined) throw new Error('no version');
  return { ab, connectionId: connection.connectionId, revision: connection.revision };
}

/** Connects `count` leads, sends each its version, and records a reply from those `replies` picks. */
async function runLeads(count: number, replies: (version: 'a' | 'b') => boolean): Promise<void> {
  for (let n = 0; n < count; n++) {
    const record = lead(n);
    const connection = await connectWithIds(record);
    const { version } = connection.ab;
    await data(
      'actOnRecord',
      {
        record,
        action: {
          type: 'complete',
          connectionId: connection.connectionId,
          stepId: 'ab1',
          revision: connection.revision,
        },
      },
      CONTENT,
    );
    if (replies(version)) {
      await data(
        'actOnRecord',
        {
          record,
          action: {
            type: 'email-event',
            connectionId: connection.connectionId,
            event: 'replied',
            stepId: 'ab1',
          },
        },
        CONTENT,
      );
    }
  }
}

beforeEach(async () => {
  clock = START;
  newId = countingIds();
  db = await freshDatabase();
  startWorker();
});

describe('a test that ends when one version is clearly better', () => {
  it('stores the winner once and gives it to every new record, also after a restart', async () => {
    await importAndActivate(abStep({ ends: { when: 'significant' } }));
    // A gets a reply from every other record, B from none: clearly better once both have 50.
    let replyToA = false;
    await runLeads(140, (version) => version === 'a' && (replyToA = !replyToA));

    const [test] = (await data('getAbTests', { sequenceId: 'intro' })).tests;
    expect(test).toMatchObject({
      stepId: 'ab1',
      state: 'ended',
      ended: { winner: 'a', by: 'significant', at: clock },
    });
    expect(test.comparison.a.records).toBeGreaterThanOrEqual(50);
    expect(test.comparison.b.records).toBeGreaterThanOrEqual(50);
    expect(test.comparison.b.conversions).toBe(0);
    expect(test.comparison.confidence).toBeGreaterThan(0.95);

    // A record the split would give B now gets the winner.
    expect(await connect(leadWithSplit('b', 1000))).toEqual({ version: 'a', by: 'winner' });
    // The worker is killed and starts again: the end is in the database.
    startWorker();
    expect(await connect(leadWithSplit('b', 2000))).toEqual({ version: 'a', by: 'winner' });
    const stored = await db.getAll('abTests');
    expect(stored).toHaveLength(1);
    // Checking again changes nothing: an end is applied once.
    clock += DAY;
    expect(await settleAbTests(db, ['intro'], clock, 'UTC')).toEqual([]);
    expect(await db.getAll('abTests')).toEqual(stored);
  });

  it('keeps running while neither version is clearly better', async () => {
    await importAndActivate(abStep({ ends: { when: 'significant' } }));
    await runLeads(30, (version) => version === 'a');
    const [test] = (await data('getAbTests', { sequenceId: 'intro' })).tests;
    expect(test).toMatchObject({ state: 'running', ended: null });
    expect(test.comparison.verdict).toBe('not-enough-records');
    expect(await db.count('abTests')).toBe(0);
    const b = leadWithSplit('b', 1000);
    expect(await connect(b)).toEqual({ version: 'b', by: 'split' });
  });
});

describe('a test that ends on a date', () => {
  it('gives the first record after the date the clearly better version, decided in its own transaction', async () => {
    await importAndActivate(abStep({ ends: { at: '2026-03-30T09:00:00Z' } }));
    let replyToB = false;
    await runLeads(140, (version) => version === 'b' && (replyToB = !replyToB));
    // Nothing has ended before the date, however clear the numbers.
    expect(await db.count('abTests')).toBe(0);

    clock = Date.parse('2026-03-30T12:00:00Z');
    // No check ran since: the record transaction decides the end itself.
    expect(await connect(leadWithSplit('a', 1000))).toEqual({ version: 'b', by: 'winner' });
    expect(await db.getAll('abTests')).toEqual([
      expect.objectContaining({
        sequenceId: 'intro',
        stepId: 'ab1',
        winner: 'b',
        by: 'date',
        endedAt: Date.parse('2026-03-30T09:00:00Z'),
      }),
    ]);
  });

  it('gives the default to records after the date when no version was clearly better', async () => {
    await importAndActivate(abStep({ ends: { at: '2026-03-30T09:00:00Z' }, default: 'a' }));
    await runLeads(6, () => false);
    clock = Date.parse('2026-04-01T09:00:00Z');
    expect(await connect(leadWithSplit('b', 1000))).toEqual({ version: 'a', by: 'default' });
    const [test] = (await data('getAbTests', { sequenceId: 'intro' })).tests;
    expect(test).toMatchObject({ state: 'ended', ended: { winner: null, by: 'date' } });
  });
});

describe('the manager ends a test', () => {
  it('picks the winner; new records get it; the end cannot be changed', async () => {
    await importAndActivate(abStep());
    await runLeads(8, (version) => version === 'b');
    clock += DAY;
    const { tests } = await data('endAbTest', { sequenceId: 'intro', stepId: 'ab1', winner: 'a' });
    expect(tests[0]).toMatchObject({
      state: 'ended',
      ended: { winner: 'a', by: 'manager', at: clock },
    });
    // The numbers at the end stay what they were.
    const versions = tests[0].comparison;
    expect(versions.a.records + versions.b.records).toBe(8);

    expect(await connect(leadWithSplit('b', 1000))).toEqual({ version: 'a', by: 'winner' });
    const again = await send('endAbTest', { sequenceId: 'intro', stepId: 'ab1', winner: 'b' });
    expect(again).toMatchObject({ ok: false, error: { code: 'rejected' } });
    expect((await db.get('abTests', ['intro', 'ab1']))?.winner).toBe('a');
  });

  it('can end without a winner: new records get the default', async () => {
    await importAndActivate(abStep({ default: 'b' }));
    await data('endAbTest', { sequenceId: 'intro', stepId: 'ab1', winner: null });
    expect(await connect(leadWithSplit('a', 0))).toEqual({ version: 'b', by: 'default' });
  });

  it('refuses a test that has not started, or a step that is not an A/B test', async () => {
    await data('importPack', { text: pack(abStep()) });
    const draft = await send('endAbTest', { sequenceId: 'intro', stepId: 'ab1', winner: 'a' });
    expect(draft).toMatchObject({ ok: false, error: { code: 'rejected' } });
    if (!draft.ok) expect(draft.error.message).toContain('activate the sequence');
    const [test] = (await data('getAbTests', { sequenceId: 'intro' })).tests;
    expect(test).toMatchObject({ state: 'draft', ended: null });

    await data('setSequenceState', { ids: ['intro'], state: 'active' });
    const task = await send('endAbTest', { sequenceId: 'intro', stepId: 't1', winner: 'a' });
    expect(task).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await db.count('abTests')).toBe(0);
  });

  it('keeps the end through a backup and restore', async () => {
    await importAndActivate(abStep());
    await data('endAbTest', { sequenceId: 'intro', stepId: 'ab1', winner: 'a' });
    const { text } = await data('backupData', {});
    await data('resetData', { confirm: 'reset' });
    expect(await db.count('abTests')).toBe(0);
    await data('restoreData', { text });
    expect(await connect(leadWithSplit('b', 1000))).toEqual({ version: 'a', by: 'winner' });
  });
});
