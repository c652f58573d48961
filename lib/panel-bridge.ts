/**
 * The hand-off between the two content scripts of a CRM tab. `crm.content` (small, on every
 * CRM page) recognises record pages and reads their fields; `panel.content` (the Up next UI:
 * Preact, the panel model, strings) is injected by the background only once a record page was
 * found, so list views and other CRM pages never load it. Both run in the extension's isolated
 * world of the same frame, so they share this object on `globalThis` (never visible to the page).
 */
import type { RecordRef, RecordSighting } from './messaging/protocol';

interface PanelApi {
  /** A read of the record's page: store it and show the record. */
  show(sighting: RecordSighting): void;
  /** The URL names `record`, whose page has not shown it yet: a neutral wait (panel-model). */
  expect(record: RecordRef, url: string): void;
  hide(): void;
  /**
   * Removes the panel and every listener for good: the detector that asked for it stopped (a
   * newer copy of Upnext took over the tab after an install or update).
   */
  stop(): void;
}

/** What the panel is asked to do once its script has loaded. */
export type PendingPanel =
  { kind: 'show'; sighting: RecordSighting } | { kind: 'expect'; record: RecordRef; url: string };

interface Bridge {
  api: PanelApi | null;
  /** What to do once the panel script has loaded (the latest request wins). */
  pending: PendingPanel | null;
  /** The panel script was asked for; it is not asked for twice. */
  requested: boolean;
  /**
   * What the detector decided for the last address it checked: a record, or none (then no panel
   * is asked for). The e2e tests wait on this instead of waiting a fixed time for "no panel".
   */
  checked: { href: string; record: RecordRef | null } | null;
}

/**
 * The bridge's key in the registry of `Symbol.for`. Its presence in a frame's isolated world also
 * tells the background that a detector of this copy of Upnext started there
 * (entrypoints/background/open-crm-tabs.ts).
 */
export const BRIDGE_KEY_NAME = 'upnext.panel-bridge';

export function panelBridge(): Bridge {
  const scope = globalThis as unknown as Record<symbol, Bridge | undefined>;
  const key = Symbol.for(BRIDGE_KEY_NAME);
  scope[key] ??= { api: null, pending: null, requested: false, checked: null };
  return scope[key];
}
