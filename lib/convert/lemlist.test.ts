import { describe, expect, it } from 'vitest';

import { convertText } from './convert';
import { converted, expectWarnings, fixture, onlySequence } from './test-kit';

const QUESTION =
  'Converted from a condition Upnext cannot check by itself: answer Yes or No when the record reaches this step.';

/** A campaign with a main sequence and optional condition sequences. */
function campaign(
  main: Record<string, unknown>[],
  others: Record<string, Record<string, unknown>[]> = {},
): Record<string, unknown> {
  const sequence = (id: string, steps: Record<string, unknown>[]) => ({
    _id: id,
    campaignId: 'cam_T',
    steps: steps.map((step, index) => ({
      _id: `stp_${id}_${index}`,
      order: index + 1,
      delay: 0,
      ...step,
    })),
  });
  return {
    _id: 'cam_T',
    name: 'Test campaign',
    sequences: [
      sequence('seq_main', main),
      ...Object.entries(others).map(([id, steps]) => sequence(id, steps)),
    ],
  };
}

describe('lemlist: campaign sequences', () => {
  const result = converted(fixture('lemlist-sequences.json'));

  it('follows conditions into their branch sequences', () => {
    expect(result.source).toEqual({ tool: 'lemlist', shape: 'lemlist campaign sequences' });
    expect(onlySequence(result)).toEqual({
      id: 'lemlist-cam_q7m2lq9dfakea1',
      name: 'Coffee roasters — Q3',
      entity: 'lead',
      exitOnReply: true,
      steps: [
        {
          id: 'email-1',
          type: 'email',
          template: {
            subject: '{{company}} x Northwind',
            body: 'Hi {{firstName}},\n\nLoved your single-origin lineup.\n\n{{seller.name}}',
          },
        },
        { id: 'wait-1', type: 'wait', days: 1 },
        { id: 'linkedin-1', type: 'linkedin', action: 'research', name: 'LinkedIn: view profile' },
        { id: 'wait-2', type: 'wait', days: 1 },
        {
          id: 'linkedin-2',
          type: 'linkedin',
          action: 'connect',
          name: 'LinkedIn: connect',
          template: { body: 'Hi {{firstName}}, fellow coffee nerd here.' },
        },
        {
          id: 'condition-1',
          type: 'condition',
          if: { email: 'opened', step: 'email-1' },
          within: { days: 3 },
          yes: [
            { id: 'call-1', type: 'call', description: 'Ask about their wholesale volumes' },
            { id: 'wait-3', type: 'wait', days: 2 },
            {
              id: 'task-1',
              type: 'task',
              name: 'Send samples',
              description: 'Ship the sample box',
            },
          ],
          no: [
            { id: 'wait-4', type: 'wait', days: 2 },
            {
              id: 'linkedin-3',
              type: 'linkedin',
              action: 'inmail',
              name: 'LinkedIn message',
              template: { body: 'Did you see my email, {{firstName}}?' },
            },
            { id: 'wait-5', type: 'wait', days: 1 },
            {
              id: 'condition-2',
              type: 'condition',
              name: 'LinkedIn invite accepted?',
              description: QUESTION,
              if: { field: 'lemlistLinkedinInviteAccepted', op: 'is-not-empty' },
              yes: [
                { id: 'task-2', type: 'task', name: 'Move to campaign cam_NurtureFake9' },
                { id: 'wait-6', type: 'wait', days: 30 },
                { id: 'wait-7', type: 'wait', days: 10 },
                {
                  id: 'linkedin-4',
                  type: 'linkedin',
                  action: 'research',
                  name: 'LinkedIn: like or comment on a recent post',
                },
              ],
              no: [],
            },
          ],
        },
      ],
    });
  });

  it('lists what did not carry over', () => {
    // Every one belongs to the campaign's sequence; a missing branch to its condition step.
    expect(new Set(result.warnings.map((warning) => warning.sequence))).toEqual(
      new Set(['Coffee roasters — Q3']),
    );
    expectWarnings(result, [
      ['email-1', 'sequences[0].steps[0].type', 'lemlist sent this email automatically'],
      ['linkedin-3', 'sequences[2].steps[0].altMessage', 'The alternative message'],
      [
        null,
        'sequences[2].steps[1].type',
        'The API call (POST https://hooks.northwind.example/lemlist) runs in lemlist',
      ],
      [
        'condition-2',
        'sequences[2].steps[2].sequences[1]',
        'Branch sequence seq_MissingFake5 is not in the file; that branch is empty',
      ],
      [
        'condition-2',
        'sequences[2].steps[2].conditionKey',
        'Upnext cannot check "linkedinInviteAccepted" by itself',
      ],
      [
        'task-2',
        'sequences[3].steps[0].campaignId',
        'lemlist moved the lead to campaign cam_NurtureFake9',
      ],
      [
        'wait-6',
        'sequences[3].steps[1].delay',
        "A delay of 40 days is longer than Upnext's longest wait (30 days); it became 2 waits in a row",
      ],
      [
        'linkedin-4',
        'sequences[3].steps[1].type',
        'Upnext has no LinkedIn action like "linkedinLikeLastPost"',
      ],
    ]);
  });
});

