// Mozilla's addons-linter on the Firefox (MV3) build: no errors and no warnings. The build is
// made here so the check always sees current code.
import { spawnSync } from 'node:child_process';

const build = spawnSync('npx', ['wxt', 'build', '-b', 'firefox', '--mv3'], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const lint = spawnSync(
  'npx',
  ['addons-linter', '--output', 'json', '--boring', '.output/firefox-mv3'],
  { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
);
let report;
try {
  report = JSON.parse(lint.stdout);
} catch {
  console.error(lint.stdout, lint.stderr);
  console.error('lint:firefox: addons-linter did not produce a report');
  process.exit(1);
}

const findings = [...report.errors, ...report.warnings];
for (const item of findings) {
  console.log(
    `${item._type}: ${item.code} ${item.file ?? ''}${item.line ? `:${item.line}` : ''} ${item.message}`,
  );
}
console.log(
  `addons-linter: ${report.summary.errors} errors, ${report.summary.warnings} warnings, ${report.summary.notices} notices`,
);
process.exit(findings.length > 0 ? 1 : 0);
