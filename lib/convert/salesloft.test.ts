import { describe, expect, it } from 'vitest';

import { convertText } from './convert';
import { converted, expectWarnings, fixture, onlySequence } from './test-kit';

/** A cadence import body with the given step groups. */
function importBody(
  groups: Record<string, unknown>[],
  settings: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    settings: { name: 'Test cadence', ...settings },
    cadence_content: { step_groups: groups },
  };
}

describe('Salesloft: cadence import body', () => {
  const result = converted(fixture('salesloft-cadence-import.json'));

  it('maps step groups (days) to waits and each step to its Upnext kind', () => {
    expect(result.source).toEqual({
      tool: 'salesloft',
      shape: 'Salesloft cadence import (step groups)',
    });
    expect(onlySequence(result)).toEqual({
      id: 'salesloft-vp-finance-2025',
      name: 'Outbound — VP Finance',
      entity: 'contact',
      tags: ['finance', 'q3', 'outbound'],
      exitOnReply: true,
      schedule: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '00:00', end: '23:59' },
      steps: [
        {
          id: 'email-1',
          type: 'email',
          name: 'Intro email',
          template: {
            subject: 'Closing the books faster at {{company}}',
            body: 'Hi {{firstName}},\nTeams like yours close the month in 4 days.',
          },
        },
        { id: 'wait-1', type: 'wait', days: 2 },
        {
          id: 'call-1',
          type: 'call',
          name: 'First call',
          description: 'Mention the month-end close study',
        },
        {
          id: 'linkedin-1',
          type: 'linkedin',
          action: 'connect',
          name: 'Connect on LinkedIn',
          description: 'Send a LinkedIn connection request with a short note',
        },
        { id: 'wait-2', type: 'wait', hours: 2 },
        {
          id: 'email-2',
          type: 'email',
          name: 'Bump',
          template: { subject: '', body: 'Any thoughts, {{firstName}}?' },
        },
        { id: 'wait-3', type: 'wait', days: 5 },
        {
          id: 'task-1',
          type: 'task',
          name: 'Send the case study',
          description: 'Attach the Contoso case study PDF',
        },
        {
          id: 'task-2',
          type: 'task',
          name: 'Book via partner tool',
          description: 'Create the meeting in the partner tool',
        },
        { id: 'task-3', type: 'task', name: 'Direct mail' },
      ],
    });
  });

  it('lists what did not carry over', () => {
    expectWarnings(result, [
      [null, 'settings.remove_bounced', 'Removing people whose email bounces'],
      [null, 'settings.remove_people_when_meeting_booked', 'Removing people who book a meeting'],
      [null, 'settings.target_daily_people', 'daily target of people'],
      [null, 'settings.cadence_owner', 'The cadence owner (dana.reyes@northwind.example)'],
      [null, 'settings.added_stage_setting', "Changing the person's stage"],
      [null, 'settings.cadence_priority', 'The cadence priority'],
      [null, 'sharing_settings', 'Team and sharing settings'],
      [
        null,
        'cadence_content.step_groups[1].steps[2].enabled',
        'Step "Voicemail drop" of day 3 is turned off',
      ],
      [
        null,
        'cadence_content.step_groups',
        'Automated emails were not sent on weekends; the sequence works Monday to Friday',
      ],
      [
        'email-1',
        'cadence_content.step_groups[0].automated_settings.time_of_day',
        "Salesloft sent this at 09:00 in the person's time zone",
      ],
      [
        'email-1',
        'cadence_content.step_groups[0].steps[0].type_settings.email_template.open_tracking',
        'Open tracking is not carried over',
      ],
      [
        'email-1',
        'cadence_content.step_groups[0].steps[0]',
        'Salesloft sent this email automatically',
      ],
      [
        'wait-2',
        'cadence_content.step_groups[2].automated_settings.delay_time',
        'A delay of 1 hour 30 minutes became a wait of 2 hours',
      ],
      [
        'email-2',
        'cadence_content.step_groups[2].steps[0].type_settings.previous_email_step_group_reference_id',
        'as a reply in an earlier thread',
      ],
      [
        'email-2',
        'cadence_content.step_groups[2].steps[0]',
        'Salesloft sent this email automatically',
      ],
      [
        'task-2',
        'cadence_content.step_groups[3].steps[1].type_settings.integration_id',
        'Integration 9 steps run in another tool',
      ],
      [
        'task-3',
        'cadence_content.step_groups[3].steps[2].type',
        'Step type "Postcard" is not one Upnext knows',
      ],
    ]);
  });
});

describe('Salesloft: cadence export', () => {
  it('reads data.cadence_content the same way as an import body', () => {
    const body = JSON.parse(fixture('salesloft-cadence-import.json')) as Record<string, unknown>;
    const exported = {
      data: {
        cadence_content: {
          settings: body['settings'],
          sharing_settings: body['sharing_settings'],
          step_groups: (body['cadence_content'] as { step_groups: unknown }).step_groups,
        },
      },
    };
    const result = converted(exported);
    expect(result.source.shape).toBe('Salesloft cadence export');
    expect(onlySequence(result)).toEqual(
      onlySequence(converted(fixture('salesloft-cadence-import.json'))),
    );
    expect(result.warnings[0]?.path).toBe('data.cadence_content.settings.remove_bounced');
  });
});

