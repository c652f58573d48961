/**
 * WXT's `ContentScriptContext` for content scripts, without what they never use (scripts/
 * vite-content-script-diet.ts puts it in place of `wxt/utils/content-script-context`): no
 * `wxt:locationchange` watcher (crm.content follows navigation itself, lib/crm/navigation.ts)
 * and no development logger, nor the helpers the CRM detector never calls (`block`,
 * `requestAnimationFrame`, `requestIdleCallback`, `addEventListener`, the timers and `isValid`, which
 * only the mailbox script used: every method here is in
 * crm.js, parsed on every CRM page, whether called or not). What matters is kept as WXT does it: a copy of a script that starts
 * announces itself with a DOM event named for the extension and the script, and every older copy
 * of the same script in this frame (an update or reinstall of Upnext left it running) ends its
 * context on it; a context also ends when the extension's runtime is gone.
 */
import { browser } from 'wxt/browser';

export class ContentScriptContext {
  static readonly SCRIPT_STARTED_MESSAGE_TYPE = `${browser.runtime.id}:${import.meta.env.ENTRYPOINT}:wxt:content-script-started`;
  readonly id = Math.random().toString(36).slice(2);
  private readonly controller = new AbortController();

  constructor(
    readonly contentScriptName: string,
    readonly options?: { noScriptStartedPostMessage?: boolean },
  ) {
    const type = ContentScriptContext.SCRIPT_STARTED_MESSAGE_TYPE;
    const detail = { contentScriptName, messageId: this.id };
    document.dispatchEvent(new CustomEvent(type, { detail }));
    if (options?.noScriptStartedPostMessage !== true) window.postMessage({ type, ...detail }, '*');
    document.addEventListener(
      type,
      (event) => {
        const started = (event as CustomEvent<typeof detail | undefined>).detail;
        if (started?.contentScriptName === contentScriptName && started.messageId !== this.id)
          this.notifyInvalidated();
      },
      { signal: this.signal },
    );
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }
  abort(reason?: unknown): void {
    this.controller.abort(reason);
  }
  get isInvalid(): boolean {
    if ((browser.runtime as { id?: string } | undefined)?.id == null) this.notifyInvalidated();
    return this.signal.aborted;
  }
  onInvalidated(cb: () => void): () => void {
    this.signal.addEventListener('abort', cb);
    return () => this.signal.removeEventListener('abort', cb);
  }
  notifyInvalidated(): void {
    this.abort('Content script context invalidated');
  }
}
