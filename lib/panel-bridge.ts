/**
 * What the CRM detector (`crm.content`) keeps on `globalThis` in the extension's isolated world
 * of its frame (never visible to the page): what it decided for the last address it checked,
 * and, by being there, that a detector of this copy of Upnext started in the frame.
 */
import type { RecordRef, RecordSighting } from './messaging/protocol';

/** What the detector asks of the panel (lib/panel-mount.ts). */
export type PendingPanel =
  { kind: 'show'; sighting: RecordSighting } | { kind: 'expect'; record: RecordRef; url: string };

interface Bridge {
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
  scope[key] ??= { checked: null };
  return scope[key];
}
