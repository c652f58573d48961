/**
 * content-script-gzip: what every CRM page downloads and parses: the scripts and styles the
 * manifest declares for CRM pages (crm.content: detection, field capture, navigation).
 * panel-script-gzip: the Up next UI with its styles, which the background injects only into tabs
 * where a record page was found: what is parsed before the panel's first paint. Its extras
 * (panel-extras.js) come later and are named in the row's note.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

import { EXTENSION_PATH } from '../tests/e2e/support/extension';
import { summarize, type MetricResult } from './stats';

function gzipSizes(files: string[]): MetricResult {
  if (files.length === 0) throw new Error('no files to measure');
  let gz = 0;
  let raw = 0;
  const parts: string[] = [];
  for (const name of files) {
    const bytes = readFileSync(join(EXTENSION_PATH, name));
    const size = gzipSync(bytes, { level: 9 }).length;
    raw += bytes.length;
    gz += size;
    parts.push(`${name} ${bytes.length} B raw / ${size} B gzip`);
  }
  // Deterministic: one "run".
  return summarize([gz], 'bytes', `${parts.join('; ')}; total raw ${raw} B (gzip -9, per file)`);
}

export function contentScriptGzip(): MetricResult {
  const manifest = JSON.parse(readFileSync(join(EXTENSION_PATH, 'manifest.json'), 'utf8')) as {
    content_scripts?: { js?: string[]; css?: string[] }[];
  };
  const files = new Set(
    (manifest.content_scripts ?? []).flatMap((script) => [
      ...(script.js ?? []),
      ...(script.css ?? []),
    ]),
  );
  return gzipSizes([...files]);
}

export function panelScriptGzip(): MetricResult {
  // The panel's styles ship inside panel.js (entrypoints/panel.content/shadow-host.ts); a
  // stylesheet next to it would be fetched too, so it would count.
  const result = gzipSizes(
    ['content-scripts/panel.js', 'content-scripts/panel.css'].filter((name) =>
      existsSync(join(EXTENSION_PATH, name)),
    ),
  );
  // The extras (menus, forms, the open picker: components/panel/extras.ts) are not parsed before
  // the first paint, only once the seller reaches for the panel; said beside the figure.
  const extras = 'content-scripts/panel-extras.js';
  if (!existsSync(join(EXTENSION_PATH, extras))) throw new Error(`no ${extras} in the build`);
  const extrasGz = gzipSync(readFileSync(join(EXTENSION_PATH, extras)), { level: 9 }).length;
  return {
    ...result,
    note: `${result.note ?? ''}; later, once the seller reaches for the panel: ${extras} ${String(extrasGz)} B gzip`,
  };
}
