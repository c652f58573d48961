/**
 * The manager console (issue #8): wiring only. Models own state and talk to the background;
 * components under components/console draw them. One model per section, created once, so a
 * section keeps its filters when the manager switches away and back.
 */
import { effect, untracked } from '@preact/signals';
import { useEffect, useLayoutEffect, useMemo } from 'preact/hooks';

import { ConnectionsView } from '@/components/console/connections-table';
import { ConsoleNav } from '@/components/console/console-nav';
import { CrmsSection } from '@/components/console/crms-section';
import { DesignerView } from '@/components/designer/designer-view';
import { VersionsView } from '@/components/designer/versions-view';
import { DataSection } from '@/components/console/data-section';
import { MailboxSection } from '@/components/console/mailbox-section';
import { SequenceDetailsView } from '@/components/console/sequence-details';
import { SegmentsSection } from '@/components/console/segments-section';
import { SequencesSection } from '@/components/console/sequences-section';
import { SettingsForm } from '@/components/console/settings-form';
import { browserTimeZone } from '@/lib/format/time';
import { createConnectionsModel } from '@/lib/models/console/connections-model';
import { createDataModel, type SaveBackup } from '@/lib/models/console/data-model';
import type { EarlyDesignerRead } from '@/lib/models/console/designer-early-read';
import { createDesignerModel, type DesignerModel } from '@/lib/models/console/designer-model';
import { createDetailsModel, type DetailsModel } from '@/lib/models/console/details-model';
import { createImportModel } from '@/lib/models/console/import-model';
import {
  createInsightsModel,
  createSequenceInsightsModel,
  type SequenceInsightsModel,
} from '@/lib/models/console/insights-model';
import { createMailboxModel } from '@/lib/models/console/mailbox-model';
import {
  createNewSequenceModel,
  type NewSequenceModel,
} from '@/lib/models/console/new-sequence-model';
import type { Route, RouterModel } from '@/lib/models/console/router-model';
import { createSegmentsModel } from '@/lib/models/console/segments-model';
import { createSequencesModel } from '@/lib/models/console/sequences-model';
import { createSettingsModel } from '@/lib/models/console/settings-model';
import { createVersionsModel, type VersionsModel } from '@/lib/models/console/versions-model';
import type { Download, Transport } from '@/lib/models/console/transport';
import type { CrmEditorDeps } from '@/lib/models/crm-editor-model';

import { lazyView } from './lazy-view';

// Sections with heavy libraries load their code when first shown, so that the designer and the
// lists do not wait for them: insights draw with uPlot and d3-sankey; the CRM editor's live check
// brings the regular expression checker (redos-detector) and the pack schema.
const InsightsSection = lazyView(
  () => import('@/components/console/insights-section').then((m) => m.InsightsSection),
  'insights',
  'section',
);
const SequenceInsightsView = lazyView(
  () => import('@/components/console/insights-sequence').then((m) => m.SequenceInsightsView),
  'insights',
  'section',
);
const CrmEditorPart = lazyView(
  () => import('./crm-editor-part').then((m) => m.CrmEditorPart),
  // Worded like the editor's own loading line, which replaces it.
  'CRMs',
  'line',
);

export interface ConsoleDeps {
  transport: Transport;
  router: RouterModel;
  download: Download;
  /** Builds and saves a backup file in the page (download.ts `saveBackupFile`). */
  saveBackup: SaveBackup;
  /**
   * The draft the designer's early script asked for (designer-early-read.ts
   * `takeEarlyDesignerRead`); called once, as the first designer is made.
   */
  earlyDesignerRead?: () => EarlyDesignerRead | null;
  openShortcuts: () => Promise<void>;
  /** Asks for host access to custom CRM origins (permissions.request, inside a click). */
  requestAccess?: (origins: string[]) => Promise<boolean>;
  /** Asks for host access to a mail client's match patterns (permissions.request, inside a click). */
  requestMailboxAccess?: (patterns: string[]) => Promise<boolean>;
  /**
   * What the "Add your CRM" editor needs (the permissions and tabs APIs, so main.tsx gives it);
   * its model is made when the CRMs section is first shown (crm-editor-part.tsx).
   */
  crmEditor: CrmEditorDeps;
}

