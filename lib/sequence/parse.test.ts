/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- these tests break packs on purpose, through loosely typed values */
import { describe, expect, it } from 'vitest';
import { parsePack, validatePackValue } from './parse';
import type { Problem } from './parse';
import { samplePack } from './test-support/sample-pack';
import type { Loose } from './test-support/sample-pack';

/** The text at a 1-based line and column. */
function textAt(text: string, line: number, column: number): string {
  const lines = text.split('\n');
  return (lines[line - 1] ?? '').slice(column - 1) + '\n' + lines.slice(line).join('\n');
}

function problemsOf(text: string, options?: Parameters<typeof parsePack>[1]): Problem[] {
  const result = parsePack(text, options);
  if (result.ok) throw new Error('expected problems, got a valid pack');
  return result.problems;
}

interface InvalidCase {
  name: string;
  mutate: (pack: Loose) => void;
  path: string;
  message: string | RegExp;
  /** What the reported line/column points at. */
  at: string;
}

const S = 'sequences[0]';

/** An A/B test step that replaces the first step of the sample ('e1'). */
const abStep = (): Loose => ({
  id: 'e1',
  type: 'ab-test',
  a: { type: 'email', name: 'Short', template: { subject: 'Hi', body: 'Short' } },
  b: { type: 'email', name: 'Long', template: { subject: 'Hello', body: 'Long' } },
  metric: 'replied',
  default: 'a',
});
const invalid: InvalidCase[] = [
  {
    name: 'missing format',
    mutate: (p) => delete p.format,
    path: '',
    message: "The pack is missing 'format'",
    at: '{',
  },
  {
    name: 'future format',
    mutate: (p) => (p.format = 'upnext/v2'),
    path: 'format',
    message:
      "This file is in format 'upnext/v2', which this version of Upnext cannot read; it reads: upnext/v1",
    at: '"upnext/v2"',
  },
  {
    name: 'format not text',
    mutate: (p) => (p.format = 1),
    path: 'format',
    message: "'format' in the pack must be text",
    at: '1',
  },
  {
    name: 'unknown pack key',
    mutate: (p) => (p.sequence = []),
    path: 'sequence',
    message: "Unknown key 'sequence' in the pack (did you mean 'sequences'?)",
    at: '"sequence"',
  },
  {
    name: 'no sequences',
    mutate: (p) => (p.sequences = []),
    path: 'sequences',
    message: 'The pack has no sequences',
    at: '[]',
  },
  {
    name: 'misspelt sequence key',
    mutate: (p) => {
      p.sequences[0].exitOnReplly = true;
    },
    path: `${S}.exitOnReplly`,
    message: "Unknown key 'exitOnReplly' in sequence 'outbound' (did you mean 'exitOnReply'?)",
    at: '"exitOnReplly"',
  },
  {
    name: 'bad sequence id',
    mutate: (p) => (p.sequences[0].id = 'Out Bound'),
    path: `${S}.id`,
    message: /'Out Bound' is not a valid id for sequence 3?.*lowercase/,
    at: '"Out Bound"',
  },
  {
    name: 'missing name',
    mutate: (p) => delete p.sequences[0].name,
    path: S,
    message: "Sequence 'outbound' is missing 'name'",
    at: '{',
  },
  {
    name: 'blank name',
    mutate: (p) => (p.sequences[0].name = '   '),
    path: `${S}.name`,
    message: "Sequence 'outbound' has an empty name",
    at: '"   "',
  },
  {
    name: 'long name',
    mutate: (p) => (p.sequences[0].name = 'x'.repeat(161)),
    path: `${S}.name`,
    message: /161 characters long; the limit is 160/,
    at: '"xxx',
  },
  {
    name: 'long description',
    mutate: (p) => (p.sequences[0].description = 'x'.repeat(2001)),
    path: `${S}.description`,
    message: /2001 characters long; the limit is 2000/,
    at: '"xxx',
  },
  {
    name: 'unknown entity',
    mutate: (p) => (p.sequences[0].entity = 'leads'),
    path: `${S}.entity`,
    message:
      "'entity' in sequence 'outbound' is 'leads' (did you mean 'lead'?); use one of: lead, contact, account, opportunity",
    at: '"leads"',
  },
  {
    name: 'too many tags',
    mutate: (p) => (p.sequences[0].tags = Array.from({ length: 21 }, (_, i) => `t${i}`)),
    path: `${S}.tags`,
    message: "Sequence 'outbound' has 21 tags; the limit is 20",
    at: '[',
  },
  {
    name: 'long tag',
    mutate: (p) => (p.sequences[0].tags = ['x'.repeat(41)]),
    path: `${S}.tags[0]`,
    message: /41 characters long; the limit is 40/,
    at: '"xxx',
  },
  {
    name: 'empty tag',
    mutate: (p) => (p.sequences[0].tags = ['']),
    path: `${S}.tags[0]`,
    message: "Item 1 of 'tags' in sequence 'outbound' is empty",
    at: '""',
  },
  {
    name: 'duplicate tag',
    mutate: (p) => (p.sequences[0].tags = ['cold', 'Cold']),
    path: `${S}.tags[1]`,
    message: "Tag 'Cold' appears twice in sequence 'outbound'",
    at: '"Cold"',
  },
  {
    name: 'exitOnReply not boolean',
    mutate: (p) => (p.sequences[0].exitOnReply = 'yes'),
    path: `${S}.exitOnReply`,
    message: "'exitOnReply' in sequence 'outbound' must be true or false, not text 'yes'",
    at: '"yes"',
  },
  {
    name: 'exitOnReply without email',
    mutate: (p) => (p.sequences[1].exitOnReply = true),
    path: 'sequences[1].exitOnReply',
    message:
      "Sequence 'nurture' exits on reply but has no email step; add an email step or remove 'exitOnReply'",
    at: 'true',
  },
  {
    name: 'schedule time format',
    mutate: (p) => (p.sequences[0].schedule.start = '9am'),
    path: `${S}.schedule.start`,
    message:
      "Start time '9am' in the schedule of sequence 'outbound' must be a 24-hour time like 09:00",
    at: '"9am"',
  },
  {
    name: 'schedule 24:00',
    mutate: (p) => (p.sequences[0].schedule.end = '24:00'),
    path: `${S}.schedule.end`,
    message: /24-hour time/,
    at: '"24:00"',
  },
  {
    name: 'schedule end before start',
    mutate: (p) => (p.sequences[0].schedule.end = '08:00'),
    path: `${S}.schedule.end`,
    message: /starts at 09:00 and ends at 08:00; the start must be before the end/,
    at: '"08:00"',
  },
  {
    name: 'schedule duplicate day',
    mutate: (p) => (p.sequences[0].schedule.days = ['mon', 'mon']),
    path: `${S}.schedule.days[1]`,
    message: "Day 'mon' appears twice in the schedule of sequence 'outbound'",
    at: '"mon"',
  },
  {
    name: 'schedule unknown day',
    mutate: (p) => (p.sequences[0].schedule.days = ['monday']),
    path: `${S}.schedule.days[0]`,
    message: /is 'monday' \(did you mean 'mon'\?\); use one of: mon, tue/,
    at: '"monday"',
  },
  {
    name: 'schedule no days',
    mutate: (p) => (p.sequences[0].schedule.days = []),
    path: `${S}.schedule.days`,
    message: "The schedule of sequence 'outbound' has no working days",
    at: '[]',
  },
  {
    name: 'no steps',
    mutate: (p) => (p.sequences[1].steps = []),
    path: 'sequences[1].steps',
    message: "Sequence 'nurture' has no steps",
    at: '[]',
  },
  {
    name: 'only waits',
    mutate: (p) =>
      (p.sequences[1].steps = [
        { id: 'w', type: 'wait', days: 1 },
        { id: 'x', type: 'wait', days: 1 },
      ]),
    path: 'sequences[1].steps',
    message: "Sequence 'nurture' has only waits; it needs at least one step that is not a wait",
    at: '[',
  },
  {
    name: 'wait first',
    mutate: (p) => p.sequences[1].steps.unshift({ id: 'w0', type: 'wait', days: 1 }),
    path: 'sequences[1].steps[0]',
    message:
      "Sequence 'nurture' starts with step 'w0', a wait; the first step of a sequence cannot be a wait",
    at: '{',
  },
  {
    name: 'wait last',
    mutate: (p) => p.sequences[1].steps.push({ id: 'w9', type: 'wait', days: 1 }),
    path: 'sequences[1].steps[1]',
    message:
      "Step 'w9' is a wait at the end of sequence 'nurture'; a wait must be followed by a step (remove it or add a step after it)",
    at: '{',
  },
  {
    name: 'wait last in a branch',
    mutate: (p) => p.sequences[0].steps[3].yes.push({ id: 'w9', type: 'wait', days: 1 }),
    path: `${S}.steps[3].yes[1]`,
    message:
      "Step 'w9' is a wait at the end of the 'yes' branch of step 'cond'; a wait must be followed by a step",
    at: '{',
  },
  {
    name: 'wait too long',
    mutate: (p) => (p.sequences[0].steps[1].days = 45),
    path: `${S}.steps[1].days`,
    message: "Step 'w1' waits 45 days; the longest wait is 30 days",
    at: '45',
  },
  {
    name: 'wait hours 24',
    mutate: (p) => (p.sequences[0].steps[1].hours = 24),
    path: `${S}.steps[1].hours`,
    message: "Step 'w1' waits 24 hours; hours go up to 23 (use 'days' for 1 day or more)",
    at: '24',
  },
  {
    name: 'negative wait',
    mutate: (p) => (p.sequences[0].steps[1].days = -1),
    path: `${S}.steps[1].days`,
    message: "Step 'w1' waits -1 days; it cannot be negative",
    at: '-1',
  },
  {
    name: 'fractional wait',
    mutate: (p) => (p.sequences[0].steps[1].days = 1.5),
    path: `${S}.steps[1].days`,
    message: "Step 'w1' waits 1.5 days; use whole days",
    at: '1.5',
  },
  {
    name: 'zero wait',
    mutate: (p) => (p.sequences[0].steps[1] = { id: 'w1', type: 'wait' }),
    path: `${S}.steps[1]`,
    message: "Step 'w1' is 0 hours long; set 'days' or 'hours' to at least 1 hour in total",
    at: '{',
  },
  {
    name: 'wait over 720 hours',
    mutate: (p) => Object.assign(p.sequences[0].steps[1], { days: 30, hours: 5 }),
    path: `${S}.steps[1]`,
    message: "Step 'w1' lasts 30 days and 5 hours; the longest is 30 days (720 hours)",
    at: '{',
  },
  {
    name: 'within too long',
    mutate: (p) => (p.sequences[0].steps[3].within = { days: 31 }),
    path: `${S}.steps[3].within.days`,
    message: "The 'within' window of step 'cond' is 31 days; the longest window is 30 days",
    at: '31',
  },
  {
    name: 'within zero',
    mutate: (p) => (p.sequences[0].steps[3].within = {}),
    path: `${S}.steps[3].within`,
    message: "The 'within' window of step 'cond' is 0 hours long",
    at: '{',
  },
  {
    name: 'duplicate step id across branches',
    mutate: (p) => (p.sequences[0].steps[3].yes[0].id = 'm1'),
    path: `${S}.steps[3].no[1].id`,
    message:
      "Step id 'm1' is used twice in sequence 'outbound'; step ids must be unique in a sequence, across all branches",
    at: '"m1"',
  },
  {
    name: 'duplicate sequence id',
    mutate: (p) => (p.sequences[1].id = 'outbound'),
    path: 'sequences[1].id',
    message:
      "Sequence id 'outbound' is used twice (first in sequences[0]); sequence ids must be unique in a pack",
    at: '"outbound"',
  },
  {
    name: 'unknown step type',
    mutate: (p) => (p.sequences[0].steps[2].type = 'cal'),
    path: `${S}.steps[2].type`,
    message:
      "Step 'c1' has unknown type 'cal' (did you mean 'call'?); the step types are: email, call",
    at: '"cal"',
  },
  {
    name: 'missing step type',
    mutate: (p) => delete p.sequences[0].steps[2].type,
    path: `${S}.steps[2]`,
    message: "Step 'c1' is missing 'type' (one of: email, call",
    at: '{',
  },
  {
    name: 'step not an object',
    mutate: (p) => (p.sequences[1].steps = ['call']),
    path: 'sequences[1].steps[0]',
    message: "Item 1 of 'steps' in sequence 'nurture' must be an object, not text 'call'",
    at: '"call"',
  },
  {
    name: 'key of another step type',
    mutate: (p) => (p.sequences[0].steps[2].template = { body: 'x' }),
    path: `${S}.steps[2].template`,
    message: "Unknown key 'template' in step 'c1' (allowed keys: id, name, description, type)",
    at: '"template"',
  },
  {
    name: 'unknown template key',
    mutate: (p) => (p.sequences[0].steps[0].template.bodyy = 'x'),
    path: `${S}.steps[0].template.bodyy`,
    message: "Unknown key 'bodyy' in the template of step 'e1' (did you mean 'body'?)",
    at: '"bodyy"',
  },
  {
    name: 'template missing subject',
    mutate: (p) => delete p.sequences[0].steps[0].template.subject,
    path: `${S}.steps[0].template`,
    message: "The template of step 'e1' is missing 'subject'",
    at: '{',
  },
  {
    name: 'linkedin action',
    mutate: (p) => (p.sequences[1].steps[0].action = 'poke'),
    path: 'sequences[1].steps[0].action',
    message: "'action' in step 'l1' is 'poke'; use one of: research, introduction, connect, inmail",
    at: '"poke"',
  },
  {
    name: 'update-field value object',
    mutate: (p) =>
      p.sequences[1].steps.push({
        id: 'u',
        type: 'update-field',
        field: 'status',
        value: { a: 1 },
      }),
    path: 'sequences[1].steps[1].value',
    message: "'value' in step 'u' must be text, a number or true/false, not an object",
    at: '{',
  },
  {
    name: 'reference to a missing step',
    mutate: (p) => (p.sequences[0].steps[3].if.step = 'e9'),
    path: `${S}.steps[3].if.step`,
    message:
      "The condition of step 'cond' refers to step 'e9', which is not in sequence 'outbound'",
    at: '"e9"',
  },
  {
    name: 'reference to a later step',
    mutate: (p) => (p.sequences[0].steps[3].if.step = 't1'),
    path: `${S}.steps[3].if.step`,
    message:
      "The condition of step 'cond' refers to step 't1', which does not come before it on the same path",
    at: '"t1"',
  },
  {
    name: 'email condition on a call step',
    mutate: (p) => (p.sequences[0].steps[3].if.step = 'c1'),
    path: `${S}.steps[3].if.step`,
    message:
      "The condition of step 'cond' checks an email event of step 'c1', but 'c1' is a phone call step",
    at: '"c1"',
  },
  {
    name: 'call condition on an email step',
    mutate: (p) => (p.sequences[0].steps[3].if = { call: ['connected'], step: 'e1' }),
    path: `${S}.steps[3].if.step`,
    message:
      "The condition of step 'cond' checks a phone call event of step 'e1', but 'e1' is an email step",
    at: '"e1"',
  },
  {
    name: 'unknown call outcome',
    mutate: (p) => (p.sequences[0].steps[3].if = { call: ['busy'], step: 'c1' }),
    path: `${S}.steps[3].if.call[0]`,
    message: /is 'busy'; use one of: connected, voicemail, no-answer, wrong-number/,
    at: '"busy"',
  },
  {
    name: 'condition mixing kinds',
    mutate: (p) => (p.sequences[0].steps[3].if = { email: 'replied', step: 'e1', stage: ['A'] }),
    path: `${S}.steps[3].if`,
    message:
      "The condition of step 'cond' mixes 'email' and 'stage'; combine several conditions with \"all\" or \"any\"",
    at: '{',
  },
  {
    name: 'condition of no kind',
    mutate: (p) => (p.sequences[0].steps[3].if = { emial: 'replied', step: 'e1' }),
    path: `${S}.steps[3].if`,
    message:
      "The condition of step 'cond' must have one of the keys email, call, field, stage, all, any (did you mean 'email'?)",
    at: '{',
  },
  {
    name: 'condition missing',
    mutate: (p) => delete p.sequences[0].steps[3].if,
    path: `${S}.steps[3]`,
    message: "Step 'cond' is missing 'if'",
    at: '{',
  },
  {
    name: 'unknown email event',
    mutate: (p) => (p.sequences[0].steps[3].if.email = 'read'),
    path: `${S}.steps[3].if.email`,
    message: /is 'read'; use one of: replied, opened, link-clicked/,
    at: '"read"',
  },
  {
    name: 'is-empty with value',
    mutate: (p) => (p.sequences[0].steps[3].if = { field: 'phone', op: 'is-empty', value: 'x' }),
    path: `${S}.steps[3].if.value`,
    message: "The condition of step 'cond' uses 'is-empty', which takes no value; remove 'value'",
    at: '"value"',
  },
  {
    name: 'equals without value',
    mutate: (p) => (p.sequences[0].steps[3].if = { field: 'grade', op: 'equals' }),
    path: `${S}.steps[3].if`,
    message: "The condition of step 'cond' uses 'equals' but has no 'value' to compare with",
    at: '{',
  },
  {
    name: 'in with one value',
    mutate: (p) => (p.sequences[0].steps[3].if = { field: 'grade', op: 'in', value: 'A' }),
    path: `${S}.steps[3].if.value`,
    message: /uses 'in', which needs a list of values such as \["A", "B"\], not 'A'/,
    at: '"A"',
  },
  {
    name: 'in with empty list',
    mutate: (p) => (p.sequences[0].steps[3].if = { field: 'grade', op: 'in', value: [] }),
    path: `${S}.steps[3].if.value`,
    message: /uses 'in' with an empty list/,
    at: '[]',
  },
  {
    name: 'equals with a list',
    mutate: (p) => (p.sequences[0].steps[3].if = { field: 'grade', op: 'equals', value: ['A'] }),
    path: `${S}.steps[3].if.value`,
    message: /uses 'equals', which takes one value, not a list/,
    at: '[',
  },
  {
    name: 'greater-than with text',
    mutate: (p) =>
      (p.sequences[0].steps[3].if = { field: 'amount', op: 'greater-than', value: 'big' }),
    path: `${S}.steps[3].if.value`,
    message: /uses 'greater-than', which compares numbers or dates: use a number or an ISO date/,
    at: '"big"',
  },
  {
    name: 'greater-or-equal with text',
    mutate: (p) =>
      (p.sequences[0].steps[3].if = { field: 'amount', op: 'greater-or-equal', value: 'big' }),
    path: `${S}.steps[3].if.value`,
    message: /uses 'greater-or-equal', which compares numbers or dates/,
    at: '"big"',
  },
  {
    name: 'begins-with with a list',
    mutate: (p) =>
      (p.sequences[0].steps[3].if = { field: 'title', op: 'begins-with', value: ['VP'] }),
    path: `${S}.steps[3].if.value`,
    message: /uses 'begins-with', which takes one value, not a list/,
    at: '[',
  },
  {
    name: 'between with one value',
    mutate: (p) => (p.sequences[0].steps[3].if = { field: 'amount', op: 'between', value: 10 }),
    path: `${S}.steps[3].if.value`,
    message: /uses 'between', which needs a list of two values \[low, high\]/,
    at: '10',
  },
  {
    name: 'between with three values',
    mutate: (p) =>
      (p.sequences[0].steps[3].if = { field: 'amount', op: 'between', value: [1, 2, 3] }),
    path: `${S}.steps[3].if.value`,
    message: /uses 'between' with 3 values; give exactly two/,
    at: '[',
  },
  {
    name: 'between with text',
    mutate: (p) =>
      (p.sequences[0].steps[3].if = { field: 'amount', op: 'between', value: [1, 'lots'] }),
    path: `${S}.steps[3].if.value[1]`,
    message: /compares numbers or dates: use numbers or ISO dates such as "2025-01-31", not 'lots'/,
    at: '"lots"',
  },
  {
    name: 'between a number and a date',
    mutate: (p) =>
      (p.sequences[0].steps[3].if = { field: 'amount', op: 'between', value: [1, '2025-01-31'] }),
    path: `${S}.steps[3].if.value`,
    message: /both ends must be numbers, or both dates/,
    at: '[',
  },
  {
    name: 'between upside down',
    mutate: (p) =>
      (p.sequences[0].steps[3].if = {
        field: 'closeDate',
        op: 'between',
        value: ['2025-03-31', '2025-01-01'],
      }),
    path: `${S}.steps[3].if.value`,
    message: /the low end is above the high end; write \[low, high\]/,
    at: '[',
  },
  {
    name: 'in-last-days with a date',
    mutate: (p) =>
      (p.sequences[0].steps[3].if = {
        field: 'lastActivity',
        op: 'in-last-days',
        value: '2025-01-01',
      }),
    path: `${S}.steps[3].if.value`,
    message:
      /uses 'in-last-days', which counts whole days from today: use a whole number from 1 to 3650/,
    at: '"2025-01-01"',
  },
  {
    name: 'in-next-days with zero',
    mutate: (p) =>
      (p.sequences[0].steps[3].if = { field: 'renewal', op: 'in-next-days', value: 0 }),
    path: `${S}.steps[3].if.value`,
    message: /uses 'in-next-days', which counts whole days from today/,
    at: '0',
  },
  {
    name: 'in-next-days with half a day',
    mutate: (p) =>
      (p.sequences[0].steps[3].if = { field: 'renewal', op: 'in-next-days', value: 1.5 }),
    path: `${S}.steps[3].if.value`,
    message: /uses 'in-next-days', which counts whole days from today/,
    at: '1.5',
  },
  {
    name: 'in-last-days without a value',
    mutate: (p) => (p.sequences[0].steps[3].if = { field: 'lastActivity', op: 'in-last-days' }),
    path: `${S}.steps[3].if`,
    message: /uses 'in-last-days' but has no 'value' to compare with/,
    at: '{',
  },
  {
    name: 'success: unknown kind',
    mutate: (p) => (p.sequences[0].success = { complete: true }),
    path: `${S}.success`,
    message:
      /The success rule of sequence 'outbound' must be one of \{"replied": true\}, \{"completed": true\} or a field condition .*\(did you mean 'completed'\?\)/,
    at: '{',
  },
  {
    name: 'success: replied false',
    mutate: (p) => (p.sequences[0].success = { replied: false }),
    path: `${S}.success.replied`,
    message: /sets 'replied' to false; write \{"replied": true\}, or leave 'success' out/,
    at: 'false',
  },
  {
    name: 'success: two kinds',
    mutate: (p) => (p.sequences[0].success = { replied: true, completed: true }),
    path: `${S}.success`,
    message: /mixes 'replied' and 'completed'; a sequence has one success rule/,
    at: '{',
  },
  {
    name: 'success: field condition with a bad op',
    mutate: (p) => (p.sequences[0].success = { field: 'status', op: 'equal', value: 'Qualified' }),
    path: `${S}.success.op`,
    message: /is 'equal' \(did you mean 'equals'\?\)/,
    at: '"equal"',
  },
  {
    name: 'success: field condition without a value',
    mutate: (p) => (p.sequences[0].success = { field: 'status', op: 'equals' }),
    path: `${S}.success`,
    message: /The success rule of sequence 'outbound' uses 'equals' but has no 'value'/,
    at: '{',
  },
  {
    name: 'success: misspelt key in a field condition',
    mutate: (p) => (p.sequences[0].success = { field: 'status', op: 'equals', valeu: 'Won' }),
    path: `${S}.success.valeu`,
    message:
      /Unknown key 'valeu' in the success rule of sequence 'outbound' \(did you mean 'value'\?\)/,
    at: '"valeu"',
  },
  {
    name: 'success: replied without an email step',
    mutate: (p) => (p.sequences[1].success = { replied: true }),
    path: 'sequences[1].success.replied',
    message: /Sequence 'nurture' counts a reply as success but has no email step/,
    at: 'true',
  },
  {
    name: 'A/B test: email against text',
    mutate: (p) => (p.sequences[0].steps[0] = { ...abStep(), b: { type: 'text' } }),
    path: `${S}.steps[0].b.type`,
    message:
      "Step 'e1' tests an email (version A) against a text message (version B); both versions must be emails, or both text messages",
    at: '"text"',
  },
  {
    name: 'A/B test: version of another type',
    mutate: (p) => (p.sequences[0].steps[0] = { ...abStep(), a: { type: 'call' } }),
    path: `${S}.steps[0].a.type`,
    message:
      /Version A of step 'e1' has type 'call'; an A\/B test compares two emails or two text messages/,
    at: '"call"',
  },
  {
    name: 'A/B test: version without a type',
    mutate: (p) => (p.sequences[0].steps[0] = { ...abStep(), a: { name: 'Short' } }),
    path: `${S}.steps[0].a`,
    message: `Version A of step 'e1' is missing 'type' ("email" or "text")`,
    at: '{',
  },
  {
    name: 'A/B test: text version with a subject',
    mutate: (p) =>
      (p.sequences[0].steps[0] = {
        ...abStep(),
        a: { type: 'text', template: { subject: 'Hi', body: 'Hello' } },
        b: { type: 'text' },
      }),
    path: `${S}.steps[0].a.template.subject`,
    message:
      /Unknown key 'subject' in the template of version A of step 'e1' \(allowed keys: body\)/,
    at: '"subject"',
  },
  {
    name: 'A/B test: misspelt key in a version',
    mutate: (p) => (p.sequences[0].steps[0] = { ...abStep(), b: { type: 'email', nmae: 'B' } }),
    path: `${S}.steps[0].b.nmae`,
    message: /Unknown key 'nmae' in version B of step 'e1' \(did you mean 'name'\?\)/,
    at: '"nmae"',
  },
  {
    name: 'A/B test: split too small',
    mutate: (p) => (p.sequences[0].steps[0] = { ...abStep(), split: 5 }),
    path: `${S}.steps[0].split`,
    message: "'split' in step 'e1' is 5; the smallest allowed is 10",
    at: '5',
  },
  {
    name: 'A/B test: split not whole',
    mutate: (p) => (p.sequences[0].steps[0] = { ...abStep(), split: 33.3 }),
    path: `${S}.steps[0].split`,
    message: "'split' in step 'e1' must be a whole number",
    at: '33.3',
  },
  {
    name: 'A/B test: unknown metric',
    mutate: (p) => (p.sequences[0].steps[0] = { ...abStep(), metric: 'replies' }),
    path: `${S}.steps[0].metric`,
    message:
      /is 'replies' \(did you mean 'replied'\?\); use one of: replied, opened, link-clicked, success/,
    at: '"replies"',
  },
  {
    name: 'A/B test: no metric',
    mutate: (p) => {
      p.sequences[0].steps[0] = abStep();
      delete p.sequences[0].steps[0].metric;
    },
    path: `${S}.steps[0]`,
    message: "Step 'e1' is missing 'metric' (what decides the winner",
    at: '{',
  },
  {
    name: 'A/B test: no default',
    mutate: (p) => {
      p.sequences[0].steps[0] = abStep();
      delete p.sequences[0].steps[0].default;
    },
    path: `${S}.steps[0]`,
    message: "Step 'e1' is missing 'default' (the version used when the test ends without a winner",
    at: '{',
  },
  {
    name: 'A/B test: opens on text messages',
    mutate: (p) =>
      (p.sequences[0].steps[0] = {
        ...abStep(),
        a: { type: 'text' },
        b: { type: 'text' },
        metric: 'opened',
      }),
    path: `${S}.steps[0].metric`,
    message:
      /picks its winner by 'opened', but it sends text messages, which have no opens or link clicks/,
    at: '"opened"',
  },
  {
    name: 'A/B test: ends at a date without a time',
    mutate: (p) => (p.sequences[0].steps[0] = { ...abStep(), ends: { at: '2026-06-30' } }),
    path: `${S}.steps[0].ends.at`,
    message:
      /The end of step 'e1' is '2026-06-30'; write an ISO 8601 instant with its time zone offset/,
    at: '"2026-06-30"',
  },
  {
    name: 'A/B test: ends when something else',
    mutate: (p) => (p.sequences[0].steps[0] = { ...abStep(), ends: { when: 'later' } }),
    path: `${S}.steps[0].ends.when`,
    message: /is 'later'; the only choice is "significant"/,
    at: '"later"',
  },
  {
    name: 'A/B test: ends in two ways',
    mutate: (p) =>
      (p.sequences[0].steps[0] = {
        ...abStep(),
        ends: { at: '2026-06-30T17:00:00Z', when: 'significant' },
      }),
    path: `${S}.steps[0].ends`,
    message: /has both 'at' and 'when'; a test ends one way/,
    at: '{',
  },
  {
    name: 'A/B test: opens of a text A/B step in a condition',
    mutate: (p) => {
      p.sequences[0].steps[0] = { ...abStep(), a: { type: 'text' }, b: { type: 'text' } };
      p.sequences[0].steps[3].if = { email: 'opened', step: 'e1' };
    },
    path: `${S}.steps[3].if.email`,
    message:
      /checks 'opened' on step 'e1', an A\/B test of text messages; a text message has no opens or link clicks, only replies/,
    at: '"opened"',
  },
  {
    name: 'unknown field op',
    mutate: (p) => (p.sequences[0].steps[3].if = { field: 'amount', op: 'equal', value: 1 }),
    path: `${S}.steps[3].if.op`,
    message: /is 'equal' \(did you mean 'equals'\?\)/,
    at: '"equal"',
  },
  {
    name: 'error inside all',
    mutate: (p) =>
      (p.sequences[0].steps[3].if = { all: [{ stage: ['A'] }, { field: 'x', op: 'less-than' }] }),
    path: `${S}.steps[3].if.all[1]`,
    message: "A condition inside the condition of step 'cond' uses 'less-than' but has no 'value'",
    at: '{',
  },
  {
    name: 'empty all',
    mutate: (p) => (p.sequences[0].steps[3].if = { all: [] }),
    path: `${S}.steps[3].if.all`,
    message: /is an empty list/,
    at: '[]',
  },
  {
    name: 'move not last',
    mutate: (p) => p.sequences[0].steps[3].no.push({ id: 'after', type: 'task' }),
    path: `${S}.steps[3].no[2]`,
    message:
      "Step 'after' comes after step 'm1', which moves the record to another sequence, so it would never run",
    at: '{',
  },
  {
    name: 'move to unknown sequence',
    mutate: (p) => (p.sequences[0].steps[3].no[1].sequence = 'ghost'),
    path: `${S}.steps[3].no[1].sequence`,
    message:
      "Step 'm1' moves records to sequence 'ghost', which is neither in this pack nor already in Upnext",
    at: '"ghost"',
  },
  {
    name: 'move to another entity',
    mutate: (p) => (p.sequences[1].entity = 'contact'),
    path: `${S}.steps[3].no[1].sequence`,
    message:
      "Step 'm1' moves records to sequence 'nurture', which is for contacts, but sequence 'outbound' is for leads; both must be for the same kind of record",
    at: '"nurture"',
  },
  {
    name: 'step after a condition',
    mutate: (p) => p.sequences[0].steps.push({ id: 'late', type: 'task' }),
    path: `${S}.steps[4]`,
    message: "Step 'late' comes after step 'cond' and would never run",
    at: '{',
  },
  {
    name: 'crm bad regex',
    mutate: (p) => (p.crms[0].records[0].url = '^/leads/(?<id>[0-9+$'),
    path: 'crms[0].records[0].url',
    message: /The 'url' of record 1 of custom CRM 'acme' is not a valid regular expression/,
    at: '"^/leads',
  },
  {
    name: 'crm regex without id group',
    mutate: (p) => (p.crms[0].records[0].url = '^/leads/([0-9]+)$'),
    path: 'crms[0].records[0].url',
    message: /has no named group "id"/,
    at: '"^/leads',
  },
  {
    name: 'crm origin with path',
    mutate: (p) => (p.crms[0].origins = ['https://crm.acme.example/app']),
    path: 'crms[0].origins[0]',
    message:
      "Origin 'https://crm.acme.example/app' of custom CRM 'acme' must be just the scheme and host (and port), without a path or a trailing slash: \"https://crm.acme.example\"",
    at: '"https',
  },
  {
    name: 'crm origin not http',
    mutate: (p) => (p.crms[0].origins = ['ftp://crm.acme.example']),
    path: 'crms[0].origins[0]',
    message: /must start with https:\/\/ or http:\/\//,
    at: '"ftp',
  },
  {
    name: 'crm origin not a URL',
    mutate: (p) => (p.crms[0].origins = ['crm.acme']),
    path: 'crms[0].origins[0]',
    message: /is not a web address/,
    at: '"crm.acme"',
  },
  {
    name: 'crm url part',
    mutate: (p) => (p.crms[0].records[0].part = 'query'),
    path: 'crms[0].records[0].part',
    message: /use one of: path, hash, search, href/,
    at: '"query"',
  },
  {
    // A custom CRM with a built-in id would store pages of its own host in that CRM's record
    // space (issue #23, finding 4).
    name: 'crm with a built-in id',
    mutate: (p) => (p.crms[0].id = 'salesforce'),
    path: 'crms[0].id',
    message:
      "Custom CRM id 'salesforce' is the id of a built-in CRM; give the custom CRM an id of its own",
    at: '"salesforce"',
  },
  {
    name: 'crm duplicate id',
    mutate: (p) => p.crms.push({ ...p.crms[0] }),
    path: 'crms[1].id',
    message: "Custom CRM id 'acme' is used twice",
    at: '"acme"',
  },
  {
    name: 'crm empty selectors',
    mutate: (p) => (p.crms[0].fields = { name: [] }),
    path: 'crms[0].fields.name',
    message: /is an empty list/,
    at: '[]',
  },
  {
    name: 'crm field key not identifier',
    mutate: (p) => (p.crms[0].fields = { 'first name': [1] }),
    path: 'crms[0].fields["first name"][0]',
    message: /must be text, not the number 1/,
    at: '1',
  },
];

