/** A small valid pack that tests mutate, one rule at a time. */
export function samplePack() {
  return {
    format: 'upnext/v1',
    sequences: [
      {
        id: 'outbound',
        name: 'Outbound',
        entity: 'lead',
        tags: ['cold', 'q3'],
        exitOnReply: true,
        schedule: { days: ['mon', 'tue', 'wed'], start: '09:00', end: '17:00' },
        steps: [
          { id: 'e1', type: 'email', template: { subject: 'Hi {{firstName}}', body: 'Hello' } },
          { id: 'w1', type: 'wait', days: 2 },
          { id: 'c1', type: 'call' },
          {
            id: 'cond',
            type: 'condition',
            if: { email: 'replied', step: 'e1' },
            within: { days: 1 },
            yes: [{ id: 't1', type: 'task' }],
            no: [
              { id: 'w2', type: 'wait', hours: 4 },
              { id: 'm1', type: 'move-to-sequence', sequence: 'nurture' },
            ],
          },
        ],
      },
      {
        id: 'nurture',
        name: 'Nurture',
        entity: 'lead',
        steps: [{ id: 'l1', type: 'linkedin', action: 'connect' }],
      },
    ],
    crms: [
      {
        id: 'acme',
        name: 'Acme CRM',
        origins: ['https://crm.acme.example'],
        records: [{ entity: 'lead', url: '^/leads/(?<id>[0-9]+)$', part: 'path' }],
        fields: { name: ['h1.record-title'] },
      },
    ],
  };
}

/** Loosely typed, so that tests can break the pack in any way. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loose = any;
