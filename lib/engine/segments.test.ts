import { describe, expect, it } from 'vitest';
import type { Segment, Step } from '../sequence/types';
import { checkInvariants } from './invariants';
import {
  evaluateSegments,
  hostMatches,
  segmentFieldKeys,
  type SegmentConnection,
  type SegmentEvaluation,
  type SegmentRecord,
} from './segments';
import { Harness, sequence } from './test-kit';

const clock = { now: Date.parse('2026-03-11T12:00:00Z'), timeZone: 'Europe/Berlin' };

const seg = (id: string, extra: Partial<Segment> = {}): Segment => ({
  id,
  name: id.toUpperCase(),
  entity: 'lead',
  priority: 1,
  state: 'active',
  sequence: `seq-${id}`,
  where: { field: 'title', op: 'contains', value: 'vp' },
  ...extra,
});

const lead = (fields: SegmentRecord['fields'], extra: Partial<SegmentRecord> = {}) => ({
  crm: 'salesforce',
  entity: 'lead' as const,
  id: '00Q1',
  host: 'acme.my.salesforce.com',
  fields,
  ...extra,
});

function evaluate(input: Partial<SegmentEvaluation> & Pick<SegmentEvaluation, 'segments'>) {
  return evaluateSegments({
    record: lead({ title: 'VP Sales' }),
    current: null,
    connections: [],
    trigger: { kind: 'first-sight' },
    clock,
    ...input,
  });
}

const conn = (
  sequenceId: string,
  status: SegmentConnection['status'],
  extra: Partial<SegmentConnection> = {},
): SegmentConnection => ({
  id: `c-${sequenceId}-${status}`,
  sequenceId,
  status,
  reason: status === 'disconnected' ? 'manual' : status === 'moved' ? 'moved' : null,
  endedAt: status === 'active' ? null : clock.now - 1000,
  ...extra,
});

describe('evaluateSegments: which segment wins', () => {
  it('the best priority wins; ties go to the first in order', () => {
    const segments = [
      seg('late', { priority: 2 }),
      seg('first', { priority: 1 }),
      seg('second', { priority: 1 }),
    ];
    const d = evaluate({ segments });
    expect(d).toMatchObject({
      result: 'matched',
      segment: 'first',
      sequence: 'seq-first',
      matches: ['first', 'second', 'late'],
      connect: { action: 'connect', reason: 'entered-segment' },
      commands: [{ type: 'connect', sequenceId: 'seq-first', segment: 'first' }],
    });
    expect(d.why).toContain('Matches “FIRST” (priority 1); also matches “SECOND” (priority 1)');
  });

  it('only active segments of the record’s entity compete', () => {
    const segments = [
      seg('off', { state: 'inactive' }),
      seg('unset', { state: undefined }),
      seg('contacts', { entity: 'contact' }),
    ];
    expect(evaluate({ segments })).toMatchObject({
      result: 'no-match',
      segment: null,
      sequence: null,
      connect: { action: 'none', reason: 'no-segment' },
      commands: [],
      why: 'Matches no active segment for lead records',
    });
  });

  it('reads the CRM, the page host (with *. for every host under a domain) and fields', () => {
    const where = {
      all: [
        { crm: ['Salesforce'] },
        { host: ['*.salesforce.com'] },
        { any: [{ field: 'country', op: 'in' as const, value: ['DE', 'AT'] }] },
      ],
    };
    const segments = [seg('dach', { where })];
    expect(evaluate({ segments, record: lead({ country: ' de ' }) }).segment).toBe('dach');
    expect(evaluate({ segments, record: lead({ country: 'FR' }) }).segment).toBeNull();
    expect(
      evaluate({ segments, record: lead({ country: 'AT' }, { crm: 'hubspot' }) }).segment,
    ).toBeNull();
    expect(
      evaluate({ segments, record: lead({ country: 'AT' }, { host: null }) }).segment,
    ).toBeNull();
    expect(hostMatches('APP.Example.com.', ['app.example.com'])).toBe(true);
    expect(hostMatches('example.com', ['*.example.com'])).toBe(false);
    expect(hostMatches('a.b.example.com', ['*.example.com'])).toBe(true);
    expect(hostMatches('badexample.com', ['*.example.com'])).toBe(false);
  });

  it('an unknown field is empty for is-empty and false for every other op', () => {
    const empty = seg('no-phone', { where: { field: 'phone', op: 'is-empty' } });
    const not = seg('not-x', { where: { field: 'phone', op: 'not-equals', value: 'x' } });
    expect(evaluate({ segments: [not, empty] }).segment).toBe('no-phone');
  });

  it('counts days in the seller zone for in-last-days', () => {
    const recent = seg('recent', {
      where: { field: 'created', op: 'in-last-days', value: 1 },
    });
    // Noon UTC on 11 March is the 11th in Berlin.
    expect(evaluate({ segments: [recent], record: lead({ created: '2026-03-11' }) }).segment).toBe(
      'recent',
    );
    expect(
      evaluate({ segments: [recent], record: lead({ created: '2026-03-10' }) }).segment,
    ).toBeNull();
  });
});