describe('parsePack: the valid sample', () => {
  it('accepts it and returns the same data', () => {
    const result = parsePack(JSON.stringify(samplePack(), null, 2));
    expect(result).toEqual({ ok: true, pack: samplePack() });
  });

  it.each([
    ['$schema key', (p: Loose) => (p.$schema = './sequence-pack.schema.json')],
    ['no crms', (p: Loose) => delete p.crms],
    ['30-day wait', (p: Loose) => (p.sequences[0].steps[1] = { id: 'w1', type: 'wait', days: 30 })],
    ['1-hour wait', (p: Loose) => (p.sequences[0].steps[1] = { id: 'w1', type: 'wait', hours: 1 })],
    [
      '29 days 23 hours',
      (p: Loose) => (p.sequences[0].steps[1] = { id: 'w1', type: 'wait', days: 29, hours: 23 }),
    ],
    ['empty branches', (p: Loose) => Object.assign(p.sequences[0].steps[3], { yes: [], no: [] })],
    [
      'wait first in a branch',
      (p: Loose) => p.sequences[0].steps[3].yes.unshift({ id: 'wy', type: 'wait', days: 1 }),
    ],
    [
      'is-empty without value',
      (p: Loose) => (p.sequences[0].steps[3].if = { field: 'phone', op: 'is-empty' }),
    ],
    ['success on reply', (p: Loose) => (p.sequences[0].success = { replied: true })],
    ['success on completion', (p: Loose) => (p.sequences[0].success = { completed: true })],
    [
      'success when a field reaches a value',
      (p: Loose) =>
        (p.sequences[1].success = { field: 'leadStatus', op: 'equals', value: 'Qualified' }),
    ],
    [
      'an A/B test of emails that a condition reads',
      (p: Loose) => (p.sequences[0].steps[0] = abStep()),
    ],
    [
      'an A/B test of text messages, ending when significant, replies read by a condition',
      (p: Loose) =>
        (p.sequences[0].steps[0] = {
          ...abStep(),
          a: { type: 'text', template: { body: 'A' } },
          b: { type: 'text' },
          split: 10,
          metric: 'success',
          ends: { when: 'significant' },
          default: 'b',
        }),
    ],
    [
      'an A/B test ending at an instant, 90 % getting A',
      (p: Loose) =>
        (p.sequences[0].steps[0] = {
          ...abStep(),
          split: 90,
          ends: { at: '2026-06-30T17:00:00+02:00' },
        }),
    ],
    [
      'every field op with its kind of value',
      (p: Loose) =>
        (p.sequences[0].steps[3].if = {
          all: [
            { field: 'title', op: 'begins-with', value: 'VP' },
            { field: 'title', op: 'ends-with', value: 'Sales' },
            { field: 'amount', op: 'greater-or-equal', value: 1000 },
            { field: 'amount', op: 'less-or-equal', value: 5000 },
            { field: 'amount', op: 'between', value: [1000, 5000] },
            { field: 'closeDate', op: 'between', value: ['2025-01-01', '2025-03-31'] },
            { field: 'lastActivity', op: 'in-last-days', value: 7 },
            { field: 'renewal', op: 'in-next-days', value: 3650 },
          ],
        }),
    ],
    [
      'greater-than an ISO date',
      (p: Loose) =>
        (p.sequences[0].steps[3].if = {
          field: 'closeDate',
          op: 'greater-than',
          value: '2025-01-31',
        }),
    ],
    [
      'less-than a number',
      (p: Loose) =>
        (p.sequences[0].steps[3].if = { field: 'amount', op: 'less-than', value: 1000 }),
    ],
    [
      'in a list',
      (p: Loose) => (p.sequences[0].steps[3].if = { field: 'grade', op: 'in', value: ['A', 'B'] }),
    ],
    [
      'nested all/any',
      (p: Loose) =>
        (p.sequences[0].steps[3].if = {
          all: [
            { stage: ['Qualify'] },
            {
              any: [
                { call: ['voicemail'], step: 'c1' },
                { email: 'opened', step: 'e1' },
              ],
            },
          ],
        }),
    ],
    [
      'reference from inside a branch to an outer step',
      (p: Loose) =>
        p.sequences[0].steps[3].yes.push({
          id: 'c2',
          type: 'condition',
          if: { call: ['connected'], step: 'c1' },
          yes: [],
          no: [],
        }),
    ],
    ['tags absent', (p: Loose) => delete p.sequences[0].tags],
    ['http origin with port', (p: Loose) => (p.crms[0].origins = ['http://localhost:8080'])],
    ['waits in working time', (p: Loose) => (p.sequences[0].schedule.waitsInWorkingTime = true)],
  ])('accepts %s', (_name, mutate) => {
    const pack = samplePack();
    mutate(pack);
    const result = parsePack(JSON.stringify(pack));
    expect(result.ok ? [] : result.problems).toEqual([]);
  });

  it('accepts a move to a sequence that is already stored', () => {
    const pack: Loose = samplePack();
    pack.sequences[0].steps[3].no[1].sequence = 'stored';
    const existing = [
      { id: 'stored', state: 'draft' as const, definition: { ...pack.sequences[1], id: 'stored' } },
    ];
    expect(parsePack(JSON.stringify(pack), { existing }).ok).toBe(true);
    expect(parsePack(JSON.stringify(pack)).ok).toBe(false);
  });
});

