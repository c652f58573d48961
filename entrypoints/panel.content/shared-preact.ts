/**
 * The Preact the panel's extras render with (scripts/vite-panel-extras.ts): shared on
 * `globalThis` in the extension's isolated world, never visible to the page. Exactly the names
 * `SHARED_PREACT` lists (tests/unit/panel-extras.test.ts checks both lists agree).
 */
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { Fragment, jsx, jsxs } from 'preact/jsx-runtime';

export const SHARED_PREACT_KEY = 'upnext.panel-preact';

export const SHARED: Record<string, Record<string, unknown>> = {
  preact: {},
  'preact/hooks': { useEffect, useId, useRef, useState },
  'preact/jsx-runtime': { Fragment, jsx, jsxs },
};

export function sharePreact(): void {
  (globalThis as unknown as Record<symbol, unknown>)[Symbol.for(SHARED_PREACT_KEY)] = SHARED;
}