describe('evaluateSegments: a record already in a segment', () => {
  it('stays when the winner does not allow moving in', () => {
    const segments = [seg('top', { priority: 1 }), seg('mine', { priority: 5 })];
    const d = evaluate({
      segments,
      current: 'mine',
      connections: [conn('seq-mine', 'active')],
    });
    expect(d).toMatchObject({
      result: 'kept',
      segment: 'mine',
      previous: 'mine',
      connect: { action: 'none', reason: 'already-connected' },
      commands: [],
    });
    expect(d.why).toContain(
      'it matches “TOP” (priority 1), but that segment does not allow moving in',
    );
  });

  it('moves to a winner that allows moving in: leaves the old sequence, joins the new one', () => {
    const segments = [seg('top', { priority: 1, allowMoveIn: true }), seg('mine', { priority: 5 })];
    const d = evaluate({
      segments,
      current: 'mine',
      connections: [conn('seq-mine', 'active', { id: 'old' })],
      trigger: { kind: 'field-change', keys: ['title'] },
    });
    expect(d).toMatchObject({
      result: 'moved',
      segment: 'top',
      sequence: 'seq-top',
      previous: 'mine',
      leave: { connectionId: 'old', sequenceId: 'seq-mine' },
      connect: {
        action: 'connect',
        reason: 'entered-segment',
        words: "Leave 'seq-mine' (moved by the segment). Connect to 'seq-top'",
      },
      commands: [{ type: 'move', connectionId: 'old', sequenceId: 'seq-top', segment: 'top' }],
    });
  });

  it('names the sequences it leaves and joins when their names are given, by id otherwise', () => {
    const segments = [seg('top', { priority: 1, allowMoveIn: true }), seg('mine', { priority: 5 })];
    const names = new Map([['seq-top', 'Top accounts']]);
    const d = evaluate({
      segments,
      current: 'mine',
      connections: [conn('seq-mine', 'active', { id: 'old' })],
      trigger: { kind: 'field-change', keys: ['title'] },
      sequenceName: (id) => names.get(id),
    });
    expect(d.connect.words).toBe(
      "Leave 'seq-mine' (moved by the segment). Connect to “Top accounts”",
    );
  });

  it('a record that stops matching stays where it is, connected', () => {
    const d = evaluate({
      segments: [seg('mine')],
      current: 'mine',
      record: lead({ title: 'Intern' }),
      connections: [conn('seq-mine', 'active')],
    });
    expect(d).toMatchObject({ result: 'kept', segment: 'mine', commands: [] });
    expect(d.why).toContain('although it no longer matches it');
  });

  it('a member not connected yet (its sequence could not take it) is connected later', () => {
    const d = evaluate({ segments: [seg('mine')], current: 'mine', trigger: { kind: 'manual' } });
    expect(d).toMatchObject({
      result: 'kept',
      connect: { action: 'connect', reason: 'not-connected-yet' },
      commands: [{ type: 'connect', sequenceId: 'seq-mine', segment: 'mine' }],
    });
  });

  it('a member that went through the sequence is not connected again', () => {
    const d = evaluate({
      segments: [seg('mine')],
      current: 'mine',
      connections: [conn('seq-mine', 'completed')],
      trigger: { kind: 'field-change', keys: ['title'] },
    });
    expect(d).toMatchObject({ connect: { action: 'none', reason: 'already-ran' }, commands: [] });
  });

  it('a member of a segment that was deleted is free again', () => {
    const d = evaluate({ segments: [seg('other')], current: 'gone' });
    expect(d).toMatchObject({ result: 'matched', segment: 'other', previous: 'gone' });
    expect(d.why).toContain("its segment 'gone' no longer exists");
  });

  it('an inactive segment keeps its members but connects nobody', () => {
    const d = evaluate({ segments: [seg('mine', { state: 'inactive' })], current: 'mine' });
    expect(d).toMatchObject({
      result: 'kept',
      segment: 'mine',
      connect: { action: 'none', reason: 'segment-inactive' },
      commands: [],
    });
  });
});

