/** `upnext simulate`, run in-process (cli/bin.test.ts runs the real command as a child process). */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli, type CliRun, type CliRunOptions } from './test-kit';

let dir: string;
let pack: string;

const weekdays = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' };
const PACK = {
  format: 'upnext/v1',
  sequences: [
    {
      id: 'outreach',
      name: 'Outreach',
      entity: 'lead',
      schedule: weekdays,
      steps: [
        { id: 'e1', type: 'email', template: { subject: 'Hi', body: 'Hello' } },
        { id: 'w1', type: 'wait', days: 2 },
        {
          id: 'k1',
          type: 'condition',
          if: { email: 'replied', step: 'e1' },
          within: { days: 3 },
          yes: [{ id: 'c1', type: 'call' }],
          no: [
            { id: 't1', type: 'task' },
            { id: 'm1', type: 'move-to-sequence', sequence: 'nurture' },
          ],
        },
      ],
    },
    { id: 'nurture', name: 'Nurture', entity: 'lead', steps: [{ id: 'n1', type: 'email' }] },
    {
      id: 'bounce',
      name: 'Stop on reply',
      entity: 'lead',
      exitOnReply: true,
      steps: [
        { id: 'e1', type: 'email' },
        { id: 'w1', type: 'wait', days: 1 },
        { id: 'e2', type: 'email' },
      ],
    },
    {
      id: 'graded',
      name: 'By grade',
      entity: 'lead',
      steps: [
        { id: 'c1', type: 'call' },
        {
          id: 'k1',
          type: 'condition',
          if: {
            all: [
              { call: ['connected'], step: 'c1' },
              { field: 'grade', op: 'in', value: ['A', 'B'] },
            ],
          },
          yes: [
            { id: 'u1', type: 'update-field', field: 'status', value: 'Qualified' },
            { id: 't1', type: 'task' },
          ],
          no: [],
        },
      ],
    },
    {
      id: 'dst',
      name: 'Across DST',
      entity: 'contact',
      steps: [
        { id: 't1', type: 'task' },
        { id: 'w1', type: 'wait', days: 3, hours: 2 },
        { id: 't2', type: 'task' },
      ],
    },
    {
      id: 'abtest',
      name: 'Two intros',
      entity: 'lead',
      steps: [
        {
          id: 'ab1',
          type: 'ab-test',
          a: { type: 'email', name: 'Short' },
          b: { type: 'email', name: 'Long' },
          metric: 'replied',
          default: 'a',
        },
        {
          id: 'k1',
          type: 'condition',
          if: { email: 'replied', step: 'ab1' },
          within: { days: 1 },
          yes: [{ id: 'y1', type: 'task' }],
          no: [],
        },
      ],
    },
    {
      id: 'hours',
      name: 'Working hours',
      entity: 'lead',
      schedule: { ...weekdays, waitsInWorkingTime: true },
      steps: [
        { id: 't1', type: 'task' },
        { id: 'w1', type: 'wait', hours: 4 },
        { id: 't2', type: 'task' },
      ],
    },
  ],
};

function run(args: string[], options?: CliRunOptions): Promise<CliRun> {
  return runCli(['simulate', ...args], options);
}

