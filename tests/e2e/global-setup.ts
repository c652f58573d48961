import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The e2e suite drives the production build. `npm test` builds first; when the e2e project is
 * run on its own and no build exists yet, build it here.
 */
export default function setup(): void {
  const manifest = resolve(import.meta.dirname, '../../.output/chrome-mv3/manifest.json');
  if (!existsSync(manifest)) execFileSync('npx', ['wxt', 'build'], { stdio: 'inherit' });
}
