// `npm test`: unit and integration tests, then the production build, then the end-to-end suite
// in real Chromium. Fails early with one clear line when no browser is installed.
import { spawnSync } from 'node:child_process';

import { findBrowser, INSTALL_HINT } from './find-browser.mjs';

const browser = findBrowser();
if (browser === null) {
  console.error(`npm test: ${INSTALL_HINT}`);
  process.exit(1);
}

const run = (command, args) => {
  const result = spawnSync(command, args, {
    stdio: 'inherit',
    env: { ...process.env, CHROME_PATH: browser },
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
};

run('npx', ['wxt', 'build']);
// Both vitest projects in one run, so the closing summary counts every test.
run('npx', ['vitest', 'run', ...process.argv.slice(2)]);
