/**
 * Keeps the work list (and popup) current: reloads when the background broadcasts a change,
 * when the page becomes visible again and once a minute while it is visible (due labels move
 * with the clock). Sends waiting actions at once when the page is hidden or closed, so an
 * Undo window never loses an action.
 */
import type { Broadcast } from '../messaging/protocol';

interface LiveTarget {
  refresh(): Promise<void> | void;
  /** Sends anything waiting (the work list's undo queue). */
  flush?(): void;
}

export interface LiveOptions {
  target: LiveTarget;
  /** Subscribes to runtime messages; returns the unsubscribe. */
  listen: (handler: (message: unknown) => void) => () => void;
  document: Document;
  window: Window;
  intervalMs?: number;
  /** Broadcasts arrive in bursts (a bulk action changes many records): reload once per burst. */
  coalesceMs?: number;
}

export function isRefreshBroadcast(message: unknown): boolean {
  if (typeof message !== 'object' || message === null) return false;
  const value = message as Partial<Broadcast>;
  return value.upnext === 1 && (value.type === 'recordChanged' || value.type === 'dataChanged');
}

export function connectLive(options: LiveOptions): () => void {
  const { target, document: doc, window: win } = options;
  const intervalMs = options.intervalMs ?? 60_000;
  const coalesceMs = options.coalesceMs ?? 250;
  let burst: ReturnType<typeof setTimeout> | undefined;
  let ticker: ReturnType<typeof setInterval> | undefined;

  const reload = (): void => void target.refresh();
  const startTicker = (): void => {
    clearInterval(ticker);
    ticker = setInterval(reload, intervalMs);
  };

  const unlisten = options.listen((message) => {
    if (!isRefreshBroadcast(message)) return;
    if (burst !== undefined) return;
    burst = setTimeout(() => {
      burst = undefined;
      reload();
    }, coalesceMs);
  });

  const onVisibility = (): void => {
    if (doc.visibilityState === 'hidden') {
      target.flush?.();
      clearInterval(ticker);
      ticker = undefined;
    } else {
      reload();
      startTicker();
    }
  };
  const onPageHide = (): void => target.flush?.();

  doc.addEventListener('visibilitychange', onVisibility);
  win.addEventListener('pagehide', onPageHide);
  if (doc.visibilityState !== 'hidden') startTicker();

  return () => {
    unlisten();
    clearTimeout(burst);
    clearInterval(ticker);
    doc.removeEventListener('visibilitychange', onVisibility);
    win.removeEventListener('pagehide', onPageHide);
  };
}
