/** The panel's view of a record whose sequence has an A/B test step: the seller sees one email. */
import { describe, expect, it } from 'vitest';
import { Harness, sequence } from '../engine/test-kit';
import type { Step } from '../sequence/types';
import { buildRecordView, previewSteps } from './record-view';

const MON = Date.parse('2026-03-23T10:00:00+01:00');

const steps: Step[] = [
  {
    id: 'ab1',
    type: 'ab-test',
    a: { type: 'email', name: 'Short intro', template: { subject: 'Hi {{firstName}}', body: 'A' } },
    b: {
      type: 'email',
      name: 'Long intro',
      template: { subject: 'Hello {{firstName}}', body: 'B' },
    },
    metric: 'replied',
    default: 'a',
  },
  { id: 't1', type: 'task' },
];

function view(h: Harness) {
  return buildRecordView(
    {
      key: 'demo|lead|r1',
      ref: h.state.record,
      name: 'Ada',
      url: 'https://demo.example/leads/r1',
      captured: { firstName: 'Ada' },
      state: h.state,
    },
    { now: h.now, timeZone: h.timeZone, away: [], sequences: h.lookup, seller: {} },
  );
}

describe('record view of an A/B test step', () => {
  it('shows the current step as the email version the record got, template filled', () => {
    const h = new Harness({ now: MON, sequences: [sequence('s', steps)] });
    h.connect('s');
    const current = view(h).active[0]?.current;
    // demo|lead|r1|s|ab1 falls in bucket 78: version b.
    expect(current).toMatchObject({
      stepId: 'ab1',
      type: 'email',
      name: 'Long intro',
      email: { subject: { text: 'Hello Ada' }, body: { text: 'B' } },
    });
    // The test itself is named only for "About this sequence".
    expect(view(h).active[0]?.abTests).toEqual([
      { stepId: 'ab1', name: 'Long intro', version: 'b' },
    ]);
  });

  it('names the version in the history and offers email events on it', () => {
    const h = new Harness({ now: MON, sequences: [sequence('s', steps)] });
    const c = h.connect('s');
    h.ok({ type: 'complete', connectionId: c.id, stepId: 'ab1' });
    const connection = view(h).active.at(0);
    expect(connection?.history.find((item) => item.stepId === 'ab1')).toMatchObject({
      name: 'Long intro',
      type: 'email',
      result: 'completed',
    });
    expect(connection?.sentEmails).toEqual([{ stepId: 'ab1', name: 'Long intro' }]);
  });

  it('shows an A/B test step ahead as a plain email, never the test', () => {
    expect(previewSteps(sequence('s', steps))[0]).toMatchObject({
      stepId: 'ab1',
      type: 'email',
      name: 'Email',
    });
  });
});
