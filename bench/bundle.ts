/** content-script-gzip: what every CRM page downloads and parses. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { EXTENSION_PATH } from '../tests/e2e/support/extension';
import { summarize, type MetricResult } from './stats';

export function contentScriptGzip(): MetricResult {
  const dir = join(EXTENSION_PATH, 'content-scripts');
  const files = readdirSync(dir).filter((name) => /\.(js|css)$/.test(name));
  if (files.length === 0) throw new Error(`no content scripts in ${dir}`);
  let gz = 0;
  let raw = 0;
  const parts: string[] = [];
  for (const name of files) {
    const bytes = readFileSync(join(dir, name));
    const size = gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gz += size;
    parts.push(`${name} ${bytes.length} B raw / ${size} B gzip`);
  }
  // Deterministic: one "run".
  return summarize(
    [gz],
    'bytes',
    20_480,
    `${parts.join('; ')}; total raw ${raw} B (gzip -9, per file)`,
  );
}
