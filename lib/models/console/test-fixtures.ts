/** Sample replies for the console's model and component tests. */
import type { WindowStats } from '../../engine/insights';
import type { ImportPlan } from '../../sequence/plan';
import type { SequenceSummary } from './types';

function summary(overrides: Partial<SequenceSummary> & { id: string }): SequenceSummary {
  return {
    name: overrides.id,
    description: null,
    entity: 'lead',
    state: 'inactive',
    tags: [],
    steps: 3,
    version: 1,
    connected: 0,
    createdAt: Date.UTC(2026, 0, 1),
    updatedAt: Date.UTC(2026, 0, 1),
    source: 'user',
    edited: false,
    ...overrides,
  };
}

export const SAMPLE_SEQUENCES: SequenceSummary[] = [
  summary({
    id: 'outbound',
    name: 'High volume outbound',
    description: 'Cold prospecting for new leads',
    state: 'active',
    tags: ['prospecting'],
    steps: 7,
    connected: 12,
    updatedAt: Date.UTC(2026, 2, 1),
  }),
  summary({
    id: 'renewal',
    name: 'Upcoming account renewal',
    description: 'Start 90 days before the renewal date',
    entity: 'account',
    tags: ['renewal', 'customers'],
    steps: 13,
    connected: 4,
    updatedAt: Date.UTC(2026, 1, 1),
  }),
  summary({
    id: 'webinar',
    name: 'Webinar follow up',
    description: 'Thank attendees and offer a demo',
    state: 'draft',
    tags: ['events'],
    steps: 10,
    connected: 0,
    updatedAt: Date.UTC(2026, 3, 1),
  }),
];

export const SAMPLE_PLAN: ImportPlan = {
  sequences: [
    {
      action: 'create',
      id: 'new-one',
      name: 'Brand new',
      steps: 4,
      definition: { id: 'new-one', name: 'Brand new', entity: 'lead', steps: [] },
    },
    {
      action: 'update',
      id: 'outbound',
      name: 'High volume outbound',
      steps: 8,
      definition: { id: 'outbound', name: 'High volume outbound', entity: 'lead', steps: [] },
      state: 'active',
      active: true,
      currentVersion: 3,
      readOnly: false,
    },
    { action: 'unchanged', id: 'webinar', name: 'Webinar follow up' },
  ],
  segments: [],
  crms: [
    {
      action: 'create',
      id: 'acme',
      name: 'Acme CRM',
      origins: ['https://crm.acme.example'],
      definition: {
        id: 'acme',
        name: 'Acme CRM',
        origins: ['https://crm.acme.example'],
        records: [{ entity: 'lead', url: '/leads/(?<id>\\d+)', part: 'path' }],
      },
    },
  ],
  counts: { create: 2, update: 1, unchanged: 1 },
  origins: ['https://crm.acme.example'],
};

/** A sequence's figures for a window: all zero or unknown, but for `over`. */
export const windowStats = (over: Partial<WindowStats> = {}): WindowStats => ({
  connected: 0,
  inProgress: 0,
  completed: 0,
  exited: 0,
  disconnected: 0,
  moved: 0,
  successes: 0,
  successRate: null,
  successTrend: null,
  medianCompleteMs: null,
  averageCompleteMs: null,
  stepsCompleted: 0,
  stepsSkipped: 0,
  stepsPerDay: 0,
  ...over,
});
