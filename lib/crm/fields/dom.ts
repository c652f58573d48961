/**
 * Small DOM readers for field capture. They run on the CRM's page, so each one touches only the
 * elements it is given or a specific selector; nothing scans the document in a loop.
 */

/** Captured values are trimmed, whitespace-collapsed and capped. */
const MAX_VALUE_LENGTH = 500;

/** Marks a step into the shadow root of the element matched so far (`host >>> inner`). */
const SHADOW_STEP = '>>>';

const ATTRIBUTE_SUFFIX = /\s@([a-zA-Z][\w-]*)$/;

/** How many elements the one-off shadow-root discovery pass may visit per capture. */
const SHADOW_WALK_BUDGET = 20_000;

export type Root = Document | ShadowRoot;

export function clean(value: string | null | undefined): string {
  if (!value) return '';
  const collapsed = value.replace(/\s+/g, ' ').trim();
  return collapsed.length > MAX_VALUE_LENGTH ? collapsed.slice(0, MAX_VALUE_LENGTH) : collapsed;
}

/** Marks that hide an element and everything in it, whatever the styles say. */
const HIDDEN_MARKS = '[hidden], [aria-hidden="true"]';

/**
 * Visible enough to read: no `hidden` / `aria-hidden="true"` on it or an ancestor (crossing
 * shadow boundaries), and rendered: it has a box (no `display: none` on it or an ancestor, from
 * a stylesheet or inline) and is not `visibility: hidden`. Salesforce keeps hidden cached copies
 * of earlier records in the DOM (docs/crm-reference.md section 2, R), so the style check matters
 * there.
 *
 * It runs on the CRM's main thread while the page renders, so it is built from native calls: one
 * `closest()` per shadow tree for the marks and `checkVisibility()` for the styles, which needs
 * the page's styles but not its layout (`getClientRects()`, used before, forced a synchronous
 * layout of the page whenever it was dirty; docs/performance.md). A DOM without
 * `checkVisibility` (browsers before 2022) gets `getClientRects()` for the box.
 */
export function isVisible(element: Element): boolean {
  for (let node: Element | null = element; node; node = hostOf(node)) {
    if (node.closest(HIDDEN_MARKS) !== null) return false;
  }
  // `checkVisibilityCSS` is the older name of `visibilityProperty` (Chromium before 121).
  return typeof element.checkVisibility === 'function'
    ? element.checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true })
    : element.getClientRects().length > 0;
}

/** The shadow host of the tree `element` is in, or null in the document itself. */
function hostOf(element: Element): Element | null {
  const root = element.getRootNode();
  return 'host' in root && root.host instanceof Element ? root.host : null;
}

function linkValue(href: string, scheme: 'mailto:' | 'tel:'): string {
  const body = href.slice(scheme.length).split('?')[0] ?? '';
  try {
    return clean(decodeURIComponent(body));
  } catch {
    return clean(body);
  }
}

/** Form controls whose value a person reads as part of a field (not buttons, not hidden state). */
const CONTROLS =
  'input:not([type=hidden]):not([type=button]):not([type=submit]):not([type=reset]):not([type=checkbox]):not([type=radio]):not([type=image]):not([type=file]), select, textarea';

function controlValue(element: Element): string {
  // Tag names rather than `instanceof`: the document may come from another window (tests, frames).
  if (element.tagName === 'SELECT') {
    const select = element as HTMLSelectElement;
    const option = select.selectedOptions.item(0);
    return clean(option ? option.textContent : select.value);
  }
  const field = element as HTMLInputElement;
  return clean(field.value || field.getAttribute('value') || field.title);
}

/**
 * The text a user sees in a value element: form value, link target, text or `title`. A wrapper
 * holding form controls (a field in edit mode, e.g. salutation + first + last name) reads as
 * their values, never as the text of every option of its lists.
 */
