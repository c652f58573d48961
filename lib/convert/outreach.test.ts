import { describe, expect, it } from 'vitest';

import { convertText } from './convert';
import { converted, expectWarnings, fixture, onlySequence } from './test-kit';

/** A JSON:API document of one sequence with the given steps (attributes only). */
function document(
  steps: Record<string, unknown>[],
  attributes: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    data: {
      type: 'sequence',
      id: 1,
      attributes: { name: 'Test', ...attributes },
      relationships: {},
    },
    included: steps.map((step, index) => ({
      type: 'sequenceStep',
      id: 100 + index,
      attributes: { order: index + 1, interval: 0, ...step },
      relationships: { sequence: { data: { type: 'sequence', id: 1 } } },
    })),
  };
}

describe('Outreach: JSON:API document', () => {
  const result = converted(fixture('outreach-jsonapi.json'));

  it('recognises the document and maps every step, delay and template', () => {
    expect(result.source).toEqual({
      tool: 'outreach',
      shape: 'Outreach API document (JSON:API sequence)',
    });
    expect(onlySequence(result)).toEqual({
      id: 'outreach-1042',
      name: 'Inbound demo follow-up',
      description: 'Prospects who asked for a demo on the website',
      entity: 'contact',
      tags: ['inbound', 'demo'],
      exitOnReply: true,
      steps: [
        {
          // Two enabled sequence templates on one step: an A/B test of the two.
          id: 'ab-test-1',
          type: 'ab-test',
          a: {
            type: 'email',
            name: 'Demo intro A',
            template: {
              subject: 'Your demo of Northwind, {{firstName}}',
              body: 'Hi {{firstName}},\n\nThanks for asking about a demo for {{company}}. Here is our schedule [https://northwind.example/demo].\n\n{{seller.name}}',
            },
          },
          b: {
            type: 'email',
            name: 'Demo intro B',
            template: {
              subject: 'Quick question, {{firstName}}',
              body: 'Hi {{firstName}}, when would suit you?',
            },
          },
          metric: 'replied',
          default: 'a',
        },
        { id: 'wait-1', type: 'wait', days: 2 },
        { id: 'call-1', type: 'call', description: 'Ask about their timeline & budget' },
        { id: 'wait-2', type: 'wait', days: 1 },
        {
          id: 'email-1',
          type: 'email',
          name: 'Demo follow-up',
          template: {
            subject: 'Re: Your demo of Northwind',
            body: 'Hi {{firstName}},\n\nDid you get a chance to look at the {{custom7}} notes?',
          },
        },
        { id: 'wait-3', type: 'wait', hours: 2 },
        { id: 'task-1', type: 'task', description: 'Send a LinkedIn connection request' },
        { id: 'wait-4', type: 'wait', days: 3 },
        {
          id: 'task-2',
          type: 'task',
          name: 'Outreach step: in_person_visit',
          description: 'Drop by their booth at the trade fair',
        },
      ],
    });
  });

  it('lists everything that did not carry over, with its path', () => {
    expectWarnings(result, [
      [
        null,
        'data.attributes.throttleMaxAddsPerDay',
        'Limits on how many prospects run the sequence (throttleMaxAddsPerDay)',
      ],
      [null, 'data.relationships.owner', 'The owner (user 7) is not carried over'],
      [
        'ab-test-1',
        'included[8].attributes.trackOpens',
        'Open and link tracking is not carried over',
      ],
      ['ab-test-1', 'included[8].attributes.ccRecipients', 'Fixed Cc recipients'],
      ['ab-test-1', 'included[0].attributes.stepType', 'Outreach sent this email automatically'],
      ['email-1', 'included[7].attributes.isReply', 'as a reply in the previous thread'],
      [
        'email-1',
        'included[10].attributes.bodyHtml',
        'Merge field {{custom7}} has no Upnext equivalent',
      ],
      [
        'wait-3',
        'included[3].attributes.interval',
        'A delay of 1 hour 30 minutes became a wait of 2 hours',
      ],
      [
        'task-1',
        'included[3].attributes.taskAutoskipDelay',
        'Outreach skipped this task 1 day after it was overdue',
      ],
      [
        'task-2',
        'included[4].attributes.stepType',
        'Step type "in_person_visit" is not one Upnext knows; it became a task',
      ],
    ]);
  });
});

describe('Outreach: flattened records of a date-based sequence', () => {
  const result = converted(fixture('outreach-flattened.json'));

  it('keeps the days between fixed dates as waits and exits on reply for "pause"', () => {
    expect(result.source.shape).toBe('Outreach sequence and steps (flattened records)');
    expect(onlySequence(result)).toEqual({
      id: 'outreach-2077',
      name: 'Conference invitations',
      entity: 'contact',
      exitOnReply: true,
      steps: [
        { id: 'email-1', type: 'email' },
        { id: 'wait-1', type: 'wait', days: 3 },
        { id: 'call-1', type: 'call', description: 'Confirm they received the invitation' },
        { id: 'wait-2', type: 'wait', days: 7 },
        { id: 'task-1', type: 'task' },
      ],
    });
    expectWarnings(result, [
      [
        null,
        'sequence.primaryReplyAction',
        'pauses a prospect who replies for 7 days; Upnext has no pause',
      ],
      [null, 'sequence.secondaryReplyAction', 'secondary reply action "finish"'],
      [null, 'sequence.scheduleIntervalType', 'Steps follow an Outreach schedule (12)'],
      [null, 'sequence.transactional', 'Transactional sequences ignore opt-outs'],
      [null, 'sequence.shareType', 'Sharing ("private") is not carried over'],
      [null, 'sequence.sequenceType', 'fixed dates; Upnext counts from when each record joins'],
      ['email-1', 'sequenceTemplates[0]', 'Template 9101 is not in the file'],
    ]);
  });
});

