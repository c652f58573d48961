/**
 * "Add your CRM" (issue #6, part 4): the console's model for custom CRMs and self-hosted
 * instances. Lists what is configured, edits one custom definition (addresses, a URL pattern per
 * record type, field selectors), tests it on a pasted address or an open tab, and saves.
 *
 * Permissions: `permissions.request` only works during a user gesture, and Chrome loses the
 * gesture at the first `await`. So `grantAndSave` and `addInstance` validate synchronously and
 * call `requestPermission` before anything else; only then do they talk to the background.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals';

import { originToMatchPattern, type CrmList, type CrmTestResult } from '../crm/custom-registry';
import type { CrmId } from '../crm/rules/types';
import { crmDefinitionProblems, type CrmCheckOptions } from '../sequence/crm-definition';
import { normaliseOrigin } from '../sequence/origin';
import type { PathSegment } from '../sequence/problem';
import {
  ENTITIES,
  URL_PARTS,
  type CrmDefinition,
  type Entity,
  type UrlPart,
} from '../sequence/types';
import { errorMessage, type Transport } from './console/transport';

interface RecordDraft {
  key: number;
  entity: Entity;
  part: UrlPart;
  url: string;
}

interface FieldDraft {
  key: number;
  name: string;
  /** One selector per line, tried in order. */
  selectors: string;
}

export interface CrmDraft {
  id: string;
  name: string;
  /** One address per line. */
  origins: string;
  records: RecordDraft[];
  fields: FieldDraft[];
}

interface OpenTab {
  tabId: number;
  url: string;
  title: string;
}

export type CrmDraftErrors = Partial<Record<string, string>>;

export interface CrmEditorDeps {
  transport: Transport;
  /** `browser.permissions.request({ origins })`; must be called inside the click handler. */
  requestPermission: (origins: string[]) => Promise<boolean>;
  /** Open tabs whose address the console may see (optional: the test then takes a pasted URL). */
  listTabs?: () => Promise<OpenTab[]>;
  /** Whether a CSS selector parses (the page's DOM); without it, the live test reports bad ones. */
  isSelector?: (selector: string) => boolean;
}

export interface CrmEditorModel {
  status: ReadonlySignal<'loading' | 'ready' | 'error'>;
  loadError: ReadonlySignal<string | null>;
  list: ReadonlySignal<CrmList | null>;
  /** null: the editor is closed. */
  draft: ReadonlySignal<CrmDraft | null>;
  /** The id being edited (null for a new CRM). */
  editing: ReadonlySignal<string | null>;
  errors: ReadonlySignal<CrmDraftErrors>;
  showErrors: ReadonlySignal<boolean>;
  /** The match patterns the draft needs permission for. */
  patterns: ReadonlySignal<string[]>;
  testUrl: ReadonlySignal<string>;
  tabs: ReadonlySignal<OpenTab[]>;
  testTabId: ReadonlySignal<number | null>;
  testing: ReadonlySignal<boolean>;
  testResult: ReadonlySignal<CrmTestResult | null>;
  busy: ReadonlySignal<boolean>;
  /** The outcome of the last action, for a live region. */
  notice: ReadonlySignal<{ kind: 'ok' | 'error'; text: string } | null>;
  instanceDraft: ReadonlySignal<{ origin: string; crm: CrmId }>;
  load: () => Promise<void>;
  startNew: () => void;
  edit: (id: string) => void;
  cancel: () => void;
  update: (patch: Partial<Pick<CrmDraft, 'id' | 'name' | 'origins'>>) => void;
  addRecord: () => void;
  updateRecord: (key: number, patch: Partial<Omit<RecordDraft, 'key'>>) => void;
  removeRecord: (key: number) => void;
  addField: () => void;
  updateField: (key: number, patch: Partial<Omit<FieldDraft, 'key'>>) => void;
  removeField: (key: number) => void;
  setTestUrl: (url: string) => void;
  /** Tests on an open tab (its URL, and its fields when allowed); null: a pasted URL. */
  chooseTab: (tabId: number | null) => void;
  refreshTabs: () => Promise<void>;
  test: () => Promise<void>;
  /** Call directly from the click handler (see the module comment). */
  grantAndSave: () => Promise<boolean>;
  /** Asks again for the hosts of a saved CRM or instance (click handler). */
  grant: (origins: string[]) => Promise<boolean>;
  remove: (id: string) => Promise<void>;
  updateInstanceDraft: (patch: Partial<{ origin: string; crm: CrmId }>) => void;
  /** Call directly from the click handler (see the module comment). */
  addInstance: () => Promise<boolean>;
  removeInstance: (origin: string) => Promise<void>;
}

const lines = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

/** The definition a draft describes (what is saved and tested). */
export function draftToDefinition(draft: CrmDraft): CrmDefinition {
  const fields: Record<string, string[]> = {};
  for (const field of draft.fields) {
    const selectors = lines(field.selectors);
    if (field.name.trim() !== '' && selectors.length > 0) fields[field.name.trim()] = selectors;
  }
  const definition: CrmDefinition = {
    id: draft.id.trim(),
    name: draft.name.trim(),
    origins: lines(draft.origins).map((origin) => normaliseOrigin(origin) ?? origin),
    records: draft.records.map(({ entity, part, url }) => ({ entity, part, url: url.trim() })),
  };
  if (Object.keys(fields).length > 0) definition.fields = fields;
  return definition;
}

