/**
 * Insights (issue #18): the stats table, one sequence version's flow and its records at a step.
 * Roll-ups missing (a database from before insights, a restore, a reset) are rebuilt from the
 * stored history first, in batches; until then the reply says how far the rebuild got and the
 * console shows that progress.
 */
import { t } from '@/lib/i18n';
import {
  statsTable,
  weeklySeries,
  windowOf,
  type StatsSequence,
  type WindowChoice,
} from '@/lib/engine/insights';
import {
  allVersionsSteps,
  emptyFlowTally,
  flowOfTally,
  recordsAtStep,
} from '@/lib/engine/insights-flow';
import { fail, ok } from '@/lib/messaging/result';
import type { InsightsBuild } from '@/lib/messaging/protocol';
import type { Database } from '@/lib/store/db';
import {
  readSequenceInsights,
  readStatsInputs,
  readVersionCohort,
} from '@/lib/store/insights-reader';
import { rebuildRollups } from '@/lib/store/rollups';
import { readSetting } from '@/lib/store/settings';
import type { SequenceDoc } from '@/lib/store/types';

import { commandContext, type BackgroundDeps } from '../context';
import type { HandlerMap } from '../router';

let rebuilding: Promise<void> | null = null;

/**
 * Starts the roll-up rebuild unless it is built or already running (one at a time per worker;
 * a worker stopped in the middle resumes from the stored progress).
 */
export function ensureRollups(deps: BackgroundDeps): Promise<void> {
  rebuilding ??= (async () => {
    const db = await deps.db();
    const { timeZone } = await commandContext(deps, db);
    await rebuildRollups(db, { now: deps.now, timeZone });
  })().finally(() => {
    rebuilding = null;
  });
  return rebuilding;
}

/** Null when the roll-ups are ready; else how far their rebuild got (and it is started). */
async function buildState(deps: BackgroundDeps, db: Database): Promise<InsightsBuild> {
  const build = await readSetting(db, 'rollupBuild');
  if (build?.state === 'built') return null;
  void ensureRollups(deps).catch((error: unknown) => {
    console.error('[upnext] rebuilding insights failed', error);
  });
  return build === undefined
    ? { done: 0, total: await db.count('records') }
    : { done: build.done, total: build.total };
}

function statsSequence(doc: SequenceDoc): StatsSequence {
  return {
    id: doc.id,
    name: doc.definition.name,
    entity: doc.definition.entity,
    tags: doc.definition.tags ?? [],
    state: doc.state,
  };
}

function windowFor(deps: BackgroundDeps, choice: WindowChoice) {
  return windowOf(choice, deps.now());
}

export function createInsightHandlers(
  deps: BackgroundDeps,
): Pick<HandlerMap, 'getInsights' | 'getSequenceInsights' | 'getStepRecords'> {
  return {
    getInsights: {
      audience: 'page',
      handle: async ({ window: choice }) => {
        const db = await deps.db();
        const window = windowFor(deps, choice);
        const build = await buildState(deps, db);
        if (build !== null) return ok({ build, window, rows: [] });
        const inputs = await readStatsInputs(db, window);
        const rows = statsTable({
          sequences: inputs.sequences.map(statsSequence),
          rollups: inputs.rollups,
          window,
        });
        return ok({ build, window, rows });
      },
    },
    getSequenceInsights: {
      audience: 'page',
      handle: async ({ sequenceId, version, window: choice }) => {
        const db = await deps.db();
        const window = windowFor(deps, choice);
        const build = await buildState(deps, db);
        const inputs = await readSequenceInsights(db, sequenceId, version, window, {
          allVersions: true,
        });
        if (inputs === undefined) return fail('not-found', t('errSequenceGone'));
        const sequence = statsSequence(inputs.sequence);
        // While the roll-ups are rebuilt they are partial: no figure is shown from them.
        const rollups = build === null ? inputs.rollups : [];
        const everyVersion = build === null ? inputs.everyVersion : [];
        const stats = statsTable({
          sequences: [sequence],
          rollups,
          window,
        }).at(0);
        if (stats === undefined) return fail('not-found', t('errSequenceGone'));
        const versionRollups =
          inputs.version === null ? [] : rollups.filter((row) => row.version === inputs.version);
        return ok({
          build,
          window,
          sequence: {
            id: sequence.id,
            name: sequence.name,
            entity: inputs.sequence.definition.entity,
            versions: inputs.versions,
          },
          version: inputs.version,
          stats,
          flow: flowOfTally(
            inputs.definition ?? inputs.sequence.definition,
            build === null ? inputs.flow : emptyFlowTally(),
          ),
          // With one version it would repeat the step table.
          allSteps: everyVersion.length > 1 ? allVersionsSteps(everyVersion) : [],
          weeks: weeklySeries(versionRollups, window),
        });
      },
    },
    getStepRecords: {
      audience: 'page',
      handle: async ({ sequenceId, version, stepId, window: choice }) => {
        const db = await deps.db();
        const cohort = await readVersionCohort(db, sequenceId, version, windowFor(deps, choice));
        if (cohort === undefined) return fail('not-found', t('errVersionGone'));
        return ok({ rows: recordsAtStep(cohort.definition, cohort.connections, stepId) });
      },
    },
  };
}
