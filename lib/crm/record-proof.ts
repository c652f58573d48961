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

type IdReader = (doc: Document, record: RecordRef) => string[];

/** At most this many candidate elements are looked at per check. */
const MAX_CANDIDATES = 50;

function firstElements(doc: Document, selector: string): Element[] {
  return Array.from(doc.querySelectorAll(selector)).slice(0, MAX_CANDIDATES);
}

function values(doc: Document, selector: string, canonical: (raw: string) => string | null) {
  return firstElements(doc, selector).flatMap((element) => {
    const id = canonical(
      (element as HTMLInputElement).value || element.getAttribute('value') || '',
    );
    return id === null ? [] : [id];
  });
}

const READERS: Readonly<Partial<Record<string, IdReader>>> = {
  /*
   * SuiteCRM 7 / Sugar CE: the detail view's hidden `DetailView` form and the edit view's
   * `EditView` form carry `<input type="hidden" name="record" value="{id}">` (V: the DetailView
   * and EditView templates). The AJAX UI replaces them with the rest of the content. SuiteCRM 8
   * has no such form: it falls back.
   */
  suitecrm: (doc) =>
    values(
      doc,
      'form[name="DetailView"] input[name="record"], form#EditView input[name="record"]',
      (raw) => canonicalGuid(raw),
    ),
  /* vtiger 7: `<input type="hidden" id="recordId" value="{id}">` on record views (V: templates). */
  vtiger: (doc) => values(doc, 'input#recordId', (raw) => integerId(raw.trim())),
  /*
   * Dynamics 365 Unified Interface: controls bound to the record carry
   * `data-lp-id="{control}|{name}|{entity}|{record GUID}|…"` (R: UI tests read subgrids by it), e.g.
   * the form's subgrids and timeline. Only visible ones count: a multi-session app keeps other
   * sessions' forms in the page.
   */
  dynamics365: (doc, record) =>
    firstElements(doc, `[data-lp-id*="|${record.entity}|"]`)
      .filter(isVisible)
      .flatMap((element) => {
        const parts = (element.getAttribute('data-lp-id') ?? '').split('|');
        const at = parts.indexOf(record.entity);
        const id = at < 0 ? null : canonicalGuid(parts[at + 1], true);
        return id === null ? [] : [id];
      }),
  /*
   * Salesforce Lightning: a record page's related-list cards link to
   * `/lightning/r/{Object}/{id}/related/{list}/view` (R for the URL shape; U that every record
   * page shows one). Lightning keeps earlier records' pages hidden in the DOM, so only visible
   * links count.
   */
  salesforce: (doc) =>
    firstElements(doc, 'a[href*="/lightning/r/"][href*="/related/"]')
      .filter(isVisible)
      .flatMap((element) => {
        const found = /\/lightning\/r\/(?:[A-Za-z0-9_]+\/)?([a-zA-Z0-9]{15,18})\/related\//.exec(
          element.getAttribute('href') ?? '',
        );
        const id = found?.[1] ? canonicalSalesforceId(found[1]) : null;
        return id === null ? [] : [id];
      }),
};

/**
 * The ids of the records the page says it shows, canonical like `detectRecord`'s; null when the
 * CRM has no proof rule or the page holds none of its ids (then callers fall back to a container
 * change). Never throws.
 */
export function shownRecordIds(doc: Document, record: RecordRef): string[] | null {
  const reader = Object.hasOwn(READERS, record.crm) ? READERS[record.crm] : undefined;
  if (reader === undefined) return null;
  try {
    const ids = reader(doc, record);
    return ids.length > 0 ? ids : null;
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
      const ids = shownRecordIds(doc, record);
      proven = ids !== null;
      return ids === null || ids.includes(record.id);
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
