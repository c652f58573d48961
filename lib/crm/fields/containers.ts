import { isVisible } from './dom';

/**
 * The element that holds a record's fields, per CRM: what `watchRecordRender` observes while the
 * record renders after a navigation (a narrow subtree, never the whole body).
 */
const CONTAINERS: Readonly<Partial<Record<string, readonly string[]>>> = {
  dynamics365: ['[data-id="editFormRoot"]'], // V: EasyRepro form root.
  salesforce: [
    'one-record-home-flexipage2', // U: Lightning record home.
    'records-highlights2', // R: the header; the reference's "record ready" element.
  ],
  hubspot: ['[data-test-id="left-sidebar"]'], // R
  zoho: ['crux-detail-view', '#dv_container'], // U
  espocrm: ['#main'], // U
  suitecrm: ['#content', '.detail-view'], // U
  vtiger: ['.detailViewContainer'], // U
  odoo: ['.o_form_view'], // U
  sugarcrm: ['.main-pane'], // U
  copper: ['main'], // U
};

/** Generic: a page's main landmark. */
const GENERIC = ['main', '[role="main"]'] as const;

/** The first visible record container for `crm`, or null (then callers fall back to timed reads). */
export function findRecordContainer(doc: Document | ShadowRoot, crm: string): Element | null {
  const selectors = Object.hasOwn(CONTAINERS, crm) ? (CONTAINERS[crm] ?? GENERIC) : GENERIC;
  for (const selector of [...selectors, ...GENERIC]) {
    try {
      const found = Array.from(doc.querySelectorAll(selector)).find(isVisible);
      if (found) return found;
    } catch {
      // Selectors here are static; this only guards against exotic DOM implementations.
    }
  }
  return null;
}
