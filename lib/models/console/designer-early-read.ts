/**
 * The designer's early read (docs/performance.md, "The designer"): on
 * `options.html#sequence/<id>/design` a tiny classic script (entrypoints/designer-read, `async`)
 * asks the background for the draft (`getDesigner`, the same runtime message the designer sends)
 * as soon as it is fetched, while the console's modules are still being fetched and evaluated;
 * the designer's first load takes that reply instead of asking again (lib/early-start.ts).
 *
 * "A fresh read replaces": a `dataChanged` broadcast that comes before the page's own listener
 * is there (main.tsx takes the read after adding it) may have changed the draft after the early
 * read, so the early script listens for it meanwhile, and the page then asks again.
 */
import { browser } from 'wxt/browser';

import { startEarly, takeEarly } from '../../early-start';
import { send } from '../../messaging/client';
import type { Broadcast, ReplyOf } from '../../messaging/protocol';
import { parseRoute } from './route';

const SLOT = '__upnextDesignerRead';

/** A draft asked for before the page's script ran. */
export interface EarlyDesignerRead {
  /** The sequence whose draft was asked for. */
  id: string;
  /** `getDesigner`'s reply; rejects as `send` does (MessageError, or the background unreachable). */
  reply: Promise<ReplyOf<'getDesigner'>>;
}

interface Started extends EarlyDesignerRead {
  /** True when a `dataChanged` broadcast came since the read was sent. */
  changed: () => boolean;
  /** Stops listening for broadcasts (the page's own listener takes over). */
  stop: () => void;
}

/** In the early script: asks for the draft when the address is the designer of a draft. */
export function startEarlyDesignerRead(hash: string = location.hash): void {
  const route = parseRoute(hash);
  if (route.section !== 'design' || route.version !== null) return;
  const { id } = route;
  startEarly(SLOT, (): Started => {
    let changed = false;
    const listener = (message: unknown): undefined => {
      if ((message as Partial<Broadcast> | null)?.type === 'dataChanged') changed = true;
      return undefined;
    };
    browser.runtime.onMessage.addListener(listener);
    const reply = send('getDesigner', { id });
    // Whoever takes the read gets its failure; until then it is not unhandled.
    reply.catch(() => undefined);
    return {
      id,
      reply,
      changed: () => changed,
      stop: () => browser.runtime.onMessage.removeListener(listener),
    };
  });
}

/**
 * In the page's script, after its own broadcast listener is added: the early read, or null (the
 * early script did not run first, the address is not a draft's designer, or the data changed
 * since the read was sent). A second call returns null.
 */
export function takeEarlyDesignerRead(): EarlyDesignerRead | null {
  const early = takeEarly(SLOT) as Started | null;
  if (early === null) return null;
  early.stop();
  return early.changed() ? null : { id: early.id, reply: early.reply };
}
