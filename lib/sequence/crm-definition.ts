/**
 * The one check of a custom CRM definition (docs/sequence-format.md, "Custom CRMs"). A pack's
 * `crms` entries (`upnext validate`, import, the policy pack), the console's form and save
 * message, and the administrator's `customCrms` all go through it, so a definition one of them
 * accepts the others accept too, with the same words.
 *
 * The rules between values live in `checkCrmRules` (the pack validator calls it for each entry,
 * next to zod's structure check of the whole pack); `crmDefinitionProblems` runs both on one
 * definition on its own.
 */
import { isSafe } from 'redos-detector';
import { capitalize, isRecord, labelAt, quote } from './describe';
import { issueToProblems } from './issue-messages';
import { MAX_NAME } from './limits';
import { originProblem } from './origin';
import { formatPath, type PathSegment, type RawProblem } from './problem';
import { packSchemas } from './schema';
import { CRM_IDS } from './types';

type Report = (path: PathSegment[], message: string) => void;

/**
 * Optional checks that need a browser page: `isSelector` tells whether a CSS selector parses.
 * A service worker and Node have no DOM, so there the live test in a tab reports bad selectors.
 */
export interface CrmCheckOptions {
  isSelector?: (selector: string) => boolean;
}

/** Why `pattern` is not a regular expression with a named group `id`, or undefined. */
function patternProblem(pattern: string): string | undefined {
  let groups: Record<string, string | undefined> | undefined;
  try {
    // An alternative that always matches the empty string, so `groups` lists every named
    // group of the pattern without needing a URL that matches it.
    new RegExp(pattern);
    groups = new RegExp(`(?:${pattern})|`).exec('')?.groups;
  } catch (error) {
    const reason =
      error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : '';
    return `is not a valid regular expression (${reason})`;
  }
  if (groups === undefined || !Object.hasOwn(groups, 'id')) {
    return 'has no named group "id": mark the record id with (?<id>...), as in "^/leads/(?<id>[0-9]+)$"';
  }
  return backtrackingProblem(pattern);
}

/**
 * Why matching `pattern` could take exponential (or high polynomial) time on some address, or
 * undefined. A pattern runs on every page of its CRM, in the content script: one like
 * `^/(?<id>(a+)+)$` would freeze the CRM tab on an unlucky URL. redos-detector (a maintained
 * ReDoS checker that works in browsers and Node) counts the backtracking paths; above its default
 * score the pattern is refused. Its parser predates named groups, so they are checked as plain
 * capturing groups (they match the same; `\k<name>` back-references are rare in URL rules and
 * are checked as written).
 */
/** How far the checker may explore a pattern: bounded (not timed) so a verdict is the same everywhere. */
const MAX_CHECK_STEPS = 5000;

function backtrackingProblem(pattern: string): string | undefined {
  const plain = pattern.replace(/\(\?<(?![=!])[A-Za-z_$][\w$]*>/g, '(');
  let result: ReturnType<typeof isSafe>;
  try {
    result = isSafe(new RegExp(plain), {
      downgradePattern: true,
      maxSteps: MAX_CHECK_STEPS,
      // A backstop only: a pattern the steps bound does not stop in time is refused too.
      timeout: 500,
    });
  } catch {
    return 'cannot be checked for slow matching; write it without back-references or lookbehind';
  }
  if (result.safe) return undefined;
  const why =
    result.error === 'hitMaxScore'
      ? 'a part of it can match the same text in very many ways (a repeat inside a repeat, such as (a+)+)'
      : 'it is too involved to prove that it matches quickly';
  return `could make a CRM page freeze while matching: ${why}; write it so each part of an address can match only one way, as in "^/leads/(?<id>[0-9]+)$"`;
}

/**
 * The rules zod cannot express for the definition `crm` at `path` of `root`: not a built-in id,
 * a name that is not blank, exact http(s) origins, record patterns with an `id` group. Values of
 * the wrong type are left to zod, so that nothing is reported twice.
 */
export function checkCrmRules(
  root: unknown,
  path: PathSegment[],
  crm: Record<string, unknown>,
  report: Report,
  options: CrmCheckOptions = {},
): void {
  const words = labelAt(root, path);
  const id = crm['id'];
  if (typeof id === 'string' && (CRM_IDS as readonly string[]).includes(id)) {
    report(
      [...path, 'id'],
      `Custom CRM id '${id}' is the id of a built-in CRM; give the custom CRM an id of its own`,
    );
  }
  const name = crm['name'];
  if (typeof name === 'string' && name.length <= MAX_NAME && name.trim() === '') {
    report([...path, 'name'], `${capitalize(words)} has an empty name`);
  }
  const origins = crm['origins'];
  if (Array.isArray(origins)) {
    for (const [index, origin] of (origins as unknown[]).entries()) {
      if (typeof origin !== 'string') continue;
      const problem = originProblem(origin);
      if (problem !== undefined) {
        report([...path, 'origins', index], `Origin ${quote(origin)} of ${words} ${problem}`);
      }
    }
  }
  const records = crm['records'];
  if (Array.isArray(records)) {
    for (const [index, record] of (records as unknown[]).entries()) {
      if (!isRecord(record)) continue;
      const url = record['url'];
      if (typeof url !== 'string' || url === '') continue;
      const problem = patternProblem(url);
      if (problem !== undefined) {
        report(
          [...path, 'records', index, 'url'],
          `The 'url' of ${labelAt(root, [...path, 'records', index])} ${problem}`,
        );
      }
    }
  }
  const fields = crm['fields'];
  const { isSelector } = options;
  if (isSelector !== undefined && isRecord(fields)) {
    for (const [key, selectors] of Object.entries(fields)) {
      if (!Array.isArray(selectors)) continue;
      for (const [index, selector] of (selectors as unknown[]).entries()) {
        if (typeof selector !== 'string' || selector === '' || isSelector(selector)) continue;
        report(
          [...path, 'fields', key, index],
          `Selector ${quote(selector)} of field '${key}' in ${words} is not a valid CSS selector`,
        );
      }
    }
  }
}

/**
 * Every problem with one definition: its shape (the pack schema's `crms` item) and its rules,
 * in the words a pack's problems use. Paths are relative to the definition (`records[0].url`);
 * an empty list means the definition is valid.
 */
export function crmDefinitionProblems(
  definition: unknown,
  options: CrmCheckOptions = {},
): RawProblem[] {
  // Checked as the only entry of a pack, so messages name it as they would in a pack file.
  const root = { crms: [definition] };
  const prefix: PathSegment[] = ['crms', 0];
  const problems: RawProblem[] = [];
  const parsed = packSchemas().crmSchema.safeParse(definition);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(...issueToProblems(root, issue, prefix));
  }
  if (isRecord(definition)) {
    checkCrmRules(
      root,
      prefix,
      definition,
      (path, message) => problems.push({ path, message }),
      options,
    );
  }
  const seen = new Set<string>();
  return problems.flatMap((problem) => {
    const key = `${formatPath(problem.path)}\n${problem.message}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [{ ...problem, path: problem.path.slice(prefix.length) }];
  });
}