export interface ConsoleModels {
  sequences: ReturnType<typeof createSequencesModel>;
  importer: ReturnType<typeof createImportModel>;
  records: ReturnType<typeof createConnectionsModel>;
  settings: ReturnType<typeof createSettingsModel>;
  mailbox: ReturnType<typeof createMailboxModel>;
  data: ReturnType<typeof createDataModel>;
  details: (id: string) => DetailsModel;
  insights: ReturnType<typeof createInsightsModel>;
  /** One sequence's insights (one model per sequence shown, like `details`). */
  sequenceInsights: (id: string) => SequenceInsightsModel;
  /** The designer of a sequence's draft (`version: null`) or of one stored version (issue #16). */
  designer: (id: string, version: number | null) => DesignerModel;
  versions: (id: string) => VersionsModel;
  newSequence: NewSequenceModel;
  crmEditor: CrmEditorDeps;
  segments: ReturnType<typeof createSegmentsModel>;
  /** Reload whatever is on screen (after a `dataChanged` broadcast). */
  refresh: () => void;
  /**
   * Reload the progress on screen (after sellers acted: `recordChanged` broadcasts): the
   * sequences' counts, records, a sequence's connections and the insights. The designer, the
   * versions, the settings and the segments do not show progress and are left as they are.
   */
  refreshProgress: () => void;
}

export function createConsoleModels(deps: ConsoleDeps): ConsoleModels {
  const { transport } = deps;
  const sequences = createSequencesModel(transport, { download: deps.download });
  const importer = createImportModel(transport, {
    onImported: () => void sequences.load(),
    requestAccess: deps.requestAccess,
  });
  const records = createConnectionsModel(transport, { sequenceId: null, pageSize: 50 });
  const settings = createSettingsModel(transport, { openShortcuts: deps.openShortcuts });
  const mailbox = createMailboxModel(transport, { requestAccess: deps.requestMailboxAccess });
  const segments = createSegmentsModel(transport);
  let current: DetailsModel | null = null;
  const details = (id: string): DetailsModel => {
    if (current?.id !== id) current = createDetailsModel(transport, id);
    return current;
  };
  const insights = createInsightsModel(transport, { download: deps.download });
  let shownInsights: SequenceInsightsModel | null = null;
  const sequenceInsights = (id: string): SequenceInsightsModel => {
    if (shownInsights?.id !== id) {
      shownInsights?.dispose();
      shownInsights = createSequenceInsightsModel(transport, id);
    }
    return shownInsights;
  };
  // One designer at a time: a new route makes a new model (the old one's pending save finishes).
  let designer: DesignerModel | null = null;
  let takeEarly = deps.earlyDesignerRead;
  const designerFor = (id: string, version: number | null): DesignerModel => {
    if (designer?.id !== id || designer.version !== version) {
      designer?.dispose();
      const early = takeEarly?.() ?? null;
      takeEarly = undefined;
      designer = createDesignerModel(transport, id, {
        ...(version === null ? {} : { version }),
        ...(early !== null && early.id === id && version === null
          ? { firstReply: early.reply }
          : {}),
        onPublished: () => void sequences.load(),
        onRestored: (restored) =>
          deps.router.go({ section: 'design', id: restored, version: null }),
      });
    }
    return designer;
  };
  let versions: VersionsModel | null = null;
  const versionsFor = (id: string): VersionsModel => {
    if (versions?.id !== id) {
      versions = createVersionsModel(transport, id, {
        onRestored: (restored) =>
          deps.router.go({ section: 'design', id: restored, version: null }),
      });
    }
    return versions;
  };
  // A page of one sequence shown (again): its details, its version history or its insights drop
  // what an earlier visit read (`show()`) as the route changes, before the page is drawn. Dropped
  // by the view's effect, it was drawn for a frame first (effects run after the browser paints),
  // so a step done since the earlier visit looked lost until the fresh figures came
  // (docs/insights.md, "Figures are never stale"). A tab or a comparison chosen on the same page
  // is not a new visit.
  let shownPage: string | null = null;
  effect(() => {
    const route = deps.router.route.value;
    const page =
      route.section === 'sequence' ||
      route.section === 'versions' ||
      route.section === 'sequence-insights'
        ? `${route.section}/${route.id}`
        : null;
    // What `show()` reads (the period, version and tab chosen) must not make this run again.
    if (page !== null && page !== shownPage)
      untracked(() => {
        if (route.section === 'sequence') void details(route.id).show();
        else if (route.section === 'versions') void versionsFor(route.id).show();
        else if (route.section === 'sequence-insights') void sequenceInsights(route.id).show();
      });
    shownPage = page;
  });
  const newSequence = createNewSequenceModel(transport, {
    onCreated: (id) => deps.router.go({ section: 'design', id, version: null }),
  });
  const PROGRESS: ReadonlySet<Route['section']> = new Set([
    'insights',
    'sequence-insights',
    'sequences',
    'records',
    'sequence',
  ]);
  const refresh = (): void => {
    const route = deps.router.route.value;
    if (route.section === 'insights') void insights.load();
    else if (route.section === 'sequence-insights') void sequenceInsights(route.id).load();
    else if (route.section === 'sequences') void sequences.load();
    else if (route.section === 'segments') void segments.load();
    else if (route.section === 'records') void records.load();
    else if (route.section === 'settings') void mailbox.load();
    else if (route.section === 'sequence') {
      const model = details(route.id);
      void model.load();
      void model.connections.load();
    } else if (route.section === 'design') void designerFor(route.id, route.version).load();
    else if (route.section === 'versions') void versionsFor(route.id).load();
  };
  const refreshProgress = (): void => {
    if (PROGRESS.has(deps.router.route.value.section)) refresh();
  };
  const data = createDataModel(transport, {
    saveBackup: deps.saveBackup,
    onChanged: () => {
      void sequences.load();
      void settings.load();
    },
  });
  return {
    sequences,
    importer,
    records,
    settings,
    mailbox,
    data,
    details,
    insights,
    sequenceInsights,
    designer: designerFor,
    versions: versionsFor,
    newSequence,
    refresh,
    refreshProgress,
    crmEditor: deps.crmEditor,
    segments,
  };
}

