import '@/components/pages/page.css';
import '@/components/worklist/worklist.css';

import { render } from 'preact';
import { browser } from 'wxt/browser';

import { WorklistView } from '@/components/worklist/worklist-view';
import { browserTimeZone } from '@/lib/format/time';
import { keepBrowserAnswers } from '@/lib/i18n';
import { send } from '@/lib/messaging/client';
import { connectLive } from '@/lib/models/worklist-live';
import { createWorklistModel, localStoragePrefs } from '@/lib/models/worklist-model';
import { createWorklistSource } from '@/lib/models/worklist-source';
import { DatabaseMissing, prefetchWorklistRows, takeEarlyRead } from '@/lib/store/worklist-reader';
import { readyDueLabels } from '@/lib/views/worklist-query';
import { markWorklist } from '@/lib/views/worklist-timeline';

/**
 * The seller's work list (issue #9). Rows are read straight from the background's IndexedDB
 * (read-only, same origin); every change goes through `actOnConnections`.
 */
markWorklist('script');
// First of all: the first screen waits on the database, not on building the page. Usually the
// early script (entrypoints/worklist-read) started the read before this script was even
// fetched; with its first page in, the model has its first rows before the first render.
const readRows = takeEarlyRead() ?? prefetchWorklistRows();
// Every drawn row asks for the same few strings (a call into the browser's bindings each); the
// answers are fixed for the page's life. A filter change asked again for every row it drew.
keepBrowserAnswers();
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
const root = document.getElementById('app');
if (root !== null) render(<WorklistView model={model} />, root);
// While the database answers (the main thread waits for it after this task), not in the first
// rows' draw: the due labels' formats for the browser's zone, the zone of every seller who did
// not choose one in the console's settings.
setTimeout(() => readyDueLabels(browserTimeZone(), Date.now()), 0);
