import preact from '@preact/preset-vite';
import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

// Two projects: `unit` (pure code in Node, UI and wiring in happy-dom with a fake `browser`) and
// `e2e` (the built extension in real Chromium, driven by puppeteer-core). `npm test` runs both.
export default defineConfig({
  test: {
    reporters: ['default', './tests/summary-reporter.ts'],
    projects: [
      {
        plugins: [WxtVitest(), preact()],
        test: {
          name: 'unit',
          environment: 'node',
          include: [
            'lib/**/*.test.{ts,tsx}',
            'components/**/*.test.{ts,tsx}',
            'entrypoints/**/*.test.{ts,tsx}',
            'cli/**/*.test.ts',
            'tests/unit/**/*.test.{ts,tsx}',
          ],
          setupFiles: ['./tests/setup.ts'],
          // Property and fuzz tests run hundreds of cases; on a busy two-core machine vitest's
          // 5 s default failed them for being slow, not wrong. Speed targets live in the
          // benchmark (npm run bench), so a timeout here only has to catch a hang.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts'],
          // One browser at a time: the machine has two cores and the tests share a demo server.
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 120_000,
          globalSetup: ['./tests/e2e/global-setup.ts'],
        },
      },
    ],
  },
});
