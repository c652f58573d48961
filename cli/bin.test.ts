/**
 * The real `upnext` command in a child process (bin/upnext.mjs through tsx), as a manager runs
 * it: exit codes and the two output streams. Everything else runs in-process (cli/test-kit.ts).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/upnext.mjs', import.meta.url));
let dir: string;

function upnext(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
    });
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'upnext-bin-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bin/upnext.mjs', { timeout: 30_000 }, () => {
  it('exits 1 with one line per problem on stdout for an invalid pack', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, '{\n  "format": "upnext/v1",\n}\n');
    expect(await upnext('validate', bad)).toEqual({
      code: 1,
      stdout: `${bad}:2:24: Trailing comma before '}': JSON does not allow a comma after the last item; remove it\n`,
      stderr: '',
    });
  });

  it('exits 2 with the commands on stderr for an unknown command', async () => {
    const result = await upnext('nope');
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'the commands are example, validate, simulate, segments, schema',
    );
  });
});
