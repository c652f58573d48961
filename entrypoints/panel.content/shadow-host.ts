/**
 * The panel's shadow-root host: `<upnext-panel>` appended last to `<html>`, its styles inside the
 * shadow root, keyboard events stopped at its body so the CRM's hotkeys never see what the
 * seller types. It does what WXT's `createShadowRootUi` did for the panel, without its auto-mount
 * machinery and without fetching the stylesheet at mount: the styles ship inside the script
 * (about 4 KB gzip less to parse on every record page, and no request before the first render;
 * docs/performance.md).
 */

export interface ShadowHost<Mounted> {
  readonly mounted: Mounted | undefined;
  /** The shadow root (with mode 'closed', the only reference to it: the page has none). */
  readonly shadow: ShadowRoot;
  /** Creates the UI (again) and appends the host to the page. */
  mount(): void;
  /** Takes the host out of the page and disposes the UI. */
  remove(): void;
  /** Adds more styles to the shadow root (the panel's extras bring their own). */
  addStyles(css: string): void;
}

export interface ShadowHostOptions<Mounted> {
  /** The host element's name: a valid custom-element name. */
  name: string;
  /** The stylesheet text for the shadow root (`:root` rules apply to the host). */
  css: string;
  mode: ShadowRootMode;
  onMount(container: HTMLElement): Mounted;
  onRemove(mounted: Mounted | undefined): void;
}

/** Keyboard events that must not reach the page's listeners. */
const ISOLATED_EVENTS = ['keydown', 'keyup', 'keypress'] as const;

export function createShadowHost<Mounted>(
  options: ShadowHostOptions<Mounted>,
): ShadowHost<Mounted> {
  const host = document.createElement(options.name);
  const shadow = host.attachShadow({ mode: options.mode });
  const html = document.createElement('html');
  const head = document.createElement('head');
  const body = document.createElement('body');
  const style = document.createElement('style');
  // The page's inherited styles stop at the host; then the panel's own.
  style.textContent = `:host{all:initial !important;}\n${options.css.replaceAll(':root', ':host')}`;
  head.append(style);
  html.append(head, body);
  shadow.append(html);
  for (const type of ISOLATED_EVENTS)
    body.addEventListener(type, (event) => event.stopPropagation());

  let mounted: Mounted | undefined;
  return {
    get mounted() {
      return mounted;
    },
    shadow,
    mount() {
      // One panel per page: a host another copy of Upnext left behind goes. After an update the
      // old copy normally removes its own panel when the new one starts (crm.content); this
      // covers a browser that unloads the old copy without letting it clean up.
      for (const stale of document.querySelectorAll(options.name))
        if (stale !== host) stale.remove();
      // Appended last to <html> so that, at equal z-index, the panel stacks above the page.
      document.documentElement.append(host);
      mounted = options.onMount(body);
    },
    addStyles(css) {
      if (css === '') return;
      const more = document.createElement('style');
      more.textContent = css.replaceAll(':root', ':host');
      head.append(more);
    },
    remove() {
      options.onRemove(mounted);
      host.remove();
      body.replaceChildren();
      mounted = undefined;
    },
  };
}