async function json(args: string[]): Promise<unknown> {
  const r = await run([pack, '--json', ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

const step = (
  id: string,
  type: string,
  dueAt: string,
  result = 'completed',
  more: { outcome?: string; branch?: 'yes' | 'no'; decidedBy?: string } = {},
) => ({ id, type, dueAt, result, ...more });

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'upnext-simulate-'));
  pack = join(dir, 'pack.json');
  await writeFile(pack, JSON.stringify(PACK, null, 2));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('upnext simulate', () => {
  it('a reply inside the window takes the yes branch; working hours move the call', async () => {
    // Friday 16:30 Berlin, the weekend before DST starts.
    const out = await json([
      '--sequence',
      'outreach',
      '--start',
      '2026-03-27T16:30:00+01:00',
      '--tz',
      'Europe/Berlin',
      '--outcome',
      'e1=replied',
      '--outcome',
      'c1=connected',
    ]);
    expect(out).toEqual({
      sequence: 'outreach',
      timeZone: 'Europe/Berlin',
      start: '2026-03-27T16:30:00+01:00',
      steps: [
        step('e1', 'email', '2026-03-27T16:30:00+01:00'),
        step('w1', 'wait', '2026-03-27T16:30:00+01:00', 'auto'),
        // Two calendar days later at the same wall-clock time, across the DST change; the reply
        // is already there, so the condition takes "yes" as soon as it is reached.
        step('k1', 'condition', '2026-03-29T16:30:00+02:00', 'auto', {
          branch: 'yes',
          decidedBy: 'at-once',
        }),
        // Reached on Sunday: due at the next working slot.
        step('c1', 'call', '2026-03-30T09:00:00+02:00', 'completed', { outcome: 'connected' }),
      ],
      end: { status: 'completed', reason: null, at: '2026-03-30T09:00:00+02:00' },
    });
  });

  it('without a reply the window runs out: the no branch, then moved', async () => {
    const out = await json([
      '--sequence',
      'outreach',
      '--start',
      '2026-03-27T16:30:00+01:00',
      '--tz',
      'Europe/Berlin',
    ]);
    expect(out).toEqual({
      sequence: 'outreach',
      timeZone: 'Europe/Berlin',
      start: '2026-03-27T16:30:00+01:00',
      steps: [
        step('e1', 'email', '2026-03-27T16:30:00+01:00'),
        step('w1', 'wait', '2026-03-27T16:30:00+01:00', 'auto'),
        step('k1', 'condition', '2026-03-29T16:30:00+02:00', 'auto', {
          branch: 'no',
          decidedBy: 'window-closed',
        }),
        step('t1', 'task', '2026-04-01T16:30:00+02:00'),
        step('m1', 'move-to-sequence', '2026-04-01T16:30:00+02:00', 'auto'),
      ],
      end: { status: 'moved', reason: 'nurture', at: '2026-04-01T16:30:00+02:00' },
    });
  });

  it('exitOnReply ends exited when the reply is recorded, right after the email', async () => {
    const out = await json([
      '--sequence',
      'bounce',
      '--start',
      '2026-11-02T10:00:00',
      '--tz',
      'America/New_York',
      '--outcome',
      'e1=replied',
    ]);
    expect(out).toEqual({
      sequence: 'bounce',
      timeZone: 'America/New_York',
      start: '2026-11-02T10:00:00-05:00',
      steps: [step('e1', 'email', '2026-11-02T10:00:00-05:00')],
      end: { status: 'exited', reason: 'replied', at: '2026-11-02T10:00:00-05:00' },
    });
  });

  it('a condition on a field nobody supplied waits for an answer; --field decides it', async () => {
    const waiting = await json([
      '--sequence',
      'graded',
      '--start',
      '2026-03-02T08:00:00Z',
      '--tz',
      'UTC',
      '--outcome',
      'c1=connected',
    ]);
    expect(waiting).toEqual({
      sequence: 'graded',
      timeZone: 'UTC',
      start: '2026-03-02T08:00:00+00:00',
      steps: [
        step('c1', 'call', '2026-03-02T08:00:00+00:00', 'completed', { outcome: 'connected' }),
        step('k1', 'condition', '2026-03-02T08:00:00+00:00', 'needs-answer'),
      ],
      end: { status: 'waiting', reason: 'needs-answer', at: '2026-03-02T08:00:00+00:00' },
    });
    const decided = await json([
      '--sequence',
      'graded',
      '--start',
      '2026-03-02T08:00:00Z',
      '--tz',
      'UTC',
      '--outcome',
      'c1=connected',
      '--field',
      'grade=a',
      '--field',
      'status=qualified',
    ]);
    expect(decided).toEqual({
      sequence: 'graded',
      timeZone: 'UTC',
      start: '2026-03-02T08:00:00+00:00',
      steps: [
        step('c1', 'call', '2026-03-02T08:00:00+00:00', 'completed', { outcome: 'connected' }),
        step('k1', 'condition', '2026-03-02T08:00:00+00:00', 'auto', {
          branch: 'yes',
          decidedBy: 'at-once',
        }),
        step('u1', 'update-field', '2026-03-02T08:00:00+00:00', 'auto'),
        step('t1', 'task', '2026-03-02T08:00:00+00:00'),
      ],
      end: { status: 'completed', reason: null, at: '2026-03-02T08:00:00+00:00' },
    });
    // A call without an outcome counts as no-answer: the empty "no" branch ends the sequence.
    const noAnswer = (await json([
      '--sequence',
      'graded',
      '--start',
      '2026-03-02T08:00:00Z',
      '--tz',
      'UTC',
      '--field',
      'grade=A',
    ])) as { end: unknown };
    expect(noAnswer.end).toEqual({
      status: 'completed',
      reason: null,
      at: '2026-03-02T08:00:00+00:00',
    });
  });

  it('waits keep the wall-clock time across New York fall back, then add elapsed hours', async () => {
    const out = await json([
      '--sequence',
      'dst',
      '--start',
      '2026-10-30T10:00:00-04:00',
      '--tz',
      'America/New_York',
    ]);
    expect(out).toEqual({
      sequence: 'dst',
      timeZone: 'America/New_York',
      start: '2026-10-30T10:00:00-04:00',
      steps: [
        step('t1', 'task', '2026-10-30T10:00:00-04:00'),
        step('w1', 'wait', '2026-10-30T10:00:00-04:00', 'auto'),
        step('t2', 'task', '2026-11-02T12:00:00-05:00'),
      ],
      end: { status: 'completed', reason: null, at: '2026-11-02T12:00:00-05:00' },
    });
  });

  it('counts waits in working hours when the schedule says so', async () => {
    const out = (await json([
      '--sequence',
      'hours',
      '--start',
      '2026-03-23T15:00:00+01:00',
      '--tz',
      'Europe/Berlin',
    ])) as { steps: unknown[] };
    expect(out.steps[2]).toEqual(step('t2', 'task', '2026-03-24T11:00:00+01:00'));
  });

  it('--record decides the version of an A/B step, shown in the row', async () => {
    const start = ['--sequence', 'abtest', '--start', '2026-03-02T08:00:00Z', '--tz', 'UTC'];
    const ok = async (args: string[]): Promise<unknown> => {
      const r = await run([pack, '--json', ...start, ...args]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout);
    };
    // hubspot|lead|301|abtest|ab1 hashes to bucket 5 (< 50): version a.
    const head = { sequence: 'abtest', timeZone: 'UTC', start: '2026-03-02T08:00:00+00:00' };
    expect(await ok(['--record', 'hubspot|lead|301', '--outcome', 'ab1=replied'])).toEqual({
      ...head,
      steps: [
        { ...step('ab1', 'ab-test', '2026-03-02T08:00:00+00:00'), version: 'a' },
        {
          ...step('k1', 'condition', '2026-03-02T08:00:00+00:00', 'auto'),
          branch: 'yes',
          decidedBy: 'event',
        },
        step('y1', 'task', '2026-03-02T08:00:00+00:00'),
      ],
      end: { status: 'completed', reason: null, at: '2026-03-02T08:00:00+00:00' },
    });
    // salesforce|lead|00Q5e00000AbCdE|abtest|ab1 hashes to bucket 63: version b, and without a
    // reply the window closes on the empty "no" branch.
    expect(await ok(['--record', 'salesforce|lead|00Q5e00000AbCdE'])).toEqual({
      ...head,
      steps: [
        { ...step('ab1', 'ab-test', '2026-03-02T08:00:00+00:00'), version: 'b' },
        {
          ...step('k1', 'condition', '2026-03-02T08:00:00+00:00', 'auto'),
          branch: 'no',
          decidedBy: 'window-closed',
        },
      ],
      end: { status: 'completed', reason: null, at: '2026-03-03T08:00:00+00:00' },
    });
    const text = await run([pack, ...start, '--record', 'hubspot|lead|301']);
    expect(text.stdout).toContain('(hubspot|lead|301)');
    expect(text.stdout).toMatch(/ab1\s+ab-test\s+completed {2}\(version A\)/);
    for (const bad of ['hubspot|deal|301', 'hubspot|lead|', 'hubspot', 'hubspot|contact|301']) {
      const r = await run([pack, ...start, '--record', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain('--record');
    }
  });

  it('prints a readable timeline without --json, with the branch and why', async () => {
    const r = await run([
      pack,
      '--sequence',
      'outreach',
      '--start',
      '2026-03-27T16:30:00+01:00',
      '--tz',
      'Europe/Berlin',
      '--outcome',
      'e1=opened',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      '2026-03-29T16:30:00+02:00  k1    condition         auto       no: Did the customer reply to “e1”? (the waiting window ran out)',
    );
    expect(r.stdout).toContain('Ended moved to “nurture” at 2026-04-01T16:30:00+02:00');
  });

  it('shows a call outcome and a yes branch decided by the record fields', async () => {
    const r = await run([
      pack,
      '--sequence',
      'graded',
      '--start',
      '2026-03-02T08:00:00Z',
      '--tz',
      'UTC',
      '--outcome',
      'c1=connected',
      '--field',
      'grade=B',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('c1    call          completed  outcome: connected');
    expect(r.stdout).toContain(
      'k1    condition     auto       yes: Was the call “c1” connected, and is Grade one of “A” or “B”? (decided when reached)',
    );
  });

  it('names the field a waiting condition needs', async () => {
    const r = await run([pack, '--sequence', 'graded', '--outcome', 'c1=connected']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(
      'Stopped waiting at 2026-03-02T08:00:00+00:00: condition k1 asks “Was the call “c1” connected, and is Grade one of “A” or “B”?”; decide it with --field grade=<value>',
    );
  });

  it('starts now, in the machine’s time zone, when --start and --tz are not given', async () => {
    const now = Date.parse('2026-03-27T15:30:00Z');
    const r = await run([pack, '--sequence', 'dst', '--json'], { now, timeZone: 'Europe/Berlin' });
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { timeZone: string; start: string; steps: unknown[] };
    expect(out.timeZone).toBe('Europe/Berlin');
    expect(out.start).toBe('2026-03-27T16:30:00+01:00');
    expect(out.steps[0]).toEqual(step('t1', 'task', '2026-03-27T16:30:00+01:00'));
    // A wall-clock --start is read in the machine's zone too.
    const local = await run([pack, '--sequence', 'dst', '--start', '2026-03-30T09:00', '--json'], {
      timeZone: 'America/New_York',
    });
    expect((JSON.parse(local.stdout) as { start: string }).start).toBe('2026-03-30T09:00:00-04:00');
  });

  it('needs no --sequence for a pack with one sequence', async () => {
    const single = join(dir, 'single.json');
    await writeFile(single, JSON.stringify({ ...PACK, sequences: [PACK.sequences[4]] }));
    const r = await run([single, '--json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { sequence: string }).sequence).toBe('dst');
  });

  it('lists the sequences when --sequence is missing or unknown', async () => {
    const list = [
      '  outreach  Outreach (lead)',
      '  nurture   Nurture (lead)',
      '  bounce    Stop on reply (lead)',
      '  graded    By grade (lead)',
      '  dst       Across DST (contact)',
      '  abtest    Two intros (lead)',
      '  hours     Working hours (lead)',
    ].join('\n');
    const missing = await run([pack]);
    expect(missing).toEqual({
      code: 2,
      stdout: '',
      stderr: `upnext simulate: missing --sequence; ${pack} has 7 sequences:\n${list}\ne.g. upnext simulate ${pack} --sequence outreach\n`,
    });
    const typo = await run([pack, '--sequence', 'outrech']);
    expect(typo).toEqual({
      code: 1,
      stdout: '',
      stderr: `${pack}: no sequence 'outrech' (did you mean 'outreach'?); this pack has:\n${list}\n`,
    });
  });

  it('exit 1 on an invalid pack (file:line:col: path: message)', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{\n  "format": "upnext/v1",\n  "sequences": [],\n  "oops": 1\n}\n');
    const r = await run([bad, '--sequence', 'x', '--start', '2026-03-02T08:00:00Z', '--tz', 'UTC']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `, 'm'),
    );
    expect(r.stdout).toBe('');
  });

  it('exit 2 on usage errors, naming the valid choices', async () => {
    const cases: [string[], string][] = [
      [[pack, '--sequence', 'outreach', '--start'], '--start needs a value'],
      [
        [pack, '--sequence', 'outreach', '--start', 'yesterday'],
        "--start 'yesterday' is not an ISO 8601 instant (e.g. 2026-03-30T09:00:00+02:00)",
      ],
      [
        [pack, '--sequence', 'outreach', '--tz', 'Mars/Base'],
        "--tz 'Mars/Base' is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC)",
      ],
      [
        [pack, '--sequence', 'outreach', '--tz', 'berlin'],
        "--tz 'berlin' is not an IANA time zone (did you mean Europe/Berlin?)",
      ],
      [
        [pack, '--sequence', 'outreach', '--outcome', 'e1=maybe'],
        '--outcome e1=maybe: an email event is one of replied, opened, link-clicked',
      ],
      [
        [pack, '--sequence', 'outreach', '--outcome', 'c1=busy'],
        '--outcome c1=busy: a call outcome is one of connected, voicemail, no-answer, wrong-number',
      ],
      [
        [pack, '--sequence', 'outreach', '--outcome', 'x9=connected'],
        "--outcome x9=connected: sequence 'outreach' has no step 'x9'; steps that take an outcome: e1 (email), c1 (call)",
      ],
      [
        [pack, '--sequence', 'outreach', '--outcome', 'w1=connected'],
        "--outcome w1=connected: step 'w1' is a wait step; steps that take an outcome: e1 (email), c1 (call)",
      ],
      [
        [pack, '--sequence', 'outreach', '--bogus'],
        "unknown option '--bogus'; the options are --sequence, --start, --tz, --record, --outcome, --field, --json, --help",
      ],
      [
        [pack, '--sequnce', 'outreach'],
        "unknown option '--sequnce' (did you mean '--sequence'?); the options are --sequence, --start, --tz, --record, --outcome, --field, --json, --help",
      ],
    ];
    for (const [args, message] of cases) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.split('\n')[0]).toBe(`upnext simulate: ${message}`);
    }
  });

  it('has a help whose example runs on the sample pack', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    const lines = help.stdout.split('\n');
    const example = lines.findIndex((line) => line === 'Example:');
    expect(lines[example + 1]?.trim()).toBe('upnext example > pack.json');
    const command = lines[example + 2]?.trim().split(/\s+/) ?? [];
    expect(command.slice(0, 3)).toEqual(['upnext', 'simulate', 'pack.json']);
    const sample = join(dir, 'sample.json');
    const printed = await runCli(['example']);
    await writeFile(sample, printed.stdout);
    const r = await run([sample, ...command.slice(3)]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('first-call');
    expect(r.stdout).toContain('outcome: connected');
  });
});
