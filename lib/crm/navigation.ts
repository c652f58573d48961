/**
 * Watching a CRM single-page app for route changes and for the record finishing rendering.
 *
 * Content scripts run in an isolated world: wrapping `history.pushState` there has no effect on
 * the page's calls (docs/crm-reference.md section b). What was measured in real Chromium (docs/crms.md,
 * "Navigation"): for a page-initiated `pushState` / `replaceState`, the Navigation API's
 * `currententrychange` and `navigatesuccess` events reach the isolated world's listeners,
 * synchronously with the call, and `currententrychange` for hash changes and back/forward too;
 * with `navigate` (before the commit) and `navigateerror` it is all we listen to there. Where the Navigation API is missing, `popstate` and
 * `hashchange` (back/forward, hash routers), a `location.href` poll (only while the tab is
 * visible) and an observer of the `<title>` element stand in for it.
 */

/** The part of the Navigation API we use (TypeScript's DOM lib does not declare it yet). */
interface NavigationLike {
  addEventListener: (
    type: 'currententrychange' | 'navigate' | 'navigateerror',
    listener: (event: unknown) => void,
    options: { signal: AbortSignal },
  ) => void;
}

/** What `navigate` says of where the page is going (only its same-document case is used). */
interface NavigateEventLike {
  destination?: { url: string; sameDocument: boolean };
}

/** The slice of `window` the watcher touches; tests pass a fake. */
export interface LocationHost {
  location: { href: string };
  navigation?: unknown;
  document: Pick<Document, 'visibilityState' | 'addEventListener' | 'querySelector'>;
  addEventListener: Window['addEventListener'];
  setInterval: (handler: () => void, ms: number) => number;
  clearInterval: (id: number) => void;
}

export interface WatchLocationOptions {
  /** Poll interval while the tab is visible, without the Navigation API only. Default 100 ms. */
  pollMs?: number;
  /** The window to watch; defaults to the global one. */
  host?: LocationHost;
}

function isNavigation(value: unknown): value is NavigationLike {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { addEventListener?: unknown }).addEventListener === 'function'
  );
}

function report(error: unknown): void {
  // A failing callback must not stop the watcher; surface the error the way the browser would.
  (globalThis as { reportError?: (error: unknown) => void }).reportError?.(error);
}

/**
 * Calls `onChange(href)` whenever `location.href` changes (push/replace state, hash changes,
 * back/forward), at most once per distinct URL in a row. Not called for the initial URL. Stops
 * when `signal` aborts.
 */
export function watchLocation(
  onChange: (href: string) => void,
  signal: AbortSignal,
  options: WatchLocationOptions = {},
): void {
  if (signal.aborted) return;
  const host: LocationHost = options.host ?? globalThis;
  let last = host.location.href;

  /**
   * `event`: a `navigate` event names the address a same-document navigation is about to commit;
   * from anything else (another event, a timer, an observer) the address is read as it is.
   */
  const check = (event?: unknown): void => {
    if (signal.aborted) return;
    const to = (event as NavigateEventLike | undefined)?.destination;
    const href = to?.sameDocument ? to.url : host.location.href;
    if (href === last) return;
    last = href;
    try {
      onChange(href);
    } catch (error) {
      report(error);
    }
  };

  const navigation = host.navigation;
  if (isNavigation(navigation)) {
    // A same-document navigation is reported from `navigate`, inside the page's `pushState`
    // before the URL commits: a message sent after the commit reaches the browser behind the
    // page's report of it, which the browser handles first (10-25 ms under load, measured:
    // docs/architecture.md, "The panel after a navigation"). Only the panel's wait and its read
    // of what is stored start then; the page itself is read after it proves the record. A
    // navigation the page cancels fires `navigateerror`, and the address as it is is reported
    // again. `currententrychange` reports every other same-document change after its commit
    // (replaceState, hash changes, back and forward, in the isolated world too: docs/crms.md,
    // "Navigation"): no other listener and no timer on the CRM page's main thread.
    for (const type of ['navigate', 'navigateerror', 'currententrychange'] as const)
      navigation.addEventListener(type, check, { signal });
    return;
  }
  host.addEventListener('popstate', check, { signal });
  host.addEventListener('hashchange', check, { signal });
  // Without the Navigation API a pushState is invisible to events; a title change usually
  // accompanies it, and observing the <title> element alone is cheap.
  const title = host.document.querySelector('title');
  if (title) {
    const observer = new MutationObserver(check);
    observer.observe(title, { childList: true, characterData: true, subtree: true });
    // An abort event comes once: the listeners need no `once`.
    signal.addEventListener('abort', () => observer.disconnect());
  }

  // The backstop poll runs only while the tab is visible: hidden tabs are throttled anyway, and
  // becoming visible triggers a check straight away.
  const pollMs = options.pollMs ?? 100;
  let timer: number | undefined;
  const syncPolling = (): void => {
    const visible = host.document.visibilityState !== 'hidden';
    if (visible && timer === undefined && !signal.aborted) {
      timer = host.setInterval(check, pollMs);
    } else if ((!visible || signal.aborted) && timer !== undefined) {
      host.clearInterval(timer);
      timer = undefined;
    }
  };
  host.document.addEventListener(
    'visibilitychange',
    () => {
      syncPolling();
      check();
    },
    { signal },
  );
  signal.addEventListener('abort', syncPolling);
  syncPolling();
}

