/**
 * The hand-off between the two content scripts of a CRM tab. `crm.content` (small, on every
 * CRM page) recognises record pages and reads their fields; `panel.content` (the Up next UI:
 * Preact, the panel model, strings) is injected by the background only once a record page was
 * found, so list views and other CRM pages never load it. Both run in the extension's isolated
 * world of the same frame, so they share this object on `globalThis` (never visible to the page).
 */
import type { RecordRef, RecordSighting } from './messaging/protocol';

interface PanelApi {
  show(sighting: RecordSighting): void;
  hide(): void;
}

interface Bridge {
  api: PanelApi | null;
  /** What to show once the panel script has loaded (the latest sighting wins). */
  pending: RecordSighting | null;
  /** The panel script was asked for; it is not asked for twice. */
  requested: boolean;
  /**
   * What the detector decided for the last address it checked: a record, or none (then no panel
   * is asked for). The e2e tests wait on this instead of waiting a fixed time for "no panel".
   */
  checked: { href: string; record: RecordRef | null } | null;
}

const KEY = Symbol.for('upnext.panel-bridge');

export function panelBridge(): Bridge {
  const scope = globalThis as unknown as Record<symbol, Bridge | undefined>;
  scope[KEY] ??= { api: null, pending: null, requested: false, checked: null };
  return scope[KEY];
}
