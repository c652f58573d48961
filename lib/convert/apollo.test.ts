import { describe, expect, it } from 'vitest';

import { convertText } from './convert';
import { converted, expectWarnings, fixture, onlySequence } from './test-kit';

/** A create-sequence body: steps with their touches and templates nested. */
function body(
  steps: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    name: 'Test',
    emailer_steps: steps.map((step, index) => ({
      position: index + 1,
      wait_time: 0,
      wait_mode: 'day',
      ...step,
    })),
    ...extra,
  };
}

describe('Apollo: emailer campaign with steps, touches and templates', () => {
  const result = converted(fixture('apollo-emailer-campaign.json'));

  it('maps each step type, wait units, touches (A/B) and templates', () => {
    expect(result.source).toEqual({
      tool: 'apollo',
      shape: 'Apollo sequence (emailer campaign with steps, touches and templates)',
    });
    expect(onlySequence(result)).toEqual({
      id: 'apollo-66a0f1c2d3e4f5a6b7c8d901',
      name: 'SaaS founders — cold',
      entity: 'contact',
      exitOnReply: true,
      steps: [
        {
          // Two touches on one step: an A/B test of the two.
          id: 'ab-test-1',
          type: 'ab-test',
          a: {
            type: 'email',
            name: 'Founders A',
            template: {
              subject: '{{firstName}}, a question about {{company}}',
              body: 'Hi {{firstName}},\nNoticed {{company}} is hiring SDRs.\n{{seller.name}}',
            },
          },
          b: {
            type: 'email',
            name: 'Founders B',
            template: { subject: 'Hiring SDRs?', body: 'Hi {{firstName}}, version B.' },
          },
          metric: 'replied',
          default: 'a',
        },
        { id: 'wait-1', type: 'wait', days: 2 },
        { id: 'linkedin-1', type: 'linkedin', action: 'research', name: 'LinkedIn: view profile' },
        { id: 'wait-2', type: 'wait', days: 1 },
        {
          id: 'email-1',
          type: 'email',
          template: { subject: '', body: 'Bumping this, {{firstName}}.' },
        },
        { id: 'wait-3', type: 'wait', days: 1, hours: 12 },
        {
          id: 'linkedin-2',
          type: 'linkedin',
          action: 'connect',
          name: 'LinkedIn: connect',
          template: { body: 'Hi {{firstName}}, enjoyed your post on {{linkedin_topic}}.' },
        },
        { id: 'wait-4', type: 'wait', days: 3 },
        {
          id: 'call-1',
          type: 'call',
          description: 'Two lines:\n1. Why now\n2. Offer a 15-minute slot',
        },
        { id: 'task-1', type: 'task', description: "Research the company's last funding round" },
      ],
    });
  });

  it('lists what did not carry over', () => {
    expectWarnings(result, [
      [
        null,
        'emailer_campaign.mark_finished_if_interested',
        'Finishing contacts marked as interested',
      ],
      [null, 'emailer_campaign.mark_paused_if_ooo', 'Pausing contacts who are out of office'],
      [null, 'emailer_campaign.max_emails_per_day', 'The daily email limit'],
      [null, 'emailer_campaign.emailer_schedule_id', 'Apollo schedule 66a0f1c2d3e4f5a6b7c8d9aa'],
      [null, 'emailer_campaign.permissions', 'Sharing ("private")'],
      [
        null,
        'emailer_campaign.excluded_contact_stage_ids',
        'Excluding contacts or accounts by stage',
      ],
      [
        'ab-test-1',
        'emailer_touches[1].has_personalized_opener',
        "Apollo's personalized opener is not carried over",
      ],
      ['ab-test-1', 'emailer_steps[0].type', 'Apollo sent this email automatically'],
      ['email-1', 'emailer_touches[2].type', 'as a reply in the previous thread'],
      [
        'email-1',
        'emailer_templates[2].body_html',
        'Fallback text in {{first_name | there}} is not supported',
      ],
      [
        'linkedin-2',
        'emailer_templates[3].body_html',
        'Merge field {{linkedin_topic}} has no Upnext equivalent',
      ],
      ['call-1', 'emailer_steps[4].auto_skip_in_x_days', 'Apollo skipped this step after 2 days'],
      ['call-1', 'emailer_steps[4].priority', 'Priority "high"'],
      [
        'task-1',
        'emailer_steps[5].wait_time',
        "A delay of 20 minutes is shorter than Upnext's shortest wait (1 hour)",
      ],
      ['task-1', 'emailer_steps[5].priority', 'Priority "low"'],
    ]);
  });
});

