/**
 * The detector injected into CRM tabs that were open at an install or update, with a fake
 * browser: which tabs, into which frame, and that one tab's failure never stops the others nor
 * throws. The same in real Chromium: tests/e2e/open-tabs-update.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';

import { planRegistrations } from '@/lib/crm/custom-registry';
import type { OpenTab } from '@/lib/crm/open-tabs';
import { BRIDGE_KEY_NAME } from '@/lib/panel-bridge';

import {
  injectDetectorIntoOpenTabs,
  reachOpenTabs,
  type DetectorInjection,
  type OpenTabsApi,
} from './open-crm-tabs';

const DYNAMICS = 'https://contoso.crm.dynamics.com/main.aspx?pagetype=entityrecord&etn=lead&id=1';
const COPPER = 'https://app.copper.com/companies/1/app#/deal/2';
const ACME = 'https://crm.acme.example/main.aspx?pagetype=entityrecord&etn=lead&id=2';
const NEWS = 'https://news.example/today';

/** The seller's granted self-hosted Dynamics: one registration. */
const registrations = planRegistrations({
  customCrms: [],
  instances: [{ origin: 'https://crm.acme.example', crm: 'dynamics365' }],
  granted: ['https://crm.acme.example/*'],
}).wanted;

interface FakeTab extends OpenTab {
  id: number;
  /** A detector of the current copy of Upnext already runs in the tab's top frame. */
  started?: boolean;
  /** What `executeScript` fails with in this tab. */
  fails?: string;
}

/** Does a match pattern (`https://*.host/*`, `https://host/*`) take this address? */
function patternTakes(pattern: string, url: string): boolean {
  const match = /^(https?):\/\/(?:\*\.)?([^/]+)\/\*$/.exec(pattern);
  if (match === null) throw new Error(`Invalid url pattern ${pattern}`);
  const [, scheme, host] = match;
  const target = new URL(url);
  if (target.protocol !== `${scheme}:`) return false;
  return pattern.includes('://*.')
    ? target.hostname === host || target.hostname.endsWith(`.${host}`)
    : target.hostname === host;
}

/**
 * A browser with these tabs open. `tabs.query` filters by `url` like Chromium (or, with
 * `ignoreUrlFilter`, returns every tab, as a browser that ignores the filter would); the probe
 * really runs, against a world that holds the bridge when the tab's detector started.
 */
