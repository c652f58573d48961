// Small DOM helpers shared by the demo skins. Record data only ever reaches the page through
// text nodes, attribute values and form-control values: never innerHTML.

/**
 * Builds an element. `props`: attributes (strings/numbers/true), `class`, `dataset`, `style`
 * (object), `value`/`checked`/`selected` (set as property and attribute), `on{Event}` listeners.
 * Children: nodes, strings (as text nodes), arrays, or null/false (skipped).
 */
export function h(tag, props, ...children) {
  const el = document.createElement(tag);
  applyProps(el, props);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Builds an SVG element (icons). */
export function svg(tag, props, ...children) {
  const el = document.createElementNS(SVG_NS, tag);
  applyProps(el, props);
  append(el, children);
  return el;
}

function applyProps(el, props) {
  if (!props) return;
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') {
      el.addEventListener(key.slice(2).toLowerCase(), value);
    } else if (key === 'class') {
      el.setAttribute('class', value);
    } else if (key === 'dataset') {
      Object.assign(el.dataset, value);
    } else if (key === 'style' && typeof value === 'object') {
      Object.assign(el.style, value);
    } else if (key === 'value') {
      // Both: `.value` for readers and `[value]`/getAttribute for selector-based readers.
      el.setAttribute('value', String(value));
      el.value = String(value);
    } else if (key === 'selected' || key === 'checked') {
      el.setAttribute(key, '');
      el[key] = true;
    } else {
      el.setAttribute(key, value === true ? '' : String(value));
    }
  }
}

export function append(el, ...children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el) {
  el.replaceChildren();
  return el;
}

/** A 20×20 stroke icon from a fixed set of path data (no record data involved). */
const ICONS = {
  waffle:
    'M4 4h3v3H4zM8.5 4h3v3h-3zM13 4h3v3h-3zM4 8.5h3v3H4zM8.5 8.5h3v3h-3zM13 8.5h3v3h-3zM4 13h3v3H4zM8.5 13h3v3h-3zM13 13h3v3h-3z',
  search: 'M8.5 3a5.5 5.5 0 1 0 0 11 5.5 5.5 0 0 0 0-11zM12.5 12.5 17 17',
  home: 'M3 9.5 10 4l7 5.5V17h-4.5v-4.5h-5V17H3z',
  clock: 'M10 3a7 7 0 1 0 0 14 7 7 0 0 0 0-14zM10 6.5V10l2.5 2',
  pin: 'M7 3h6l-1 5 3 3H5l3-3zM10 11v6',
  dashboard: 'M3 3h6v8H3zM11 3h6v5h-6zM11 10h6v7h-6zM3 13h6v4H3z',
  lead: 'M10 3a3.2 3.2 0 1 1 0 6.4A3.2 3.2 0 0 1 10 3zM4 17c.6-3.4 3-5.2 6-5.2s5.4 1.8 6 5.2M15 4.5l2 1.5-2 1.5',
  contact: 'M10 3a3.2 3.2 0 1 1 0 6.4A3.2 3.2 0 0 1 10 3zM4 17c.6-3.4 3-5.2 6-5.2s5.4 1.8 6 5.2',
  account: 'M4 17V5l6-2v14M10 7h6v10M6.5 7.5h1M6.5 10.5h1M6.5 13.5h1M12.5 10h1M12.5 13h1M3 17h14',
  opportunity: 'M3 15 8 9.5l3.5 3L17 5M12.5 5H17v4.5',
  save: 'M4 3h10l3 3v11H4zM7 3v4h6V3M7 17v-5h6v5',
  saveclose: 'M4 3h10l3 3v11H4zM7 3v4h6V3M8 11l4 4M12 11l-4 4',
  plus: 'M10 4v12M4 10h12',
  trash: 'M4 6h12M8 6V4h4v2M6 6l1 11h6l1-11',
  refresh: 'M16 10a6 6 0 1 1-2-4.5M16 3v3.5h-3.5',
  check: 'M4 10.5 8 14.5 16 6',
  x: 'M5 5l10 10M15 5 5 15',
  share: 'M13 4l4 4-4 4M17 8H9a5 5 0 0 0-5 5v3',
  back: 'M12 4 6 10l6 6',
  chevron: 'M6 8l4 4 4-4',
  chevronRight: 'M8 6l4 4-4 4',
  mail: 'M3 5h14v10H3zM3 5l7 6 7-6',
  phone:
    'M6 3h2.5l1.2 3.5-1.7 1.2a9 9 0 0 0 4.3 4.3l1.2-1.7L17 11.5V14a2 2 0 0 1-2 2A12 12 0 0 1 4 5a2 2 0 0 1 2-2z',
  settings:
    'M10 7.5a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5zM10 2.5v2M10 15.5v2M2.5 10h2M15.5 10h2M4.7 4.7l1.4 1.4M13.9 13.9l1.4 1.4M4.7 15.3l1.4-1.4M13.9 6.1l1.4-1.4',
  help: 'M10 3a7 7 0 1 0 0 14 7 7 0 0 0 0-14zM8 8a2 2 0 1 1 3 1.7c-.7.4-1 .8-1 1.6M10 14h.01',
  bell: 'M6 13V9a4 4 0 0 1 8 0v4l1.5 2h-11zM8.5 17h3',
  filter: 'M3 4h14l-5.5 6.5V16l-3-1.5v-4z',
  edit: 'M4 16h3l9-9-3-3-9 9zM12 5l3 3',
  list: 'M7 5h10M7 10h10M7 15h10M3 5h.01M3 10h.01M3 15h.01',
  star: 'M10 3l2.1 4.4 4.9.6-3.6 3.3.9 4.8L10 13.8 5.7 16.1l.9-4.8L3 8l4.9-.6z',
  task: 'M4 4h12v12H4zM7 10l2 2 4-4',
  calendar: 'M4 5h12v11H4zM4 8h12M7 3v3M13 3v3',
  note: 'M5 3h7l3 3v11H5zM8 9h5M8 12h5',
  folder: 'M3 5h5l2 2h7v9H3z',
  sparkle: 'M10 3v4M10 13v4M3 10h4M13 10h4',
};

