/**
 * Segments in the background (issue #17), on fake-indexeddb with a fixed clock: evaluation in the
 * capture's transaction (first sight, a change of a field an active segment uses, "Run now"),
 * the why log, activation rules, simulation and the console's lifecycle.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

import type { RecordRef } from '@/lib/messaging/protocol';
import type { Segment } from '@/lib/sequence/types';
import type { Database } from '@/lib/store/db';
import { RETENTION } from '@/lib/store/retention';

import type { HandlerMap } from '../router';
import { dailyMaintenance } from '../scheduler';
import { createHandlers } from './create-handlers';
import { CONTENT, START, freshDatabase, messenger, testDeps } from './test-kit';

const PACK = {
  format: 'upnext/v1',
  sequences: [
    {
      id: 'exec',
      name: 'Executive outreach',
      entity: 'lead',
      steps: [{ id: 'call-1', type: 'call', name: 'Call the VP' }],
    },
    {
      id: 'nurture',
      name: 'Nurture',
      entity: 'lead',
      steps: [{ id: 'n1', type: 'task', name: 'Send the guide' }],
    },
  ],
};

const VP: Segment = {
  id: 'vp',
  name: 'VP leads',
  entity: 'lead',
  priority: 1,
  state: 'active',
  sequence: 'exec',
  where: { field: 'jobTitle', op: 'contains', value: 'VP' },
};
const EVERYONE: Segment = {
  id: 'everyone',
  name: 'Every lead',
  entity: 'lead',
  priority: 2,
  state: 'active',
  sequence: 'nurture',
  where: { field: 'name', op: 'is-not-empty' },
};

const lead = (id: string): RecordRef => ({ crm: 'dynamics365', entity: 'lead', id });
const key = (ref: RecordRef) => `${ref.crm}|${ref.entity}|${ref.id}`;

let clock: number;
let db: Database;
let handlers: HandlerMap;
const { send, data } = messenger(() => handlers);

function see(ref: RecordRef, fields: Record<string, string>) {
  return data(
    'recordSeen',
    {
      record: ref,
      url: `https://acme.crm.dynamics.com/main.aspx?id=${ref.id}`,
      title: 'Lead',
      fields,
    },
    CONTENT,
  );
}

/** Evaluations in the why log (rows hold several since version 14). */
async function logged(): Promise<number> {
  return (await db.getAll('segmentLog')).reduce((sum, row) => sum + row.entries.length, 0);
}

async function setUp(segments: Segment[]): Promise<void> {
  await data('importPack', { text: JSON.stringify(PACK) });
  await data('setSequenceState', { ids: ['exec', 'nurture'], state: 'active' });
  await data('importPack', { text: JSON.stringify({ ...PACK, segments }) });
}

/**
 * Packs of what segments read (lib/store/segment-inputs.ts) either are gone or hold exactly the
 * rows of their kind, in key order: what a simulation reads is what is stored.
 */
async function expectPacksAreTheRows(): Promise<void> {
  const packs = await db.getAll('segmentInputPacks');
  const rows = await db.getAll('segmentInputs');
  const rowsOf = (pack: (typeof packs)[number]): unknown[] =>
    'json' in pack ? (JSON.parse(pack.json) as unknown[]) : pack.rows;
  for (const entity of new Set(packs.map((pack) => pack.entity))) {
    expect(packs.filter((pack) => pack.entity === entity).flatMap(rowsOf)).toEqual(
      rows.filter((row) => row.entity === entity),
    );
  }
}

beforeEach(async () => {
  clock = START;
  db = await freshDatabase();
  handlers = createHandlers(testDeps(db, () => clock));
});

