// `npm test`: unit and integration tests, then the production build, then the end-to-end suite
// in real Chromium. Fails early with one clear line when no browser (or, on Linux, no Xvfb) is
// installed.
import { spawnSync } from 'node:child_process';

import { locateBrowser } from './find-browser.mjs';

const found = locateBrowser();
if ('problem' in found) {
  console.error(`npm test: ${found.problem}`);
  process.exit(1);
}
const browser = found.path;
// tests/e2e/start.test.ts runs `npm start` with a display: a virtual one, from Xvfb.
if (process.platform === 'linux' && spawnSync('sh', ['-c', 'command -v Xvfb']).status !== 0) {
  console.error(
    'npm test: Xvfb not found: install it (Debian/Ubuntu: `sudo apt-get install xvfb`); the test of `npm start` with a display runs Chromium on it.',
  );
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
