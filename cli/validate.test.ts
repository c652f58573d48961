import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

import { runCli, type CliRun } from './test-kit';

const root = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'upnext-validate-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** `upnext validate …`, in-process (cli/bin.test.ts runs the real command once). */
function run(...args: string[]): Promise<CliRun> {
  return runCli(['validate', ...args]);
}

const builtIn = readFileSync(join(root, 'lib/sequence/templates/built-in-pack.json'), 'utf8');
const valid = file('valid.json', builtIn);
const invalid = file(
  'invalid.json',
  `{
  "format": "upnext/v1",
  "sequences": [
    { "id": "s", "name": "S", "entity": "lead", "exitOnReplly": true,
      "steps": [{ "id": "e", "type": "email" }, { "id": "w2", "type": "wait", "days": 45 }, { "id": "t", "type": "task" }] }
  ]
}
`,
);

describe('upnext validate', () => {
  it('prints a summary and exits 0 for a valid pack', async () => {
    const result = await run(valid);
    expect(result).toEqual({
      code: 0,
      stdout: `${valid}: ok, 6 sequences, 59 steps\n`,
      stderr: '',
    });
  });

  it('prints one line per problem and exits 1 for an invalid pack', async () => {
    const result = await run(invalid, valid);
    expect(result.code).toBe(1);
    expect(result.stdout.split('\n')).toEqual([
      `${invalid}:4:49: sequences[0].exitOnReplly: Unknown key 'exitOnReplly' in sequence 's' (did you mean 'exitOnReply'?)`,
      `${invalid}:5:87: sequences[0].steps[1].days: Step 'w2' waits 45 days; the longest wait is 30 days`,
      `${valid}: ok, 6 sequences, 59 steps`,
      '',
    ]);
  });

  it('reports JSON syntax errors with line and column', async () => {
    const result = await run(file('comma.json', '{\n  "format": "upnext/v1",\n}\n'));
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/comma\.json:2:24: Trailing comma before '\}'/);
  });

  it('reports whole-file problems without line and column', async () => {
    const path = file('binary.json', Buffer.from([0xff, 0xfe, 0x00, 0x81, 0x00, 0xc3]));
    const result = await run(path);
    expect(result).toEqual({
      code: 1,
      stdout: `${path}: The file is not UTF-8 text: byte 0 (0xFF) is not valid UTF-8 (is it a JSON sequence pack?)\n`,
      stderr: '',
    });
  });

  it('says where the text stops being UTF-8: the byte offset of the first bad byte', async () => {
    // "é" is 2 bytes in UTF-8; then a Latin-1 "é" (0xE9) at byte 12, which starts no UTF-8 text.
    const text = Buffer.concat([
      Buffer.from('{"name":"Ré', 'utf8'),
      Buffer.from([0xe9, 0x22, 0x7d]),
    ]);
    const path = file('latin1.json', text);
    const result = await run(path);
    expect(result.stdout).toBe(
      `${path}: The file is not UTF-8 text: byte 12 (0xE9) is not valid UTF-8 (is it a JSON sequence pack?)\n`,
    );
  });

  it('handles garbage text, huge files and future formats without a stack trace', async () => {
    const garbage = file('garbage.json', 'x\u0001\u0002{{{[[["');
    const huge = file(
      'huge.json',
      `{"format":"upnext/v1","sequences":[],"x":"${'a'.repeat(5 * 1024 * 1024)}"}`,
    );
    const future = file('v2.json', '{"format": "upnext/v2", "sequences": []}');
    const result = await run(garbage, huge, future);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('');
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/garbage\.json:1:1: /);
    expect(lines).toContain(
      `${huge}: The file is 5.0 MiB; a pack can be at most 5 MiB (split it into several packs)`,
    );
    expect(lines).toContain(
      `${future}:1:12: format: This file is in format 'upnext/v2', which this version of Upnext cannot read; it reads: upnext/v1`,
    );
    expect(result.stdout).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('exits 2 for missing files and directories', async () => {
    const missing = join(dir, 'missing.json');
    const result = await run(valid, missing, dir);
    expect(result.code).toBe(2);
    expect(result.stdout.split('\n')).toEqual([
      `${valid}: ok, 6 sequences, 59 steps`,
      `${missing}: cannot read: no such file`,
      `${dir}: cannot read: is a directory`,
      '',
    ]);
  });

  it('exits 2 on usage errors', async () => {
    const none = await run();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Usage: upnext validate <file>...');
    const option = await run('--strict', valid);
    expect(option.code).toBe(2);
    expect(option.stderr).toContain("unknown option '--strict'; the only option is --help");
  });
});
