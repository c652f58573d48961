/**
 * Importing a pack (docs/console.md, docs/sequence-format.md): all or nothing. The text is
 * parsed and checked against what is stored (move targets may be stored sequences), planned
 * (create, update, unchanged), refused whole if it would change a sequence the administrator
 * manages, and only then written in one transaction (lib/store/sequences-repo.ts), segments
 * included (a segment the pack wants active whose sequence cannot take records yet is stored
 * inactive; the plan says why).
 */
import { tCount } from '../i18n';
import { exportPackText } from '../sequence/export';
import { parsePack } from '../sequence/parse';
import { planImport, type ImportPlan } from '../sequence/plan';
import type { Problem } from '../sequence/problem';
import { builtInPack } from '../sequence/templates/built-in';
import type { Pack } from '../sequence/types';
import type { Database } from '../store/db';
import { forgetKept } from '../store/kept-copy';
import {
  cloneSequence,
  readCustomCrms,
  StoreError,
  summarize,
  writeImport,
} from '../store/sequences-repo';
import { knownCrmIds, readSegments } from '../store/segments-repo';
import type { SequenceSummary } from '../store/types';

/**
 * What importing `text` would do. Throws `StoreError('invalid-pack')` with every problem (path,
 * line, column, message) when the pack is invalid or touches a policy-managed sequence.
 */
export async function planPackImport(
  db: Database,
  text: string,
): Promise<{ pack: Pack; plan: ImportPlan }> {
  const existing = await db.getAll('sequences');
  const parsed = parsePack(text, { existing, knownCrms: await knownCrmIds(db) });
  if (!parsed.ok) {
    throw new StoreError(
      'invalid-pack',
      `The pack has ${tCount('problemCount', parsed.problems.length)}; nothing was imported.`,
      parsed.problems,
    );
  }
  const plan = planImport(existing, parsed.pack, await readCustomCrms(db), await readSegments(db));
  const readOnly = plan.sequences.filter((item) => item.action === 'update' && item.readOnly);
  if (readOnly.length > 0) {
    const problems: Problem[] = readOnly.map((item) => ({
      path: '',
      line: null,
      column: null,
      message: `Sequence '${item.id}' is managed by your administrator and cannot be changed by an import.`,
    }));
    throw new StoreError(
      'invalid-pack',
      'The pack changes sequences your administrator manages; nothing was imported.',
      problems,
    );
  }
  return { pack: parsed.pack, plan };
}

/**
 * Imports `text` at `now` (all or nothing) and returns the plan it carried out; `crmsChanged`
 * says the pack added or changed custom CRMs (their content scripts need registering).
 */
export async function importPack(
  db: Database,
  text: string,
  now: number,
): Promise<{ plan: ImportPlan; crmsChanged: boolean }> {
  const { pack, plan } = await planPackImport(db, text);
  await writeImport(db, pack, plan, now);
  return { plan, crmsChanged: plan.crms.some((crm) => crm.action !== 'unchanged') };
}

/**
 * A built-in template as a new draft sequence; when it is already there, a draft copy of it to
 * adapt. Throws `StoreError('not-found')` for an unknown template.
 */
export async function createFromTemplate(
  db: Database,
  templateId: string,
  now: number,
): Promise<SequenceSummary> {
  const definition = builtInPack().sequences.find((sequence) => sequence.id === templateId);
  if (!definition) throw new StoreError('not-found', `There is no template '${templateId}'.`);
  if ((await db.getKey('sequences', templateId)) !== undefined)
    return cloneSequence(db, templateId, now);
  await importPack(db, exportPackText([definition]), now);
  const doc = await db.get('sequences', templateId);
  if (!doc) throw new StoreError('not-found', 'The template could not be created.');
  const template = { ...doc, source: 'template' as const };
  const tx = db.transaction('sequences', 'readwrite');
  forgetKept(db, tx.done);
  await Promise.all([tx.store.put(template), tx.done]);
  return summarize(template, 0);
}
