/**
 * `RecordView` fixtures for component and model tests: one builder per state the panel shows.
 * Times are fixed (NOW is Tuesday 2026-03-03 10:00 UTC) so relative words are stable.
 */
import { act } from 'preact/test-utils';

import type { PanelHandlers, PanelState } from './panel-view';
import type { SequenceOption, PickerState } from '@/lib/models/panel-model';
import type {
  ConnectionView,
  CurrentStepInfo,
  HistoryItem,
  RecordView,
} from '@/lib/views/record-view';

export const NOW = Date.UTC(2026, 2, 3, 10, 0);
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
const TZ = 'UTC';
const RECORD = { crm: 'dynamics365', entity: 'lead', id: 'lead-1' } as const;

export function step(overrides: Partial<CurrentStepInfo> = {}): CurrentStepInfo {
  return {
    stepId: 'task-1',
    type: 'task',
    name: 'Research the account',
    description: 'Read their last annual report.',
    kind: 'action',
    dueAt: NOW + 2 * HOUR,
    isDue: false,
    overdue: false,
    reachedAt: NOW - HOUR,
    waitEndsAt: null,
    windowClosesAt: null,
    snoozedUntil: null,
    snoozeCount: 0,
    question: null,
    problem: null,
    email: null,
    text: null,
    linkedinAction: null,
    field: null,
    ...overrides,
  };
}

export function connection(overrides: Partial<ConnectionView> = {}): ConnectionView {
  return {
    connectionId: 'conn-1',
    sequenceId: 'inbound-lead',
    sequenceName: 'Inbound lead follow-up',
    description: 'Five touches over two weeks for inbound leads.',
    version: 3,
    revision: 7,
    status: 'active',
    reason: null,
    connectedAt: NOW - 3 * DAY,
    endedAt: null,
    exitOnReply: true,
    current: step(),
    ahead: [
      {
        stepId: 'call-2',
        type: 'call',
        name: 'Follow-up call',
        depth: 0,
        branch: null,
        tentative: false,
      },
      {
        stepId: 'cond',
        type: 'condition',
        name: 'Did they answer?',
        depth: 0,
        branch: null,
        tentative: false,
      },
      {
        stepId: 'email-3',
        type: 'email',
        name: 'Thanks for the call',
        depth: 1,
        branch: 'yes',
        tentative: true,
      },
      {
        stepId: 'email-4',
        type: 'email',
        name: 'Sorry I missed you',
        depth: 1,
        branch: 'no',
        tentative: true,
      },
    ],
    history: [
      historyItem({ at: NOW - 3 * DAY, kind: 'connected', name: 'Connected' }),
      historyItem({
        at: NOW - 2 * DAY,
        kind: 'step',
        stepId: 'email-1',
        name: 'Intro email',
        type: 'email',
        result: 'completed',
        note: 'Sent from Outlook',
      }),
    ],
    progress: { done: 1, total: 5, ratio: 0.2 },
    totalSteps: 6,
    sentEmails: [{ stepId: 'email-1', name: 'Intro email' }],
    abTests: [],
    ...overrides,
  };
}

export function historyItem(overrides: Partial<HistoryItem>): HistoryItem {
  return {
    at: NOW,
    kind: 'step',
    stepId: null,
    name: '',
    type: null,
    result: null,
    outcome: null,
    note: null,
    subject: null,
    branch: null,
    event: null,
    status: null,
    ...overrides,
  };
}

export function recordView(overrides: Partial<RecordView> = {}): RecordView {
  return {
    key: 'dynamics365|lead|lead-1',
    record: { ...RECORD },
    name: 'Ada Lovelace',
    url: 'https://upnext-demo.crm.dynamics.com/main.aspx?etn=lead&id=lead-1',
    captured: {
      name: 'Ada Lovelace',
      firstName: 'Ada',
      email: 'ada@analytical.example',
      phone: '+44 20 7946 0018',
      company: 'Analytical Engines',
    },
    active: [connection()],
    ended: [],
    now: NOW,
    timeZone: TZ,
    changes: 1,
    ...overrides,
  };
}

export const SIGHTING = {
  record: { ...RECORD },
  url: 'https://upnext-demo.crm.dynamics.com/main.aspx?etn=lead&id=lead-1',
  title: 'Lead: Ada Lovelace',
  fields: { name: 'Ada Lovelace' },
};

export const OPTIONS: SequenceOption[] = [
  {
    id: 'inbound-lead',
    name: 'Inbound lead follow-up',
    description: 'Five touches over two weeks.',
    tags: ['inbound'],
    steps: 5,
    preview: [
      {
        stepId: 'e1',
        type: 'email',
        name: 'Intro email',
        depth: 0,
        branch: null,
        tentative: false,
      },
      { stepId: 'c1', type: 'call', name: 'Intro call', depth: 0, branch: null, tentative: false },
    ],
  },
  {
    id: 'event-follow-up',
    name: 'Trade show follow-up',
    description: null,
    tags: ['events'],
    steps: 3,
    preview: [
      {
        stepId: 'l1',
        type: 'linkedin',
        name: 'Connect on LinkedIn',
        depth: 0,
        branch: null,
        tentative: false,
      },
    ],
  },
];

const CLOSED_PICKER: PickerState = {
  open: false,
  loading: false,
  error: null,
  options: null,
  query: '',
  selectedId: null,
};

export function panelState(overrides: Partial<PanelState> = {}): PanelState {
  return {
    status: 'ready',
    sighting: SIGHTING,
    view: recordView(),
    loadError: null,
    pending: null,
    failure: null,
    notice: null,
    announcement: '',
    menu: null,
    picker: CLOSED_PICKER,
    layout: { collapsed: false, width: 340 },
    time: { now: NOW, timeZone: TZ, locale: 'en-GB' },
    ...overrides,
  };
}

/** Handlers that record every call: `calls` lists `[name, ...args]`. */
export function recordingHandlers(): PanelHandlers & { calls: unknown[][] } {
  const calls: unknown[][] = [];
  const record =
    (name: string) =>
    (...args: unknown[]): void => {
      calls.push([name, ...args]);
    };
  return {
    calls,
    onAct: record('onAct'),
    onRetry: record('onRetry'),
    onDismissNotice: record('onDismissNotice'),
    onOpenMenu: record('onOpenMenu'),
    onCloseMenu: record('onCloseMenu'),
    onOpenPicker: record('onOpenPicker'),
    onClosePicker: record('onClosePicker'),
    onQuery: record('onQuery'),
    onSelect: record('onSelect'),
    onConnect: record('onConnect'),
    onToggle: record('onToggle'),
    onResize: record('onResize'),
    onOpenConsole: record('onOpenConsole'),
    onDismissMailboxHint: record('onDismissMailboxHint'),
  };
}

/**
 * Opens the section (components/panel/disclosure.tsx) whose summary starts with `name`, as the
 * browser does on the seller's click: `open`, then its `toggle` event.
 */
export function openSection(root: Element, name: string): HTMLDetailsElement {
  const details = [...root.querySelectorAll('details')].find((candidate) =>
    candidate.querySelector('summary')?.textContent.startsWith(name),
  );
  if (details === undefined) throw new Error(`no section "${name}"`);
  void act(() => {
    details.open = true;
    details.dispatchEvent(new Event('toggle'));
  });
  return details;
}
