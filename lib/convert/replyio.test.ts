import { describe, expect, it } from 'vitest';

import { convertText } from './convert';
import { converted, expectWarnings, fixture, onlySequence } from './test-kit';

const QUESTION =
  'Converted from a condition Upnext cannot check by itself: answer Yes or No when the record reaches this step.';

function sequence(steps: Record<string, unknown>[]): Record<string, unknown> {
  return {
    id: 77,
    name: 'Test',
    steps: steps.map((step, index) => ({ id: index + 1, delayInMinutes: 0, ...step })),
  };
}

const email = { type: 'email', variants: [{ subject: 'Hi', message: 'Hello' }] };

describe('Reply.io: sequence with steps and branches', () => {
  const result = converted(fixture('replyio-sequence.json'));

  it('builds the branch tree from parentId and ifConditionPositive', () => {
    expect(result.source).toEqual({
      tool: 'replyio',
      shape: 'Reply.io sequence with steps (API v3)',
    });
    expect(onlySequence(result)).toEqual({
      id: 'replyio-5521',
      name: 'Agency outreach',
      entity: 'contact',
      exitOnReply: true,
      steps: [
        {
          // Two enabled variants: an A/B test, which the condition after it tests like an email.
          id: 'ab-test-1',
          type: 'ab-test',
          a: {
            type: 'email',
            template: {
              subject: 'Quick question about {{company}}',
              body: 'Hi {{firstName}},\n\nSaw your work for {{company}}.',
            },
          },
          b: {
            type: 'email',
            template: {
              subject: 'Idea for {{company}}',
              body: 'Hi {{firstName}}, version B',
            },
          },
          metric: 'replied',
          default: 'a',
        },
        { id: 'wait-1', type: 'wait', days: 1 },
        {
          id: 'condition-1',
          type: 'condition',
          if: { email: 'replied', step: 'ab-test-1' },
          within: { days: 3 },
          yes: [
            { id: 'task-1', type: 'task', name: 'Meeting', description: 'Book the intro call' },
          ],
          no: [
            { id: 'wait-2', type: 'wait', hours: 1 },
            {
              id: 'linkedin-1',
              type: 'linkedin',
              action: 'connect',
              name: 'LinkedIn: connect',
              template: { body: "Hi {{firstName}}, let's connect." },
            },
            { id: 'wait-3', type: 'wait', days: 2 },
            {
              id: 'condition-2',
              type: 'condition',
              name: 'LinkedIn connection accepted?',
              description: QUESTION,
              if: { field: 'replyioLinkedInConnectionAccepted', op: 'is-not-empty' },
              yes: [
                {
                  id: 'linkedin-2',
                  type: 'linkedin',
                  action: 'inmail',
                  name: 'LinkedIn message',
                  template: { body: 'Thanks for connecting, {{firstName}}!' },
                },
              ],
              no: [
                {
                  id: 'text-1',
                  type: 'text',
                  template: { body: 'Hi {{firstName}}, this is Sam from Northwind.' },
                },
                { id: 'wait-4', type: 'wait', days: 1, hours: 1 },
                {
                  id: 'task-2',
                  type: 'task',
                  name: 'WhatsApp message',
                  description: 'Hello from Northwind',
                },
                { id: 'wait-5', type: 'wait', days: 1 },
                { id: 'call-1', type: 'call' },
              ],
            },
          ],
        },
      ],
    });
  });

  it('lists what did not carry over', () => {
    expectWarnings(result, [
      [null, 'settings.enableLinksTracking', 'Open and link tracking are not carried over'],
      [
        null,
        'settings.emailsCountPerDay',
        'Sending limits (emailsCountPerDay, dailyThrottling, emailSendingDelaySeconds)',
      ],
      [null, 'settings.daysToFinishProspect', 'Finishing contacts 14 days after the last step'],
      [null, 'scheduleId', 'Reply.io schedule 3'],
      [null, 'emailAccounts', 'The mailboxes that send the sequence'],
      ['ab-test-1', 'steps[0].executionMode', 'Reply.io sent this email automatically'],
      [
        'condition-2',
        'steps[4].conditions[0].property',
        'Upnext cannot check "linkedInConnectionAccepted" by itself',
      ],
      [
        null,
        'steps[7].type',
        'Zapier step "Add to CRM list" runs an automation in another tool; it was not carried over',
      ],
      [
        'wait-4',
        'steps[7].delayInMinutes',
        'A delay of 1 day 30 minutes became a wait of 1 day 1 hour',
      ],
      ['task-2', 'steps[8].type', 'Upnext has no WhatsApp step'],
    ]);
  });
});