describe('evaluation on capture', () => {
  it('connects a matching record on first sight, in the reply the panel shows, and logs why for both', async () => {
    await setUp([VP]);
    const ada = lead('ada');
    const bob = lead('bob');
    const { view } = await see(ada, { name: 'Ada Park', jobTitle: 'VP Sales' });
    expect(view.active.map((c) => [c.sequenceName, c.current?.name])).toEqual([
      ['Executive outreach', 'Call the VP'],
    ]);
    expect(view.active[0]?.routedBy).toMatchObject({
      segmentName: 'VP leads',
      latest: { trigger: 'first-sight', result: 'matched' },
    });
    const other = await see(bob, { name: 'Bob Stone', jobTitle: 'Engineer' });
    expect(other.view.active).toEqual([]);

    const adaLog = await data('getSegmentLog', { recordKey: key(ada), limit: 10 });
    expect(adaLog.rows).toEqual([
      expect.objectContaining({
        trigger: 'first-sight',
        result: 'matched',
        segment: 'vp',
        segmentName: 'VP leads',
        // The manager reads sequences by name: the one it connects to was not the record's yet.
        connect: {
          outcome: 'connected',
          reason: 'entered-segment',
          words: 'Connect to “Executive outreach”',
        },
        why: expect.stringContaining('Matches “VP leads”') as unknown,
      }),
    ]);
    const bobLog = await data('getSegmentLog', { recordKey: key(bob), limit: 10 });
    expect(bobLog.rows).toEqual([
      expect.objectContaining({
        result: 'no-match',
        segment: null,
        connect: expect.objectContaining({ outcome: 'none' }) as unknown,
      }),
    ]);
    const perSegment = await data('getSegmentLog', { segmentId: 'vp', limit: 10 });
    expect(perSegment.rows.map((row) => row.recordKey)).toEqual([key(ada)]);
    const { segments } = await data('listSegments', {});
    expect(segments.find((s) => s.id === 'vp')?.members).toBe(1);
  });

  it('does not judge a record by a page that has not shown its fields yet: the first read that does is its first sight', async () => {
    await setUp([VP]);
    const ada = lead('ada');
    // The CRM is still loading the record: the read found nothing.
    const loading = await see(ada, {});
    expect(loading.view.active).toEqual([]);
    expect((await data('getSegmentLog', { recordKey: key(ada), limit: 10 })).rows).toEqual([]);
    clock += 1_000;
    const shown = await see(ada, { name: 'Ada Park', jobTitle: 'VP Sales' });
    expect(shown.view.active.map((c) => c.current?.name)).toEqual(['Call the VP']);
    expect((await data('getSegmentLog', { recordKey: key(ada), limit: 10 })).rows).toEqual([
      expect.objectContaining({
        trigger: 'first-sight',
        result: 'matched',
        recordName: 'Ada Park',
      }),
    ]);
  });

  it('evaluates again only when a field an active segment uses changes, and never connects twice', async () => {
    await setUp([VP]);
    const bob = lead('bob');
    await see(bob, { name: 'Bob Stone', jobTitle: 'Engineer' });
    // Another field changed: no evaluation.
    await see(bob, { name: 'Bob Stone', jobTitle: 'Engineer', phone: '555' });
    expect((await data('getSegmentLog', { recordKey: key(bob), limit: 10 })).rows).toHaveLength(1);
    clock += 60_000;
    const { view } = await see(bob, {
      name: 'Bob Stone',
      jobTitle: 'VP Engineering',
      phone: '555',
    });
    expect(view.active.map((c) => c.sequenceId)).toEqual(['exec']);
    const rows = (await data('getSegmentLog', { recordKey: key(bob), limit: 10 })).rows;
    expect(rows[0]).toMatchObject({
      trigger: 'field-change',
      changed: ['jobTitle'],
      result: 'matched',
    });
    // Run now on a record already connected: logged, nothing connected twice.
    const run = await data('runSegments', { entity: 'lead', after: null, limit: 100 });
    expect(run).toMatchObject({
      total: 1,
      processed: 1,
      next: null,
      counts: { kept: 1, connected: 0 },
    });
    const stored = await db.get('records', key(bob));
    expect(stored?.state.connections.filter((c) => c.sequenceId === 'exec')).toHaveLength(1);
  });

  it('respects a seller’s disconnect until a field the segment uses changes again', async () => {
    await setUp([VP]);
    const ada = lead('ada');
    const { view } = await see(ada, { name: 'Ada Park', jobTitle: 'VP Sales' });
    const connectionId = view.active[0]?.connectionId ?? '';
    await data(
      'actOnRecord',
      { record: ada, action: { type: 'disconnect', connectionId } },
      CONTENT,
    );
    clock += 60_000;
    await data('runSegments', { entity: 'lead', after: null, limit: 100 });
    let rows = (await data('getSegmentLog', { recordKey: key(ada), limit: 10 })).rows;
    expect(rows[0]).toMatchObject({
      trigger: 'manual',
      connect: {
        outcome: 'none',
        reason: 'disconnected-by-hand',
        words:
          "Not connected to “Executive outreach” again: a seller disconnected it and none of the segment's fields changed since",
      },
    });
    expect((await see(ada, { name: 'Ada Park', jobTitle: 'VP Sales' })).view.active).toEqual([]);
    clock += 60_000;
    const again = await see(ada, { name: 'Ada Park', jobTitle: 'SVP Sales' });
    expect(again.view.active.map((c) => c.sequenceId)).toEqual(['exec']);
    rows = (await data('getSegmentLog', { recordKey: key(ada), limit: 10 })).rows;
    expect(rows[0]).toMatchObject({ connect: { outcome: 'connected', reason: 'fields-changed' } });
  });

  it('a record that stops matching stays in its segment and its sequence', async () => {
    await setUp([VP]);
    const ada = lead('ada');
    await see(ada, { name: 'Ada Park', jobTitle: 'VP Sales' });
    clock += 60_000;
    const { view } = await see(ada, { name: 'Ada Park', jobTitle: 'Engineer' });
    expect(view.active.map((c) => c.sequenceId)).toEqual(['exec']);
    const rows = (await data('getSegmentLog', { recordKey: key(ada), limit: 10 })).rows;
    expect(rows[0]).toMatchObject({
      result: 'kept',
      segment: 'vp',
      why: expect.stringContaining('no longer matches') as unknown,
    });
  });

  it('moves a record only into a segment that allows moving in', async () => {
    await setUp([
      { ...VP, priority: 2 },
      { ...EVERYONE, priority: 1, allowMoveIn: false },
    ]);
    const ada = lead('ada');
    expect(
      (await see(ada, { name: 'Ada Park', jobTitle: 'Engineer' })).view.active.map(
        (c) => c.sequenceId,
      ),
    ).toEqual(['nurture']);
    await data('saveSegment', {
      definition: { ...VP, priority: 1, allowMoveIn: true },
      create: false,
    });
    await data('saveSegment', { definition: { ...EVERYONE, priority: 2 }, create: false });
    const { view } = await see(ada, { name: 'Ada Park', jobTitle: 'VP Sales' });
    expect(view.active.map((c) => c.sequenceId)).toEqual(['exec']);
    expect(view.ended.map((c) => [c.sequenceId, c.status])).toEqual([['nurture', 'moved']]);
  });

  it('every change to the segments between two captures routes the next one: edit, deactivate, reorder, delete, import, restore', async () => {
    await setUp([VP, EVERYONE]);
    const sequenceOf = async (id: string, jobTitle = 'VP Sales') => {
      const { view } = await see(lead(id), { name: `Lead ${id}`, jobTitle });
      return view.active.map((connection) => connection.sequenceName);
    };
    expect(await sequenceOf('r1')).toEqual(['Executive outreach']);
    const backup = await data('backupData', {});
    await data('setSegmentState', { id: 'vp', state: 'inactive' });
    expect(await sequenceOf('r2')).toEqual(['Nurture']);
    await data('setSegmentState', { id: 'vp', state: 'active' });
    await data('reorderSegments', { entity: 'lead', ids: ['everyone', 'vp'] });
    expect(await sequenceOf('r3')).toEqual(['Nurture']);
    await data('saveSegment', {
      definition: {
        ...EVERYONE,
        priority: 1,
        where: { field: 'jobTitle', op: 'contains', value: 'Chief' },
      },
      create: false,
    });
    expect(await sequenceOf('r4')).toEqual(['Executive outreach']);
    await data('deleteSegment', { id: 'vp' });
    expect(await sequenceOf('r5')).toEqual([]);
    await data('importPack', {
      text: JSON.stringify({ ...PACK, segments: [{ ...VP, id: 'vp-again' }] }),
    });
    expect(await sequenceOf('r6')).toEqual(['Executive outreach']);
    await data('restoreData', { text: backup.text });
    // The backup's segments: VP first, then everyone.
    expect(await sequenceOf('r7', 'Engineer')).toEqual(['Nurture']);
    expect(await sequenceOf('r8')).toEqual(['Executive outreach']);
    await data('resetData', { confirm: 'reset' });
    expect(await sequenceOf('r9')).toEqual([]);
  });

  it('a segment whose sequence is inactive cannot be activated, and says why', async () => {
    await setUp([{ ...VP, state: 'inactive' }]);
    await data('setSequenceState', { ids: ['exec'], state: 'inactive' });
    const reply = await send('setSegmentState', { id: 'vp', state: 'active' });
    expect(reply).toMatchObject({
      ok: false,
      error: {
        code: 'rejected',
        message: expect.stringContaining('“Executive outreach”, which is inactive') as unknown,
      },
    });
    await data('setSequenceState', { ids: ['exec'], state: 'active' });
    const { segments } = await data('setSegmentState', { id: 'vp', state: 'active' });
    expect(segments[0]?.state).toBe('active');
  });
});

