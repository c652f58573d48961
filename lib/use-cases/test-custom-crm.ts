/**
 * The console's live test of a custom CRM definition (docs/crms.md): does the definition pass
 * the one definition check, does it recognise a record on this address, and (given an open tab
 * Upnext may read) which fields do its selectors find there. Problems are sentences a manager
 * acts on. The tab is read through `TabReader`, which runs `captureSelectorsInPage` in it.
 */
import { isCovered, originToMatchPattern, type CrmTestResult } from '../crm/custom-registry';
import { urlPart } from '../crm/custom-crm';
import { matchCustomCrm } from '../crm/detect';
import { BUILT_IN_HOST_PATTERNS } from '../crm/hosts';
import { normaliseOrigin } from '../sequence/origin';
import type { CrmDefinition } from '../sequence/types';
import { checkedDefinition } from './custom-crms';

/** What `captureSelectorsInPage` returns from the tab. */
interface CapturedFields {
  values: Record<string, string>;
  missing: string[];
  invalid: string[];
}

export interface TabReader {
  /** Whether Upnext holds the host permission for this match pattern. */
  allowed: (pattern: string) => Promise<boolean>;
  /** Runs the selectors in the tab; resolves to whatever the page returned (checked here). */
  capture: (tabId: number, fields: Record<string, string[]>) => Promise<unknown>;
}

const isCaptured = (value: unknown): value is CapturedFields =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { values?: unknown }).values === 'object' &&
  Array.isArray((value as { missing?: unknown }).missing) &&
  Array.isArray((value as { invalid?: unknown }).invalid);

export async function testCustomCrm(
  tabs: TabReader,
  definition: CrmDefinition,
  url: string,
  tabId: number | undefined,
): Promise<CrmTestResult> {
  const checked = checkedDefinition(definition);
  const problems = checked.ok ? [] : [...checked.problems];
  let parsed: URL | null = null;
  try {
    parsed = new URL(url);
  } catch {
    problems.push(`'${url}' is not a web address.`);
  }
  let match: CrmTestResult['match'] = null;
  if (parsed !== null) {
    const origins = definition.origins.flatMap((origin) => normaliseOrigin(origin) ?? []);
    if (!origins.includes(parsed.origin)) {
      problems.push(
        `${parsed.origin} is not one of this CRM's addresses (${origins.join(', ') || 'none yet'}).`,
      );
    }
    const found = matchCustomCrm(parsed.href, [{ ...definition, origins: [parsed.origin] }]);
    if (found !== null) {
      match = { entity: found.entity, id: found.id };
    } else if (definition.records.length === 0) {
      problems.push('Add at least one record pattern.');
    } else {
      for (const record of definition.records) {
        problems.push(
          `No match for ${record.entity}: ${record.part} of this address is '${urlPart(parsed, record.part) ?? ''}'.`,
        );
      }
    }
  }
  let fields: Record<string, string> | null = null;
  const selectors = definition.fields ?? {};
  if (tabId !== undefined && parsed !== null && Object.keys(selectors).length > 0) {
    const pattern = originToMatchPattern(parsed.origin);
    const permitted =
      pattern !== null &&
      (isCovered(pattern, BUILT_IN_HOST_PATTERNS) || (await tabs.allowed(pattern)));
    if (!permitted) {
      problems.push(
        `Upnext is not allowed on ${parsed.origin} yet, so it cannot read fields in that tab. Grant access first.`,
      );
    } else {
      try {
        const captured = await tabs.capture(tabId, selectors);
        if (!isCaptured(captured)) throw new Error('no result');
        fields = captured.values;
        for (const key of captured.missing)
          problems.push(`Field '${key}': none of its selectors found text on the page.`);
        for (const selector of captured.invalid)
          problems.push(`'${selector}' is not a valid CSS selector.`);
      } catch (error) {
        problems.push(`Upnext could not read the tab: ${String(error)}`);
      }
    }
  }
  return { match, fields, problems };
}
