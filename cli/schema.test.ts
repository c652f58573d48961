import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'node',
      ['bin/upnext.mjs', 'schema', ...args],
      { cwd: root },
      (error, stdout, stderr) => {
        resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr });
      },
    );
  });
}

describe('upnext schema', { timeout: 30_000 }, () => {
  it('prints the committed JSON Schema', async () => {
    const result = await run();
    expect(result.code).toBe(0);
    expect(
      result.stdout === readFileSync(`${root}docs/sequence-pack.schema.json`, 'utf8'),
      'docs/sequence-pack.schema.json is out of date; regenerate it with: npx upnext schema > docs/sequence-pack.schema.json',
    ).toBe(true);
    expect(JSON.parse(result.stdout)).toMatchObject({ title: 'Upnext sequence pack (upnext/v1)' });
  });

  it('rejects arguments', async () => {
    const result = await run('extra');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('takes no arguments');
  });
});
