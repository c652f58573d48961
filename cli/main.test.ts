/** The `upnext` entry: overview, version, help per command, unknown commands, the sample pack. */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { runCli } from './test-kit';

const COMMANDS = ['example', 'validate', 'simulate', 'segments', 'schema', 'convert'];
let dir: string;

/** What `convert`'s example reads: a small Outreach sequence export that carries over fully. */
function outreachExport(): object {
  const step = (id: number, order: number, stepType: string, interval: number, note: string) => ({
    type: 'sequenceStep',
    id,
    attributes: { order, stepType, interval, taskNote: note },
    relationships: { sequence: { data: { type: 'sequence', id: 501 } } },
  });
  return {
    data: { type: 'sequence', id: 501, attributes: { name: 'Webinar follow-up' } },
    included: [
      step(1, 1, 'call', 0, 'Thank them for attending'),
      step(2, 2, 'task', 172_800, 'Send the recording'),
    ],
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'upnext-main-'));
  await writeFile(join(dir, 'outreach-sequence.json'), JSON.stringify(outreachExport()));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs one `upnext …` line from the overview, honouring a trailing `> file`. */
async function runLine(line: string): Promise<{ code: number; stderr: string }> {
  const [command = '', target] = line.split(' > ') as [string?, string?];
  const words = command.trim().split(/\s+/).slice(1);
  const args = words.map((word) => (word.endsWith('.json') ? join(dir, word) : word));
  const result = await runCli(args);
  if (target !== undefined) await writeFile(join(dir, target.trim()), result.stdout);
  return result;
}

describe('upnext', () => {
  it('without arguments shows every command with an example, and each example works', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const lines = result.stdout.split('\n');
    const examples = lines
      .filter((line) => line.trim().startsWith('e.g. upnext '))
      .map((line) => line.trim().slice('e.g. '.length));
    // Every command has an example, in the overview's order (a command's setup lines may run
    // an earlier command, such as `upnext example records > records.json`).
    expect([...new Set(examples.map((line) => line.split(' ')[1]))]).toEqual(COMMANDS);
    for (const command of COMMANDS)
      expect(lines.some((line) => line.startsWith(`  ${command} `))).toBe(true);
    expect(result.stdout).toContain('upnext example > pack.json');
    // In order: the first example writes the pack the others read.
    for (const example of examples) {
      const run = await runLine(example);
      expect(run.stderr, example).toBe('');
      expect(run.code, example).toBe(0);
    }
    expect(await runCli(['--help'])).toEqual(result);
    expect(await runCli(['help'])).toEqual(result);
  });

  it('prints the version from package.json', async () => {
    const { version } = JSON.parse(
      await readFile(new URL('../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    expect(await runCli(['--version'])).toEqual({
      code: 0,
      stdout: `upnext ${version}\n`,
      stderr: '',
    });
  });

  it('shows a command’s help', async () => {
    for (const command of COMMANDS) {
      const result = await runCli(['help', command]);
      expect(result.code, command).toBe(0);
      expect(result.stdout, command).toMatch(new RegExp(`^Usage: upnext ${command}`));
      expect(await runCli([command, '--help'])).toEqual(result);
    }
  });

  it('names the commands when one is unknown', async () => {
    expect(await runCli(['simualte', 'pack.json'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "upnext: unknown command 'simualte' (did you mean 'simulate'?); the commands are example, validate, simulate, segments, schema, convert\nRun 'upnext' for examples.\n",
    });
    expect((await runCli(['help', 'nope'])).stderr).toContain(
      "unknown command 'nope'; the commands are example, validate, simulate, segments, schema, convert",
    );
    expect((await runCli(['toString'])).code).toBe(2);
  });

  it('example prints the built-in pack, which validates', async () => {
    const result = await runCli(['example']);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      await readFile(
        new URL('../lib/sequence/templates/built-in-pack.json', import.meta.url),
        'utf8',
      ),
    );
    const file = join(dir, 'example.json');
    await writeFile(file, result.stdout);
    expect(await runCli(['validate', file])).toEqual({
      code: 0,
      stdout: `${file}: ok, 6 sequences, 59 steps\n`,
      stderr: '',
    });
    expect((await runCli(['example', 'extra'])).code).toBe(2);
    expect((await runCli(['example', 'pack'])).stdout).toBe(result.stdout);
  });

  it('example segments and records feed upnext segments', async () => {
    const pack = join(dir, 'segments.json');
    const records = join(dir, 'records.json');
    const segments = await runCli(['example', 'segments']);
    expect(segments.code).toBe(0);
    await writeFile(pack, segments.stdout);
    await writeFile(records, (await runCli(['example', 'records'])).stdout);
    expect(await runCli(['validate', pack])).toEqual({
      code: 0,
      stdout: `${pack}: ok, 6 sequences, 59 steps, 2 segments\n`,
      stderr: '',
    });
    const rows = JSON.parse((await runCli(['segments', pack, records, '--json'])).stdout) as {
      segment: string | null;
    }[];
    // A VP who came from a webinar: the higher-priority VP segment wins; a webinar sign-up;
    // a record neither segment wants.
    expect(rows.map((row) => row.segment)).toEqual(['vp-leads', 'webinar-leads', null]);
  });
});