export interface WatchRecordRenderOptions<T> {
  /** Reads the current state, e.g. `() => captureFields(document, record)`. */
  read: () => T;
  /** Called with the first accepted read and again whenever a later one differs from it. */
  onRead: (value: T) => void;
  signal: AbortSignal;
  /**
   * Finds the record's container (e.g. Dynamics `[data-id="editFormRoot"]`). When found, a
   * MutationObserver watches that subtree only; `document.body`/`<html>` are never observed.
   */
  container?: () => Element | null;
  /**
   * A cheap check before each read (default: always read), e.g. whether the page names the
   * record yet. `containerChanged` says whether the container changed since the watch began (a
   * mutation inside it, or another element took its place); `final` marks the check made when
   * the watch ends.
   */
  ready?: (context: RenderContext) => boolean;
  /** Whether a read may be reported (default: always). A rejected read is not reported. */
  accept?: (value: T, context: RenderContext) => boolean;
  /** Called once when the watch ends by its timeout (not on abort), saying whether any read was reported. */
  onEnd?: (reported: boolean) => void;
  /** Stop watching after this long. Default 5000 ms. */
  timeoutMs?: number;
  /**
   * Re-read schedule (ms after start, ascending), on top of the container's mutations; only
   * while the page is not settled (`watchRecordRender`).
   */
  delays?: readonly number[];
  /** Debounce for mutation bursts. Default 100 ms. */
  debounceMs?: number;
}

/** What a `watchRecordRender` check knows about the page since the watch began. */
export interface RenderContext {
  containerChanged: boolean;
  final: boolean;
}

/** Dense at first, when CRMs usually finish rendering, then sparse. */
const DEFAULT_DELAYS = [50, 100, 200, 300, 500, 700, 1000, 1500, 2000, 3000] as const;

/**
 * After a navigation the URL changes before the record has rendered (docs/crm-reference.md section 1,
 * Dynamics gotcha), so fields are re-read for a few seconds: on a narrow MutationObserver over the
 * record container when there is one, and on a short bounded schedule (which also notices the
 * container being replaced by a new element). Everything is torn down after `timeoutMs` or when
 * `signal` aborts (pass a signal that aborts on the next navigation).
 */
