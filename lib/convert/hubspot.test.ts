import { describe, expect, it } from 'vitest';

import { convertText } from './convert';
import { converted, expectWarnings, fixture, onlySequence } from './test-kit';

function sequence(
  steps: Record<string, unknown>[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    id: '1',
    name: 'Test',
    userId: '2',
    steps: steps.map((step, stepOrder) => ({ stepOrder, delayMillis: 0, ...step })),
    ...extra,
  };
}

describe('HubSpot: automation v4 sequence', () => {
  const result = converted(fixture('hubspot-v4.json'));

  it('maps steps, delays in milliseconds, the send window and business days', () => {
    expect(result.source).toEqual({
      tool: 'hubspot',
      shape: 'HubSpot sequence (automation API v4)',
    });
    expect(onlySequence(result)).toEqual({
      id: 'hubspot-88001234',
      name: 'Trial sign-up nurture',
      entity: 'contact',
      exitOnReply: true,
      schedule: {
        days: ['mon', 'tue', 'wed', 'thu', 'fri'],
        start: '08:00',
        end: '17:00',
        waitsInWorkingTime: true,
      },
      steps: [
        { id: 'email-1', type: 'email' },
        { id: 'wait-1', type: 'wait', days: 2 },
        {
          id: 'call-1',
          type: 'call',
          name: 'Call about the trial',
          description: 'Ask which features they tried',
        },
        { id: 'wait-2', type: 'wait', days: 1 },
        { id: 'email-2', type: 'email' },
        { id: 'wait-3', type: 'wait', hours: 1 },
        { id: 'linkedin-1', type: 'linkedin', action: 'connect', name: 'Connect on LinkedIn' },
        { id: 'wait-4', type: 'wait', days: 3 },
        { id: 'task-1', type: 'task', name: 'To-do', description: 'Check whether they upgraded' },
      ],
    });
  });

  it('lists what did not carry over', () => {
    expectWarnings(result, [
      [
        null,
        'steps[5].actionType',
        'The sequence finishes here; the step after it never ran in HubSpot and was not carried over',
      ],
      [null, 'dependencies[1]', 'HubSpot pauses before step 5 until someone resumes it'],
      [
        null,
        'settings.sendWindowStartMinute',
        "HubSpot's send window for emails (08:00–17:00) is the working time of every step",
      ],
      [null, 'settings.taskReminderMinute', 'Task reminders are not carried over'],
      [
        null,
        'settings.unenrollmentSettings.meetingSettings',
        'Unenrolling contacts who book a meeting',
      ],
      [
        null,
        'settings.unenrollmentSettings.emailSettings.criteria',
        'unenrollment rule for replies ("ALL")',
      ],
      [null, 'folderId', 'HubSpot folder 31 is not carried over'],
      [
        'email-1',
        'steps[0].emailPattern.templateId',
        'email template 61530001 by id; its text is not in the export',
      ],
      ['email-1', 'steps[0].actionType', 'HubSpot sent this email automatically'],
      ['call-1', 'steps[1].taskPattern.taskPriority', 'Task priority HIGH'],
      ['call-1', 'steps[1].taskPattern.queueId', 'Task queue 14'],
      ['email-2', 'steps[2].emailPattern.templateId', 'email template 61530002 by id'],
      [
        'email-2',
        'steps[2].emailPattern.threadEmailToStepOrder',
        'as a reply to the email of step 1',
      ],
      ['email-2', 'steps[2].actionType', 'HubSpot sent this email automatically'],
    ]);
  });
});

describe('HubSpot: sequence with branches and variants (2026-09-beta)', () => {
  const result = converted(fixture('hubspot-branches.json'));

  it('keeps the main branch, reads variants and ranges of delay', () => {
    expect(result.source.shape).toBe(
      'HubSpot sequence with branches and variants (API 2026-09-beta)',
    );
    expect(onlySequence(result)).toEqual({
      id: 'hubspot-99004567',
      name: 'Webinar no-shows',
      entity: 'contact',
      exitOnReply: true,
      schedule: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '16:00' },
      steps: [
        {
          // Two activated variants: an A/B test of the two.
          id: 'ab-test-1',
          type: 'ab-test',
          a: { type: 'email', name: 'Variant 1' },
          b: { type: 'email', name: 'Variant 2' },
          metric: 'replied',
          default: 'a',
        },
        { id: 'wait-1', type: 'wait', days: 1 },
        {
          id: 'linkedin-1',
          type: 'linkedin',
          action: 'inmail',
          name: 'Send the recording on LinkedIn',
        },
      ],
    });
    expectWarnings(result, [
      [null, 'steps[2]', 'Branch 1 (2 steps) is not carried over'],
      [null, 'settings.sendWindowStartMinute', '(09:00–16:00) is the working time'],
      [null, 'settings.taskCreationMinute', 'The time of day when tasks are created'],
      [null, 'settings.useThreadedFollowUps', 'follow-ups as replies in one thread'],
      [null, 'engagementTriggers', 'Engagement triggers (a number of opens or clicks)'],
      ['ab-test-1', 'steps[0].variants[0].templateId', 'email template 7001 by id'],
      ['ab-test-1', 'steps[0].variants[1].templateId', 'email template 7002 by id'],
      ['ab-test-1', 'steps[0].actionType', 'HubSpot sent this email automatically'],
      ['linkedin-1', 'steps[1].dynamic', "HubSpot's dynamic step setting"],
      [
        'linkedin-1',
        'steps[1].delayMillisMax',
        'HubSpot waits between 1 day and 2 days here; Upnext waits 1 day',
      ],
    ]);
  });
});