describe('Reply.io: mappings', () => {
  it.each([
    ['message', 'inmail', 'LinkedIn message', false],
    ['connect', 'connect', 'LinkedIn: connect', false],
    ['inMail', 'inmail', 'LinkedIn InMail', false],
    ['viewProfile', 'research', 'LinkedIn: view profile', false],
    ['endorseSkills', 'research', 'LinkedIn: endorse skills', true],
    ['voiceMessage', 'inmail', 'LinkedIn voice message', true],
    ['likeRecentPosts', 'research', 'LinkedIn: like or comment on a recent post', true],
    ['followProfile', 'research', 'LinkedIn: follow the profile', true],
  ])('LinkedIn %s → %s', (actionType, action, name, noted) => {
    const result = converted(sequence([{ type: 'linkedIn', actionType }]));
    expect(onlySequence(result).steps).toEqual([
      { id: 'linkedin-1', type: 'linkedin', action, name },
    ]);
    expect(
      result.warnings.some((warning) =>
        warning.message.includes('Upnext has no LinkedIn action like'),
      ),
    ).toBe(noted);
  });

  it.each([
    ['emailOpened', 'opened'],
    ['Link clicked', 'link-clicked'],
    ['replied', 'replied'],
  ])('condition on %s tests the email before it', (property, event) => {
    const result = converted(
      sequence([
        email,
        { type: 'condition', waitInMinutes: 60, conditions: [{ property, rules: [] }] },
        { type: 'call', parentId: 2, ifConditionPositive: true },
      ]),
    );
    expect(onlySequence(result).steps[1]).toEqual({
      id: 'condition-1',
      type: 'condition',
      if: { email: event, step: 'email-1' },
      within: { hours: 1 },
      yes: [{ id: 'call-1', type: 'call' }],
      no: [],
    });
  });

  it('swaps the branches of a condition that tests that something did not happen', () => {
    const result = converted(
      sequence([
        email,
        {
          type: 'condition',
          conditions: [{ property: 'emailOpened', rules: [{ operator: 'isNot', value: 'true' }] }],
        },
        { type: 'call', parentId: 2, ifConditionPositive: true },
        { type: 'task', parentId: 2, ifConditionPositive: false },
      ]),
    );
    expect(onlySequence(result).steps[1]).toMatchObject({
      if: { email: 'opened', step: 'email-1' },
      yes: [{ type: 'task' }],
      no: [{ type: 'call' }],
    });
    expectWarnings(result, [
      ['condition-1', 'steps[1].conditions', 'Upnext tests that it did and swaps the branches'],
    ]);
  });

  it('asks the seller when a branch tests an email but none comes before it', () => {
    const result = converted(
      sequence([
        { type: 'call' },
        { type: 'condition', conditions: [{ property: 'emailReplied', rules: [] }] },
      ]),
    );
    expect(onlySequence(result).steps[1]).toMatchObject({
      name: 'Customer replied to the email?',
      if: { field: 'emailReplied', op: 'is-not-empty' },
    });
    expectWarnings(result, [
      [
        'condition-1',
        'steps[1]',
        'no email step comes before it on this path; the seller answers it instead',
      ],
    ]);
  });

  it('makes several conditions one question', () => {
    const result = converted(
      sequence([
        email,
        { type: 'condition', conditions: [{ property: 'emailOpened' }, { property: 'hasPhone' }] },
      ]),
    );
    expect(onlySequence(result).steps[1]).toMatchObject({ name: 'Email opened and Has phone?' });
    expectWarnings(result, [
      [
        'condition-1',
        'steps[1].conditions',
        'Several conditions (emailOpened, hasPhone) became one question',
      ],
    ]);
  });

  it('puts steps whose parent is missing on the main path, and leaves out steps in a loop', () => {
    const result = converted({
      id: 1,
      name: 'Loops',
      steps: [
        { id: 1, type: 'call', delayInMinutes: 0 },
        { id: 2, type: 'task', delayInMinutes: 0, parentId: 99 },
        { id: 3, type: 'task', delayInMinutes: 0, parentId: 4 },
        { id: 4, type: 'task', delayInMinutes: 0, parentId: 3 },
      ],
    });
    expect(onlySequence(result).steps.map((step) => step.id)).toEqual(['call-1', 'task-1']);
    expectWarnings(result, [
      [
        null,
        'steps[1].parentId',
        "This step's parent (step 99) is not in the file; the step was placed on the main path",
      ],
      [null, 'steps[2]', 'not reachable from the start of the sequence'],
      [null, 'steps[3]', 'not reachable from the start of the sequence'],
    ]);
  });

  it('converts a bare list of steps and says the sequence is missing', () => {
    const result = converted([
      {
        id: 1,
        type: 'Email',
        delayInMinutes: 0,
        templates: [{ subject: 'Hi', body: 'Hello {{FirstName}}' }],
      },
    ]);
    expect(result.source.shape).toBe('Reply.io sequence steps (API v3)');
    expect(onlySequence(result).steps).toEqual([
      { id: 'email-1', type: 'email', template: { subject: 'Hi', body: 'Hello {{firstName}}' } },
    ]);
    expectWarnings(result, [
      [null, '', 'The file has the steps but not the sequence'],
      [null, '', 'The sequence has no name in the file; it was named "Reply.io sequence 1"'],
    ]);
  });

  it.each([
    [
      { items: [{ id: 1, name: 'A', status: 'active', isArchived: false }], hasMore: false },
      'This lists Reply.io sequences without their steps',
    ],
    [
      { contactId: 5, currentStep: { stepId: 2 }, status: { status: 'active' } },
      "This is a Reply.io contact's place in a sequence",
    ],
    [
      { id: 5, email: 'ana@example.com', firstName: 'Ana', lastName: 'Ng' },
      'This is a Reply.io contact',
    ],
  ])('refuses %j', (value, message) => {
    const result = convertText(JSON.stringify(value));
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) {
      expect(result.message).toContain(message);
      expect(result.message).toContain('GET /v3/sequences/{id}');
    }
  });
});