describe('Outreach: mappings', () => {
  it.each([
    ['auto_email', { id: 'email-1', type: 'email' }, 'Outreach sent this email automatically'],
    ['manual_email', { id: 'email-1', type: 'email' }, 'No template is linked to this email step'],
    ['call', { id: 'call-1', type: 'call' }, undefined],
    ['task', { id: 'task-1', type: 'task' }, undefined],
    [
      'linkedin_connect',
      { id: 'task-1', type: 'task', name: 'Outreach step: linkedin_connect' },
      'Step type "linkedin_connect"',
    ],
  ])('step type %s', (stepType, step, message) => {
    const result = converted(document([{ stepType }]));
    expect(onlySequence(result).steps).toEqual([step]);
    const messages = result.warnings.map((warning) => warning.message);
    if (message === undefined) expect(messages).toEqual([]);
    else expect(messages.some((text) => text.includes(message))).toBe(true);
  });

  it.each([
    [86_400, { days: 1 }],
    [97_200, { days: 1, hours: 3 }],
    [3_600 * 24 * 45, { days: 30 }, { days: 15 }],
  ])('interval %i seconds becomes waits', (interval, ...waits) => {
    const result = converted(document([{ stepType: 'call' }, { stepType: 'task', interval }]));
    expect(
      onlySequence(result)
        .steps.flatMap((step) =>
          step.type === 'wait' ? [{ days: step.days, hours: step.hours }] : [],
        )
        .map((wait) => JSON.parse(JSON.stringify(wait)) as unknown),
    ).toEqual(waits);
  });

  it('says when an interval looks like minutes (the guide) rather than seconds (the reference)', () => {
    const result = converted(
      document([{ stepType: 'call' }, { stepType: 'task', interval: 2880 }]),
    );
    expect(onlySequence(result).steps.map((step) => step.type)).toEqual(['call', 'wait', 'task']);
    expectWarnings(result, [
      [
        'wait-1',
        'included[1].attributes.interval',
        'A delay of 48 minutes became a wait of 1 hour',
      ],
      [
        'task-1',
        'included[1].attributes.interval',
        'so 2880 is 48 minutes; if your export used minutes (2 days)',
      ],
    ]);
  });

  it("drops the first step's delay: Upnext makes the first step due at once", () => {
    const result = converted(
      document([{ stepType: 'call', interval: 3_600 }, { stepType: 'task' }]),
    );
    expect(onlySequence(result).steps).toEqual([
      { id: 'call-1', type: 'call' },
      { id: 'task-1', type: 'task' },
    ]);
    expectWarnings(result, [
      [
        'call-1',
        'included[0].attributes.interval',
        'The first step waited 1 hour after the record joined',
      ],
    ]);
  });

  it.each([
    [{ primaryReplyAction: 'finish' }, true],
    [{ primaryReplyAction: 'continue' }, undefined],
    [{ finishOnReply: true }, true],
    [{ primaryReplyAction: 'continue', finishOnReply: true }, undefined],
  ])('reply settings %j → exitOnReply %s', (attributes, exit) => {
    const result = converted(document([{ stepType: 'manual_email' }], attributes));
    expect(onlySequence(result).exitOnReply).toBe(exit);
  });

  it('turns exit on reply off, with a warning, when no email step was converted', () => {
    const result = converted(document([{ stepType: 'call' }], { primaryReplyAction: 'finish' }));
    expect(onlySequence(result).exitOnReply).toBeUndefined();
    expectWarnings(result, [
      [null, 'data', 'has no email step in Upnext, so "exit on reply" is off'],
    ]);
  });

  it('converts a steps-only collection and says the sequence itself is missing', () => {
    const steps = document([{ stepType: 'call' }])['included'] as unknown[];
    const result = converted({ data: steps });
    expect(result.source.shape).toBe('Outreach API document (JSON:API sequence steps)');
    expect(onlySequence(result)).toMatchObject({
      id: 'outreach-1',
      name: 'Outreach sequence 1',
      steps: [{ type: 'call' }],
    });
    expectWarnings(result, [
      [null, '', 'The file has the steps but not the sequence itself'],
      [null, '', 'The sequence has no name in the file; it was named "Outreach sequence 1"'],
    ]);
  });

  it.each([
    ['sequenceState', 'This is an Outreach enrolment (a sequenceState'],
    ['prospect', 'This is an Outreach prospect'],
    ['template', 'This is a single Outreach template'],
    ['mailing', 'This is an Outreach mailing'],
  ])('refuses a %s with one line saying what to export', (type, message) => {
    const result = convertText(
      JSON.stringify({ data: { type, id: 5, attributes: { name: 'x' } } }),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.message).toContain(message);
      expect(result.message).toContain(
        'GET /api/v2/sequences/{id}?include=sequenceSteps.sequenceTemplates.template',
      );
      expect(result.message).not.toContain('\n');
    }
  });
});
