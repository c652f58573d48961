/**
 * Proof of record: which record a CRM page says it shows, from an id the CRM itself puts in the
 * page. After an in-app navigation the URL names the new record at once while the page may still
 * show the previous one for a while (SuiteCRM's AJAX UI swaps its content 150–300 ms later), so
 * fields are read only once the page proves it shows the record the URL names. CRMs without such
 * an id fall back to a change of the record container after the URL change (record-capture.ts).
 *
 * Each reader runs one or two selector queries over small, specific elements: cheap enough to run
 * on every check while a record renders. Confidence tags as in docs/crms.md.
 */
import { isVisible } from './fields/dom';
import { canonicalGuid, integerId } from './rules/ids';
import { canonicalSalesforceId } from './rules/salesforce-id';
import type { RenderContext } from './navigation';
import type { RecordRef } from './rules/types';

/** An element of the page naming a record, with that record's canonical id. */
interface Candidate {
  element: Element;
  id: string;
}

interface IdReader {
  /** The page's elements that name a record (at most MAX_CANDIDATES), unfiltered. */
  candidates: (doc: Document, record: RecordRef) => Candidate[];
  /** Only visible candidates count (pages that keep other records' elements hidden). */
  visibleOnly: boolean;
}

/** At most this many candidate elements are looked at per check. */
const MAX_CANDIDATES = 50;

function firstElements(doc: Document, selector: string): Element[] {
  return Array.from(doc.querySelectorAll(selector)).slice(0, MAX_CANDIDATES);
}

function candidates(
  doc: Document,
  selector: string,
  idOf: (element: Element) => string | null,
): Candidate[] {
  return firstElements(doc, selector).flatMap((element) => {
    const id = idOf(element);
    return id === null ? [] : [{ element, id }];
  });
}

const valueOf = (element: Element): string =>
  (element as HTMLInputElement).value || element.getAttribute('value') || '';

const READERS: Readonly<Partial<Record<string, IdReader>>> = {
  /*
   * SuiteCRM 7 / Sugar CE: the detail view's hidden `DetailView` form and the edit view's
   * `EditView` form carry `<input type="hidden" name="record" value="{id}">` (V: the DetailView
   * and EditView templates). The AJAX UI replaces them with the rest of the content. SuiteCRM 8
   * has no such form: it falls back.
   */
  suitecrm: {
    candidates: (doc) =>
      candidates(
        doc,
        'form[name="DetailView"] input[name="record"], form#EditView input[name="record"]',
        (element) => canonicalGuid(valueOf(element)),
      ),
    visibleOnly: false,
  },
  /* vtiger 7: `<input type="hidden" id="recordId" value="{id}">` on record views (V: templates). */
  vtiger: {
    candidates: (doc) =>
      candidates(doc, 'input#recordId', (element) => integerId(valueOf(element).trim())),
    visibleOnly: false,
  },
  /*
   * Dynamics 365 Unified Interface: controls bound to the record carry
   * `data-lp-id="{control}|{name}|{entity}|{record GUID}|…"` (R: UI tests read subgrids by it), e.g.
   * the form's subgrids and timeline. Only visible ones count: a multi-session app keeps other
   * sessions' forms in the page.
   */
  dynamics365: {
    candidates: (doc, record) =>
      candidates(doc, `[data-lp-id*="|${record.entity}|"]`, (element) => {
        const parts = (element.getAttribute('data-lp-id') ?? '').split('|');
        const at = parts.indexOf(record.entity);
        return at < 0 ? null : canonicalGuid(parts[at + 1], true);
      }),
    visibleOnly: true,
  },
  /*
   * Salesforce Lightning: a record page's related-list cards link to
   * `/lightning/r/{Object}/{id}/related/{list}/view` (R for the URL shape; U that every record
   * page shows one). Lightning keeps earlier records' pages hidden in the DOM, so only visible
   * links count.
   */
  salesforce: {
    candidates: (doc) =>
      candidates(doc, 'a[href*="/lightning/r/"][href*="/related/"]', (element) => {
        const found = /\/lightning\/r\/(?:[A-Za-z0-9_]+\/)?([a-zA-Z0-9]{15,18})\/related\//.exec(
          element.getAttribute('href') ?? '',
        );
        return found?.[1] ? canonicalSalesforceId(found[1]) : null;
      }),
    visibleOnly: true,
  },
};

function readerFor(record: RecordRef): IdReader | undefined {
  return Object.hasOwn(READERS, record.crm) ? READERS[record.crm] : undefined;
}

/**
 * The ids of the records the page says it shows, canonical like `detectRecord`'s; null when the
 * CRM has no proof rule or the page holds none of its ids (then callers fall back to a container
 * change). Never throws.
 */
export function shownRecordIds(doc: Document, record: RecordRef): string[] | null {
  const reader = readerFor(record);
  if (reader === undefined) return null;
  try {
    const ids = reader
      .candidates(doc, record)
      .filter(({ element }) => !reader.visibleOnly || isVisible(element))
      .map(({ id }) => id);
    return ids.length > 0 ? ids : null;
  } catch {
    return null;
  }
}

/**
 * `shownRecordIds(doc, record)?.includes(record.id)`, with as few visibility checks as it takes:
 * true when the page shows `record`, false when it shows only other records, null when it has no
 * proof either way. The candidates naming `record` are checked first, so a page that shows it
 * costs one check. Never throws.
 */
export function showsRecord(doc: Document, record: RecordRef): boolean | null {
  const reader = readerFor(record);
  if (reader === undefined) return null;
  try {
    const found = reader.candidates(doc, record);
    const shown = ({ element }: Candidate): boolean => !reader.visibleOnly || isVisible(element);
    if (found.some((candidate) => candidate.id === record.id && shown(candidate))) return true;
    return found.some((candidate) => candidate.id !== record.id && shown(candidate)) ? false : null;
  } catch {
    return null;
  }
}

export interface RecordReadRule {
  doc: Document;
  /** The record the URL names. */
  record: RecordRef;
  /**
   * The page may still show what was on screen before the URL changed: an in-app navigation from
   * another page. False on a fresh page load and when the URL changed within the same record.
   */
  afterNavigation: boolean;
  /** The name the previous record's page showed, when the navigation came from one. */
  previousName: string | null;
}

/**
 * When a read of the page may be stored for `record` (the `ready` and `accept` rules of
 * `watchRecordRender`). With a proof rule: only while the page names the record (checked before
 * reading, so a page still showing another record costs one selector query). Without one, after
 * an in-app navigation: once the record container changed and the read is not the previous
 * record's (same name), or, when the watch ends, a read that names another record than the
 * previous one (pages that render before they change the URL). A read that found nothing is
 * never taken after a navigation: it would only say "nothing known", which the caller says
 * itself when the wait ends.
 */
export function recordReadRule(rule: RecordReadRule): {
  ready: (context: RenderContext) => boolean;
  accept: (fields: Record<string, string>, context: RenderContext) => boolean;
} {
  const { doc, record, afterNavigation, previousName } = rule;
  let proven = false;
  return {
    ready: () => {
      const shows = showsRecord(doc, record);
      proven = shows !== null;
      return shows !== false;
    },
    accept: (fields, { containerChanged, final }) => {
      if (!afterNavigation) return true;
      if (Object.keys(fields).length === 0) return false;
      if (proven) return true;
      const name = fields['name'] ?? '';
      if (previousName !== null && name === previousName) return false;
      return containerChanged || (final && previousName !== null && name !== '');
    },
  };
}
