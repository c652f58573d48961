/**
 * The console's sequence messages: import (dry run and apply), lifecycle, tags, export,
 * templates and connected records.
 */
import { t } from '@/lib/i18n';
import { ok } from '@/lib/messaging/result';
import type { SequenceDetails, TemplateSummary } from '@/lib/messaging/protocol';
import { countSteps } from '@/lib/sequence/steps';
import { planSummary } from '@/lib/sequence/plan';
import { builtInPack } from '@/lib/sequence/templates/built-in';
import type { Database } from '@/lib/store/db';
import { forgetKept } from '@/lib/store/kept-copy';
import { runRecordCommand } from '@/lib/store/record-tx';
import {
  cloneSequence,
  exportSequences,
  getSummary,
  listSummaries,
  setState,
  setTags,
  StoreError,
} from '@/lib/store/sequences-repo';
import { createFromTemplate, importPack, planPackImport } from '@/lib/use-cases/import-pack';

import { commandContext, type BackgroundDeps } from '../context';
import type { HandlerMap } from '../router';
import { guard } from './guard';

type SequenceHandlers = Pick<
  HandlerMap,
  | 'listSequences'
  | 'getSequence'
  | 'planImport'
  | 'importPack'
  | 'setSequenceState'
  | 'cloneSequence'
  | 'deleteSequences'
  | 'setSequenceTags'
  | 'exportSequences'
  | 'listTemplates'
  | 'createFromTemplate'
  | 'listConnections'
  | 'disconnectConnections'
>;

const today = (now: number) => new Date(now).toISOString().slice(0, 10);

/**
 * Disconnects connections (by id) in their records, one engine command each, so history,
 * statistics and the work list stay consistent with a seller's own Disconnect.
 */
export async function disconnectMany(
  deps: BackgroundDeps,
  db: Database,
  connectionIds: string[],
  reason: 'manual' | 'sequence-deleted',
): Promise<number> {
  const ctx = await commandContext(deps, db);
  const rows = await Promise.all(connectionIds.map((id) => db.get('connections', id)));
  const byRecord = new Map<
    string,
    {
      ref: { crm: string; entity: NonNullable<(typeof rows)[number]>['entity']; id: string };
      ids: string[];
    }
  >();
  for (const row of rows) {
    if (row?.status !== 'active') continue;
    const record = await db.get('records', row.recordKey);
    if (!record) continue;
    const entry = byRecord.get(row.recordKey) ?? { ref: record.ref, ids: [] };
    entry.ids.push(row.id);
    byRecord.set(row.recordKey, entry);
  }
  let disconnected = 0;
  const changed: string[] = [];
  for (const [key, { ref, ids }] of byRecord) {
    const outcome = await runRecordCommand(
      db,
      ref,
      ids.map((connectionId) => ({ type: 'disconnect' as const, connectionId, reason })),
      ctx,
    );
    if (outcome.result.kind === 'applied') {
      disconnected += ids.length;
      changed.push(key);
    }
  }
  if (changed.length > 0) deps.afterChange({ recordKeys: changed });
  return disconnected;
}