function fakeBrowser(
  tabs: FakeTab[],
  options: { ignoreUrlFilter?: boolean; badQuery?: string } = {},
) {
  const injections: DetectorInjection[] = [];
  const api: OpenTabsApi = {
    queryTabs: ({ url }) => {
      if (options.badQuery !== undefined && url.includes(options.badQuery))
        return Promise.reject(new Error(`Invalid url pattern '${options.badQuery}'`));
      const open = tabs.map(({ id, url: address, discarded }) => ({ id, url: address, discarded }));
      if (options.ignoreUrlFilter === true) return Promise.resolve(open);
      return Promise.resolve(
        open.filter(
          (tab) => tab.url !== undefined && url.some((pattern) => patternTakes(pattern, tab.url!)),
        ),
      );
    },
    executeScript: (injection) => {
      injections.push(injection);
      const tab = tabs.find((candidate) => candidate.id === injection.target.tabId);
      if (tab === undefined)
        return Promise.reject(new Error(`No tab with id: ${injection.target.tabId}.`));
      if (tab.fails !== undefined) return Promise.reject(new Error(tab.fails));
      if (!('func' in injection)) return Promise.resolve([{ result: undefined }]);
      const scope = globalThis as unknown as Record<symbol, unknown>;
      const key = Symbol.for(BRIDGE_KEY_NAME);
      if (tab.started === true) scope[key] = {};
      try {
        return Promise.resolve([{ result: injection.func(...injection.args) }]);
      } finally {
        Reflect.deleteProperty(scope, key);
      }
    },
  };
  const filesInto = (): number[] =>
    injections.filter((injection) => 'files' in injection).map((i) => i.target.tabId);
  return { api, injections, filesInto };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('injectDetectorIntoOpenTabs', () => {
  it('injects the built detector into the top frame of each open CRM tab, built-in or granted', async () => {
    const browser = fakeBrowser([
      { id: 1, url: DYNAMICS },
      { id: 2, url: NEWS },
      { id: 3, url: ACME },
      { id: 4, url: COPPER },
    ]);
    const report = await injectDetectorIntoOpenTabs(registrations, browser.api);

    expect(report.injected.sort()).toEqual([1, 3, 4]);
    expect(report.failures).toEqual([]);
    // The manifest entry's file, into the top frame only (target without frameIds or allFrames),
    // as the manifest entry and the registrations run it.
    const files = browser.injections.filter((injection) => 'files' in injection);
    expect(files).toHaveLength(3);
    for (const injection of files)
      expect(injection).toEqual({
        target: { tabId: injection.target.tabId },
        files: ['/content-scripts/crm.js'],
      });
    // The site that is no CRM was not even probed.
    expect(browser.injections.some((injection) => injection.target.tabId === 2)).toBe(false);
  });

  it('leaves a tab where this copy’s detector already started (a page loaded after the update)', async () => {
    const browser = fakeBrowser([
      { id: 1, url: DYNAMICS, started: true },
      { id: 2, url: COPPER },
    ]);
    const report = await injectDetectorIntoOpenTabs(registrations, browser.api);
    expect(report).toEqual({ injected: [2], running: [1], failures: [] });
    expect(browser.filesInto()).toEqual([2]);
  });

  it('goes on past tabs that fail (closed, an error page, access withdrawn) and never throws', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const tabs: FakeTab[] = [
      { id: 1, url: DYNAMICS, fails: 'Frame with ID 0 is showing error page' },
      { id: 2, url: COPPER },
      { id: 3, url: ACME, fails: 'Cannot access contents of the page.' },
      { id: 4, url: DYNAMICS },
      { id: 5, url: DYNAMICS },
    ];
    const browser = fakeBrowser(tabs);
    // Tab 5 closes between the lookup and the injection.
    const query = browser.api.queryTabs;
    browser.api.queryTabs = async (filter) => {
      const found = await query(filter);
      const closed = tabs.findIndex((tab) => tab.id === 5);
      if (closed !== -1) tabs.splice(closed, 1);
      return found;
    };

    const report = await injectDetectorIntoOpenTabs(registrations, browser.api);

    expect(report.injected.sort()).toEqual([2, 4]);
    expect(report.failures.sort()).toEqual([
      'tab 1: Error: Frame with ID 0 is showing error page',
      'tab 3: Error: Cannot access contents of the page.',
      'tab 5: Error: No tab with id: 5.',
    ]);
    expect(warn).toHaveBeenCalledWith('[upnext] open CRM tabs', report.failures);
  });

  it('a lookup the browser refuses hides no other tab', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    const browser = fakeBrowser(
      [
        { id: 1, url: DYNAMICS },
        { id: 2, url: ACME },
      ],
      { badQuery: 'https://crm.acme.example/*' },
    );
    const report = await injectDetectorIntoOpenTabs(registrations, browser.api);
    expect(report.injected).toEqual([1]);
    expect(report.failures).toEqual([
      "tabs.query https://crm.acme.example/*: Error: Invalid url pattern 'https://crm.acme.example/*'",
    ]);
  });

  it('a browser that ignores the url filter still gets the detector only into CRM tabs', async () => {
    const browser = fakeBrowser(
      [
        { id: 1, url: NEWS },
        { id: 2, url: DYNAMICS },
        { id: 3, url: 'chrome://newtab/' },
        { id: 4 },
        { id: 5, url: COPPER, discarded: true },
      ],
      { ignoreUrlFilter: true },
    );
    const report = await injectDetectorIntoOpenTabs(registrations, browser.api);
    expect(report).toEqual({ injected: [2], running: [], failures: [] });
    expect(browser.injections.map((injection) => injection.target.tabId)).toEqual([2, 2]);
  });

  it('with no CRM tab open, it does nothing', async () => {
    const browser = fakeBrowser([{ id: 1, url: NEWS }]);
    expect(await injectDetectorIntoOpenTabs([], browser.api)).toEqual({
      injected: [],
      running: [],
      failures: [],
    });
    expect(browser.injections).toEqual([]);
  });
});

describe('reachOpenTabs (after the registrations were reconciled)', () => {
  it('a CRM that just got its registration reaches its open tabs, no reload needed', async () => {
    const browser = fakeBrowser([
      { id: 1, url: DYNAMICS, started: true },
      { id: 3, url: ACME },
    ]);
    const report = await reachOpenTabs(
      { plan: { wanted: registrations }, diff: { add: [...registrations], update: [] } },
      browser.api,
    );
    expect(report?.injected).toEqual([3]);
    expect(browser.filesInto()).toEqual([3]);
  });

  it('a reconcile that registered nothing new touches no tab', async () => {
    const browser = fakeBrowser([{ id: 3, url: ACME }]);
    const report = await reachOpenTabs(
      { plan: { wanted: registrations }, diff: { add: [], update: [] } },
      browser.api,
    );
    expect(report).toBeNull();
    expect(browser.injections).toEqual([]);
  });
});
