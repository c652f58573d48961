import { describe, expect, it } from 'vitest';
import { checkActivation } from './activation';
import { samplePack } from './test-support/sample-pack';
import type { Sequence } from './types';

const [outbound, nurture] = samplePack().sequences as [Sequence, Sequence];
const known = [{ id: 'nurture', state: 'inactive' as const, definition: nurture }];

describe('checkActivation', () => {
  it('passes a valid sequence whose move target is stored', () => {
    expect(checkActivation(outbound, { activeCount: 10, known })).toEqual([]);
  });

  it('lists every problem, with paths relative to the sequence', () => {
    const broken = structuredClone(outbound);
    broken.steps[1] = { id: 'w1', type: 'wait', days: 45 };
    const problems = checkActivation(broken, { activeCount: 250, known: [] });
    expect(problems).toEqual([
      {
        path: 'steps[1].days',
        line: null,
        column: null,
        message: "Step 'w1' waits 45 days; the longest wait is 30 days",
      },
      {
        path: 'steps[3].no[1].sequence',
        line: null,
        column: null,
        message:
          "Step 'm1' moves records to sequence 'nurture', which is neither in this pack nor already in Upnext",
      },
      {
        path: '',
        line: null,
        column: null,
        message:
          '250 sequences are already active, the most Upnext runs at a time is 250; deactivate one first',
      },
    ]);
  });

  it('allows the 250th active sequence', () => {
    expect(checkActivation(outbound, { activeCount: 249, known })).toEqual([]);
  });

  it('reports whole-sequence problems with an empty path', () => {
    const broken = { ...nurture, name: 'N', unknown: 1 } as unknown as Sequence;
    expect(
      checkActivation(broken, { activeCount: 0, known: [] }).map((problem) => problem.path),
    ).toEqual(['unknown']);
  });
});
