import { describe, expect, it } from 'vitest';

import { checkActivation } from '../sequence/activation';
import { STEP_TYPES, type Sequence, type Step } from '../sequence/types';
import { ACTIONS } from './catalog';
import { copyStepId, newStepId, sequenceIdFromName } from './ids';
import { addLabel } from './labels';
import {
  allIds,
  deleteStep,
  duplicateStep,
  insertStep,
  locate,
  moveBy,
  moveStep,
  renameStep,
  stepsBefore,
  TOP,
  TreeEditError,
  updateStep,
} from './tree';

const email = (id: string, name?: string): Step =>
  name === undefined ? { id, type: 'email' } : { id, type: 'email', name };
const task = (id: string, name?: string): Step =>
  name === undefined ? { id, type: 'task' } : { id, type: 'task', name };

/** Intro email, wait 2 days, "Replied?" with a call on Yes and a task on No. */
function sample(): Sequence {
  return {
    id: 'outbound',
    name: 'Outbound',
    entity: 'lead',
    steps: [
      email('intro', 'Intro email'),
      { id: 'wait', type: 'wait', days: 2 },
      {
        id: 'replied',
        type: 'condition',
        name: 'Replied?',
        if: { email: 'replied', step: 'intro' },
        within: { days: 3 },
        yes: [{ id: 'call', type: 'call' }],
        no: [task('nudge', 'Nudge')],
      },
    ],
  };
}

const ids = (sequence: Sequence) => allIds(sequence);

describe('insert', () => {
  it('puts a step at a place and leaves the input alone', () => {
    const before = sample();
    const frozen = JSON.stringify(before);
    const after = insertStep(before, { list: TOP, index: 1 }, task('t1'));
    expect(ids(after)).toEqual(['intro', 't1', 'wait', 'replied', 'call', 'nudge']);
    expect(JSON.stringify(before)).toBe(frozen);
    // Untouched branches are shared, so a view can skip them.
    expect(after.steps[3]).toBe(before.steps[2]);
  });

  it('adds to the top of a Yes path', () => {
    const after = insertStep(
      sample(),
      { list: { parent: 'replied', branch: 'yes' }, index: 0 },
      task('t1'),
    );
    const replied = locate(after, 'replied')?.step;
    expect(replied?.type === 'condition' && replied.yes.map((step) => step.id)).toEqual([
      't1',
      'call',
    ]);
  });

  it('moves the steps after a new condition into its Yes path, so none is left unreachable', () => {
    const base: Sequence = { ...sample(), steps: [email('a'), task('b'), task('c')] };
    const condition: Step = {
      id: 'c1',
      type: 'condition',
      if: { email: 'opened', step: 'a' },
      yes: [],
      no: [],
    };
    const after = insertStep(base, { list: TOP, index: 1 }, condition);
    expect(after.steps.map((step) => step.id)).toEqual(['a', 'c1']);
    const inserted = after.steps[1];
    expect(inserted.type === 'condition' && inserted.yes.map((step) => step.id)).toEqual([
      'b',
      'c',
    ]);
    expect(checkActivation(after, { activeCount: 0, known: [] })).toEqual([]);
  });

  it('refuses an id that is taken and a place that does not exist', () => {
    expect(() => insertStep(sample(), { list: TOP, index: 0 }, task('call'))).toThrow(
      TreeEditError,
    );
    expect(() => insertStep(sample(), { list: TOP, index: 9 }, task('x'))).toThrow(TreeEditError);
    expect(() =>
      insertStep(sample(), { list: { parent: 'intro', branch: 'yes' }, index: 0 }, task('x')),
    ).toThrow(TreeEditError);
  });
});

describe('delete', () => {
  it('removes a step', () => {
    expect(ids(deleteStep(sample(), 'wait'))).toEqual(['intro', 'replied', 'call', 'nudge']);
  });

  it('removes a condition with its branches, or keeps one path in its place', () => {
    expect(ids(deleteStep(sample(), 'replied'))).toEqual(['intro', 'wait']);
    expect(ids(deleteStep(sample(), 'replied', 'keep-yes'))).toEqual(['intro', 'wait', 'call']);
    expect(ids(deleteStep(sample(), 'replied', 'keep-no'))).toEqual(['intro', 'wait', 'nudge']);
  });
});

