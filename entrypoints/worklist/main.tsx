import '@/components/pages/page.css';
import '@/components/worklist/worklist.css';

import { render } from 'preact';
import { browser } from 'wxt/browser';

import { WorklistView } from '@/components/worklist/worklist-view';
import { send } from '@/lib/messaging/client';
import { drawOnFirstAnswer } from '@/lib/models/first-draw';
import { connectLive } from '@/lib/models/worklist-live';
import { createWorklistModel, localStoragePrefs } from '@/lib/models/worklist-model';
import { createWorklistSource } from '@/lib/models/worklist-source';
import { keepBrowserAnswers } from '@/lib/i18n';
import { DatabaseMissing, prefetchWorklistRows } from '@/lib/store/worklist-reader';
import { listHeightMemory } from '@/lib/views/list-height';
import { markWorklist } from '@/lib/views/worklist-timeline';

/**
 * The seller's work list (issue #9). Rows are read straight from the background's IndexedDB
 * (read-only, same origin); every change goes through `actOnConnections`.
 */
markWorklist('script');
// First of all: the first screen waits on the database, not on building the page.
const readRows = prefetchWorklistRows();
const model = createWorklistModel({
  source: createWorklistSource({
    send,
    readRows,
    isExpectedFailure: (error) => error instanceof DatabaseMissing,
  }),
  prefs: localStoragePrefs(globalThis.localStorage),
});

connectLive({
  target: model,
  listen: (handler) => {
    const listener = (message: unknown): undefined => {
      handler(message);
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  },
  document,
  window,
});

void model.load();
// The UI language is fixed for the page's life: each string is asked of the browser once.
keepBrowserAnswers();
// The first draw holds the rows that fit the list as it was last measured at this window width
// (a window's height of rows on a first open): no rows drawn only to be cut after layout.
const listHeight = listHeightMemory(globalThis.localStorage, window);

// Drawn once, with the first rows (lib/models/first-draw.ts): no empty shell scripted, laid out
// and painted while the database opens, with the open's answer waiting behind it.
const root = document.getElementById('app');
if (root !== null) {
  drawOnFirstAnswer({
    status: model.status,
    draw: () =>
      render(
        <WorklistView
          model={model}
          fallbackHeight={listHeight.estimate() ?? window.innerHeight}
          onListHeight={(height) => listHeight.remember(height)}
        />,
        root,
      ),
    waitMs: 100,
  });
}