/** The form input a problem of the draft's definition belongs to (the key of `CrmDraftErrors`). */
function inputOf(draft: CrmDraft, path: readonly PathSegment[]): string {
  const [first, second] = path;
  if (first === 'records' && typeof second === 'number') {
    const record = draft.records.at(second);
    return record === undefined ? 'records' : `record-${record.key}`;
  }
  if (first === 'fields' && typeof second === 'string') {
    const field = draft.fields.find((item) => item.name.trim() === second);
    return field === undefined ? 'fields' : `field-${field.key}`;
  }
  return typeof first === 'string' ? first : 'form';
}

/**
 * What a manager must fix before anything is sent, by input: the one definition check
 * (lib/sequence/crm-definition.ts) on the definition the draft describes, plus what only a
 * draft can get wrong (a field with selectors but no name, which the definition would drop).
 * `isSelector` (a page's DOM) lets the form catch a CSS selector that does not parse.
 */
export function validateCrmDraft(draft: CrmDraft, options: CrmCheckOptions = {}): CrmDraftErrors {
  const errors: CrmDraftErrors = {};
  for (const problem of crmDefinitionProblems(draftToDefinition(draft), options)) {
    errors[inputOf(draft, problem.path)] ??= `${problem.message}.`;
  }
  for (const field of draft.fields) {
    if (field.name.trim() === '' && field.selectors.trim() !== '')
      errors[`field-${field.key}`] ??= 'Name the field (e.g. email).';
  }
  return errors;
}

