import { clean, isVisible, readValue, type QueryScope } from './dom';
import type { FieldKey } from './types';

/**
 * The generic label/value reader for unknown CRMs and for CRMs without stable hooks
 * (docs/crm-reference.md "Generic fallback", U: a design proposal; the HubSpot DOM guide reads values by
 * label the same way, R). Each source is one specific selector per container, capped, so the
 * cost stays bounded on large pages.
 */

/** Label text → field. Anchored, so "Account Name" is a company and never the record name. */
const LABELS: readonly (readonly [FieldKey, RegExp])[] = [
  ['firstName', /^(first ?name|given name)$/],
  ['lastName', /^(last ?name|surname|family name)$/],
  ['name', /^(full ?name|name)$/],
  ['email', /^((work |primary |business )?e-?mail( address)?)$/],
  ['phone', /^((work |business |direct |mobile |office )?(phone|telephone)( number)?|mobile|tel)$/],
  ['company', /^(company( name)?|account( name)?|organi[sz]ation( name)?)$/],
  ['jobTitle', /^(job title|title|position|designation|role)$/],
  ['stage', /^((deal |sales |pipeline |lifecycle )?stage|(lead )?status( reason)?)$/],
  [
    'owner',
    /^((lead |contact |account |deal |opportunity |record |company )?owner|assigned (to|user)|sales ?(rep|person))$/,
  ],
];

/** At most this many label/value candidates per source and container. */
const MAX_PAIRS = 300;

function fieldForLabel(label: string): FieldKey | null {
  const normalised = clean(label)
    .toLowerCase()
    .replace(/[\s:*]+$/, '');
  if (!normalised || normalised.length > 40) return null;
  for (const [key, pattern] of LABELS) if (pattern.test(normalised)) return key;
  return null;
}

type Pair = readonly [label: Element | string, value: Element | null];

function byId(context: Element | Document | ShadowRoot, id: string): Element | null {
  const root = context.getRootNode() as Document | ShadowRoot;
  return typeof root.getElementById === 'function' ? root.getElementById(id) : null;
}

function limited(container: ParentNode, selector: string): Element[] {
  return Array.from(container.querySelectorAll(selector)).slice(0, MAX_PAIRS);
}

/** Label/value candidates inside one container, most explicit sources first. */
function* pairs(container: Element | Document | ShadowRoot): Generator<Pair> {
  for (const label of limited(container, 'label[for]')) {
    yield [label, byId(container, label.getAttribute('for') ?? '')];
  }
  for (const value of limited(container, '[aria-labelledby]')) {
    const ids = (value.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean);
    const text = ids.map((id) => byId(container, id)?.textContent ?? '').join(' ');
    yield [text, value];
  }
  for (const term of limited(container, 'dt')) {
    const next = term.nextElementSibling;
    yield [term, next?.tagName === 'DD' ? next : null];
  }
  // Two-column rows: a table row with a header and a cell, or a label element next to a value.
  for (const row of limited(container, 'tr')) {
    const cells = row.children;
    yield [cells.item(0) ?? '', cells.length === 2 ? cells.item(1) : null];
  }
  for (const value of limited(container, '[class*="label" i] + [class*="value" i]')) {
    yield [value.previousElementSibling ?? '', value];
  }
}

/** The value element itself, or the link/input inside it when there is one. */
function valueOf(element: Element): string {
  const inner = element.querySelector(
    'a[href^="mailto:"], a[href^="tel:"], input, select, textarea',
  );
  return readValue(inner && isVisible(inner) ? inner : element);
}

/** Fills `wanted` fields from label/value pairs, `mailto:`/`tel:` links and the page heading. */
export function genericFields(
  scope: QueryScope,
  containers: readonly string[],
  wanted: ReadonlySet<FieldKey>,
): Partial<Record<FieldKey, string>> {
  const found: Partial<Record<FieldKey, string>> = {};
  const missing = (key: FieldKey): boolean => wanted.has(key) && found[key] === undefined;
  const roots =
    containers.length === 0
      ? [scope.root]
      : containers.flatMap((selector) => scope.queryVisible(selector));
  for (const root of roots) {
    for (const [label, value] of pairs(root)) {
      if (!value) continue;
      const key = fieldForLabel(typeof label === 'string' ? label : label.textContent);
      if (!key || !missing(key) || !isVisible(value)) continue;
      const text = valueOf(value);
      if (text) found[key] = text;
    }
  }
  const links: readonly (readonly [FieldKey, string])[] = [
    ['email', 'a[href^="mailto:"], a[href^="MAILTO:"]'],
    ['phone', 'a[href^="tel:"], a[href^="TEL:"]'],
  ];
  for (const [key, selector] of links) {
    if (!missing(key)) continue;
    for (const root of roots) {
      const link = Array.from(root.querySelectorAll(selector)).find(isVisible);
      const text = link ? readValue(link) : '';
      if (text) {
        found[key] = text;
        break;
      }
    }
  }
  if (missing('name')) {
    // The page's main heading is the record name on most record pages.
    const heading = scope.firstValue(['h1', '[role="heading"][aria-level="1"]']);
    if (heading) found.name = heading;
  }
  return found;
}