export function icon(name, size = 16) {
  return svg(
    'svg',
    {
      class: `icon icon-${name}`,
      width: size,
      height: size,
      viewBox: '0 0 20 20',
      fill: 'none',
      stroke: 'currentColor',
      'stroke-width': '1.5',
      'stroke-linecap': 'round',
      'stroke-linejoin': 'round',
      'aria-hidden': 'true',
      focusable: 'false',
    },
    svg('path', { d: ICONS[name] ?? ICONS.sparkle }),
  );
}

/** Initials for an avatar ("Priya Raman" -> "PR"); letters only, so payloads yield nothing odd. */
export function initials(name) {
  const words = String(name)
    .replace(/<[^>]*>/g, ' ')
    .split(/\s+/)
    .filter((word) => /\p{L}/u.test(word));
  const letters = words.map((word) => word.match(/\p{L}/u)[0].toUpperCase());
  return (letters[0] ?? '?') + (letters.length > 1 ? letters.at(-1) : '');
}

/** A stable colour per name, for avatars. */
export function avatarColor(name) {
  const palette = [
    '#0f6cbd',
    '#8764b8',
    '#c239b3',
    '#038387',
    '#ca5010',
    '#498205',
    '#4f6bed',
    '#986f0b',
  ];
  let hash = 0;
  for (const char of String(name)) hash = (hash * 31 + char.codePointAt(0)) >>> 0;
  return palette[hash % palette.length];
}

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });
const compactMoney = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  maximumFractionDigits: 1,
});

export function formatMoney(value, compact = false) {
  return (compact ? compactMoney : money).format(value);
}

