import { describe, expect, it } from 'vitest';
import { countSteps, defaultStepName, findStep, stepName, walkSteps } from './steps';
import { samplePack } from './test-support/sample-pack';
import type { Sequence, Step } from './types';

const outbound = samplePack().sequences[0] as Sequence;

describe('steps', () => {
  it('walks every branch in document order with paths and depth', () => {
    expect(
      [...walkSteps(outbound.steps)].map(({ step, path, depth }) => [
        step.id,
        path.join('.'),
        depth,
      ]),
    ).toEqual([
      ['e1', 'steps.0', 0],
      ['w1', 'steps.1', 0],
      ['c1', 'steps.2', 0],
      ['cond', 'steps.3', 0],
      ['t1', 'steps.3.yes.0', 1],
      ['w2', 'steps.3.no.0', 1],
      ['m1', 'steps.3.no.1', 1],
    ]);
  });

  it('finds and counts steps through branches', () => {
    expect(findStep(outbound, 'm1')).toEqual({
      id: 'm1',
      type: 'move-to-sequence',
      sequence: 'nurture',
    });
    expect(findStep(outbound, 'nope')).toBeUndefined();
    expect(countSteps(outbound)).toBe(7);
  });

  it.each<[Step, string]>([
    [{ id: 'a', type: 'email' }, 'Email'],
    [{ id: 'a', type: 'call' }, 'Phone call'],
    [{ id: 'a', type: 'text' }, 'Text message'],
    [{ id: 'a', type: 'task' }, 'Task'],
    [{ id: 'a', type: 'linkedin', action: 'connect' }, 'LinkedIn: connect'],
    [{ id: 'a', type: 'linkedin', action: 'inmail' }, 'LinkedIn: InMail'],
    [{ id: 'a', type: 'wait', days: 2 }, 'Wait 2 days'],
    [{ id: 'a', type: 'wait', days: 1, hours: 4 }, 'Wait 1 day 4 hours'],
    [{ id: 'a', type: 'wait', hours: 1 }, 'Wait 1 hour'],
    [{ id: 'a', type: 'condition', if: { stage: ['A'] }, yes: [], no: [] }, 'Condition'],
    [
      { id: 'a', type: 'update-field', field: 'status', value: 'Qualified' },
      'Set status to Qualified',
    ],
    [{ id: 'a', type: 'move-to-sequence', sequence: 'nurture' }, 'Move to sequence nurture'],
  ])('default name of %j is %s', (step, name) => {
    expect(defaultStepName(step)).toBe(name);
  });

  it('prefers a given name over the default', () => {
    expect(stepName({ id: 'a', type: 'call', name: 'Discovery call' })).toBe('Discovery call');
    expect(stepName({ id: 'a', type: 'call', name: ' ' })).toBe('Phone call');
  });
});