describe('parsePack: one rule at a time', () => {
  it.each(invalid)('$name', ({ mutate, path, message, at }) => {
    const pack = samplePack();
    mutate(pack);
    const text = JSON.stringify(pack, null, 2);
    const problems = problemsOf(text);
    const found = problems.filter((problem) => problem.path === path);
    expect(found, JSON.stringify(problems, null, 2)).not.toHaveLength(0);
    const problem = found.find((item) =>
      typeof message === 'string' ? item.message.includes(message) : message.test(item.message),
    );
    expect(problem, JSON.stringify(found, null, 2)).toBeDefined();
    expect(problem!.line).not.toBeNull();
    expect(textAt(text, problem!.line!, problem!.column!).startsWith(at)).toBe(true);
    // The same rule without text positions.
    const value = validatePackValue(pack);
    expect(value.ok).toBe(false);
    if (!value.ok) {
      expect(
        value.problems.some(
          (item) => item.path === path && item.line === null && item.column === null,
        ),
      ).toBe(true);
    }
  });
});

describe('parsePack: the file', () => {
  it('reports a trailing comma with its line and column', () => {
    expect(problemsOf('{\n  "format": "upnext/v1",\n}')).toEqual([
      {
        path: '',
        line: 2,
        column: 24,
        message:
          "Trailing comma before '}': JSON does not allow a comma after the last item; remove it",
      },
    ]);
  });

  it('reports comments as errors', () => {
    const [problem] = problemsOf('{\n  // a note\n  "format": "upnext/v1"\n}');
    expect(problem).toMatchObject({ path: '', line: 2, column: 3 });
    expect(problem.message).toMatch(/Comments are not allowed in JSON/);
  });

  it.each([
    ['', 'The file is empty'],
    ['   \n', 'The file is empty'],
    ["{'format': 1}", 'Text must be in double quotes'],
    ['{"format" "upnext/v1"}', "Expected ':' after the key"],
    ['{"format": "upnext/v1"', "Expected '}' to close the object"],
    ['{"a": 1} {}', 'Unexpected text after the end'],
    ['{"a": "line\nbreak"}', 'Text is not closed'],
  ])('reports syntax errors: %j', (text, message) => {
    const problems = problemsOf(text);
    expect(problems[0].message).toContain(message);
    expect(problems[0].line).not.toBeNull();
  });

  it('rejects a value that is not an object', () => {
    expect(problemsOf('[1, 2]')).toEqual([
      {
        path: '',
        line: 1,
        column: 1,
        message:
          'The file must contain a JSON object with "format": "upnext/v1" and a list of "sequences"',
      },
    ]);
  });

  it('reports duplicate keys', () => {
    const text = '{"format": "upnext/v1", "format": "upnext/v1", "sequences": []}';
    const problems = problemsOf(text);
    expect(problems[0]).toEqual({
      path: 'format',
      line: 1,
      column: 25,
      message:
        "Key 'format' appears twice in the pack; only the last one would count, so remove the other",
    });
  });

  it('rejects files over 5 MiB without parsing them', () => {
    const pack: Loose = samplePack();
    pack.sequences[0].steps[0].template.body = 'x'.repeat(5 * 1024 * 1024);
    expect(problemsOf(JSON.stringify(pack))).toEqual([
      {
        path: '',
        line: null,
        column: null,
        message: 'The file is 5.0 MiB; a pack can be at most 5 MiB (split it into several packs)',
      },
    ]);
  });

  it('counts the size in UTF-8 bytes', () => {
    const pack: Loose = samplePack();
    pack.sequences[0].steps[0].template.body = 'é'.repeat(2.6 * 1024 * 1024);
    expect(problemsOf(JSON.stringify(pack))[0].message).toMatch(/at most 5 MiB/);
  });

  it('rejects absurd nesting before parsing', () => {
    const problems = problemsOf('['.repeat(100_000));
    expect(problems).toHaveLength(1);
    expect(problems[0].message).toMatch(/nests lists and objects too deeply/);
  });

  it('accepts a byte order mark', () => {
    expect(parsePack(`\uFEFF${JSON.stringify(samplePack())}`).ok).toBe(true);
  });

  it('counts columns after \\r\\n line ends', () => {
    const text = JSON.stringify({ ...samplePack(), format: 'x' }, null, 2).replaceAll('\n', '\r\n');
    expect(problemsOf(text)[0]).toMatchObject({ path: 'format', line: 2, column: 13 });
  });

  it('keeps a __proto__ key as data and reports it', () => {
    const text = JSON.stringify(samplePack()).replace(
      '"format"',
      '"__proto__": {"x": 1}, "format"',
    );
    expect(problemsOf(text).map((problem) => problem.message)).toContain(
      "Unknown key '__proto__' in the pack (allowed keys: $schema, format, sequences, segments, crms)",
    );
  });
});