describe('Apollo: mappings', () => {
  it.each([
    ['auto_email', { type: 'email' }],
    ['manual_email', { type: 'email' }],
    ['call', { type: 'call' }],
    ['action_item', { type: 'task' }],
    ['linkedin_step_message', { type: 'linkedin', action: 'inmail', name: 'LinkedIn message' }],
    ['linkedin_step_connect', { type: 'linkedin', action: 'connect' }],
    ['linkedin_step_view_profile', { type: 'linkedin', action: 'research' }],
    [
      'linkedin_step_interact_post',
      { type: 'linkedin', action: 'research', name: 'LinkedIn: like or comment on a recent post' },
    ],
    ['postcard', { type: 'task', name: 'Apollo step: postcard' }],
  ])('step type %s', (type, step) => {
    const result = converted(body([{ type }]));
    expect(onlySequence(result).steps[0]).toMatchObject(step);
  });

  it.each([
    [90, 'second', []],
    [90, 'minute', [{ hours: 2 }]],
    [30, 'hour', [{ days: 1, hours: 6 }]],
    [3, 'day', [{ days: 3 }]],
  ])('wait_time %i with wait_mode %s', (waitTime, mode, waits) => {
    const result = converted(
      body([{ type: 'call' }, { type: 'action_item', wait_time: waitTime, wait_mode: mode }]),
    );
    const found = onlySequence(result).steps.flatMap((step) =>
      step.type === 'wait'
        ? [JSON.parse(JSON.stringify({ days: step.days, hours: step.hours })) as unknown]
        : [],
    );
    expect(found).toEqual(waits);
  });

  it('reads touches and templates nested in a create-sequence body', () => {
    const result = converted(
      body([
        {
          type: 'manual_email',
          emailer_touches: [
            {
              type: 'new_thread',
              emailer_template: {
                subject: 'Hi {{first_name}}',
                body_html: '<p>Hello <b>there</b></p>',
              },
            },
          ],
        },
      ]),
    );
    expect(result.source.shape).toBe('Apollo sequence (create-sequence body)');
    expect(onlySequence(result).steps).toEqual([
      {
        id: 'email-1',
        type: 'email',
        template: { subject: 'Hi {{firstName}}', body: 'Hello there' },
      },
    ]);
    expect(result.warnings).toEqual([]);
  });

  it('says when a touch names a template that is not in the file', () => {
    const result = converted({
      emailer_campaign: { id: 'c1', name: 'X' },
      emailer_steps: [
        { id: 's1', position: 1, type: 'manual_email', wait_time: 0, wait_mode: 'day' },
      ],
      emailer_touches: [{ id: 't1', emailer_step_id: 's1', emailer_template_id: 'missing' }],
      emailer_templates: [],
    });
    expect(onlySequence(result).steps).toEqual([{ id: 'email-1', type: 'email' }]);
    expectWarnings(result, [
      ['email-1', 'emailer_touches[0]', 'Template missing is not in the file'],
    ]);
  });

  it.each([
    [
      { emailer_campaigns: [{ id: 'c1', name: 'X', active: true }], pagination: {} },
      'This lists Apollo sequences without their steps',
    ],
    [
      { contact: { id: 'p1', first_name: 'Ana', email: 'ana@example.com' } },
      'This is Apollo contact data',
    ],
    [
      { emailer_template: { id: 't1', subject: 'Hi', body_html: '<p>x</p>' } },
      'This is an Apollo email template',
    ],
    [{ emailer_messages: [{ id: 'm1' }] }, 'These are Apollo emails sent to contacts'],
  ])('refuses %j', (value, message) => {
    const result = convertText(JSON.stringify(value));
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) {
      expect(result.message).toContain(message);
      expect(result.message).toContain('GET /api/v1/emailer_campaigns/{id}');
    }
  });
});