describe('evaluateSegments: a connection the seller ended by hand', () => {
  const segments = [seg('mine', { where: { field: 'title', op: 'contains', value: 'vp' } })];
  const ended = (fieldsAtEnd?: Record<string, string>) =>
    conn('seq-mine', 'disconnected', fieldsAtEnd === undefined ? {} : { fieldsAtEnd });

  it('is not restarted while the fields the segment uses are unchanged', () => {
    const d = evaluate({
      segments,
      current: 'mine',
      record: lead({ title: 'VP Sales', phone: '555' }),
      connections: [ended({ title: 'vp sales', phone: '111' })],
      trigger: { kind: 'field-change', keys: ['phone'] },
    });
    expect(d).toMatchObject({
      result: 'kept',
      connect: {
        action: 'none',
        reason: 'disconnected-by-hand',
        words:
          "Not connected to 'seq-mine' again: a seller disconnected it and none of the segment's fields changed since",
      },
      commands: [],
    });
  });

  it('is restarted once a field the segment uses changed since', () => {
    const d = evaluate({
      segments,
      current: 'mine',
      record: lead({ title: 'VP Marketing' }),
      connections: [ended({ title: 'VP Sales' })],
      trigger: { kind: 'manual' },
    });
    expect(d).toMatchObject({
      connect: { action: 'connect', reason: 'fields-changed' },
      commands: [{ type: 'connect', sequenceId: 'seq-mine', segment: 'mine' }],
    });
  });

  it('without the fields kept at the end, only a change seen now counts', () => {
    const base = { segments, current: 'mine', connections: [ended()] };
    expect(evaluate({ ...base, trigger: { kind: 'manual' } }).connect.action).toBe('none');
    expect(
      evaluate({ ...base, trigger: { kind: 'field-change', keys: ['phone'] } }).connect.action,
    ).toBe('none');
    expect(
      evaluate({ ...base, trigger: { kind: 'field-change', keys: ['title'] } }).connect.action,
    ).toBe('connect');
  });

  it('holds back a move into that sequence too: the record stays in its segment', () => {
    const d = evaluate({
      segments: [seg('top', { allowMoveIn: true }), seg('mine', { priority: 3 })],
      current: 'mine',
      connections: [
        conn('seq-mine', 'active'),
        conn('seq-top', 'disconnected', { fieldsAtEnd: { title: 'VP Sales' } }),
      ],
    });
    expect(d).toMatchObject({ result: 'kept', segment: 'mine', commands: [] });
    expect(d.why).toContain("a seller disconnected it from 'seq-top'");
  });

  it('a better segment on the same sequence takes the record when its own segment restarts it', () => {
    // "mine" restarts the shared sequence (its field, country, changed since the disconnect);
    // "top" routes to the same sequence and allows moving in, but looks at no changed field.
    // The record ends in that sequence either way, so it moves now: deciding it on the next
    // evaluation instead would make a re-evaluation change the record's segment.
    const shared = 'seq-shared';
    const segments = [
      seg('top', { allowMoveIn: true, sequence: shared, where: { crm: ['salesforce'] } }),
      seg('mine', {
        priority: 2,
        sequence: shared,
        where: { field: 'country', op: 'equals', value: 'DE' },
      }),
    ];
    const input = {
      segments,
      current: 'mine',
      record: lead({ country: 'DE' }),
      connections: [conn(shared, 'disconnected', { fieldsAtEnd: {} })],
      trigger: { kind: 'first-sight' as const },
    };
    const first = evaluate(input);
    expect(first).toMatchObject({
      result: 'moved',
      segment: 'top',
      connect: { action: 'connect', reason: 'fields-changed' },
      commands: [{ type: 'connect', sequenceId: shared, segment: 'top' }],
    });
    expect(first.connect.words).toContain('a field “MINE” uses changed since');
    const again = evaluate({
      ...input,
      current: first.segment,
      connections: [...input.connections, conn(shared, 'active')],
      trigger: { kind: 'manual' },
    });
    expect(again).toMatchObject({ result: 'kept', segment: 'top', commands: [] });
    // Without the change, the disconnect holds both: no move, no restart.
    const unchanged = evaluate({
      ...input,
      connections: [conn(shared, 'disconnected', { fieldsAtEnd: { country: 'DE' } })],
    });
    expect(unchanged).toMatchObject({ result: 'kept', segment: 'mine', commands: [] });
  });
});