describe('parsePack: limits', () => {
  it('allows 1000 sequences and rejects 1001', () => {
    const one = samplePack().sequences[1];
    const make = (count: number) =>
      JSON.stringify({
        format: 'upnext/v1',
        sequences: Array.from({ length: count }, (_, i) => ({ ...one, id: `s${i}` })),
      });
    expect(parsePack(make(1000)).ok).toBe(true);
    expect(problemsOf(make(1001))).toEqual([
      {
        path: 'sequences',
        line: 1,
        column: 35,
        message: 'The pack has 1001 sequences; the limit is 1000',
      },
    ]);
  });

  it('counts steps through all branches: 200 pass, 201 fail', () => {
    const make = (count: number) => {
      // A condition (1 step) whose branches hold the rest.
      const tasks = (n: number, prefix: string) =>
        Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, type: 'task' }));
      const yes = Math.floor((count - 1) / 2);
      return JSON.stringify({
        format: 'upnext/v1',
        sequences: [
          {
            id: 's',
            name: 'S',
            entity: 'lead',
            steps: [
              {
                id: 'c',
                type: 'condition',
                if: { stage: ['A'] },
                yes: tasks(yes, 'y'),
                no: tasks(count - 1 - yes, 'n'),
              },
            ],
          },
        ],
      });
    };
    expect(parsePack(make(200)).ok).toBe(true);
    const problems = problemsOf(make(201));
    expect(problems.map((problem) => [problem.path, problem.message])).toEqual([
      [
        'sequences[0].steps',
        "Sequence 's' has 201 steps (counting every branch); the limit is 200",
      ],
    ]);
  });

  it('allows branches 8 deep and rejects 9', () => {
    const make = (depth: number) => {
      let steps: unknown[] = [{ id: 'leaf', type: 'task' }];
      for (let level = depth; level >= 1; level--) {
        steps = [{ id: `c${level}`, type: 'condition', if: { stage: ['A'] }, yes: steps, no: [] }];
      }
      return JSON.stringify({
        format: 'upnext/v1',
        sequences: [{ id: 's', name: 'S', entity: 'lead', steps }],
      });
    };
    expect(parsePack(make(8)).ok).toBe(true);
    const problems = problemsOf(make(9));
    expect(problems.map((problem) => problem.message)).toEqual([
      "Step 'c9' opens branches nested 9 levels deep; branches can be nested at most 8 deep",
    ]);
  });

  it('rejects all/any nested more than 8 deep', () => {
    let condition: unknown = { stage: ['A'] };
    for (let level = 0; level < 9; level++) condition = { all: [condition] };
    const text = JSON.stringify({
      format: 'upnext/v1',
      sequences: [
        {
          id: 's',
          name: 'S',
          entity: 'lead',
          steps: [
            { id: 'c', type: 'condition', if: condition, yes: [{ id: 't', type: 'task' }], no: [] },
          ],
        },
      ],
    });
    expect(problemsOf(text).map((problem) => problem.message)[0]).toMatch(
      /nests "all"\/"any" more than 8 levels deep/,
    );
  });
});

