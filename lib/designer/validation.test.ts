import { describe, expect, it } from 'vitest';

import { exportPackText } from '../sequence/export';
import { parsePack } from '../sequence/parse';
import { formatPath, parsePath } from '../sequence/problem';
import type { Sequence } from '../sequence/types';
import { diffSequences, summarizeDiff } from './diff';
import { isDrawable } from './drawable';
import { draftText } from './json-text';
import { readDraftText } from './json-view';
import { newSequence } from './new-sequence';
import { checkDraft } from './problems';
import { fieldFor, placePath } from './problem-places';
import { insertStep, updateStep } from './tree';

function designed(): Sequence {
  return {
    id: 'designed',
    name: 'Designed',
    entity: 'lead',
    exitOnReply: true,
    steps: [
      {
        id: 'email-1',
        type: 'email',
        name: 'Intro email',
        template: { subject: 'Hi {{firstName}}', body: 'Hello' },
      },
      { id: 'wait-1', type: 'wait', days: 2 },
      {
        id: 'condition-1',
        type: 'condition',
        if: { email: 'replied', step: 'email-1' },
        within: { days: 3 },
        yes: [{ id: 'call-1', type: 'call' }],
        no: [{ id: 'task-1', type: 'task' }],
      },
    ],
  };
}

const context = { activeCount: 0, known: [] };

describe('live validation', () => {
  it('parses problem paths back into segments', () => {
    for (const path of [
      'steps[3].yes[0].days',
      'exitOnReply',
      '',
      'crms[0].fields["odd key"]',
      'steps',
    ]) {
      expect(formatPath(parsePath(path))).toBe(path);
    }
  });

  it('places each activation problem on its step and field, with the validator’s message', () => {
    const broken = updateStep(
      updateStep(designed(), 'wait-1', (step) => ({ ...step, days: 45 })),
      'call-1',
      (step) => ({ ...step, name: '  ' }),
    );
    const withWaitLast = insertStep(
      broken,
      { list: { parent: 'condition-1', branch: 'no' }, index: 1 },
      {
        id: 'wait-2',
        type: 'wait',
        hours: 4,
      },
    );
    const problems = checkDraft(withWaitLast, context);
    expect(problems.byStep.get('wait-1')).toEqual([
      {
        stepId: 'wait-1',
        field: 'days',
        message: "Step 'wait-1' waits 45 days; the longest wait is 30 days",
      },
    ]);
    expect(problems.byStep.get('call-1')?.[0]).toMatchObject({
      field: 'name',
      message: "Step 'call-1' has an empty name",
    });
    expect(problems.byStep.get('wait-2')?.[0]?.message).toMatch(
      /is a wait at the end of the 'no' branch of step 'condition-1'/,
    );
    expect(problems.sequence).toEqual([]);
  });

  it('reports a blank sequence and exit on reply without an email on the sequence itself', () => {
    const blank = {
      ...newSequence({ id: 'blank', name: 'Blank', entity: 'lead' }),
      exitOnReply: true,
    };
    const problems = checkDraft(blank, context);
    expect(problems.sequence.map((problem) => problem.field).sort()).toEqual([
      'exitOnReply',
      'steps',
    ]);
    expect(problems.sequence.find((problem) => problem.field === 'steps')?.message).toBe(
      "Sequence 'blank' has no steps",
    );
  });

  it('finds the field a problem is shown at', () => {
    const fields = ['name', 'if', 'if.all[1]', 'if.all[1].value', 'within'];
    expect(fieldFor('if.all[1].value', fields)).toBe('if.all[1].value');
    expect(fieldFor('if.all[1].op', fields)).toBe('if.all[1]');
    expect(fieldFor('within.days', fields)).toBe('within');
    expect(fieldFor('', fields)).toBe('');
    expect(fieldFor('yes', fields)).toBe('');
    expect(placePath(designed(), ['steps', 2, 'yes', 0, 'name'])).toEqual({
      stepId: 'call-1',
      field: 'name',
    });
    expect(placePath(designed(), ['steps', 2, 'if', 'step'])).toEqual({
      stepId: 'condition-1',
      field: 'if.step',
    });
  });
});