describe('move', () => {
  it('moves a step to a drop place read before the move', () => {
    const after = moveStep(sample(), 'intro', { list: TOP, index: 2 });
    expect(after.steps.map((step) => step.id)).toEqual(['wait', 'intro', 'replied']);
    expect(moveStep(sample(), 'intro', { list: TOP, index: 1 })).toEqual(sample());
  });

  it('never moves a condition into its own path', () => {
    expect(() =>
      moveStep(sample(), 'replied', { list: { parent: 'replied', branch: 'no' }, index: 0 }),
    ).toThrow(/own paths/);
  });

  it('walks down: past a step, into the Yes path, to the No path, then stops', () => {
    let sequence = sample();
    const walk: string[] = [];
    for (;;) {
      const result = moveBy(sequence, 'wait', 'down');
      if (result === null) break;
      sequence = result.sequence;
      walk.push(result.kind);
    }
    // wait is already just before the condition: into Yes, past "call", to No, past "nudge".
    expect(walk).toEqual(['into-branch', 'swapped', 'other-branch', 'swapped']);
    expect(locate(sequence, 'wait')).toMatchObject({
      list: { parent: 'replied', branch: 'no' },
      index: 1,
    });
  });

  it('walks up the same places back, and out of a branch before its condition', () => {
    let sequence = sample();
    const result = moveBy(sequence, 'call', 'up');
    expect(result?.kind).toBe('out-of-branch');
    sequence = result!.sequence;
    expect(sequence.steps.map((step) => step.id)).toEqual(['intro', 'wait', 'call', 'replied']);
    expect(moveBy(sample(), 'nudge', 'up')?.kind).toBe('other-branch');
    expect(moveBy(sample(), 'intro', 'up')).toBeNull();
  });
});

describe('duplicate and rename', () => {
  it('copies a condition with fresh ids and keeps references inside the copy pointing inside it', () => {
    const base: Sequence = {
      ...sample(),
      steps: [
        {
          id: 'outer',
          type: 'condition',
          if: { field: 'grade', op: 'equals', value: 'A' },
          yes: [
            email('e1'),
            {
              id: 'inner',
              type: 'condition',
              if: { email: 'opened', step: 'e1' },
              yes: [],
              no: [],
            },
          ],
          no: [],
        },
      ],
    };
    const { sequence, id } = duplicateStep(base, 'outer', copyStepId);
    expect(id).toBe('outer-2');
    expect(new Set(ids(sequence)).size).toBe(ids(sequence).length);
    const copy = locate(sequence, 'outer-2')?.step;
    const inner = copy?.type === 'condition' ? copy.yes[1] : undefined;
    expect(inner?.type === 'condition' && inner.if).toEqual({ email: 'opened', step: 'e1-2' });
  });

  it('renames a step and every condition that refers to it', () => {
    const after = renameStep(sample(), 'intro', 'intro-email');
    const replied = locate(after, 'replied')?.step;
    expect(replied?.type === 'condition' && replied.if).toEqual({
      email: 'replied',
      step: 'intro-email',
    });
    expect(() => renameStep(sample(), 'intro', 'call')).toThrow(/already used/);
  });

  it('updates a step in place but never its id', () => {
    const after = updateStep(sample(), 'call', (step) => ({ ...step, name: 'Book a demo' }));
    expect(locate(after, 'call')?.step.name).toBe('Book a demo');
    expect(() => updateStep(sample(), 'call', (step) => ({ ...step, id: 'x' }))).toThrow(
      TreeEditError,
    );
  });
});

describe('helpers', () => {
  it('lists the steps before a step on its path', () => {
    expect(stepsBefore(sample(), 'call').map((step) => step.id)).toEqual(['intro', 'wait']);
    expect(stepsBefore(sample(), 'intro')).toEqual([]);
  });

  it('names every add control by where it adds', () => {
    const sequence = sample();
    expect(addLabel(sequence, { list: TOP, index: 0 })).toBe(
      'Add a step at the start of the sequence',
    );
    expect(addLabel(sequence, { list: TOP, index: 1 })).toBe('Add a step after Intro email');
    expect(addLabel(sequence, { list: { parent: 'replied', branch: 'yes' }, index: 0 })).toBe(
      'Add a step to the Yes path of Replied?',
    );
    const unnamed = updateStep(sequence, 'replied', (step) => ({ ...step, name: undefined }));
    expect(addLabel(unnamed, { list: { parent: 'replied', branch: 'no' }, index: 0 })).toBe(
      'Add a step to the No path of Did the customer reply to “Intro email”?',
    );
  });

  it('makes readable ids', () => {
    expect(newStepId({ type: 'email' }, new Set(['email-1']))).toBe('email-2');
    expect(newStepId({ type: 'linkedin', action: 'connect' }, new Set())).toBe(
      'linkedin-connect-1',
    );
    expect(sequenceIdFromName('Webinar follow-up (EMEA) — Q3', new Set())).toBe(
      'webinar-follow-up-emea-q3',
    );
    expect(sequenceIdFromName('Café', new Set(['cafe']))).toBe('cafe-2');
    expect(sequenceIdFromName('¡¿!', new Set())).toBe('sequence');
  });

  it('offers every step, condition and command of the format in four groups', () => {
    const types = new Set(ACTIONS.map((item) => item.type));
    // Every step type of the format, so a type added to the format shows up here.
    expect([...types].sort()).toEqual([...STEP_TYPES].sort());
    const before = sample().steps;
    const replied = ACTIONS.find((item) => item.key === 'email-replied')!.make({
      id: 'c9',
      before,
    });
    expect(replied).toMatchObject({ if: { email: 'replied', step: 'intro' }, within: { days: 3 } });
  });
});
