import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

import { runCli } from './test-kit';

const root = fileURLToPath(new URL('..', import.meta.url));
const fixtures = join(root, 'tests/fixtures/convert');
const dir = mkdtempSync(join(tmpdir(), 'upnext-convert-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function run(...args: string[]): ReturnType<typeof runCli> {
  return runCli(args);
}

describe('upnext convert', () => {
  it('writes the pack to stdout and what did not carry over to stderr; the pack validates', async () => {
    const input = join(fixtures, 'hubspot-v4.json');
    const result = await run('convert', input);
    expect(result.code).toBe(0);
    const pack = JSON.parse(result.stdout) as { format: string; sequences: { id: string }[] };
    expect(pack.format).toBe('upnext/v1');
    expect(pack.sequences.map((sequence) => sequence.id)).toEqual(['hubspot-88001234']);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(15);
    expect(lines[0]).toBe(
      `${input}: sequence "Trial sign-up nurture", at steps[5].actionType: The sequence finishes here; the step after it never ran in HubSpot and was not carried over`,
    );
    expect(lines).toContain(
      `${input}: sequence "Trial sign-up nurture", step call-1, at steps[1].taskPattern.queueId: Task queue 14 is not carried over`,
    );
    expect(lines.at(-1)).toBe(
      `${input}: recognised HubSpot sequence (automation API v4): converted 1 sequence with 9 steps for contacts (--entity to change); 14 things did not carry over exactly (above)`,
    );

    const out = join(dir, 'from-stdout.json');
    writeFileSync(out, result.stdout);
    expect(await run('validate', out)).toEqual({
      code: 0,
      stdout: `${out}: ok, 1 sequence, 9 steps\n`,
      stderr: '',
    });
  });

  it('writes --out, takes --from and --entity, and says how to check the file', async () => {
    const out = join(dir, 'lemlist.json');
    const result = await run(
      'convert',
      join(fixtures, 'lemlist-sequences.json'),
      '--from',
      'lemlist',
      '--entity',
      'opportunity',
      '--out',
      out,
    );
    expect(result.code).toBe(0);
    const pack = JSON.parse(readFileSync(out, 'utf8')) as { sequences: { entity: string }[] };
    expect(pack.sequences[0]?.entity).toBe('opportunity');
    // stdout is free: the summary goes there, what did not carry over stays on stderr.
    const input = join(fixtures, 'lemlist-sequences.json');
    const warnings = result.stderr.trimEnd().split('\n');
    expect(warnings.length).toBeGreaterThan(0);
    for (const line of warnings) expect(line.startsWith(`${input}: `), line).toBe(true);
    expect(result.stdout).toBe(
      `${input}: recognised lemlist campaign sequences: converted 1 sequence with 17 steps for opportunities; ${warnings.length} things did not carry over exactly (on stderr)\n` +
        `Wrote ${out}; check it with: upnext validate ${out}\n`,
    );
    expect((await run('validate', out)).code).toBe(0);
  });

  it.each(readdirSync(fixtures).filter((name) => name.endsWith('.json')))(
    'round trip: %s converts to a pack that upnext validate accepts',
    async (name) => {
      const out = join(dir, `round-trip-${name}`);
      const result = await run('convert', join(fixtures, name), '--out', out);
      expect(result.code, result.stderr).toBe(0);
      const converted = /converted (\d+) sequences? with (\d+) steps?/.exec(result.stdout);
      expect(converted).not.toBeNull();
      const [, sequences = '', steps = ''] = converted ?? [];
      expect(await run('validate', out)).toEqual({
        code: 0,
        stdout: `${out}: ok, ${sequences} sequence${sequences === '1' ? '' : 's'}, ${steps} steps\n`,
        stderr: '',
      });
    },
  );

  it('exits 1 with one line when the file is not a sequence definition', async () => {
    const prospect = join(dir, 'prospect.json');
    writeFileSync(
      prospect,
      JSON.stringify({ data: { type: 'prospect', id: 3, attributes: { firstName: 'Ana' } } }),
    );
    const result = await run('convert', prospect);
    expect(result).toEqual({
      code: 1,
      stdout: '',
      stderr: `${prospect}: This is an Outreach prospect, not a sequence definition; export the sequence: GET /api/v2/sequences/{id}?include=sequenceSteps.sequenceTemplates.template\n`,
    });
  });

  it('exits 1 when --from names another tool than the file', async () => {
    const input = join(fixtures, 'apollo-emailer-campaign.json');
    const result = await run('convert', input, '--from', 'outreach');
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(
      `${input}: This does not look like an Outreach sequence export; it looks like an export from Apollo (use --from apollo, or leave --from out)\n`,
    );
  });

  it.each([
    [[], 'upnext convert: no file given'],
    [['a.json', 'b.json'], 'upnext convert: give one file at a time'],
    [
      ['a.json', '--from', 'pipedrive'],
      "upnext convert: unknown tool 'pipedrive' for --from; use one of outreach, salesloft, hubspot, apollo, replyio, lemlist",
    ],
    [
      ['a.json', '--entity', 'deal'],
      "upnext convert: unknown record type 'deal' for --entity; use one of lead, contact, account, opportunity",
    ],
    [['a.json', '--bogus'], "upnext convert: Unknown option '--bogus'"],
    [
      ['a.json', '--out', 'a.json'],
      'upnext convert: --out would overwrite the file being converted',
    ],
  ])('exits 2 on usage errors: %j', async (args, message) => {
    const result = await run('convert', ...args);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')[0]).toBe(message);
    expect(result.stderr).toContain('Usage: upnext convert <file>');
  });

  it('exits 2 when the file cannot be read', async () => {
    const missing = join(dir, 'missing.json');
    expect(await run('convert', missing)).toEqual({
      code: 2,
      stdout: '',
      stderr: `${missing}: cannot read: no such file\n`,
    });
  });

  it('exits 1 when the file is not text', async () => {
    const binary = join(dir, 'export.xlsx');
    writeFileSync(binary, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0xff, 0xfe, 0x00]));
    expect(await run('convert', binary)).toEqual({
      code: 1,
      stdout: '',
      stderr: `${binary}: The file is not UTF-8 text: byte 4 (0xFF) is not valid UTF-8; export the sequence as JSON\n`,
    });
  });

  it('exits 1 when the file is not JSON', async () => {
    const csv = join(dir, 'sequences.csv');
    writeFileSync(csv, 'name,steps\nInbound,3\n');
    const result = await run('convert', csv);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.split('\n')).toHaveLength(2);
    expect(result.stderr).toMatch(new RegExp(`^${csv.replaceAll('.', '\\.')}: .*JSON`));
  });

  it('is listed in the overview with its options in its help', async () => {
    const overview = await run('help');
    expect(overview.stdout).toMatch(/^ {2}convert <file> +turn another tool's sequence export/m);
    const help = await run('help', 'convert');
    expect(help.code).toBe(0);
    for (const option of ['--from outreach', '--entity contact', '--out pack.json'])
      expect(help.stdout).toContain(option);
  });
});
