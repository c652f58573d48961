/**
 * axe-core in real Chromium, for the panel (inside its closed shadow root) and every extension
 * page. The source is evaluated through DevTools rather than injected as a <script>, so the
 * extension pages' CSP (script-src 'self') does not stand in the way.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import type { Frame, Page } from 'puppeteer-core';

import { waitForPanelFrame } from './panel';

const axeSource = readFileSync(fileURLToPath(import.meta.resolve('axe-core/axe.min.js')), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

/** Runs axe on the page (or frame), or only inside `include` (a CSS selector). */
export async function axeViolations(page: Page | Frame, include?: string): Promise<AxeViolation[]> {
  await page.evaluate(axeSource);
  return page.evaluate(async (selector) => {
    const axe = (
      window as unknown as {
        axe: {
          run: (
            context: unknown,
            options: unknown,
          ) => Promise<{
            violations: {
              id: string;
              impact: string | null;
              help: string;
              nodes: { target: unknown[] }[];
            }[];
          }>;
        };
      }
    ).axe;
    const context = selector === undefined ? document : { include: [[selector]] };
    const result = await axe.run(context, { resultTypes: ['violations'] });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => JSON.stringify(node.target)),
    }));
  }, include);
}

/** Runs axe on the Up next panel: the whole of its page, in its frame on `page`. */
export async function panelAxeViolations(page: Page): Promise<AxeViolation[]> {
  return axeViolations(await waitForPanelFrame(page));
}
