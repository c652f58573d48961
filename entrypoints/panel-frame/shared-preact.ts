/**
 * The Preact the panel's extras render with (scripts/vite-panel-extras.ts): shared on the panel
 * page's `globalThis` (an extension page: the CRM page cannot reach it). Exactly the names
 * `SHARED_PREACT` lists (tests/unit/panel-extras.test.ts checks both lists agree).
 *
 * preact/hooks is not among them: the panel's first paint uses no hooks, so the extras bundle
 * the hooks module themselves, and it attaches to this Preact through its `options` (the hooks
 * wrap them when the extras script runs, before any of its components render).
 */
import { Component, options } from 'preact';
import { Fragment, jsx, jsxs } from 'preact/jsx-runtime';

export const SHARED_PREACT_KEY = 'upnext.panel-preact';

export const SHARED: Record<string, Record<string, unknown>> = {
  preact: { Component, options },
  'preact/jsx-runtime': { Fragment, jsx, jsxs },
};

export function sharePreact(): void {
  (globalThis as unknown as Record<symbol, unknown>)[Symbol.for(SHARED_PREACT_KEY)] = SHARED;
}
