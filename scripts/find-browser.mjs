// Finds a Chromium-family browser for the e2e tests, the demo and the benchmark:
// CHROME_PATH first, then the system Chromium, then an installed Chrome or Edge.
import { accessSync, constants, statSync } from 'node:fs';

const CANDIDATES = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/lib/chromium/chromium',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/usr/bin/microsoft-edge',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
];

export const INSTALL_HINT =
  'No Chromium or Chrome found: install one (Debian/Ubuntu: `sudo apt-get install chromium`) or set CHROME_PATH to its executable.';

/** @param {string} path @returns {string | null} why `path` cannot be the browser, or null */
function executableProblem(path) {
  let info;
  try {
    info = statSync(path);
  } catch {
    return 'there is no file there';
  }
  if (info.isDirectory()) return 'that is a folder, not the browser executable';
  try {
    accessSync(path, constants.X_OK);
  } catch {
    return 'that file is not executable';
  }
  return null;
}

/**
 * The browser to use, or why there is none. A CHROME_PATH that does not point to an executable
 * is an error that names the path (it is never silently replaced by another browser).
 * @returns {{ path: string } | { problem: string }}
 */
export function locateBrowser() {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    const problem = executableProblem(fromEnv);
    return problem === null
      ? { path: fromEnv }
      : {
          problem: `CHROME_PATH is set to ${JSON.stringify(fromEnv)}, but ${problem}. Point it at a Chromium or Chrome executable (for example /usr/bin/chromium), or unset it to use the one installed on this machine.`,
        };
  }
  const path = CANDIDATES.find((candidate) => executableProblem(candidate) === null);
  return path === undefined ? { problem: INSTALL_HINT } : { path };
}