describe('segmentFieldKeys', () => {
  it('lists the fields the active segments of an entity use', () => {
    const segments = [
      seg('a', {
        where: {
          all: [
            { field: 'title', op: 'contains', value: 'VP' },
            { any: [{ field: 'country', op: 'in', value: ['DE'] }, { crm: ['hubspot'] }] },
          ],
        },
      }),
      seg('b', { where: { field: 'score', op: 'greater-than', value: 5 }, state: 'inactive' }),
      seg('c', { where: { field: 'industry', op: 'is-empty' }, entity: 'contact' }),
    ];
    expect(segmentFieldKeys(segments, 'lead')).toEqual(['country', 'title']);
    expect(segmentFieldKeys(segments, 'contact')).toEqual(['industry']);
  });
});

describe('segment decisions carried out by the engine', () => {
  const MON = Date.parse('2026-03-23T10:00:00+01:00');
  const steps: Step[] = [{ id: 't1', type: 'task' }];
  const harness = () =>
    new Harness({
      now: MON,
      sequences: [sequence('seq-top', steps), sequence('seq-mine', steps)],
    });
  const segments = [seg('top', { allowMoveIn: true }), seg('mine', { priority: 3 })];
  const record = (h: Harness): SegmentRecord => ({
    ...h.state.record,
    host: null,
    fields: h.state.fields,
  });

  it('connects, records the segment, and a second evaluation does nothing', () => {
    const h = harness();
    h.ok({ type: 'record-fields', values: { title: 'VP Sales' } });
    const first = evaluateSegments({
      segments: [segments[1]],
      record: record(h),
      current: null,
      connections: h.state.connections,
      trigger: { kind: 'first-sight' },
      clock,
    });
    for (const command of first.commands) h.ok(command);
    expect(h.state.connections[0]).toMatchObject({ sequenceId: 'seq-mine', segment: 'mine' });
    expect(h.events.find((e) => e.type === 'connected')?.data).toMatchObject({ segment: 'mine' });
    const again = evaluateSegments({
      segments: [segments[1]],
      record: record(h),
      current: first.segment,
      connections: h.state.connections,
      trigger: { kind: 'manual' },
      clock,
    });
    expect(again).toMatchObject({ result: 'kept', commands: [] });
    expect(checkInvariants(h.state, h.lookup)).toEqual([]);
  });

  it('moves: the old connection ends moved (by the segment), the new one starts', () => {
    const h = harness();
    h.ok({ type: 'record-fields', values: { title: 'VP Sales' } });
    const old = h.connect('seq-mine');
    const d = evaluateSegments({
      segments,
      record: record(h),
      current: 'mine',
      connections: h.state.connections,
      trigger: { kind: 'field-change', keys: ['title'] },
      clock,
    });
    for (const command of d.commands) h.ok(command);
    expect(h.conn(old.id)).toMatchObject({
      status: 'moved',
      reason: 'moved',
      movedBySegment: 'top',
      movedTo: { sequenceId: 'seq-top' },
    });
    const joined = h.state.connections.find((c) => c.sequenceId === 'seq-top');
    expect(joined).toMatchObject({ status: 'active', segment: 'top' });
    expect(h.conn(old.id).movedTo?.connectionId).toBe(joined?.id);
    expect(checkInvariants(h.state, h.lookup)).toEqual([]);
  });

  it('a manual disconnect keeps the fields of that moment for the segment to compare', () => {
    const h = harness();
    h.ok({ type: 'record-fields', values: { title: 'VP Sales', phone: '1' } });
    const c = h.connect('seq-mine');
    h.ok({ type: 'disconnect', connectionId: c.id, reason: 'manual' });
    expect(h.conn(c.id).fieldsAtEnd).toEqual({ title: 'VP Sales', phone: '1' });
    const evaluateNow = () =>
      evaluateSegments({
        segments: [segments[1]],
        record: record(h),
        current: 'mine',
        connections: h.state.connections,
        trigger: { kind: 'manual' },
        clock,
      });
    h.ok({ type: 'record-fields', values: { phone: '2' } });
    expect(evaluateNow().commands).toEqual([]);
    h.ok({ type: 'record-fields', values: { title: 'VP Marketing' } });
    const d = evaluateNow();
    for (const command of d.commands) h.ok(command);
    expect(h.state.connections.filter((x) => x.status === 'active')).toHaveLength(1);
    expect(checkInvariants(h.state, h.lookup)).toEqual([]);
  });

  it('the engine refuses a move to an inactive sequence and changes nothing', () => {
    const h = harness();
    const old = h.connect('seq-mine');
    h.add(sequence('seq-top', steps), false);
    expect(
      h.run({ type: 'move', connectionId: old.id, sequenceId: 'seq-top', segment: 'top' }),
    ).toMatchObject({ kind: 'rejected', code: 'sequence-inactive' });
    expect(h.conn(old.id).status).toBe('active');
  });
});
