/**
 * Which open tabs get the CRM detector when Upnext is installed or updated. Chromium runs a
 * content script only in pages loaded after the extension was, and an update orphans the copies
 * already running (their `runtime` is gone), so a CRM tab open at that moment would have no
 * working panel until the seller reloaded it. The background injects the detector into those
 * tabs itself (entrypoints/background/open-crm-tabs.ts).
 *
 * "Those tabs" are exactly where a reload would have started the detector: the manifest's entry
 * (`BUILT_IN_HOST_PATTERNS` minus `BUILT_IN_EXCLUDED_PATTERNS`) and the run-time registrations
 * for granted custom and self-hosted CRMs (`planRegistrations`'s `wanted`). Pure: the background
 * passes in the registrations and the tabs it found.
 */
import { isCovered, originToMatchPattern, type ContentScriptRegistration } from './custom-registry';
import { BUILT_IN_EXCLUDED_PATTERNS, BUILT_IN_HOST_PATTERNS } from './hosts';

/** Where the detector runs, as match patterns. */
export interface DetectorSites {
  /**
   * The patterns in groups the background looks up one by one (`tabs.query` with a `url`
   * filter): the built-in hosts, then each registration. One pattern the browser refuses must
   * not hide the tabs of the others.
   */
  groups: string[][];
  /** Hosts inside those patterns where the detector does not run (`exclude_matches`). */
  excluded: readonly string[];
}

/** The sites of the manifest's detector entry and of `registrations` (planned for granted CRMs). */
export function detectorSites(registrations: readonly ContentScriptRegistration[]): DetectorSites {
  return {
    groups: [[...BUILT_IN_HOST_PATTERNS], ...registrations.map((script) => [...script.matches])],
    excluded: BUILT_IN_EXCLUDED_PATTERNS,
  };
}

/** The fields of a `tabs.Tab` that decide whether it gets the detector. */
export interface OpenTab {
  id?: number;
  /** Present only for tabs Upnext has host access to. */
  url?: string;
  /** A discarded tab has no page: the browser loads it, content scripts included, when shown. */
  discarded?: boolean;
}

/**
 * The ids of the tabs (each once, in the order given) whose address is on `sites`: not
 * discarded, with a web address on one of the patterns and on none of the excluded ones. Tabs
 * without an address (no host access), on browser pages (`chrome://`) or unparsable ones are
 * left out. Match patterns ignore ports and paths, and so does this.
 */
export function detectorTabs(tabs: readonly OpenTab[], sites: DetectorSites): number[] {
  const patterns = sites.groups.flat();
  const ids = new Set<number>();
  for (const tab of tabs) {
    if (tab.id === undefined || tab.discarded === true || tab.url === undefined) continue;
    const pattern = originToMatchPattern(tab.url);
    if (pattern === null) continue;
    if (isCovered(pattern, patterns) && !isCovered(pattern, sites.excluded)) ids.add(tab.id);
  }
  return [...ids];
}
