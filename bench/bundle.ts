/**
 * content-script-gzip: what every CRM page downloads and parses: the scripts and styles the
 * manifest declares for CRM pages (crm.content: detection, field capture, navigation).
 * panel-script-gzip: the Up next UI with its styles: the panel's page (`panel-frame.html`, shown in
 * an iframe once a record page was found) and what it loads before the panel's first paint. Its
 * extras (panel-extras.js) come later and are named in the row's note.
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

/**
 * The files `panel-frame.html` loads before the panel's first paint: the page itself, its module
 * script, the chunks Vite preloads for it (its static imports) and its stylesheets, in the order
 * the page names them. A file the page names that is not in the build fails the run.
 */
function panelPageFiles(): string[] {
  const page = 'panel-frame.html';
  const html = readFileSync(join(EXTENSION_PATH, page), 'utf8');
  const named = [...html.matchAll(/<(?:script|link)\b[^>]*\b(?:src|href)="\/([^"]+)"/g)].map(
    (match) => match[1] ?? '',
  );
  if (!named.some((name) => name.endsWith('.js'))) throw new Error(`no script in ${page}`);
  for (const name of named)
    if (!existsSync(join(EXTENSION_PATH, name)))
      throw new Error(`${page} names ${name}, not built`);
  return [page, ...named];
}

export function panelScriptGzip(): MetricResult {
  // The panel's page runs in its iframe, in the extension's process (docs/architecture.md, "The
  // panel frame"): these bytes no longer cost the CRM page, but the panel's first paint still
  // waits for them to be read and parsed, so they count.
  const result = gzipSizes(panelPageFiles());
  // The extras (menus, forms, the open picker: components/panel/extras.ts) are imported only
  // once the seller reaches for the panel; said beside the figure.
  const extras = 'panel-extras.js';
  if (!existsSync(join(EXTENSION_PATH, extras))) throw new Error(`no ${extras} in the build`);
  const extrasGz = gzipSync(readFileSync(join(EXTENSION_PATH, extras)), { level: 9 }).length;
  return {
    ...result,
    note: `${result.note ?? ''}; later, once the seller reaches for the panel: ${extras} ${String(extrasGz)} B gzip`,
  };
}