describe('lemlist: mappings', () => {
  it.each([
    ['email', { type: 'email' }],
    ['manual', { type: 'task' }],
    ['phone', { type: 'call' }],
    ['sms', { type: 'text' }],
    ['linkedinVisit', { type: 'linkedin', action: 'research' }],
    ['linkedinInvite', { type: 'linkedin', action: 'connect' }],
    ['linkedinSend', { type: 'linkedin', action: 'inmail' }],
    ['whatsappMessage', { type: 'task', name: 'WhatsApp message' }],
    ['postcard', { type: 'task', name: 'lemlist step: postcard' }],
  ])('step type %s', (type, step) => {
    const result = converted(campaign([{ type: 'phone' }, { type }]));
    expect(onlySequence(result).steps[1]).toMatchObject(step);
  });

  it('adds a delay step to the wait before the next step', () => {
    const result = converted(
      campaign([{ type: 'phone' }, { type: 'delay', delay: 2 }, { type: 'manual', delay: 1 }]),
    );
    expect(onlySequence(result).steps).toEqual([
      { id: 'call-1', type: 'call' },
      { id: 'wait-1', type: 'wait', days: 3 },
      { id: 'task-1', type: 'task' },
    ]);
  });

  it('turns a custom-field condition into a field condition', () => {
    const result = converted(
      campaign(
        [
          { type: 'phone' },
          {
            type: 'conditional',
            conditionKey: 'customLeadInfo',
            customField: 'industry',
            customOperator: 'equals',
            customValue: 'Retail',
            sequences: ['seq_yes', 'seq_no'],
          },
        ],
        {
          seq_yes: [{ type: 'manual', title: 'Retail pitch' }],
          seq_no: [{ type: 'manual', title: 'Generic pitch' }],
        },
      ),
    );
    expect(onlySequence(result).steps[1]).toEqual({
      id: 'condition-1',
      type: 'condition',
      if: { field: 'industry', op: 'equals', value: 'Retail' },
      yes: [{ id: 'task-1', type: 'task', name: 'Retail pitch' }],
      no: [{ id: 'task-2', type: 'task', name: 'Generic pitch' }],
    });
    expect(result.warnings).toEqual([]);
  });

  it('asks branches one after the other when a condition has more than two (first match wins)', () => {
    const result = converted(
      campaign(
        [
          { type: 'email', subject: 'Hi', message: 'Hello' },
          {
            type: 'conditional',
            conditionKey: 'customLeadInfo',
            customField: 'tier',
            branches: [
              { sequenceId: 'seq_a', customOperator: 'equals', customValue: 'A', name: 'Tier A' },
              { sequenceId: 'seq_b', customOperator: 'equals', customValue: 'B', name: 'Tier B' },
              { sequenceId: 'seq_else' },
            ],
          },
        ],
        {
          seq_a: [{ type: 'phone' }],
          seq_b: [{ type: 'manual', title: 'B' }],
          seq_else: [{ type: 'linkedinVisit' }],
        },
      ),
    );
    expect(onlySequence(result).steps[1]).toMatchObject({
      name: 'Tier A',
      if: { field: 'tier', op: 'equals', value: 'A' },
      yes: [{ type: 'call' }],
      no: [
        {
          name: 'Tier B',
          if: { field: 'tier', op: 'equals', value: 'B' },
          yes: [{ type: 'task' }],
          no: [{ type: 'linkedin' }],
        },
      ],
    });
  });

  it('leaves a branch sequence used twice empty the second time (no loops)', () => {
    const result = converted(
      campaign(
        [
          { type: 'phone' },
          { type: 'conditional', conditionKey: 'hasPhone', sequences: ['seq_x', 'seq_x'] },
        ],
        { seq_x: [{ type: 'manual' }] },
      ),
    );
    expect(onlySequence(result).steps[1]).toMatchObject({ yes: [{ type: 'task' }], no: [] });
    expectWarnings(result, [
      [
        'condition-1',
        'sequences[0].steps[1].sequences[1]',
        'Branch sequence seq_x is used twice (a loop)',
      ],
      [
        'condition-1',
        'sequences[0].steps[1].conditionKey',
        'Upnext cannot check "hasPhone" by itself',
      ],
    ]);
  });

  it.each([
    [
      { _id: 'lea_1', email: 'ana@example.com', firstName: 'Ana', campaignId: 'cam_1' },
      'This is a lemlist lead',
    ],
    [
      { _id: 'cam_1', name: 'Campaign', status: 'running' },
      'This is a lemlist campaign without its steps',
    ],
  ])('refuses %j', (value, message) => {
    const result = convertText(JSON.stringify(value));
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) {
      expect(result.message).toContain(message);
      expect(result.message).toContain('GET /api/campaigns/{campaignId}/sequences');
    }
  });
});