describe('parsePack: every problem at once', () => {
  it('reports problems from several rules and places, in file order', () => {
    const pack: Loose = samplePack();
    pack.sequences[0].exitOnReplly = true;
    pack.sequences[0].steps[1].days = 45;
    pack.sequences[1].entity = 'leads';
    pack.crms[0].origins = ['ftp://x'];
    const problems = problemsOf(JSON.stringify(pack, null, 2));
    expect(problems.map((problem) => problem.path)).toEqual([
      'sequences[0].steps[1].days',
      'sequences[0].exitOnReplly',
      'sequences[1].entity',
      'crms[0].origins[0]',
    ]);
    const lines = problems.map((problem) => problem.line!);
    expect([...lines].sort((a, b) => a - b)).toEqual(lines);
  });

  it('names steps without an id by position', () => {
    const pack: Loose = samplePack();
    delete pack.sequences[1].steps[0].id;
    expect(problemsOf(JSON.stringify(pack)).map((problem) => problem.message)).toEqual([
      "Step 1 of sequence 'nurture' is missing 'id'",
    ]);
  });
});

describe('text that displays other than it is written', () => {
  const packWith = (name: string, description = 'Plain') =>
    JSON.stringify(
      {
        format: 'upnext/v1',
        sequences: [
          {
            id: 'hygiene',
            name,
            description,
            entity: 'lead',
            steps: [{ id: 't1', type: 'task', name: 'Call back' }],
          },
        ],
      },
      null,
      2,
    );

  it.each([
    [
      'a right-to-left override',
      'Invoice\u202Egnp.exe',
      /right-to-left override character \(U\+202E\) at character 8/,
    ],
    [
      'an isolate',
      'Q3 \u2066push\u2069',
      /left-to-right isolate character \(U\+2066\) at character 4/,
    ],
    ['a NUL', 'Intro\u0000', /NUL character \(U\+0000\) at character 6/],
    [
      'a lone surrogate',
      'Broken \uD800 name',
      /half a character \(a lone surrogate, U\+D800\) at character 8/,
    ],
    ['a control character', 'Bell\u0007', /invisible control character \(U\+0007\) at character 5/],
  ])('refuses %s in a name, with where it is', (_what, name, message) => {
    const text = packWith(name);
    const problems = problemsOf(text);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ path: 'sequences[0].name', message });
    // Located on the name's value in the file.
    expect(textAt(text, problems[0].line ?? 0, problems[0].column ?? 0)).toMatch(/^"/);
  });

  it('keeps right-to-left text and its direction marks, emoji and line breaks', () => {
    const result = parsePack(packWith('מכירות \u200Fשלב 1 😀', 'Line one\nLine two\tend'));
    expect(result.ok).toBe(true);
  });

  it('reports every place, in descriptions too', () => {
    const problems = problemsOf(packWith('A\u202Eb', 'C\u0000d'));
    expect(problems.map((problem) => problem.path)).toEqual([
      'sequences[0].name',
      'sequences[0].description',
    ]);
  });
});
