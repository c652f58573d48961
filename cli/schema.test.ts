import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import { runCli, type CliRun } from './test-kit';

const root = fileURLToPath(new URL('..', import.meta.url));

function run(...args: string[]): Promise<CliRun> {
  return runCli(['schema', ...args]);
}

describe('upnext schema', () => {
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