export function createSequenceHandlers(deps: BackgroundDeps): SequenceHandlers {
  return {
    listSequences: {
      audience: 'page',
      handle: async () => ok({ sequences: await listSummaries(await deps.db()) }),
    },
    getSequence: {
      audience: 'page',
      handle: async ({ id }) => {
        const db = await deps.db();
        const doc = await db.get('sequences', id);
        if (!doc) return ok({ sequence: null });
        const [summary, versionKeys, stats, ended] = await Promise.all([
          getSummary(db, id),
          db.getAllKeys('versions', IDBKeyRange.bound([id, 0], [id, Number.MAX_SAFE_INTEGER])),
          db.getAllFromIndex('stats', 'bySequence', id),
          db.getAllFromIndex('connections', 'bySequence', id),
        ]);
        const versions = await Promise.all(versionKeys.map((key) => db.get('versions', key)));
        const durations = ended.flatMap((row) =>
          row.endedAt === null ? [] : [row.endedAt - row.connectedAt],
        );
        const details: SequenceDetails = {
          summary,
          definition: doc.definition,
          versions: versions.flatMap((version) =>
            version ? [{ version: version.version, createdAt: version.createdAt }] : [],
          ),
          stats,
          averageDurationMs:
            durations.length === 0
              ? null
              : durations.reduce((sum, ms) => sum + ms, 0) / durations.length,
        };
        return ok({ sequence: details });
      },
    },
    planImport: {
      audience: 'page',
      handle: ({ text }) =>
        guard(async () => ({
          plan: planSummary((await planPackImport(await deps.db(), text)).plan),
        })),
    },
    importPack: {
      audience: 'page',
      handle: ({ text }) =>
        guard(async () => {
          const { plan, crmsChanged } = await importPack(await deps.db(), text, deps.now());
          if (crmsChanged) deps.reconcileCrms();
          deps.afterChange({ recordKeys: [], all: true });
          return { plan: planSummary(plan) };
        }),
    },
    setSequenceState: {
      audience: 'page',
      handle: ({ ids, state }) =>
        guard(async () => {
          const results = await setState(await deps.db(), ids, state, deps.now());
          deps.afterChange({ recordKeys: [], all: true });
          return { results };
        }),
    },
    cloneSequence: {
      audience: 'page',
      handle: ({ id }) =>
        guard(async () => ({ sequence: await cloneSequence(await deps.db(), id, deps.now()) })),
    },
    deleteSequences: {
      audience: 'page',
      handle: ({ ids }) =>
        guard(async () => {
          const db = await deps.db();
          for (const id of ids) {
            const doc = await db.get('sequences', id);
            if (!doc) throw new StoreError('not-found', t('errSequenceMissing', id));
            if (doc.source === 'policy')
              throw new StoreError(
                'rejected',
                t('errSequenceManagedNoDelete', doc.definition.name),
              );
          }
          // Records leave first (their history stays), then the sequences go; versions stay
          // so that history keeps describing the steps it refers to.
          const active = (
            await Promise.all(
              ids.map((id) => db.getAllKeysFromIndex('connections', 'byActive', id)),
            )
          ).flat();
          const disconnected = await disconnectMany(deps, db, active, 'sequence-deleted');
          const tx = db.transaction('sequences', 'readwrite');
          forgetKept(db, tx.done);
          await Promise.all(ids.map((id) => tx.store.delete(id)));
          await tx.done;
          deps.afterChange({ recordKeys: [], all: true });
          return { deleted: ids.length, disconnected };
        }),
    },
    setSequenceTags: {
      audience: 'page',
      handle: ({ id, tags }) =>
        guard(async () => ({ sequence: await setTags(await deps.db(), id, tags, deps.now()) })),
    },
    exportSequences: {
      audience: 'page',
      handle: ({ ids }) =>
        guard(async () => {
          const now = deps.now();
          const text = await exportSequences(await deps.db(), ids);
          const name = ids?.length === 1 ? ids[0] : 'sequences';
          return { text, fileName: `upnext-${name}-${today(now)}.json` };
        }),
    },
    listTemplates: {
      audience: 'page',
      handle: async () => {
        const db = await deps.db();
        const templates: TemplateSummary[] = await Promise.all(
          builtInPack().sequences.map(async (definition) => ({
            id: definition.id,
            name: definition.name,
            description: definition.description ?? null,
            entity: definition.entity,
            steps: countSteps(definition),
            exists: (await db.getKey('sequences', definition.id)) !== undefined,
          })),
        );
        return ok({ templates });
      },
    },
    createFromTemplate: {
      audience: 'page',
      handle: ({ templateId }) =>
        guard(async () => {
          const db = await deps.db();
          const existed = (await db.getKey('sequences', templateId)) !== undefined;
          const sequence = await createFromTemplate(db, templateId, deps.now());
          if (!existed) deps.afterChange({ recordKeys: [], all: true });
          return { sequence };
        }),
    },
    listConnections: {
      audience: 'page',
      handle: async ({ sequenceId, status, offset, limit }) => {
        const db = await deps.db();
        // Active rows only: `byActive` holds just them (lib/store/index-fields.ts).
        let rows =
          status === 'active'
            ? sequenceId === null
              ? await db.getAllFromIndex('connections', 'byActive')
              : await db.getAllFromIndex('connections', 'byActive', sequenceId)
            : sequenceId === null
              ? await db.getAll('connections')
              : await db.getAllFromIndex('connections', 'bySequence', sequenceId);
        if (status === 'ended') rows = rows.filter((row) => row.status !== 'active');
        rows.sort((a, b) => b.updatedAt - a.updatedAt);
        return ok({
          rows: rows.slice(offset, offset + limit),
          total: rows.length,
          now: deps.now(),
        });
      },
    },
    disconnectConnections: {
      audience: 'page',
      handle: async ({ connectionIds }) => {
        const db = await deps.db();
        return ok({ disconnected: await disconnectMany(deps, db, connectionIds, 'manual') });
      },
    },
  };
}