/** `2026-11-02` -> `11/2/2026` (Dynamics/US style) or `Nov 2, 2026` (long). */
export function formatDate(iso, style = 'short') {
  const [year, month, day] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return style === 'long'
    ? date.toLocaleDateString('en-US', {
        month: 'short',
        day: 'numeric',
        year: 'numeric',
        timeZone: 'UTC',
      })
    : `${month}/${day}/${year}`;
}

/**
 * Render latency in ms: `?latency=N` on the URL (remembered for the tab), else the server's
 * `<meta name="upnext-demo-latency">`, else 50–150 ms, like a CRM fetching the record.
 */
export function renderLatency() {
  const fromUrl = new URLSearchParams(location.search).get('latency');
  if (fromUrl !== null && /^\d+$/.test(fromUrl)) {
    sessionStorage.setItem('upnext-demo:latency', fromUrl);
  }
  const fixed =
    sessionStorage.getItem('upnext-demo:latency') ??
    document.querySelector('meta[name="upnext-demo-latency"]')?.getAttribute('content');
  if (fixed !== null && fixed !== undefined && /^\d+$/.test(fixed)) return Number(fixed);
  return 50 + Math.round(Math.random() * 100);
}

export function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// Edits made in the demo are kept per tab in sessionStorage, keyed by record guid.
const OVERRIDES_KEY = 'upnext-demo:overrides';

function readOverrides() {
  try {
    return JSON.parse(sessionStorage.getItem(OVERRIDES_KEY) ?? '{}');
  } catch {
    return {};
  }
}

/** The record with this tab's edits applied (a copy). */
export function withOverrides(record) {
  const overrides = readOverrides()[record.guid];
  return overrides ? { ...record, ...overrides } : { ...record };
}

export function saveOverride(guid, field, value) {
  const all = readOverrides();
  all[guid] = { ...all[guid], [field]: value };
  sessionStorage.setItem(OVERRIDES_KEY, JSON.stringify(all));
}

let toastTimer;
/** A transient status message (role=status, so screen readers and tests can read it). */
export function toast(message, id = 'demo-toast') {
  let el = document.getElementById(id);
  if (!el) {
    el = h('div', { id, class: 'demo-toast', role: 'status', 'aria-live': 'polite' });
    document.body.append(el);
  }
  el.textContent = message;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => {
    el.hidden = true;
  }, 2500);
}

function isTyping(target) {
  return (
    target instanceof HTMLElement &&
    (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName))
  );
}

/**
 * Page hotkeys, so tests can check that the extension does not swallow them:
 * `/` focuses the search box, Ctrl/Cmd+S saves. The last one handled is recorded on
 * `document.body.dataset.lastHotkey`.
 */
export function installHotkeys({ search, save }) {
  document.addEventListener('keydown', (event) => {
    if (event.defaultPrevented) return;
    if (
      event.key === '/' &&
      !event.ctrlKey &&
      !event.metaKey &&
      !event.altKey &&
      !isTyping(event.target)
    ) {
      const input = search();
      if (input) {
        event.preventDefault();
        input.focus();
        document.body.dataset.lastHotkey = '/';
      }
    } else if (
      (event.ctrlKey || event.metaKey) &&
      !event.altKey &&
      event.key.toLowerCase() === 's'
    ) {
      event.preventDefault();
      document.body.dataset.lastHotkey = 'ctrl+s';
      save();
    }
  });
}

/**
 * Routes clicks on same-origin links marked `data-spa` (and left-clicks without modifiers)
 * through `navigate` instead of a full page load, like SPA routers do.
 */
export function interceptLinks(navigate) {
  document.addEventListener('click', (event) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = event.target instanceof Element ? event.target.closest('a[href]') : null;
    if (!link || link.target || link.hasAttribute('download')) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin) return;
    if (!link.closest('[data-spa]') && !link.hasAttribute('data-spa')) return;
    event.preventDefault();
    navigate(url);
  });
}