export function watchRecordRender<T>(options: WatchRecordRenderOptions<T>): void {
  const { read, onRead, signal } = options;
  if (signal.aborted) return;
  const local = new AbortController();
  const stop = (): void => local.abort();
  signal.addEventListener('abort', stop, { once: true, signal: local.signal });

  let hasLast = false;
  let last: T | undefined;
  let containerChanged = false;
  /**
   * Whether the page may show something the last accepted read did not: true until a read is
   * accepted, and again on every mutation in the observed container or of the title. While it
   * is false and the container is observed, the scheduled checks read nothing (below).
   */
  let dirty = true;
  const emit = (final = false): void => {
    if (local.signal.aborted) return;
    let value: T;
    try {
      const context: RenderContext = { containerChanged, final };
      if (options.ready && !options.ready(context)) return;
      value = read();
      if (options.accept && !options.accept(value, context)) return;
    } catch (error) {
      report(error);
      return;
    }
    dirty = false;
    // Reads are plain data: equal JSON is an equal read.
    if (hasLast && JSON.stringify(last) === JSON.stringify(value)) return;
    hasLast = true;
    last = value;
    try {
      onRead(value);
    } catch (error) {
      report(error);
    }
  };

  /** The next scheduled check. */
  let pending: ReturnType<typeof setTimeout> | undefined;
  let observer: MutationObserver | null = null;
  /** Watches the children of the container's ancestors: whether the container left the page. */
  let lost: MutationObserver | null = null;
  let observed: Element | null = null;
  let debounce: ReturnType<typeof setTimeout> | undefined;
  let titleObserver: MutationObserver | null = null;
  // The last check, when the watch ends: it reads whatever the page shows, settled or not.
  const end = setTimeout(() => {
    attach();
    emit(true);
    const reported = hasLast;
    stop();
    try {
      options.onEnd?.(reported);
    } catch (error) {
      report(error);
    }
  }, options.timeoutMs ?? 5000);
  local.signal.addEventListener('abort', () => {
    clearTimeout(pending);
    clearTimeout(end);
    clearTimeout(debounce);
    observer?.disconnect();
    lost?.disconnect();
    titleObserver?.disconnect();
  });
  const debounceMs = options.debounceMs ?? 100;
  const later = (): void => {
    dirty = true;
    clearTimeout(debounce);
    debounce = setTimeout(check, debounceMs);
  };

  const findContainer = (): Element | null => {
    let element: Element | null = null;
    try {
      element = options.container?.() ?? null;
    } catch {
      element = null;
    }
    const doc = element?.ownerDocument;
    return !element || element === doc?.body || element === doc?.documentElement ? null : element;
  };
  let initial: Element | null = findContainer();

  /** Observes the current container; notices when another element took the place of the last one. */
  const attach = (element = findContainer()): void => {
    if (!options.container) return;
    if (element !== initial) containerChanged = true;
    initial = element;
    if (element === observed) return;
    observer?.disconnect();
    lost?.disconnect();
    observed = element;
    if (!element) return;
    observer ??= new MutationObserver(() => {
      containerChanged = true;
      later();
    });
    observer.observe(element, {
      childList: true,
      subtree: true,
      characterData: true,
      attributes: true,
      attributeFilter: ['value', 'title', 'hidden', 'aria-hidden', 'href'],
    });
    // The children of its ancestors below <body> (not their subtrees): when the container leaves
    // the page, another may take its place, and no timer has to keep looking whether it did.
    lost ??= new MutationObserver(() => {
      if (!observed?.isConnected) later();
    });
    for (
      let node = element.parentElement;
      node && node !== document.body;
      node = node.parentElement
    ) {
      lost.observe(node, { childList: true });
    }
  };

  emit();
  attach(initial);
  // SPAs retitle the page when the next record has rendered, often by swapping a container the
  // observer above does not see (Lightning hides the old page and adds a new one): the <title>
  // element alone is a cheap signal to look again.
  const title = document.querySelector('head > title');
  if (title && options.container) {
    titleObserver = new MutationObserver(later);
    titleObserver.observe(title, { childList: true, characterData: true, subtree: true });
  }
  // A scheduled check is for what the observers cannot see: no container to observe yet, or the
  // page not yet proving the record (no accepted read). Once a read was accepted and the
  // container is observed, its mutations, its leaving the page and the title's changes decide
  // when to read again, and no check is scheduled: a record that rendered and holds still costs
  // the page no task at all. A check that finds the page unsettled again (after a mutation)
  // schedules the next one of the schedule still ahead.
  const settled = (): boolean => !dirty && observed?.isConnected === true;
  const delays = options.delays ?? DEFAULT_DELAYS;
  const begun = Date.now();
  function plan(): void {
    clearTimeout(pending);
    const elapsed = Date.now() - begun;
    const delay = delays.find((ms) => ms > elapsed);
    if (delay !== undefined && !settled() && !local.signal.aborted) {
      pending = setTimeout(check, delay - elapsed);
    }
  }
  function check(): void {
    attach();
    emit();
    plan();
  }
  plan();
}