describe('drawable values', () => {
  it('draws rule problems but not values of the wrong kind', () => {
    expect(isDrawable(designed())).toBe(true);
    expect(isDrawable({ ...designed(), steps: [] })).toBe(true);
    expect(isDrawable(updateStep(designed(), 'wait-1', (step) => ({ ...step, days: 2.5 })))).toBe(
      true,
    );
    expect(isDrawable({ ...designed(), steps: [{ id: 'x', type: 'emial' }] })).toBe(false);
    expect(isDrawable({ ...designed(), steps: [{ id: 'x', type: 'wait', days: '2' }] })).toBe(
      false,
    );
    expect(isDrawable({ ...designed(), entity: 'leed' })).toBe(false);
    expect(
      isDrawable({
        ...designed(),
        steps: [{ id: 'c', type: 'condition', if: {}, yes: [], no: [] }],
      }),
    ).toBe(false);
    expect(isDrawable('text')).toBe(false);
  });
});

describe('JSON view', () => {
  it('is byte-stable: designer → JSON → designer → JSON gives the same text, and imports back unchanged', () => {
    const text = draftText(designed());
    const reading = readDraftText(text, 'designed');
    expect(reading.problems).toEqual([]);
    expect(reading.sequence && draftText(reading.sequence)).toBe(text);
    const imported = parsePack(text);
    expect(imported.ok && exportPackText(imported.pack.sequences)).toBe(text);
  });

  it('reports problems with line and column, and still draws what it can', () => {
    const text = draftText(designed()).replace('"days": 2', '"days": 45');
    const reading = readDraftText(text, 'designed');
    expect(reading.sequence).not.toBeNull();
    expect(reading.problems).toEqual([
      {
        path: 'sequences[0].steps[1].days',
        line: expect.any(Number) as number,
        column: expect.any(Number) as number,
        message: "Step 'wait-1' waits 45 days; the longest wait is 30 days",
      },
    ]);
    const line = text.split('\n')[(reading.problems[0]?.line ?? 0) - 1];
    expect(line).toContain('"days": 45');
  });

  it('does not draw broken JSON, a changed id or a second sequence, and says why', () => {
    const text = draftText(designed());
    const syntax = readDraftText(
      text.replace('"name": "Designed",', '"name": "Designed"'),
      'designed',
    );
    expect(syntax.sequence).toBeNull();
    expect(syntax.problems[0]).toMatchObject({
      message: "Expected ',' between items (or a closing '}' or ']')",
    });
    const renamed = readDraftText(text.replace('"id": "designed"', '"id": "other"'), 'designed');
    expect(renamed.sequence).toBeNull();
    expect(renamed.problems.map((problem) => problem.message).join('\n')).toMatch(
      /cannot change here/,
    );
    expect(renamed.problems[0]?.line).toBe(5);
  });
});

describe('version diff', () => {
  it('lists added, removed, changed and moved steps and changed settings', () => {
    const before = designed();
    let after = updateStep(before, 'wait-1', (step) => ({ ...step, days: 3 }));
    after = updateStep(after, 'email-1', (step) =>
      step.type === 'email'
        ? { ...step, template: { subject: 'Hello {{firstName}}', body: 'Hello' } }
        : step,
    );
    after = insertStep(
      after,
      { list: { parent: 'condition-1', branch: 'yes' }, index: 1 },
      { id: 'task-2', type: 'task', name: 'Send the deck' },
    );
    after = {
      ...after,
      steps: after.steps.map((step) => (step.type === 'condition' ? { ...step, no: [] } : step)),
      exitOnReply: false,
    };
    const diff = diffSequences(before, after);
    expect(diff.settings).toEqual([{ label: 'Exit on reply', before: 'on', after: 'off' }]);
    expect(diff.steps.map((step) => [step.id, step.status])).toEqual([
      ['email-1', 'changed'],
      ['wait-1', 'changed'],
      ['task-2', 'added'],
      ['task-1', 'removed'],
    ]);
    expect(diff.steps[0]?.changes).toEqual([
      { label: 'Subject', before: '“Hi {{firstName}}”', after: '“Hello {{firstName}}”' },
    ]);
    expect(diff.steps[1]?.changes).toEqual([{ label: 'Wait', before: '2 days', after: '3 days' }]);
    expect(diff.steps[2]?.where).toBe(
      'in the Yes path of “Did the customer reply to “Intro email”?”, after “Phone call”',
    );
    expect(summarizeDiff(diff)).toBe('1 step added, 1 removed, 2 changed; exit on reply changed');
    expect(summarizeDiff(diffSequences(before, before))).toBe('No changes');
  });

  it('notices a step that moved', () => {
    const before = designed();
    const [first, second, third] = before.steps;
    const after = { ...before, steps: [second, first, third] };
    const diff = diffSequences(before, after);
    expect(
      diff.steps.filter((step) => step.status === 'changed').map((step) => step.changes[0]?.label),
    ).toContain('Place');
  });
});
