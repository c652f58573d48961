/** `upnext segments`: where each record of a file would land, as a manager tests criteria. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli } from './test-kit';

let dir: string;
const file = (name: string) => join(dir, name);

const PACK = {
  format: 'upnext/v1',
  sequences: [
    {
      id: 'exec',
      name: 'Executive outreach',
      entity: 'lead',
      steps: [{ id: 'e1', type: 'email' }],
    },
    { id: 'nurture', name: 'Nurture', entity: 'lead', steps: [{ id: 't1', type: 'task' }] },
    { id: 'recent', name: 'Fresh leads', entity: 'lead', steps: [{ id: 't1', type: 'task' }] },
  ],
  segments: [
    {
      id: 'vp-leads',
      name: 'VP-level leads',
      entity: 'lead',
      priority: 1,
      sequence: 'exec',
      allowMoveIn: true,
      where: {
        all: [
          { field: 'jobTitle', op: 'contains', value: 'VP' },
          { any: [{ field: 'country', op: 'in', value: ['DE', 'AT'] }, { crm: ['salesforce'] }] },
        ],
      },
    },
    {
      id: 'fresh',
      name: 'Created this week',
      entity: 'lead',
      priority: 2,
      sequence: 'recent',
      where: { field: 'created', op: 'in-last-days', value: 7 },
    },
    {
      id: 'german',
      name: 'German-speaking',
      entity: 'lead',
      priority: 3,
      state: 'inactive',
      sequence: 'nurture',
      where: { field: 'country', op: 'in', value: ['DE', 'AT', 'CH'] },
    },
  ],
};

const RECORDS = [
  // Matches vp-leads through its CRM.
  { crm: 'salesforce', entity: 'lead', id: '00Q1', fields: { jobTitle: 'VP Sales' } },
  // Matches only german (inactive in the pack, but the command takes every segment as active).
  { crm: 'hubspot', entity: 'lead', id: '7', fields: { jobTitle: 'Engineer', country: 'ch' } },
  // In german already, matches vp-leads, which allows moving in.
  {
    crm: 'hubspot',
    entity: 'lead',
    id: '8',
    fields: { jobTitle: 'VP Marketing', country: 'DE' },
    segment: 'german',
  },
  // In german already, matches fresh, which does not allow moving in.
  {
    crm: 'hubspot',
    entity: 'lead',
    id: '9',
    fields: { created: '2026-03-10', country: 'AT' },
    segment: 'german',
  },
  // Matches nothing.
  {
    crm: 'hubspot',
    entity: 'lead',
    id: '10',
    fields: { jobTitle: 'Intern' },
    host: 'app.hubspot.com',
  },
];

const NOW = ['--now', '2026-03-11T12:00:00Z', '--tz', 'Europe/Berlin'];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'upnext-segments-'));
  await writeFile(file('pack.json'), JSON.stringify(PACK, null, 2));
  await writeFile(file('records.json'), JSON.stringify(RECORDS, null, 2));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const run = (args: string[]) => runCli(['segments', ...args]);

describe('upnext segments', () => {
  it('--json: one row per record, in input order, with segment, sequence and reason', async () => {
    const r = await run([file('pack.json'), file('records.json'), '--json', ...NOW]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      {
        record: { crm: 'salesforce', entity: 'lead', id: '00Q1' },
        segment: 'vp-leads',
        sequence: 'exec',
        reason: 'matched',
      },
      {
        record: { crm: 'hubspot', entity: 'lead', id: '7' },
        segment: 'german',
        sequence: 'nurture',
        reason: 'matched',
      },
      {
        record: { crm: 'hubspot', entity: 'lead', id: '8' },
        segment: 'vp-leads',
        sequence: 'exec',
        reason: 'moved',
      },
      {
        record: { crm: 'hubspot', entity: 'lead', id: '9' },
        segment: 'german',
        sequence: 'nurture',
        reason: 'kept',
      },
      {
        record: { crm: 'hubspot', entity: 'lead', id: '10' },
        segment: null,
        sequence: null,
        reason: 'no-match',
      },
    ]);
  });

  it('counts in-last-days from --now in the --tz zone', async () => {
    // Record 9 was created on the 10th: within the last 7 days on the 11th, not on the 20th.
    const on = async (now: string) =>
      (await run([file('pack.json'), file('records.json'), '--now', now, '--tz', 'UTC'])).stdout;
    expect(await on('2026-03-11T12:00:00Z')).toContain(
      'Stays in “German-speaking”: it matches “Created this week” (priority 2)',
    );
    expect(await on('2026-03-20T12:00:00Z')).toContain(
      'Stays in “German-speaking”, which it still matches',
    );
  });

  it('prints where each record lands and why', async () => {
    const r = await run([file('pack.json'), file('records.json'), ...NOW]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('3 segments, all taken as active');
    expect(r.stdout).toContain(
      // Sequences by name, as the pack names them (and by id next to the segment's, to look up).
      'salesforce|lead|00Q1  →  “VP-level leads” (vp-leads) → sequence “Executive outreach” (exec)  [matched]\n    Matches “VP-level leads” (priority 1)\n    Connect to “Executive outreach”',
    );
    expect(r.stdout).toContain(
      'Moves from “German-speaking” to “VP-level leads” (priority 1), which allows moving in',
    );
    expect(r.stdout).toContain(
      'Stays in “German-speaking”: it matches “Created this week” (priority 2), but that segment does not allow moving in',
    );
    expect(r.stdout).toContain('hubspot|lead|10  →  no segment  [no-match]');
    expect(r.stdout).toContain('5 records: 2 matched, 1 kept, 1 moved, 1 in no segment');
  });

  it('reports every problem of the records file with line and column, and evaluates nothing', async () => {
    const bad = [
      '[',
      '  { "crm": "salesforce", "entity": "leads", "id": "1", "fields": {} },',
      '  { "crm": "hubspot", "entity": "lead", "id": "2", "feilds": {} },',
      '  { "crm": "hubspot", "entity": "lead", "id": "3", "fields": { "x": [1] }, "segment": "germna" },',
      '  "nope"',
      ']',
    ].join('\n');
    await writeFile(file('bad.json'), bad);
    const r = await run([file('pack.json'), file('bad.json'), '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    const at = file('bad.json');
    expect(r.stderr.split('\n')).toEqual([
      `${at}:2:36: [0].entity: 'entity' in record 1 is text 'leads' (did you mean 'lead'?); use one of: lead, contact, account, opportunity`,
      `${at}:3:3: [1]: Record 2 is missing 'fields' (an object, {} for none)`,
      `${at}:3:52: [1].feilds: Unknown key 'feilds' in record 2 (did you mean 'fields'?)`,
      `${at}:4:69: [2].fields.x: Field 'x' of record 3 must be text, a number, true/false or null, not a list`,
      `${at}:4:87: [2].segment: Record 3 is in segment 'germna' (did you mean 'german'?), which is not in the pack`,
      `${at}:5:3: [3]: Record 4 must be an object, not text 'nope'`,
      `${at}: not a valid records file; nothing was evaluated`,
      '',
    ]);
  });

  it('finds a key given twice in a records file that is otherwise valid, also when escaped', async () => {
    const twice = [
      '[',
      '  { "crm": "hubspot", "entity": "lead", "id": "1", "fields": { "name": "Ada", "n\\u0061me": "Bo" } }',
      ']',
    ].join('\n');
    await writeFile(file('twice.json'), twice);
    const r = await run([file('pack.json'), file('twice.json'), '--json']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(
      "[0].fields.name: Key 'name' appears twice in record 1; only the last one would count, so remove the other",
    );
  });

  it('refuses an invalid pack like validate does, with exit 1', async () => {
    const pack = structuredClone(PACK) as { segments: { where: unknown }[] };
    pack.segments[0].where = { stage: ['Qualify'] };
    await writeFile(file('bad-pack.json'), JSON.stringify(pack, null, 2));
    const r = await run([file('bad-pack.json'), file('records.json')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      /bad-pack\.json:\d+:\d+: segments\[0\]\.where\.stage: The criteria of segment 'vp-leads' uses a 'stage' condition/,
    );
    expect(r.stderr).toContain('not a valid sequence pack; nothing was evaluated');
  });

  it('notes CRM ids that neither Upnext nor the pack knows', async () => {
    const typo = JSON.stringify(PACK).replace('"crm":["salesforce"]', '"crm":["salesfroce"]');
    expect(typo).toContain('salesfroce');
    await writeFile(file('typo.json'), typo);
    const r = await run([file('typo.json'), file('records.json'), '--json', ...NOW]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(
      "note: no built-in or custom CRM of this pack has the id 'salesfroce' (did you mean 'salesforce'?)",
    );
  });

  it('exit 2 on usage errors and unreadable files; exit 1 on a pack without segments', async () => {
    for (const args of [
      [file('pack.json')],
      [file('pack.json'), file('records.json'), 'extra'],
      [file('pack.json'), file('records.json'), '--bogus'],
      [file('pack.json'), file('records.json'), '--tz', 'Mars/Base'],
      [file('pack.json'), file('records.json'), '--now', 'yesterday'],
      [file('missing.json'), file('records.json')],
      [file('pack.json'), dir],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
    }
    await writeFile(
      file('no-segments.json'),
      JSON.stringify({ format: 'upnext/v1', sequences: PACK.sequences }),
    );
    const none = await run([file('no-segments.json'), file('records.json')]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('the pack has no segments');
  });
});
