/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-return -- these tests break packs on purpose, through loosely typed values */
/** Segments in packs (spec section 8): validation with located errors, plan, export, activation. */
import { describe, expect, it } from 'vitest';
import { exportPack, exportPackText } from './export';
import { parsePack, validatePackValue } from './parse';
import type { Problem } from './parse';
import { planImport } from './plan';
import { segmentActivationProblems } from './segment-activation';
import { samplePack } from './test-support/sample-pack';
import type { Loose } from './test-support/sample-pack';
import type { Pack, Segment, SequenceRecord } from './types';

function withSegments(): Loose {
  const pack: Loose = samplePack();
  pack.segments = [
    {
      id: 'vp-leads',
      name: 'VP-level leads',
      description: 'Senior titles go to outbound',
      entity: 'lead',
      priority: 1,
      state: 'active',
      sequence: 'outbound',
      allowMoveIn: false,
      where: {
        all: [
          { field: 'jobTitle', op: 'contains', value: 'VP' },
          { any: [{ field: 'country', op: 'in', value: ['DE', 'AT'] }, { crm: ['salesforce'] }] },
        ],
      },
    },
    {
      id: 'rest',
      name: 'Everyone else',
      entity: 'lead',
      priority: 9,
      sequence: 'nurture',
      where: { host: ['*.example.com', 'crm.acme.example'] },
    },
  ];
  return pack;
}

/** The text at a 1-based line and column. */
function textAt(text: string, line: number, column: number): string {
  return (text.split('\n')[line - 1] ?? '').slice(column - 1);
}

function problems(pack: Loose, options?: Parameters<typeof parsePack>[1]): Problem[] {
  const result = parsePack(JSON.stringify(pack, null, 2), options);
  if (result.ok) throw new Error('expected problems, got a valid pack');
  return result.problems;
}