const browserZone = browserTimeZone();

const TITLES: Record<Route['section'], string> = {
  sequences: 'Sequences',
  sequence: 'Sequence',
  segments: 'Segments',
  insights: 'Insights',
  'sequence-insights': 'Insights',
  records: 'Connected records',
  crms: 'CRMs',
  settings: 'Settings',
  data: 'Data',
  design: 'Designer',
  versions: 'Version history',
};

export function ConsoleApp({ models, router }: { models: ConsoleModels; router: RouterModel }) {
  const route = router.route.value;
  const detailsId = route.section === 'sequence' ? route.id : null;
  const details = useMemo(
    () => (detailsId === null ? null : models.details(detailsId)),
    [detailsId, models],
  );
  const designKey = route.section === 'design' ? `${route.id}@${route.version ?? 'draft'}` : null;
  const designer = useMemo(
    () => (route.section === 'design' ? models.designer(route.id, route.version) : null),
    // The key says everything the model depends on.
    [designKey, models],
  );
  const versionsId = route.section === 'versions' ? route.id : null;
  const versions = useMemo(
    () => (versionsId === null ? null : models.versions(versionsId)),
    [versionsId, models],
  );
  const compare = route.section === 'versions' ? route.compare : null;
  const compareKey = compare === null ? null : `${compare.from}..${compare.to}`;

  // Load a section's data when it is shown (again): the background may have changed it meanwhile.
  useEffect(() => {
    switch (route.section) {
      case 'sequences':
        void models.sequences.load();
        break;
      case 'records':
        void models.records.load();
        break;
      case 'segments':
        void models.segments.load();
        break;
      case 'insights':
        void models.insights.load();
        break;
      case 'settings':
        void models.settings.load();
        void models.mailbox.load();
        break;
      default:
        break;
    }
  }, [route.section, models]);

  const insightsId = route.section === 'sequence-insights' ? route.id : null;
  // Shown (again): createConsoleModels has called `show()` as the route changed.
  const sequenceInsights = useMemo(
    () => (insightsId === null ? null : models.sequenceInsights(insightsId)),
    [insightsId, models],
  );

  // Asked for as the designer is first drawn, not after the browser paints (an effect waits for
  // the next frame, which a busy machine delays): the draft is what the page waits for.
  useLayoutEffect(() => {
    if (designer !== null) void designer.load();
  }, [designer]);

  // Shown (again): createConsoleModels has called `show()` as the route changed. A new
  // comparison asked for on the page reloads only the comparison.
  useEffect(() => {
    if (versions !== null && compare !== null) void versions.compare(compare.from, compare.to);
  }, [versions, compareKey]);

  // Move focus to the new section's heading, so keyboard and screen-reader users land on it.
  const routeKey =
    route.section === 'sequence'
      ? `${route.section}/${route.id}/${route.tab}`
      : route.section === 'design'
        ? `design/${designKey ?? ''}`
        : route.section === 'versions'
          ? `versions/${route.id}`
          : route.section === 'sequence-insights'
            ? `${route.section}/${route.id}`
            : route.section;
  const firstRender = useMemo(() => ({ value: true }), []);
  useEffect(() => {
    const name =
      route.section === 'sequence'
        ? models.details(route.id).details.value?.summary.name
        : route.section === 'design' || route.section === 'versions'
          ? `${TITLES[route.section]}: ${route.id}`
          : undefined;
    document.title = `${name ?? TITLES[route.section]} · Upnext console`;
    if (firstRender.value) {
      firstRender.value = false;
      return;
    }
    document.getElementById('main')?.focus({ preventScroll: false });
  }, [routeKey]);

  return (
    <div class="console">
      <a
        href="#main"
        class="skip-link"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to content
      </a>
      <header class="console__top">
        <p class="console__brand">
          <span class="console__logo" aria-hidden="true">
            ↻
          </span>
          Upnext <span class="muted">console</span>
        </p>
        <ConsoleNav route={route} />
      </header>
      <main id="main" class="console__main" tabIndex={-1}>
        {route.section === 'sequences' && (
          <SequencesSection
            model={models.sequences}
            importer={models.importer}
            newSequence={models.newSequence}
          />
        )}
        {route.section === 'sequence' && details !== null && (
          <SequenceDetailsView model={details} tab={route.tab} />
        )}
        {route.section === 'segments' && <SegmentsSection model={models.segments} />}
        {route.section === 'insights' && <InsightsSection model={models.insights} />}
        {route.section === 'sequence-insights' && sequenceInsights !== null && (
          <SequenceInsightsView model={sequenceInsights} />
        )}
        {route.section === 'design' && designer !== null && <DesignerView model={designer} />}
        {route.section === 'versions' && versions !== null && (
          <VersionsView
            model={versions}
            compare={route.compare}
            onCompare={(from, to) =>
              router.go({ section: 'versions', id: route.id, compare: { from, to } })
            }
          />
        )}
        {route.section === 'records' && (
          <section class="section" aria-labelledby="section-title">
            <header class="section__header">
              <div>
                <h1 id="section-title">Connected records</h1>
                <p class="muted">Every record connected to a sequence, across all sequences.</p>
              </div>
            </header>
            <ConnectionsView model={models.records} showSequence />
          </section>
        )}
        {route.section === 'crms' && (
          <CrmsSection editor={<CrmEditorPart deps={models.crmEditor} />} />
        )}
        {route.section === 'settings' && (
          <section class="section" aria-labelledby="section-title">
            <header class="section__header">
              <div>
                <h1 id="section-title">Settings</h1>
                <p class="muted">
                  Your name, hours and time away, used for every sequence you work.
                </p>
              </div>
            </header>
            <SettingsForm model={models.settings} browserTimeZone={browserZone} />
            <MailboxSection model={models.mailbox} />
          </section>
        )}
        {route.section === 'data' && <DataSection model={models.data} />}
      </main>
    </div>
  );
}