describe('retention', () => {
  it('the daily job drops why-log rows past the event log’s retention, and the panel still says why', async () => {
    await setUp([VP]);
    const ada = lead('ada');
    await see(ada, { name: 'Ada Park', jobTitle: 'VP Sales' });
    clock += RETENTION.maxAgeMs + 24 * 3_600_000;
    const bob = lead('bob');
    await see(bob, { name: 'Bob Stone', jobTitle: 'VP Ops' });
    await dailyMaintenance(
      testDeps(db, () => clock),
      db,
    );
    expect((await data('getSegmentLog', { recordKey: key(ada), limit: 10 })).rows).toEqual([]);
    expect((await data('getSegmentLog', { recordKey: key(bob), limit: 10 })).rows).toHaveLength(1);
    const { view } = await see(ada, { name: 'Ada Park', jobTitle: 'VP Sales' });
    expect(view.active[0]?.routedBy).toMatchObject({
      segmentName: 'VP leads',
      latest: { trigger: 'first-sight', result: 'matched' },
    });
  });
});

describe('console', () => {
  it('simulates over every known record, keeps records held by a higher-priority segment apart, and changes nothing', async () => {
    await setUp([{ ...EVERYONE, priority: 1 }]);
    await see(lead('ada'), { name: 'Ada Park', jobTitle: 'VP Sales' });
    await see(lead('bob'), { name: 'Bob Stone', jobTitle: 'Engineer' });
    const before = await logged();
    const result = await data('simulateSegment', { definition: { ...VP, priority: 2 } });
    expect(result).toMatchObject({ total: 2, matching: 1, wouldEnter: 0, held: 1 });
    expect(result.heldRecords).toEqual([
      expect.objectContaining({
        name: 'Ada Park',
        heldBy: { id: 'everyone', name: 'Every lead', why: 'higher-priority' },
      }),
    ]);
    // First in priority, and allowed to take records from other segments: it would get Ada.
    await data('saveSegment', { definition: { ...EVERYONE, priority: 2 }, create: false });
    const first = await data('simulateSegment', {
      definition: { ...VP, id: 'new', priority: 1, allowMoveIn: true },
    });
    expect(first.records.map((r) => r.name)).toEqual(['Ada Park']);
    expect(await logged()).toBe(before);
  });

  it('simulates on what the latest capture showed, through a restore and a reset', async () => {
    await setUp([]);
    const ada = lead('ada');
    await see(ada, { name: 'Ada Park', jobTitle: 'Engineer' });
    await data(
      'recordSeen',
      {
        record: { crm: 'dynamics365', entity: 'contact', id: 'cy' },
        url: 'https://acme.crm.dynamics.com/main.aspx?id=cy',
        title: 'Contact',
        fields: { name: 'Cy Contact', jobTitle: 'VP Sales' },
      },
      CONTENT,
    );
    const simulate = () => data('simulateSegment', { definition: VP });
    // Only leads are counted; the contact's "VP" is not a lead's.
    expect(await simulate()).toMatchObject({ total: 1, matching: 0 });
    clock += 60_000;
    await see(ada, { name: 'Ada Park', jobTitle: 'VP Sales' });
    const stored = await db.get('records', key(ada));
    expect((await simulate()).records).toEqual([
      { key: key(ada), name: 'Ada Park', url: stored?.url, heldBy: null },
    ]);
    const backup = await data('backupData', {});
    await data('resetData', { confirm: 'reset' });
    expect(await simulate()).toMatchObject({ total: 0, matching: 0 });
    expect((await data('listSeenFields', { entity: 'lead' })).fields).toEqual([]);
    await data('restoreData', { text: backup.text });
    expect(await simulate()).toMatchObject({ total: 1, matching: 1, wouldEnter: 1 });
    // Derived from the records, the rows are not part of a backup.
    const file = JSON.parse(backup.text) as { stores: Record<string, unknown> };
    expect(Object.keys(file.stores)).not.toContain('segmentInputs');
  });

  it('simulates from packed rows exactly as from the rows, and any change to a row is seen by the next simulation', async () => {
    await setUp([]);
    // 2,500 leads as stored rows (the records themselves are not read by a simulation), written
    // out of order: the packs keep the rows' key order.
    const rows = Array.from({ length: 2500 }, (_, i) => {
      const id = `lead-${String((i * 7919) % 2500).padStart(4, '0')}`;
      return {
        key: `dynamics365|lead|${id}`,
        entity: 'lead' as const,
        crm: 'dynamics365',
        host: 'acme.crm.dynamics.com',
        name: id,
        url: `https://acme.crm.dynamics.com/main.aspx?id=${id}`,
        fields: { jobTitle: i % 3 === 0 ? 'VP Sales' : 'Buyer' },
        segment: null,
      };
    });
    for (const row of rows) await db.put('segmentInputs', row);
    const simulate = () => data('simulateSegment', { definition: VP });
    const first = await simulate();
    expect(first).toMatchObject({ total: 2500, matching: 834, wouldEnter: 834, held: 0 });
    expect(first.records.map((r) => r.key)).toEqual(
      rows
        .filter((row) => row.fields.jobTitle === 'VP Sales')
        .map((row) => row.key)
        .sort()
        .slice(0, 200),
    );
    // Packed after the answer, in a task of its own.
    await vi.waitFor(async () => expect(await db.count('segmentInputPacks')).toBe(3));
    await expectPacksAreTheRows();
    // Read from the packs, then from the rows again: the same answer.
    expect(await simulate()).toEqual(first);
    await db.clear('segmentInputPacks');
    expect(await simulate()).toEqual(first);
    const fields = await data('listSeenFields', { entity: 'lead' });
    await db.clear('segmentInputPacks');
    expect(await data('listSeenFields', { entity: 'lead' })).toEqual(fields);

    // A capture that changes a lead: its kind's packs go, and the next simulation sees it.
    await see(lead('a-new-lead'), { name: 'A new lead', jobTitle: 'VP Marketing' });
    await expectPacksAreTheRows();
    const second = await simulate();
    expect(second).toMatchObject({ total: 2501, matching: 835, wouldEnter: 835 });
    expect(second.records[0]).toMatchObject({ key: key(lead('a-new-lead')), name: 'A new lead' });
    await expectPacksAreTheRows();
  });

  it('a deleted segment lets its members go in the next simulation', async () => {
    await setUp([{ ...VP, priority: 2 }]);
    await see(lead('ada'), { name: 'Ada Park', jobTitle: 'VP Sales' });
    const everyoneFirst = { ...EVERYONE, id: 'new', priority: 1 };
    const before = await data('simulateSegment', { definition: everyoneFirst });
    expect(before).toMatchObject({ matching: 1, wouldEnter: 0, held: 1 });
    expect(before.heldRecords[0]?.heldBy).toMatchObject({ id: 'vp', why: 'stays-in-segment' });
    await data('deleteSegment', { id: 'vp' });
    await expectPacksAreTheRows();
    expect(await data('simulateSegment', { definition: everyoneFirst })).toMatchObject({
      matching: 1,
      wouldEnter: 1,
      held: 0,
    });
  });

  it('reorders by priority, copies inactive, deletes and lets members go', async () => {
    await setUp([VP, EVERYONE]);
    await see(lead('ada'), { name: 'Ada Park', jobTitle: 'VP Sales' });
    let { segments } = await data('reorderSegments', { entity: 'lead', ids: ['everyone', 'vp'] });
    expect(segments.map((s) => [s.id, s.definition.priority])).toEqual([
      ['everyone', 1],
      ['vp', 2],
    ]);
    const copied = await data('copySegment', { id: 'vp' });
    expect(copied.id).toBe('vp-copy');
    expect(copied.segments.find((s) => s.id === 'vp-copy')).toMatchObject({
      state: 'inactive',
      definition: { priority: 3, name: 'VP leads (copy)' },
    });
    ({ segments } = await data('deleteSegment', { id: 'vp' }));
    expect(segments.map((s) => s.id)).toEqual(['everyone', 'vp-copy']);
    expect((await db.get('records', 'dynamics365|lead|ada'))?.segment).toBeUndefined();
  });

  it('refuses an invalid segment from the builder with the problem, and lists seen fields and values', async () => {
    await setUp([]);
    const reply = await send('saveSegment', {
      definition: { ...VP, sequence: 'nope' },
      create: true,
    });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-pack' } });
    if (!reply.ok)
      expect(reply.error.details).toEqual([expect.objectContaining({ path: 'sequence' })]);
    await see(lead('ada'), { name: 'Ada Park', jobTitle: 'VP Sales' });
    await see(lead('bob'), { name: 'Bob Stone', jobTitle: 'VP Sales' });
    const { fields } = await data('listSeenFields', { entity: 'lead' });
    expect(fields.find((f) => f.key === 'jobTitle')).toEqual({
      key: 'jobTitle',
      records: 2,
      values: ['VP Sales'],
    });
  });

  it('runs now in batches with progress', async () => {
    await setUp([{ ...VP, state: 'inactive' }]);
    for (const id of ['a', 'b', 'c'])
      await see(lead(id), { name: id, jobTitle: id === 'b' ? 'Engineer' : 'VP' });
    await data('setSegmentState', { id: 'vp', state: 'active' });
    const first = await data('runSegments', { entity: 'lead', after: null, limit: 2 });
    expect(first).toMatchObject({
      total: 3,
      processed: 2,
      next: 'dynamics365|lead|b',
      counts: { matched: 1, 'no-match': 1, connected: 1 },
    });
    const second = await data('runSegments', { entity: 'lead', after: first.next, limit: 2 });
    expect(second).toMatchObject({
      total: 3,
      processed: 1,
      next: null,
      counts: { matched: 1, connected: 1 },
    });
  });

  it('a batch where one record connects among many that match nothing: connected once, retried or not, one log row per evaluation', async () => {
    await setUp([{ ...VP, state: 'inactive' }]);
    const ids = ['b1', 'b2', 'c-vp', 'd1', 'd2'];
    for (const id of ids)
      await see(lead(id), { name: id, jobTitle: id === 'c-vp' ? 'VP' : 'Buyer' });
    await data('setSegmentState', { id: 'vp', state: 'active' });
    clock += 60_000;
    const first = await data('runSegments', { entity: 'lead', after: null, limit: 10 });
    expect(first).toMatchObject({
      total: 5,
      processed: 5,
      next: null,
      counts: { matched: 1, 'no-match': 4, kept: 0, connected: 1, failed: 0 },
    });
    const vp = await db.get('records', key(lead('c-vp')));
    expect(vp?.segment).toBe('vp');
    expect(vp?.state.connections.map((c) => c.sequenceId)).toEqual(['exec']);
    expect(await db.count('connections')).toBe(1);
    // The records that match nothing now say why, and stay out of every segment.
    const buyer = await db.get('records', key(lead('b1')));
    expect(buyer?.segment).toBeUndefined();
    expect(buyer?.segmentWhy).toMatchObject({ trigger: 'manual', result: 'no-match' });
    const before = await db.getAll('records');
    const inputs = await db.getAll('segmentInputs');
    expect(inputs.find((row) => row.key === key(lead('c-vp')))?.segment).toBe('vp');

    // The same batch again (a retry): nothing connects twice, every evaluation is logged.
    clock += 60_000;
    const again = await data('runSegments', { entity: 'lead', after: null, limit: 10 });
    expect(again).toMatchObject({
      processed: 5,
      counts: { matched: 0, 'no-match': 4, kept: 1, connected: 0, failed: 0 },
    });
    expect(await db.count('connections')).toBe(1);
    expect((await db.get('records', key(lead('c-vp'))))?.state.connections).toHaveLength(1);
    for (const id of ids) {
      const rows = (await data('getSegmentLog', { recordKey: key(lead(id)), limit: 10 })).rows;
      expect(rows.map((row) => row.trigger)).toEqual(['manual', 'manual']);
    }
    // Each batch's five evaluations (the one that connects too) in one row, in the order made.
    expect(await logged()).toBe(10);
    const rows = await db.getAll('segmentLog');
    expect(rows.map((row) => row.entries.map((entry) => entry.recordKey))).toEqual([
      ids.map((id) => key(lead(id))),
      ids.map((id) => key(lead(id))),
    ]);
    // Nothing changed for the records that match nothing: not rewritten.
    const after = await db.getAll('records');
    for (const id of ['b1', 'b2', 'd1', 'd2'])
      expect(after.find((doc) => doc.key === key(lead(id)))).toEqual(
        before.find((doc) => doc.key === key(lead(id))),
      );
    expect(await db.getAll('segmentInputs')).toEqual(inputs);
  });

  it('a record left in a segment that no longer exists, with no connection, leaves it on Run now', async () => {
    await setUp([VP]);
    const bob = lead('bob');
    await see(bob, { name: 'Bob Stone', jobTitle: 'Engineer' });
    // A record that kept a segment since deleted, without a connection (as an older build left it).
    const stored = await db.get('records', key(bob));
    if (stored === undefined) throw new Error('no record');
    await db.put('records', { ...stored, segment: 'gone' });
    const inputKey: [string, string] = ['lead', key(bob)];
    const input = await db.get('segmentInputs', inputKey);
    if (input === undefined) throw new Error('no segment row');
    await db.put('segmentInputs', { ...input, segment: 'gone' });
    // Packed by a simulation: the quiet path's write of the row must drop the packs.
    await data('simulateSegment', { definition: VP });
    await vi.waitFor(async () => expect(await db.count('segmentInputPacks')).toBe(1));
    clock += 60_000;
    const run = await data('runSegments', { entity: 'lead', after: null, limit: 10 });
    expect(run).toMatchObject({ counts: { 'no-match': 1, connected: 0 } });
    await expectPacksAreTheRows();
    const after = await db.get('records', key(bob));
    expect(after?.segment).toBeUndefined();
    expect(after?.segmentWhy).toMatchObject({
      trigger: 'manual',
      result: 'no-match',
      segment: null,
    });
    expect((await db.get('segmentInputs', inputKey))?.segment).toBeNull();
    const rows = (await data('getSegmentLog', { recordKey: key(bob), limit: 10 })).rows;
    expect(rows[0]).toMatchObject({ trigger: 'manual', result: 'no-match', previous: 'gone' });
  });

  it('a batch whose why-log write fails stores nothing of it, and its retry logs each record once', async () => {
    await setUp([{ ...VP, state: 'inactive' }]);
    for (const id of ['a', 'b', 'c', 'd']) await see(lead(id), { name: id, jobTitle: 'Buyer' });
    await data('setSegmentState', { id: 'vp', state: 'active' });
    const records = await db.getAll('records');
    const inputs = await db.getAll('segmentInputs');
    const before = await logged();
    clock += 60_000;
    // The batch's why-log row (its four evaluations) cannot be written (a full disk, say).
    const put = Reflect.get<IDBObjectStore, 'put'>(IDBObjectStore.prototype, 'put');
    let logPuts = 0;
    IDBObjectStore.prototype.put = function (
      this: IDBObjectStore,
      ...args: Parameters<IDBObjectStore['put']>
    ) {
      if (this.name === 'segmentLog' && ++logPuts === 1)
        throw new DOMException('The disk is full', 'UnknownError');
      return Reflect.apply<IDBObjectStore, typeof args, IDBRequest<IDBValidKey>>(put, this, args);
    };
    try {
      const failed = await send('runSegments', { entity: 'lead', after: null, limit: 10 });
      expect(failed.ok).toBe(false);
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    expect(logPuts).toBe(1);
    // All or nothing: the records' new "why", written before it, are gone.
    expect(await logged()).toBe(before);
    expect(await db.getAll('records')).toEqual(records);
    expect(await db.getAll('segmentInputs')).toEqual(inputs);
    const retry = await data('runSegments', { entity: 'lead', after: null, limit: 10 });
    expect(retry).toMatchObject({ processed: 4, counts: { 'no-match': 4, connected: 0 } });
    expect(await logged()).toBe(before + 4);
    for (const id of ['a', 'b', 'c', 'd']) {
      const rows = (await data('getSegmentLog', { recordKey: key(lead(id)), limit: 10 })).rows;
      expect(rows.map((row) => row.trigger)).toEqual(['manual']);
    }
  });

  it('a run that changes nothing logs every evaluation and leaves the records as they were', async () => {
    await setUp([VP]);
    for (const id of ['a', 'b', 'c'])
      await see(lead(id), { name: id, jobTitle: id === 'b' ? 'Engineer' : 'VP' });
    clock += 60_000;
    // A batch as large as what is left ends the run: no empty batch after it.
    const first = await data('runSegments', { entity: 'lead', after: null, limit: 3 });
    expect(first).toMatchObject({
      total: 3,
      processed: 3,
      next: null,
      counts: { kept: 2, 'no-match': 1, connected: 0 },
    });
    const before = await db.getAll('records');
    const evaluations = await logged();
    clock += 60_000;
    await data('runSegments', { entity: 'lead', after: null, limit: 3 });
    expect(await logged()).toBe(evaluations + 3);
    const rows = (await data('getSegmentLog', { recordKey: key(lead('a')), limit: 10 })).rows;
    expect(rows.map((row) => row.trigger)).toEqual(['manual', 'manual', 'first-sight']);
    // Each record keeps the evaluation that last changed something ("kept", by the first run).
    expect(await db.getAll('records')).toEqual(before);
    expect(before[0]?.segmentWhy).toMatchObject({ trigger: 'manual', result: 'kept' });
  });
});