export function createCrmEditorModel(deps: CrmEditorDeps): CrmEditorModel {
  const { transport } = deps;
  const status = signal<'loading' | 'ready' | 'error'>('loading');
  const loadError = signal<string | null>(null);
  const list = signal<CrmList | null>(null);
  const draft = signal<CrmDraft | null>(null);
  const editing = signal<string | null>(null);
  const showErrors = signal(false);
  const testUrl = signal('');
  const tabs = signal<OpenTab[]>([]);
  const testTabId = signal<number | null>(null);
  const testing = signal(false);
  const testResult = signal<CrmTestResult | null>(null);
  const busy = signal(false);
  const notice = signal<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const instanceDraft = signal<{ origin: string; crm: CrmId }>({ origin: '', crm: 'dynamics365' });
  let nextKey = 1;

  const checkOptions: CrmCheckOptions =
    deps.isSelector === undefined ? {} : { isSelector: deps.isSelector };
  const errors = computed(() =>
    draft.value === null ? {} : validateCrmDraft(draft.value, checkOptions),
  );
  const patterns = computed(() =>
    draft.value === null
      ? []
      : [
          ...new Set(
            lines(draft.value.origins).flatMap((origin) => originToMatchPattern(origin) ?? []),
          ),
        ],
  );

  const newRecord = (entity: Entity = ENTITIES[0], part: UrlPart = URL_PARTS[0]): RecordDraft => ({
    key: nextKey++,
    entity,
    part,
    url: '',
  });

  function change(next: CrmDraft): void {
    batch(() => {
      draft.value = next;
      testResult.value = null;
      notice.value = null;
    });
  }

  function mutate(patch: (current: CrmDraft) => CrmDraft): void {
    if (draft.value !== null) change(patch(draft.value));
  }

  async function refresh(): Promise<void> {
    list.value = await transport.send('listCrms', {});
  }

  async function run(work: () => Promise<string>): Promise<boolean> {
    busy.value = true;
    notice.value = null;
    try {
      const text = await work();
      notice.value = { kind: 'ok', text };
      return true;
    } catch (error) {
      notice.value = { kind: 'error', text: errorMessage(error) };
      return false;
    } finally {
      busy.value = false;
    }
  }

  return {
    status,
    loadError,
    list,
    draft,
    editing,
    errors,
    showErrors,
    patterns,
    testUrl,
    tabs,
    testTabId,
    testing,
    testResult,
    busy,
    notice,
    instanceDraft,
    async load() {
      try {
        await refresh();
        status.value = 'ready';
      } catch (error) {
        loadError.value = errorMessage(error);
        status.value = 'error';
      }
    },
    startNew() {
      batch(() => {
        editing.value = null;
        showErrors.value = false;
        change({ id: '', name: '', origins: '', records: [newRecord()], fields: [] });
      });
    },
    edit(id) {
      const crm = list.value?.custom.find((item) => item.id === id);
      if (crm === undefined || crm.source === 'policy') return;
      batch(() => {
        editing.value = id;
        showErrors.value = false;
        change({
          id: crm.id,
          name: crm.name,
          origins: crm.origins.join('\n'),
          records: crm.records.map((record) => ({ key: nextKey++, ...record })),
          fields: Object.entries(crm.fields ?? {}).map(([name, selectors]) => ({
            key: nextKey++,
            name,
            selectors: selectors.join('\n'),
          })),
        });
      });
    },
    cancel() {
      batch(() => {
        draft.value = null;
        editing.value = null;
        testResult.value = null;
        showErrors.value = false;
      });
    },
    update(patch) {
      mutate((current) => ({ ...current, ...patch }));
    },
    addRecord() {
      mutate((current) => ({ ...current, records: [...current.records, newRecord()] }));
    },
    updateRecord(key, patch) {
      mutate((current) => ({
        ...current,
        records: current.records.map((record) =>
          record.key === key ? { ...record, ...patch } : record,
        ),
      }));
    },
    removeRecord(key) {
      mutate((current) => ({
        ...current,
        records: current.records.filter((record) => record.key !== key),
      }));
    },
    addField() {
      mutate((current) => ({
        ...current,
        fields: [...current.fields, { key: nextKey++, name: '', selectors: '' }],
      }));
    },
    updateField(key, patch) {
      mutate((current) => ({
        ...current,
        fields: current.fields.map((field) => (field.key === key ? { ...field, ...patch } : field)),
      }));
    },
    removeField(key) {
      mutate((current) => ({
        ...current,
        fields: current.fields.filter((field) => field.key !== key),
      }));
    },
    setTestUrl(url) {
      batch(() => {
        testUrl.value = url;
        testTabId.value = null;
        testResult.value = null;
      });
    },
    chooseTab(tabId) {
      const tab = tabs.value.find((item) => item.tabId === tabId);
      batch(() => {
        testTabId.value = tab?.tabId ?? null;
        if (tab !== undefined) testUrl.value = tab.url;
        testResult.value = null;
      });
    },
    async refreshTabs() {
      if (deps.listTabs === undefined) return;
      try {
        tabs.value = (await deps.listTabs()).filter((tab) => /^https?:/.test(tab.url));
      } catch {
        tabs.value = [];
      }
    },
    async test() {
      const current = draft.value;
      if (current === null) return;
      if (testUrl.value.trim() === '') {
        testResult.value = {
          match: null,
          fields: null,
          problems: ['Paste the address of a record page, or choose an open tab.'],
        };
        return;
      }
      testing.value = true;
      try {
        const tabId = testTabId.value;
        testResult.value = await transport.send('testCustomCrm', {
          definition: draftToDefinition(current),
          url: testUrl.value.trim(),
          ...(tabId === null ? {} : { tabId }),
        });
      } catch (error) {
        testResult.value = { match: null, fields: null, problems: [errorMessage(error)] };
      } finally {
        testing.value = false;
      }
    },
    grantAndSave() {
      const current = draft.value;
      if (current === null) return Promise.resolve(false);
      showErrors.value = true;
      if (Object.keys(validateCrmDraft(current, checkOptions)).length > 0)
        return Promise.resolve(false);
      const definition = draftToDefinition(current);
      // First thing in the click handler: the browser's prompt needs the user gesture.
      const asked = deps.requestPermission(patterns.value);
      return run(async () => {
        const granted = await asked.catch(() => false);
        const reply = await transport.send('saveCustomCrm', { definition });
        await refresh();
        batch(() => {
          draft.value = null;
          editing.value = null;
          showErrors.value = false;
        });
        return granted && reply.missing.length === 0
          ? `Saved ${reply.crm.name}. Upnext now runs on its record pages (reload open tabs).`
          : `Saved ${reply.crm.name}, but Upnext is not allowed on ${reply.missing.join(', ')} yet: use “Grant access” to allow it.`;
      });
    },
    grant(origins) {
      const wanted = [...new Set(origins.flatMap((origin) => originToMatchPattern(origin) ?? []))];
      const asked = deps.requestPermission(wanted);
      return run(async () => {
        const granted = await asked.catch(() => false);
        await refresh();
        if (!granted) throw new Error('Access was not granted.');
        return 'Access granted. Reload open tabs of this CRM.';
      });
    },
    async remove(id) {
      await run(async () => {
        await transport.send('removeCustomCrm', { id });
        await refresh();
        return `Removed ${id}.`;
      });
    },
    updateInstanceDraft(patch) {
      instanceDraft.value = { ...instanceDraft.value, ...patch };
    },
    addInstance() {
      const { origin, crm } = instanceDraft.value;
      const pattern = originToMatchPattern(origin);
      if (pattern === null) {
        notice.value = {
          kind: 'error',
          text: 'Enter the address of your CRM server, e.g. https://crm.example.local.',
        };
        return Promise.resolve(false);
      }
      const asked = deps.requestPermission([pattern]);
      return run(async () => {
        const granted = await asked.catch(() => false);
        const reply = await transport.send('saveInstance', { origin, crm });
        await refresh();
        instanceDraft.value = { origin: '', crm };
        return granted && reply.missing.length === 0
          ? `Added ${reply.instance.origin}.`
          : `Added ${reply.instance.origin}, but Upnext is not allowed there yet: use “Grant access”.`;
      });
    },
    async removeInstance(origin) {
      await run(async () => {
        await transport.send('removeInstance', { origin });
        await refresh();
        return `Removed ${origin}.`;
      });
    },
  };
}