describe('HubSpot: mappings', () => {
  it.each([
    ['CALL', { type: 'call' }],
    ['EMAIL', { type: 'email' }],
    ['LINKED_IN_CONNECT', { type: 'linkedin', action: 'connect' }],
    ['LINKED_IN_MESSAGE', { type: 'linkedin', action: 'inmail' }],
    ['MEETING', { type: 'task', name: 'Book a meeting' }],
    ['TODO', { type: 'task', name: 'To-do' }],
    ['SEND_POSTCARD', { type: 'task', name: 'HubSpot task: SEND_POSTCARD' }],
  ])('task type %s', (taskType, step) => {
    const result = converted(sequence([{ actionType: 'TASK', taskPattern: { taskType } }]));
    expect(onlySequence(result).steps[0]).toMatchObject(step);
  });

  it.each([
    [{ eligibleFollowUpDays: 'EVERYDAY' }, undefined],
    [
      { eligibleFollowUpDays: 'WEEKDAYS_ONLY' },
      { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '00:00', end: '23:59' },
    ],
    [
      { eligibleFollowUpDays: 'BUSINESS_DAYS' },
      {
        days: ['mon', 'tue', 'wed', 'thu', 'fri'],
        start: '00:00',
        end: '23:59',
        waitsInWorkingTime: true,
      },
    ],
    [
      { eligibleFollowUpDays: 'EVERYDAY', sendWindowStartMinute: 450, sendWindowEndMinute: 1110 },
      { days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], start: '07:30', end: '18:30' },
    ],
  ])('settings %j → schedule %j', (settings, schedule) => {
    const result = converted(
      sequence([{ actionType: 'TASK', taskPattern: { taskType: 'CALL' } }], { settings }),
    );
    expect(onlySequence(result).schedule).toEqual(schedule);
  });

  it('ignores a send window that ends before it starts, and says so', () => {
    const result = converted(
      sequence([{ actionType: 'TASK', taskPattern: { taskType: 'CALL' } }], {
        settings: { sendWindowStartMinute: 1000, sendWindowEndMinute: 400 },
      }),
    );
    expect(onlySequence(result).schedule).toBeUndefined();
    expectWarnings(result, [[null, 'settings.sendWindowStartMinute', 'is not one Upnext can use']]);
  });

  it.each([
    [
      { enrolledAt: '2025-01-01T00:00:00Z', toEmail: 'ana@example.com', id: '9' },
      'This is a HubSpot sequence enrollment',
    ],
    [
      { contactId: '1', senderEmail: 'me@example.com', sequenceId: '2' },
      'This is a HubSpot enrollment request',
    ],
    [
      { id: '1', properties: { email: 'ana@example.com', firstname: 'Ana' } },
      'This is a HubSpot contact',
    ],
    [
      { results: [{ id: '1', name: 'Seq', userId: '2' }] },
      'This is a list of HubSpot sequences without their steps',
    ],
  ])('refuses %j', (value, message) => {
    const result = convertText(JSON.stringify(value));
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) {
      expect(result.message).toContain(message);
      expect(result.message).toContain('GET /automation/v4/sequences/{sequenceId}');
    }
  });

  it('reads "<string>" placeholders from the API examples as missing values, and says where', () => {
    const result = converted(
      sequence(
        [
          {
            actionType: 'TASK',
            taskPattern: { taskType: 'CALL', subject: '<string>', notes: '<string>' },
          },
        ],
        {
          name: '<string>',
        },
      ),
    );
    expect(onlySequence(result)).toMatchObject({
      name: 'HubSpot sequence 1',
      steps: [{ id: 'call-1', type: 'call' }],
    });
    expect(onlySequence(result).steps[0]).not.toHaveProperty('name');
    expectWarnings(result, [
      [null, 'name', 'placeholder from an API example'],
      ['call-1', 'steps[0].taskPattern.notes', 'placeholder from an API example'],
      ['call-1', 'steps[0].taskPattern.subject', 'placeholder from an API example'],
      [null, '', 'The sequence has no name in the file; it was named "HubSpot sequence 1"'],
    ]);
  });
});