describe('Salesloft: cadence and steps from the v2 API', () => {
  const result = converted(fixture('salesloft-v2.json'));

  it('orders steps by day and step number and maps the v2 types', () => {
    expect(result.source.shape).toBe('Salesloft cadence and steps (API v2)');
    expect(onlySequence(result)).toEqual({
      id: 'salesloft-88012',
      name: 'Event follow-up',
      entity: 'contact',
      tags: ['events', 'event'],
      exitOnReply: true,
      steps: [
        { id: 'email-1', type: 'email', name: 'Thanks for visiting' },
        { id: 'wait-1', type: 'wait', days: 1 },
        { id: 'call-1', type: 'call', name: 'Call' },
        { id: 'linkedin-1', type: 'linkedin', action: 'research', name: 'LinkedIn - View Profile' },
      ],
    });
    expectWarnings(result, [
      [null, 'steps.data[3].disabled', 'Step "Send swag" is turned off in Salesloft'],
      [null, 'cadence.data.remove_bounces_enabled', 'Removing people whose email bounces'],
      [null, 'cadence.data.owner', 'The cadence owner (user 1191)'],
      ['email-1', 'steps.data[0]', 'The v2 steps list has no email text'],
      ['call-1', 'steps.data[1].multitouch_enabled', 'Multi-touch'],
    ]);
  });
});

describe('Salesloft: mappings', () => {
  it.each([
    ['Phone', { type: 'call' }],
    ['Other', { type: 'task' }],
    ['Email', { type: 'email' }],
  ])('step type %s', (type, step) => {
    const result = converted(
      importBody([
        {
          day: 1,
          automated: false,
          due_immediately: false,
          steps: [{ enabled: true, name: 'S', type, type_settings: {} }],
        },
      ]),
    );
    expect(onlySequence(result).steps).toEqual([{ id: `${step.type}-1`, name: 'S', ...step }]);
  });

  it.each([
    ['Send LinkedIn InMail', 'inmail'],
    ['LinkedIn: view profile', 'research'],
    ['LinkedIn connection request', 'connect'],
  ])('LinkedIn integration step "%s" → %s', (name, action) => {
    const result = converted(
      importBody([
        {
          day: 1,
          automated: false,
          due_immediately: false,
          steps: [
            {
              enabled: true,
              name,
              type: 'Integration',
              type_settings: { integration_id: 4, instructions: '' },
            },
          ],
        },
      ]),
    );
    expect(onlySequence(result).steps[0]).toMatchObject({ type: 'linkedin', action, name });
  });

  it('counts days between step groups, whatever their order in the file', () => {
    const step = (name: string) => ({ enabled: true, name, type: 'Other', type_settings: {} });
    const result = converted(
      importBody([
        { day: 10, automated: false, due_immediately: false, steps: [step('Last')] },
        { day: 1, automated: false, due_immediately: false, steps: [step('First')] },
        { day: 4, automated: false, due_immediately: false, steps: [step('Middle')] },
      ]),
    );
    expect(
      onlySequence(result).steps.map((s) =>
        s.type === 'wait' ? `wait ${String(s.days)}` : s.name,
      ),
    ).toEqual(['First', 'wait 3', 'Middle', 'wait 6', 'Last']);
  });

  it.each([
    [{ name: 'Cadence', remove_replied: false }, undefined],
    [{ name: 'Cadence', remove_replied: true }, true],
  ])('remove_replied %j → exitOnReply %s', (settings, exit) => {
    const result = converted(
      importBody(
        [
          {
            day: 1,
            automated: false,
            due_immediately: false,
            steps: [{ enabled: true, name: 'E', type: 'Email', type_settings: {} }],
          },
        ],
        settings,
      ),
    );
    expect(onlySequence(result).exitOnReply).toBe(exit);
  });

  it.each([
    [
      { data: { person: { id: 1 }, cadence: { id: 2 }, current_state: 'active' } },
      'This is a Salesloft cadence membership',
    ],
    [
      { data: { id: 5, email_address: 'ana@example.com', first_name: 'Ana' } },
      'This is a Salesloft person',
    ],
    [
      {
        data: {
          id: 9,
          name: 'Cadence',
          cadence_function: 'outbound',
          remove_replies_enabled: true,
        },
      },
      'This is a Salesloft cadence without its steps',
    ],
    [
      { data: { id: 3, title: 'Intro', subject: 'Hi', body: '<p>Hi</p>' } },
      'This is a single Salesloft email template',
    ],
  ])('refuses %j', (value, message) => {
    const result = convertText(JSON.stringify(value));
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) {
      expect(result.message).toContain(message);
      expect(result.message).toContain('GET /v2/cadence_exports/{id}');
    }
  });
});