export function readValue(element: Element): string {
  const tag = element.tagName;
  if (tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT') return controlValue(element);
  const controls = Array.from(element.querySelectorAll(CONTROLS));
  if (controls.length > 0) {
    return clean(controls.map(controlValue).filter(Boolean).join(' '));
  }
  const href = element.getAttribute('href');
  if (href) {
    const lower = href.slice(0, 7).toLowerCase();
    if (lower === 'mailto:') return linkValue(href, 'mailto:');
    if (lower.startsWith('tel:')) return linkValue(href, 'tel:');
  }
  const text = clean(element.textContent);
  if (text) return text;
  // An LWC value component may render its text only inside its own shadow root.
  const shadowText = element.shadowRoot ? clean(element.shadowRoot.textContent) : '';
  return shadowText || clean(element.getAttribute('title'));
}

function safeQueryAll(root: ParentNode, selector: string): Element[] {
  try {
    return Array.from(root.querySelectorAll(selector));
  } catch {
    // An invalid selector (for example from a user's configuration) is skipped quietly.
    return [];
  }
}

/**
 * Per-capture context: the root plus, discovered lazily and at most once, the open shadow roots
 * below it (Salesforce LWC, other web-component CRMs).
 */
export class QueryScope {
  private shadowRoots: ShadowRoot[] | null = null;
  /** Visibility per element for this capture: many selectors match the same elements. */
  private readonly visible = new Map<Element, boolean>();

  constructor(
    readonly root: Root,
    private readonly searchShadows: boolean,
  ) {}

  private discoverShadowRoots(): ShadowRoot[] {
    if (this.shadowRoots) return this.shadowRoots;
    const found: ShadowRoot[] = [];
    const pending: Root[] = [this.root];
    let budget = SHADOW_WALK_BUDGET;
    while (pending.length > 0 && budget > 0) {
      const current = pending.pop();
      if (!current) break;
      const doc = 'host' in current ? current.ownerDocument : current;
      const walker = doc.createTreeWalker(current, 1 /* NodeFilter.SHOW_ELEMENT */);
      for (let node = walker.nextNode(); node && budget > 0; node = walker.nextNode()) {
        budget--;
        const shadow = (node as Element).shadowRoot;
        if (shadow) {
          found.push(shadow);
          pending.push(shadow);
        }
      }
    }
    this.shadowRoots = found;
    return found;
  }

  /** Matches in the root, then (only if none is visible there) in open shadow roots. */
  private queryOne(parents: readonly ParentNode[], selector: string, deep: boolean): Element[] {
    const light = parents.flatMap((parent) => safeQueryAll(parent, selector));
    if (!deep || light.some(this.isShown)) return light;
    return [
      ...light,
      ...this.discoverShadowRoots().flatMap((root) => safeQueryAll(root, selector)),
    ];
  }

  /** All visible elements for a selector; `a >>> b` looks for `b` inside `a` and its shadow root. */
  queryVisible(selector: string): Element[] {
    const steps = selector.split(SHADOW_STEP).map((step) => step.trim());
    const first = steps[0];
    if (!first) return [];
    let matches = this.queryOne([this.root], first, this.searchShadows);
    for (const step of steps.slice(1)) {
      if (!step) return [];
      const parents = matches.flatMap((match): ParentNode[] =>
        match.shadowRoot ? [match.shadowRoot, match] : [match],
      );
      matches = parents.flatMap((parent) => safeQueryAll(parent, step));
    }
    return matches.filter(this.isShown);
  }

  private readonly isShown = (element: Element): boolean => {
    let shown = this.visible.get(element);
    if (shown === undefined) {
      shown = isVisible(element);
      this.visible.set(element, shown);
    }
    return shown;
  };

  /**
   * The first non-empty visible value for a list of selectors tried in order. A trailing
   * ` @attr` reads that attribute instead of the element's value (`h1[data-id=x] @title`).
   */
  firstValue(selectors: readonly string[]): string {
    for (const selector of selectors) {
      const attribute = ATTRIBUTE_SUFFIX.exec(selector);
      const css = attribute ? selector.slice(0, attribute.index) : selector;
      for (const element of this.queryVisible(css)) {
        const value = attribute?.[1]
          ? clean(element.getAttribute(attribute[1]))
          : readValue(element);
        if (value) return value;
      }
    }
    return '';
  }
}
