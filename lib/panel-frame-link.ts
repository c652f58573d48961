/**
 * The link between the panel's mount on a CRM page (`panel.content`, in the page's isolated
 * world) and the panel itself (`panel-frame.html`, an extension page in an iframe inside the
 * mount's closed shadow root). The panel renders in the iframe so its script, renders, styles
 * and layout run in the extension's own process, not on the CRM page's main thread
 * (docs/architecture.md, "The panel frame").
 *
 * Both directions go through the browser's extension messaging, never through
 * `window.postMessage`: the CRM page can neither read nor forge these messages.
 * - mount → frame: on a port the frame opens to its own tab (`tabs.connect`, named with the
 *   token) once it knows the tab; only the mount holding the token takes it, so only that mount
 *   (a content script of the frame's tab, as the browser guarantees) can send on it. One port
 *   instead of a `runtime.sendMessage` each: a message on an open port is not a new channel
 *   (which also reached the service worker and every other extension page), and the requests
 *   arrive in order. The frame answers nothing.
 * - frame → mount: on the same port (its sizes); only a mount holding the token acts.
 *
 * The token is made by the mount for each iframe and travels in the iframe's URL fragment (never
 * sent over the network, and the page cannot read the closed root's iframe): another copy of the
 * frame page, embedded by the page itself, has no token and so never gets a record.
 */
import type { RecordRef, RecordSighting } from './messaging/protocol';

/** The frame page's path in the extension (a WXT unlisted page, web-accessible). */
export const PANEL_FRAME_PATH = '/panel-frame.html';

/** What the mount asks the frame to do (the detector's requests). */
export type ToFrame =
  | { upnextFrame: string; do: 'show'; sighting: RecordSighting }
  | {
      upnextFrame: string;
      do: 'expect';
      record: RecordRef;
      url: string;
      /** This navigation's number (1, 2, …): the frame says it drew it (`ToMount` size `seen`). */
      n: number;
    }
  | { upnextFrame: string; do: 'hide' };

/**
 * What the frame tells its mount: the size its host must have (`shown` false: nothing to show,
 * the host takes no room; collapsed: the slim tab's box).
 */
export type ToMount = {
  upnextFrame: string;
  do: 'size';
  shown: boolean;
  collapsed: boolean;
  /** CSS pixels. */
  width: number;
  /** CSS pixels; only for the collapsed tab (expanded, the host is the viewport's height). */
  height: number;
  /**
   * The number of the last navigation (`expect`) the frame has drawn and painted: nothing of
   * an earlier record is on its screen any more. 0 before the first.
   */
  seen: number;
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;

/** A message of this link carrying `token`, or null. */
export function linkMessage(message: unknown, token: string): Record<string, unknown> | null {
  return isObject(message) && message['upnextFrame'] === token && typeof message['do'] === 'string'
    ? message
    : null;
}

/** A fresh token for one iframe: 122 random bits. */
export function newFrameToken(): string {
  return crypto.randomUUID();
}

/** Sizes the mount accepts from the frame: whole CSS pixels in 0..4096, else 0. */
export function boxSize(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value)
    ? Math.round(Math.min(4096, Math.max(0, value)))
    : 0;
}
