import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { MAX_DEPTH, MAX_FILE_BYTES, MAX_STEPS } from '../sequence/limits';
import { parsePack } from '../sequence/parse';
import { countSteps } from '../sequence/steps';
import { slugId, waitsFor, windowFor } from './build';
import { convertText, detect } from './convert';
import { humanize, linkedinKind } from './content';
import { htmlToText } from './html-text';
import { translateMergeFields } from './merge-fields';
import { converted, expectWarnings, fixture, FIXTURES, onlySequence } from './test-kit';

/** A Reply.io sequence is the shortest way to write branches and delays in tests. */
function reply(steps: Record<string, unknown>[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    id: 1,
    name: 'Test',
    steps: steps.map((step, index) => ({ id: index + 1, delayInMinutes: 0, ...step })),
    ...extra,
  });
}

describe('every fixture converts to a pack the validator accepts', () => {
  it.each(readdirSync(FIXTURES).filter((name) => name.endsWith('.json')))('%s', (name) => {
    const result = convertText(fixture(name));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const parsed = parsePack(result.text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(parsed.pack).toEqual(result.pack);
    expect(result.text.endsWith('}\n')).toBe(true);
  });
});

describe('detection and refusals', () => {
  it.each([
    ['', 'The file is empty'],
    ['{"data": [1, 2', 'The file is not JSON'],
    [
      'name,email\nAna,ana@example.com\n',
      'The file is not JSON (a CSV or spreadsheet export has no sequence steps)',
    ],
    ['{"hello": "world"}', 'This file is not a sequence definition Upnext recognises'],
    [
      '{"format": "upnext/v1", "sequences": []}',
      'This is already an Upnext pack; import it as it is',
    ],
    [`${'['.repeat(200)}${']'.repeat(200)}`, 'nests lists and objects too deeply'],
  ])('%j is refused: %s', (input, message) => {
    const result = convertText(input);
    expect(result).toMatchObject({ ok: false, source: null });
    if (!result.ok) {
      expect(result.message).toContain(message);
      expect(result.message).not.toContain('\n');
    }
  });

  it('refuses files larger than a pack may be', () => {
    const result = convertText(`{"x":"${'a'.repeat(MAX_FILE_BYTES)}"}`);
    expect(result).toMatchObject({ ok: false });
    if (!result.ok)
      expect(result.message).toMatch(
        /^The file is 5\.0 MiB; Upnext converts files of at most 5 MiB/,
      );
  });

  it('with --from, says which tool the file looks like instead', () => {
    const result = convertText(fixture('apollo-emailer-campaign.json'), { from: 'hubspot' });
    expect(result).toMatchObject({ ok: false });
    if (!result.ok) {
      expect(result.message).toBe(
        'This does not look like a HubSpot sequence export; it looks like an export from Apollo (use --from apollo, or leave --from out)',
      );
    }
  });

  it('recognises each tool from its own shape only', () => {
    const found = readdirSync(FIXTURES)
      .filter((name) => name.endsWith('.json'))
      .map((name) => {
        const detection = detect(JSON.parse(fixture(name)) as unknown);
        return [
          name.split('-')[0],
          detection.kind === 'sequences' ? detection.source.tool : detection.kind,
        ];
      });
    for (const [prefix, tool] of found) expect(tool).toBe(prefix);
  });

  it('says so when a recognised file has nothing Upnext can run', () => {
    const result = convertText(reply([{ type: 'zapier', name: 'Only automation' }]));
    expect(result).toEqual({
      ok: false,
      source: { tool: 'replyio', shape: 'Reply.io sequence with steps (API v3)' },
      message:
        'This Reply.io file (Reply.io sequence with steps (API v3)) could not be converted: none of its sequences has a step Upnext can run',
    });
  });
});

describe('options and ids', () => {
  it('uses the record type asked for', () => {
    const result = converted(fixture('hubspot-v4.json'), { entity: 'lead' });
    expect(result.entity).toBe('lead');
    expect(onlySequence(result).entity).toBe('lead');
  });

  it('gives sequences with the same source id distinct ids', () => {
    const one = JSON.parse(fixture('hubspot-v4.json')) as Record<string, unknown>;
    const result = converted({ results: [one, { ...one, name: 'Copy' }] });
    expect(result.pack.sequences.map((sequence) => sequence.id)).toEqual([
      'hubspot-88001234',
      'hubspot-88001234-2',
    ]);
  });

  it.each([
    ['Q3 Outbound: VPs (EMEA)', 'q3-outbound-vps-emea'],
    ['Ébauche — café', 'ebauche-cafe'],
    ['---', 'fallback'],
    ['x'.repeat(80), 'x'.repeat(64)],
  ])('slugId(%j) = %j', (value, id) => {
    expect(slugId(value, 'fallback')).toBe(id);
  });
});

describe('delays and waits', () => {
  it.each([
    [0, []],
    [20 * 60_000, []],
    [45 * 60_000, [{ hours: 1 }]],
    [26 * 3_600_000, [{ days: 1, hours: 2 }]],
    [30 * 86_400_000, [{ days: 30 }]],
    [75 * 86_400_000, [{ days: 30 }, { days: 30 }, { days: 15 }]],
  ])('%i ms → %j', (ms, waits) => {
    expect(waitsFor(ms).waits).toEqual(waits);
  });

  it('notes rounding, splitting and dropping', () => {
    expect(waitsFor(20 * 60_000).notes).toEqual([
      "A delay of 20 minutes is shorter than Upnext's shortest wait (1 hour); the step follows at once",
    ]);
    expect(waitsFor(90 * 60_000).notes).toEqual([
      'A delay of 1 hour 30 minutes became a wait of 2 hours (waits are whole hours)',
    ]);
    expect(waitsFor(45 * 86_400_000).notes).toEqual([
      "A delay of 45 days is longer than Upnext's longest wait (30 days); it became 2 waits in a row",
    ]);
  });

  it('keeps condition windows between 1 hour and 30 days', () => {
    expect(windowFor(10 * 60_000)).toEqual({
      within: { hours: 1 },
      notes: ["The condition's window of 10 minutes became 1 hour (whole hours)"],
    });
    expect(windowFor(40 * 86_400_000)).toEqual({
      within: { days: 30 },
      notes: [
        'The condition waited 40 days for the event; Upnext waits at most 30 days, so the window is 30 days',
      ],
    });
  });

  it('drops a delay with no step after it on its path', () => {
    const result = converted(
      reply([{ type: 'call' }, { type: 'zapier', name: 'Z', delayInMinutes: 600 }]),
    );
    expect(onlySequence(result).steps).toEqual([{ id: 'call-1', type: 'call' }]);
    expect(result.warnings.map((warning) => warning.message)).toContain(
      'A delay of 10 hours with no step after it was dropped (an Upnext branch cannot end with a wait)',
    );
  });
});

describe('A/B tests', () => {
  const variant = (letter: string, isEnabled = true) => ({
    subject: `Subject ${letter}`,
    message: `Body ${letter}`,
    isEnabled,
  });

  it('make an A/B test step of the first two enabled versions and list the others', () => {
    const result = converted(
      reply([
        {
          type: 'email',
          variants: [variant('A'), variant('off', false), variant('B'), variant('C')],
        },
        { type: 'condition', conditions: [{ property: 'emailReplied' }] },
        { type: 'call', parentId: 2, ifConditionPositive: true },
      ]),
    );
    const [abTest, condition] = onlySequence(result).steps;
    expect(abTest).toEqual({
      id: 'ab-test-1',
      type: 'ab-test',
      a: { type: 'email', template: { subject: 'Subject A', body: 'Body A' } },
      b: { type: 'email', template: { subject: 'Subject B', body: 'Body B' } },
      metric: 'replied',
      default: 'a',
    });
    // A branch on replies tests the A/B step as it would an email.
    expect(condition).toMatchObject({ if: { email: 'replied', step: 'ab-test-1' } });
    expect(result.warnings.map((warning) => [warning.step, warning.message])).toContainEqual([
      'ab-test-1',
      "This email is an A/B test with 3 versions; Upnext's A/B test step compares two, so it keeps versions A and B and leaves out version C",
    ]);
  });

  it('keep a step with one enabled version an email step', () => {
    const result = converted(
      reply([{ type: 'email', variants: [variant('A'), variant('B', false)] }]),
    );
    expect(onlySequence(result).steps).toEqual([
      { id: 'email-1', type: 'email', template: { subject: 'Subject A', body: 'Body A' } },
    ]);
  });
});

describe('branches', () => {
  it('copies the steps that follow a branch into both of its paths', () => {
    const result = converted(
      reply([
        { type: 'email', variants: [{ subject: 'S', message: 'M' }] },
        { type: 'condition', conditions: [{ property: 'emailOpened' }] },
        { type: 'call', parentId: 2, ifConditionPositive: true },
        { type: 'task', delayInMinutes: 120, description: 'After either path' },
      ]),
    );
    expect(onlySequence(result).steps[1]).toEqual({
      id: 'condition-1',
      type: 'condition',
      if: { email: 'opened', step: 'email-1' },
      yes: [
        { id: 'call-1', type: 'call' },
        { id: 'wait-1', type: 'wait', hours: 2 },
        { id: 'task-1', type: 'task', name: 'To-do', description: 'After either path' },
      ],
      no: [
        { id: 'wait-2', type: 'wait', hours: 2 },
        { id: 'task-2', type: 'task', name: 'To-do', description: 'After either path' },
      ],
    });
    expectWarnings(result, [
      [
        'condition-1',
        'steps[1]',
        'The steps after this branch (steps[3]) run on both of its paths',
      ],
    ]);
  });

  it(`stops at ${MAX_DEPTH} nested branches`, () => {
    const steps: Record<string, unknown>[] = [
      { type: 'email', variants: [{ subject: 'S', message: 'M' }] },
    ];
    for (let level = 0; level < MAX_DEPTH + 1; level++) {
      steps.push({
        type: 'condition',
        conditions: [{ property: 'emailOpened' }],
        ...(level > 0 ? { parentId: level + 1, ifConditionPositive: true } : {}),
      });
    }
    const result = converted(reply(steps));
    let depth = 0;
    let list = onlySequence(result).steps;
    for (;;) {
      const condition = list.find((step) => step.type === 'condition');
      if (condition?.type !== 'condition') break;
      depth += 1;
      list = condition.yes;
    }
    expect(depth).toBe(MAX_DEPTH);
    expect(
      result.warnings.some((warning) =>
        warning.message.includes(`Branches are nested more than ${MAX_DEPTH} deep here`),
      ),
    ).toBe(true);
  });

  it(`keeps at most ${MAX_STEPS} steps and says where it stopped`, () => {
    const steps = Array.from({ length: 250 }, () => ({ type: 'call' }));
    const result = converted(reply(steps));
    expect(countSteps(onlySequence(result))).toBe(MAX_STEPS);
    expectWarnings(result, [
      [null, 'steps[200]', `Upnext sequences have at most ${MAX_STEPS} steps`],
    ]);
  });
});

describe('content', () => {
  it.each([
    ['Hi {{first_name}} at {{account.name}}', 'Hi {{firstName}} at {{company}}', []],
    ['{{FirstName}} {{LastName}} ({{Title}})', '{{firstName}} {{lastName}} ({{jobTitle}})', []],
    ['{{ contact.firstname }} from {{companyName}}', '{{firstName}} from {{company}}', []],
    ['— {{sender.first_name}} / {{senderName}}', '— {{seller.name}} / {{seller.name}}', []],
    [
      'See {{custom7}}, {{first name}} and {{Deal Size}}',
      'See {{custom7}}, {{firstName}} and {{Deal Size}}',
      ['custom7', '{{Deal Size}}'],
    ],
  ])('merge fields in %j', (input, output, unknown) => {
    const result = translateMergeFields(input);
    expect(result.text).toBe(output);
    expect(result.unknown).toEqual(unknown);
  });

  it('turns HTML bodies into plain text with links and lists', () => {
    expect(
      htmlToText(
        '<div>Hi,</div><div><br></div><p>See <a href="https://x.example/a">this</a> &amp; that:</p><ul><li>one</li><li>two</li></ul>',
      ),
    ).toBe('Hi,\n\nSee this [https://x.example/a] & that:\n\n * one\n * two');
    expect(htmlToText('Plain text stays < as it is > here')).toBe(
      'Plain text stays < as it is > here',
    );
  });

  it.each([
    ['linkedin_step_connect', 'connect', true],
    ['LINKED_IN_MESSAGE', 'inmail', true],
    ['inMail', 'inmail', true],
    ['viewProfile', 'research', true],
    ['getIntroduced', 'introduction', true],
    ['linkedinWithdrawInvitation', 'research', false],
    ['mystery', 'research', false],
  ])('LinkedIn kind %s → %s', (kind, action, exact) => {
    expect(linkedinKind(kind)).toMatchObject({ action, exact });
  });

  it.each([
    ['linkedInConnectionAccepted', 'LinkedIn connection accepted'],
    ['email_replied', 'Email replied'],
    ['', 'Condition met'],
  ])('question %j reads %j', (key, words) => {
    expect(humanize(key)).toBe(words);
  });
});
