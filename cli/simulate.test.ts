/** `upnext simulate` through a real child process, as a manager would run it. */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from './run-in-process';
import { runSimulate } from './simulate';

const BIN = join(import.meta.dirname, '..', 'bin', 'upnext.mjs');
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

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, 'simulate', ...args],
      { timeout: 30_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : 99;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** Runs the command in this process (no child process: quick on a busy machine). */
const inProcess = (args: string[]) => runInProcess(runSimulate, args);

async function json(args: string[]): Promise<unknown> {
  const r = await run([pack, '--json', ...args]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

const step = (id: string, type: string, dueAt: string, result = 'completed') => ({
  id,
  type,
  dueAt,
  result,
});

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
      steps: [
        step('e1', 'email', '2026-03-27T16:30:00+01:00'),
        step('w1', 'wait', '2026-03-27T16:30:00+01:00', 'auto'),
        // Two calendar days later at the same wall-clock time, across the DST change.
        step('k1', 'condition', '2026-03-29T16:30:00+02:00', 'auto'),
        // Reached on Sunday: due at the next working slot.
        step('c1', 'call', '2026-03-30T09:00:00+02:00'),
      ],
      end: { status: 'completed', reason: null, at: '2026-03-30T09:00:00+02:00' },
    });
  });

  it('without a reply the window runs out: no branch, then moved', async () => {
    const out = await json([
      '--sequence',
      'outreach',
      '--start',
      '2026-03-27T16:30:00+01:00',
      '--tz',
      'Europe/Berlin',
    ]);
    expect(out).toEqual({
      steps: [
        step('e1', 'email', '2026-03-27T16:30:00+01:00'),
        step('w1', 'wait', '2026-03-27T16:30:00+01:00', 'auto'),
        step('k1', 'condition', '2026-03-29T16:30:00+02:00', 'auto'),
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
      steps: [
        step('c1', 'call', '2026-03-02T08:00:00+00:00'),
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
      steps: [
        step('c1', 'call', '2026-03-02T08:00:00+00:00'),
        step('k1', 'condition', '2026-03-02T08:00:00+00:00', 'auto'),
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
      const r = await inProcess([pack, '--json', ...start, ...args]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      return JSON.parse(r.stdout);
    };
    // hubspot|lead|301|abtest|ab1 hashes to bucket 5 (< 50): version a.
    expect(await ok(['--record', 'hubspot|lead|301', '--outcome', 'ab1=replied'])).toEqual({
      steps: [
        { ...step('ab1', 'ab-test', '2026-03-02T08:00:00+00:00'), version: 'a' },
        step('k1', 'condition', '2026-03-02T08:00:00+00:00', 'auto'),
        step('y1', 'task', '2026-03-02T08:00:00+00:00'),
      ],
      end: { status: 'completed', reason: null, at: '2026-03-02T08:00:00+00:00' },
    });
    // salesforce|lead|00Q5e00000AbCdE|abtest|ab1 hashes to bucket 63: version b, and without a
    // reply the window closes on the empty "no" branch.
    expect(await ok(['--record', 'salesforce|lead|00Q5e00000AbCdE'])).toEqual({
      steps: [
        { ...step('ab1', 'ab-test', '2026-03-02T08:00:00+00:00'), version: 'b' },
        step('k1', 'condition', '2026-03-02T08:00:00+00:00', 'auto'),
      ],
      end: { status: 'completed', reason: null, at: '2026-03-03T08:00:00+00:00' },
    });
    const text = await inProcess([pack, ...start, '--record', 'hubspot|lead|301']);
    expect(text.stdout).toContain('(hubspot|lead|301)');
    expect(text.stdout).toMatch(/ab1\s+ab-test\s+completed {2}\(version A\)/);
    for (const bad of ['hubspot|deal|301', 'hubspot|lead|', 'hubspot', 'hubspot|contact|301']) {
      const r = await inProcess([pack, ...start, '--record', bad]);
      expect(r.code, bad).toBe(2);
      expect(r.stderr).toContain('--record');
    }
  });

  it('prints a readable timeline without --json', async () => {
    const r = await run([
      pack,
      '--sequence',
      'outreach',
      '--start',
      '2026-03-27T16:30:00+01:00',
      '--tz',
      'Europe/Berlin',
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('2026-03-29T16:30:00+02:00  k1    condition         auto');
    expect(r.stdout).toContain('Ended moved to “nurture” at 2026-04-01T16:30:00+02:00');
  });

  it('exit 1 on an invalid pack (file:line:col: path: message) or an unknown sequence', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{\n  "format": "upnext/v1",\n  "sequences": [],\n  "oops": 1\n}\n');
    const r = await run([bad, '--sequence', 'x', '--start', '2026-03-02T08:00:00Z', '--tz', 'UTC']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(
      new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: `, 'm'),
    );
    const unknown = await run([
      pack,
      '--sequence',
      'nope',
      '--start',
      '2026-03-02T08:00:00Z',
      '--tz',
      'UTC',
    ]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("no sequence 'nope'");
  });

  it('exit 2 on usage errors', async () => {
    for (const args of [
      [pack, '--sequence', 'outreach', '--tz', 'UTC'],
      [pack, '--sequence', 'outreach', '--start', 'yesterday', '--tz', 'UTC'],
      [pack, '--sequence', 'outreach', '--start', '2026-03-02T08:00:00Z', '--tz', 'Mars/Base'],
      [
        pack,
        '--sequence',
        'outreach',
        '--start',
        '2026-03-02T08:00:00Z',
        '--tz',
        'UTC',
        '--outcome',
        'e1=maybe',
      ],
      [pack, '--sequence', 'outreach', '--start', '2026-03-02T08:00:00Z', '--tz', 'UTC', '--bogus'],
    ]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('upnext simulate:');
    }
  });
});
