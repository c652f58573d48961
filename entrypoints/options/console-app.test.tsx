// @vitest-environment happy-dom
import { signal, type Signal } from '@preact/signals';
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { flush, mountPoint, unmount } from '@/components/test-kit';
import type { StatsRow } from '@/lib/engine/insights';
import { emptyFlowTally, flowOfTally } from '@/lib/engine/insights-flow';
import type {
  DesignerState,
  SequenceDetails,
  SequenceInsightsReply,
} from '@/lib/messaging/protocol';
import type { Route, RouterModel } from '@/lib/models/console/router-model';
import { SAMPLE_SEQUENCES, windowStats } from '@/lib/models/console/test-fixtures';
import { fakeTransport } from '@/lib/models/console/transport';

import { ConsoleApp, createConsoleModels } from './console-app';

// The weekly chart draws on a canvas, which happy-dom does not have; it is not what is tested.
vi.mock('@/components/console/insights-weekly-chart', () => ({ WeeklyChart: () => null }));

let root: HTMLElement;

beforeEach(() => {
  root = mountPoint();
});

afterEach(() => {
  unmount(root);
});

const stats = windowStats();

/** A sequence's insights as read the `read`-th time: its name says which read it is. */
function replyOf(read: number): SequenceInsightsReply {
  const row: StatsRow = {
    sequence: { id: 'seq', name: `Seq, read ${read}`, entity: 'lead', tags: [], state: 'active' },
    all: stats,
    versions: [{ version: 1, stats }],
  };
  return {
    build: null,
    window: { from: 20_000, to: 20_089 },
    sequence: { id: 'seq', name: `Seq, read ${read}`, entity: 'lead', versions: [1] },
    version: 1,
    stats: row,
    flow: flowOfTally({ id: 'seq', name: 'Seq', entity: 'lead', steps: [] }, emptyFlowTally()),
    allSteps: [],
    weeks: [],
  };
}

/** Lets replies and lazily loaded views settle until `check` holds (a view's code loads once). */
async function until(check: () => boolean): Promise<void> {
  await vi.waitFor(
    async () => {
      await flush();
      expect(check()).toBe(true);
    },
    { timeout: 5_000, interval: 10 },
  );
}

/** A sequence's details as read the `read`-th time: its name says which read it is. */
function detailsOf(read: number): SequenceDetails {
  const name = `Seq, read ${read}`;
  return {
    summary: { ...SAMPLE_SEQUENCES[0], id: 'seq', name, steps: 0 },
    definition: { id: 'seq', name, entity: 'lead', steps: [] },
    versions: [{ version: 1, createdAt: 0 }],
    stats: [],
    averageDurationMs: null,
  };
}

/**
 * The console on `route`, a page of sequence 'seq' whose every read of it is named by its
 * number (the insights, the details and the version history each count their own reads).
 */
async function consoleAt(route: Signal<Route>) {
  const reads = { insights: 0, details: 0, versions: 0 };
  const transport = fakeTransport({
    getSequenceInsights: () => replyOf(++reads.insights),
    getInsights: () => ({ build: null, window: { from: 20_000, to: 20_029 }, rows: [] }),
    getSequence: () => ({ sequence: detailsOf(++reads.details) }),
    getAbTests: () => ({ tests: [] }),
    listConnections: () => ({ rows: [], total: 0, now: 0 }),
    listSequences: () => ({ sequences: [] }),
    getDesigner: () => {
      const { summary, definition } = detailsOf(++reads.versions);
      const state: DesignerState = {
        summary,
        mode: 'live',
        definition,
        baseVersion: 1,
        restoredFrom: null,
        saves: 0,
        versions: [{ version: 1, createdAt: 0, note: null, steps: 0, name: definition.name }],
        known: [],
        activeCount: 0,
        sellerName: '',
        workingHours: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' },
      };
      return { state };
    },
  });
  const router: RouterModel = {
    route,
    go: (next) => {
      route.value = next;
    },
    dispose: () => undefined,
  };
  const models = createConsoleModels({
    transport,
    router,
    download: () => undefined,
    saveBackup: () => Promise.resolve('upnext-backup.json'),
    openShortcuts: () => Promise.resolve(),
    crmEditor: {
      transport,
      requestPermission: () => Promise.resolve(false),
      listTabs: () => Promise.resolve([]),
      isSelector: () => true,
    },
  });
  await act(() => render(<ConsoleApp models={models} router={router} />, root));
  await until(() => root.textContent.includes('Seq, read 1'));
  // Every state of the page from here on, as the browser would have it at each DOM change.
  const drawn: string[] = [];
  const observer = new MutationObserver(() => drawn.push(root.textContent));
  observer.observe(root, { subtree: true, childList: true, characterData: true });
  return { router, drawn, stop: () => observer.disconnect() };
}

/** The console on a sequence's insights, each read of them named by its number. */
const consoleOnInsights = () =>
  consoleAt(signal<Route>({ section: 'sequence-insights', id: 'seq' }));

describe('the console', () => {
  it("never draws a sequence's insights read on an earlier visit, not even for a frame", async () => {
    const { router, drawn, stop } = await consoleOnInsights();
    // The manager goes to the stats table (a step is done meanwhile), then back.
    router.go({ section: 'insights' });
    await until(() => !root.textContent.includes('Seq, read'));
    router.go({ section: 'sequence-insights', id: 'seq' });
    await until(() => root.textContent.includes('Seq, read 2'));
    stop();

    expect(drawn.filter((text) => text.includes('Seq, read 1'))).toEqual([]);
  });

  it('reads them again when the manager leaves and comes back before the page is drawn', async () => {
    const { router, drawn, stop } = await consoleOnInsights();
    // Two hash changes in one frame: no render of the stats table in between.
    router.go({ section: 'insights' });
    router.go({ section: 'sequence-insights', id: 'seq' });
    await until(() => root.textContent.includes('Seq, read 2'));
    stop();

    expect(drawn.filter((text) => text.includes('Seq, read 1'))).toEqual([]);
  });

  it.each([
    ['details', { section: 'sequence', id: 'seq', tab: 'steps' }],
    ['version history', { section: 'versions', id: 'seq', compare: null }],
  ] satisfies [string, Route][])(
    "never draws a sequence's %s read on an earlier visit, not even for a frame",
    async (_page, page) => {
      const { router, drawn, stop } = await consoleAt(signal<Route>(page));
      // The manager goes to the stats table, then back to the same page.
      router.go({ section: 'insights' });
      await until(() => !root.textContent.includes('Seq, read'));
      router.go(page);
      await until(() => root.textContent.includes('Seq, read 2'));
      stop();

      expect(drawn.filter((text) => text.includes('Seq, read 1'))).toEqual([]);
    },
  );
});