describe('segments in a pack', () => {
  it('accepts valid segments and returns them', () => {
    const pack = withSegments();
    expect(parsePack(JSON.stringify(pack))).toEqual({ ok: true, pack });
  });

  it('accepts a pack with segments and no sequences when the targets are already known', () => {
    const pack = withSegments();
    pack.sequences = [];
    delete pack.crms;
    const existing = samplePack().sequences.map((definition) => ({
      id: definition.id,
      state: 'active' as const,
      definition: definition as SequenceRecord['definition'],
    }));
    expect(parsePack(JSON.stringify(pack), { existing }).ok).toBe(true);
    const without = problems(pack);
    expect(without.map((p) => p.message)).toContain(
      "Segment 'vp-leads' routes records to sequence 'outbound', which is neither in this pack nor already in Upnext",
    );
  });

  it('refuses a pack with neither sequences nor segments', () => {
    const pack: Loose = samplePack();
    pack.sequences = [];
    pack.segments = [];
    expect(problems(pack).map((p) => p.message)).toContain(
      'The pack has no sequences (and no segments); a pack holds at least one sequence or segment',
    );
  });

  interface Case {
    name: string;
    mutate: (pack: Loose) => void;
    path: string;
    message: string | RegExp;
    /** What the reported line and column point at. */
    at: string;
    options?: Parameters<typeof parsePack>[1];
  }
  const G = 'segments[0]';
  const cases: Case[] = [
    {
      name: 'misspelt segment key',
      mutate: (p) => (p.segments[0].allowMoveInn = true),
      path: `${G}.allowMoveInn`,
      message: "Unknown key 'allowMoveInn' in segment 'vp-leads' (did you mean 'allowMoveIn'?)",
      at: '"allowMoveInn"',
    },
    {
      name: 'missing where',
      mutate: (p) => delete p.segments[0].where,
      path: G,
      message: "Segment 'vp-leads' is missing 'where' (the criteria",
      at: '{',
    },
    {
      name: 'priority 0',
      mutate: (p) => (p.segments[0].priority = 0),
      path: `${G}.priority`,
      message: "'priority' in segment 'vp-leads' is 0; the smallest allowed is 1",
      at: '0',
    },
    {
      name: 'unknown state',
      mutate: (p) => (p.segments[0].state = 'on'),
      path: `${G}.state`,
      message: "'state' in segment 'vp-leads' is 'on'; use one of: active, inactive",
      at: '"on"',
    },
    {
      name: 'duplicate id',
      mutate: (p) => (p.segments[1].id = 'vp-leads'),
      path: 'segments[1].id',
      message: "Segment id 'vp-leads' is used twice (first in segments[0])",
      at: '"vp-leads"',
    },
    {
      name: 'blank name',
      mutate: (p) => (p.segments[0].name = '  '),
      path: `${G}.name`,
      message: "Segment 'vp-leads' has an empty name",
      at: '"  "',
    },
    {
      name: 'unknown target, with a suggestion',
      mutate: (p) => (p.segments[0].sequence = 'outbund'),
      path: `${G}.sequence`,
      message:
        "Segment 'vp-leads' routes records to sequence 'outbund' (did you mean 'outbound'?), which is neither in this pack nor already in Upnext",
      at: '"outbund"',
    },
    {
      name: 'target for another entity',
      mutate: (p) => (p.sequences[1].entity = 'contact'),
      path: 'segments[1].sequence',
      message:
        "Segment 'rest' is for leads, but its sequence 'nurture' is for contacts; both must be for the same kind of record",
      at: '"nurture"',
    },
    {
      name: 'invalid target id',
      mutate: (p) => (p.segments[0].sequence = 'Out Bound'),
      path: `${G}.sequence`,
      message: /Segment 'vp-leads' routes records to 'Out Bound', which is not a valid sequence id/,
      at: '"Out Bound"',
    },
    {
      name: 'email condition',
      mutate: (p) => (p.segments[0].where = { email: 'replied', step: 'e1' }),
      path: `${G}.where.email`,
      message:
        /The criteria of segment 'vp-leads' uses a 'email' condition, which segments do not have/,
      at: '"email"',
    },
    {
      name: 'stage condition, nested',
      mutate: (p) => (p.segments[0].where.all[1].any[1] = { stage: ['Qualify'] }),
      path: `${G}.where.all[1].any[1].stage`,
      message:
        /uses a 'stage' condition, which segments do not have: write the stage as a field condition, such as \{"field": "stage"/,
      at: '"stage"',
    },
    {
      name: 'call condition',
      mutate: (p) => (p.segments[0].where = { call: ['connected'], step: 'c1' }),
      path: `${G}.where.call`,
      message: /uses a 'call' condition, which segments do not have/,
      at: '"call"',
    },
    {
      name: 'unknown condition kind',
      mutate: (p) => (p.segments[0].where = { hots: ['app.example.com'] }),
      path: `${G}.where`,
      message:
        "The criteria of segment 'vp-leads' must have one of the keys field, crm, host, all, any (did you mean 'host'?)",
      at: '{',
    },
    {
      name: 'bad field op',
      mutate: (p) => (p.segments[0].where.all[0].op = 'contain'),
      path: `${G}.where.all[0].op`,
      message: /is 'contain' \(did you mean 'contains'\?\)/,
      at: '"contain"',
    },
    {
      name: 'field op without value',
      mutate: (p) => delete p.segments[0].where.all[0].value,
      path: `${G}.where.all[0]`,
      message:
        "A condition inside the criteria of segment 'vp-leads' uses 'contains' but has no 'value' to compare with",
      at: '{',
    },
    {
      name: 'between the wrong way round',
      mutate: (p) =>
        (p.segments[0].where.all[0] = { field: 'score', op: 'between', value: [9, 1] }),
      path: `${G}.where.all[0].value`,
      message: /the low end is above the high end/,
      at: '[',
    },
    {
      name: 'empty crm list',
      mutate: (p) => (p.segments[0].where.all[1].any[1] = { crm: [] }),
      path: `${G}.where.all[1].any[1].crm`,
      message: /lists no CRM ids \(such as \["salesforce"\]\)/,
      at: '[',
    },
    {
      name: 'unknown crm with known CRMs given',
      mutate: (p) => (p.segments[0].where.all[1].any[1] = { crm: ['salesfroce'] }),
      path: `${G}.where.all[1].any[1].crm[0]`,
      message: /names CRM 'salesfroce' \(did you mean 'salesforce'\?\), which Upnext does not know/,
      at: '"salesfroce"',
      options: { knownCrms: ['salesforce', 'hubspot'] },
    },
    {
      name: 'host with a scheme',
      mutate: (p) => (p.segments[1].where = { host: ['https://app.example.com'] }),
      path: 'segments[1].where.host[0]',
      message:
        "Host 'https://app.example.com' in the criteria of segment 'rest' is a web address; write just the host name",
      at: '"https://app.example.com"',
    },
    {
      name: 'host with a port',
      mutate: (p) => (p.segments[1].where = { host: ['localhost:8080'] }),
      path: 'segments[1].where.host[0]',
      message: /has a port; write just the host name/,
      at: '"localhost:8080"',
    },
    {
      name: 'host that is not a name',
      mutate: (p) => (p.segments[1].where = { host: ['app example'] }),
      path: 'segments[1].where.host[0]',
      message: /is not a host name; write it like "app.example.com", or "\*.example.com"/,
      at: '"app example"',
    },
    {
      name: 'more than 10 leaf conditions',
      mutate: (p) =>
        (p.segments[0].where = {
          any: Array.from({ length: 11 }, (_, i) => ({ field: `f${i}`, op: 'is-empty' })),
        }),
      path: `${G}.where`,
      message:
        "Segment 'vp-leads' has 11 conditions; a segment can have at most 10 (combine values with 'in', or split the segment)",
      at: '{',
    },
    {
      name: 'an empty group',
      mutate: (p) => (p.segments[0].where = { all: [] }),
      path: `${G}.where.all`,
      message: "'all' in the criteria of segment 'vp-leads' is an empty list",
      at: '[',
    },
  ];

  it.each(cases)('$name', ({ mutate, path, message, at, options }) => {
    const pack = withSegments();
    mutate(pack);
    const text = JSON.stringify(pack, null, 2);
    const result = parsePack(text, options);
    if (result.ok) throw new Error('expected problems');
    const found = result.problems.filter((problem) => problem.path === path);
    const problem = found.find((item) =>
      typeof message === 'string' ? item.message.includes(message) : message.test(item.message),
    );
    expect(problem, JSON.stringify(result.problems, null, 2)).toBeDefined();
    expect(textAt(text, problem!.line!, problem!.column!).startsWith(at)).toBe(true);
    // Without text: the same path and message, no position.
    const value = validatePackValue(pack, options);
    expect(value.ok).toBe(false);
    if (!value.ok)
      expect(value.problems.some((p) => p.path === path && p.line === null)).toBe(true);
  });

  it('allows 10 leaf conditions and 250 segments, and no more', () => {
    const ten = withSegments();
    ten.segments[0].where = {
      any: Array.from({ length: 10 }, (_, i) => ({ field: `f${i}`, op: 'is-empty' })),
    };
    expect(parsePack(JSON.stringify(ten)).ok).toBe(true);
    const many = (count: number): Loose => {
      const pack = withSegments();
      pack.segments = Array.from({ length: count }, (_, i) => ({
        ...pack.segments[1],
        id: `s${i}`,
      }));
      return pack;
    };
    expect(parsePack(JSON.stringify(many(250))).ok).toBe(true);
    expect(problems(many(251))).toEqual([
      {
        path: 'segments',
        line: expect.any(Number) as number,
        column: expect.any(Number) as number,
        message: 'The pack has 251 segments; the limit is 250',
      },
    ]);
  });
});

describe('segments: plan, export, activation', () => {
  const pack = withSegments() as Pack;
  const [vp, rest] = pack.segments as [Segment, Segment];

  it('plans creates, updates and unchanged segments like sequences', () => {
    const plan = planImport([], pack, [], [rest]);
    expect(plan.segments.map((item) => [item.id, item.action])).toEqual([
      ['vp-leads', 'create'],
      ['rest', 'unchanged'],
    ]);
    expect(plan.counts).toEqual({ create: 4, update: 0, unchanged: 1 });
    const changed = planImport([], pack, [], [{ ...vp, priority: 3 }]);
    expect(changed.segments[0]).toMatchObject({ action: 'update', state: 'active' });
  });

  it('says when a segment the pack wants active cannot be, and why', () => {
    // New sequences arrive as drafts.
    const fresh = planImport([], pack);
    expect(fresh.segments[0]).toMatchObject({
      id: 'vp-leads',
      state: 'active',
      activationProblems: [
        "Segment 'vp-leads' routes records to “Outbound”, which is a draft; activate that sequence first",
      ],
    });
    // An inactive segment needs nothing now.
    expect(fresh.segments[1]).toMatchObject({ state: 'inactive', activationProblems: [] });
    const stored = pack.sequences.map((definition): SequenceRecord => ({
      id: definition.id,
      state: 'active',
      version: 1,
      definition,
      createdAt: 0,
      updatedAt: 0,
      source: 'user',
    }));
    expect(planImport(stored, pack).segments[0]).toMatchObject({ activationProblems: [] });
  });

  it('checks a segment before activation: target missing, inactive or for another entity', () => {
    const lookup =
      (state: 'active' | 'inactive' | 'draft', entity = 'lead' as const) =>
      () => ({
        name: 'Outbound',
        entity,
        state,
      });
    expect(segmentActivationProblems(vp, lookup('active'))).toEqual([]);
    expect(segmentActivationProblems(vp, () => undefined)).toEqual([
      "Segment 'vp-leads' routes records to sequence 'outbound', which does not exist; import that sequence or choose another one",
    ]);
    expect(segmentActivationProblems(vp, lookup('inactive'))).toEqual([
      "Segment 'vp-leads' routes records to “Outbound”, which is inactive; activate that sequence first",
    ]);
    expect(segmentActivationProblems({ ...vp, entity: 'contact' }, lookup('active'))).toEqual([
      "Segment 'vp-leads' is for contacts, but its sequence “Outbound” is for leads",
    ]);
  });

  it('exports segments so that they import back the same, keys in a readable order', () => {
    const text = exportPackText(pack.sequences, pack.crms, pack.segments);
    const back = parsePack(text);
    expect(back.ok && back.pack.segments).toEqual(pack.segments);
    expect(Object.keys(exportPack([], [], [rest]).segments?.[0] ?? {})).toEqual([
      'id',
      'name',
      'entity',
      'priority',
      'sequence',
      'where',
    ]);
    expect(Object.keys(exportPack(pack.sequences))).toEqual(['format', 'sequences']);
  });
});
