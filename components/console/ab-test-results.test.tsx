// @vitest-environment happy-dom
/** The console's A/B test results: the numbers, where the test stands, and ending it by hand. */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { compareVersions } from '../../lib/engine/ab-statistics';
import { createAbTestsModel, type AbTestResult } from '../../lib/models/console/ab-tests-model';
import { fakeTransport } from '../../lib/models/console/transport';
import type { AbTestStep } from '../../lib/sequence/types';

import { flush, mountPoint, unmount } from '../test-kit';
import { AbTestResults } from './ab-test-results';

const STEP: AbTestStep = {
  id: 'ab1',
  type: 'ab-test',
  name: 'Intro email',
  a: { type: 'email', name: 'Short intro', template: { subject: 'Quick question', body: 'A' } },
  b: { type: 'email', name: 'Case study', template: { subject: 'How Acme did it', body: 'B' } },
  metric: 'replied',
  ends: { when: 'significant' },
  default: 'b',
};

function result(a: [number, number], b: [number, number]): AbTestResult {
  return {
    sequenceId: 'intro',
    stepId: 'ab1',
    step: STEP,
    state: 'running',
    comparison: compareVersions(
      { records: a[0], conversions: a[1] },
      { records: b[0], conversions: b[1] },
    ),
    ended: null,
  };
}

let root: HTMLElement;

beforeEach(() => {
  root = mountPoint();
});

afterEach(() => {
  unmount(root);
});

const rows = (): string[][] =>
  [...root.querySelectorAll('tbody tr')].map((row) =>
    [...row.children].map((cell) => cell.textContent.replace(/\s+/g, ' ').trim()),
  );

describe('A/B test results in the console', () => {
  it('shows each version’s sent count, replies and rate, and says a winner needs more records', async () => {
    const transport = fakeTransport({ getAbTests: () => ({ tests: [result([12, 3], [9, 1])] }) });
    const model = createAbTestsModel(transport, 'intro');
    await model.load();
    render(<AbTestResults model={model} />, root);
    await flush();
    expect(root.querySelector('h3')?.textContent).toBe('Intro email');
    expect(root.querySelector('.state')?.textContent).toBe('In progress');
    expect(rows()).toEqual([
      ['A Short intro', '12', '3', '25.0%'],
      ['B Case study', '9', '1', '11.1%'],
    ]);
    expect(root.querySelector('thead')?.textContent).toContain('Replies');
    expect(root.querySelector('.ab-test__verdict')?.textContent).toMatch(
      /^Not enough records yet: each version needs at least 50 sent \(A has 12, B has 9\)/,
    );
  });

  it('names the clearly better version with its confidence', async () => {
    const transport = fakeTransport({
      getAbTests: () => ({
        tests: [{ ...result([60, 20], [60, 5]), step: { ...STEP, ends: undefined } }],
      }),
    });
    const model = createAbTestsModel(transport, 'intro');
    await model.load();
    render(<AbTestResults model={model} />, root);
    await flush();
    // Pooled z-test: p = 25/120, z = (20/60 - 5/60) / sqrt(p (1 - p) (2/60)) ≈ 3.37, confidence 99.9 %.
    expect(root.querySelector('.ab-test__verdict')?.textContent).toBe(
      'Version A is clearly better (99.9% confidence). The test runs until you end it; you can end it now and pick A.',
    );
  });

  it('ends the test with the version the manager picks, and then shows the winner', async () => {
    const ended: AbTestResult = {
      ...result([60, 20], [60, 5]),
      state: 'ended',
      ended: { at: Date.parse('2026-03-30T09:00:00Z'), winner: 'a', by: 'manager' },
    };
    const transport = fakeTransport({
      getAbTests: () => ({ tests: [result([60, 20], [60, 5])] }),
      endAbTest: () => ({ tests: [ended] }),
    });
    const model = createAbTestsModel(transport, 'intro');
    await model.load();
    render(<AbTestResults model={model} />, root);
    await flush();
    const open = [...root.querySelectorAll('button')].find((b) => b.textContent === 'End test…');
    await act(() => open?.click());
    const dialog = root.querySelector('dialog');
    expect(dialog?.textContent).toContain('Which version should every new record get?');
    // The clearly better version is proposed; the manager picks it.
    const picked = dialog?.querySelector<HTMLInputElement>('input[value="a"]');
    expect(picked?.checked).toBe(true);
    await act(() => {
      dialog?.querySelector('form')?.dispatchEvent(new Event('submit'));
    });
    await flush();
    expect(transport.calls.at(-1)).toEqual({
      type: 'endAbTest',
      payload: { sequenceId: 'intro', stepId: 'ab1', winner: 'a' },
    });
    expect(root.querySelector('dialog')).toBeNull();
    expect(root.querySelector('.state')?.textContent).toBe('Ended');
    expect(rows()[0]?.[0]).toBe('A Short intro Winner');
    expect(root.querySelector('[role="status"]')?.textContent).toBe(
      'The test has ended. Every record that reaches this step from now on gets version A.',
    );
    expect(root.querySelector('.ab-test__verdict')?.textContent).toMatch(
      /\(ended by hand\)\. Winner: version A; every new record gets it\.$/,
    );
    expect([...root.querySelectorAll('button')].some((b) => b.textContent === 'End test…')).toBe(
      false,
    );
  });

  it('keeps the dialog open with the reason when ending fails', async () => {
    const transport = fakeTransport({
      getAbTests: () => ({ tests: [result([5, 1], [5, 0])] }),
      endAbTest: () => {
        throw new Error('This A/B test has already ended.');
      },
    });
    const model = createAbTestsModel(transport, 'intro');
    await model.load();
    render(<AbTestResults model={model} />, root);
    model.openEnd('ab1');
    await flush();
    await act(() => {
      root.querySelector('form')?.dispatchEvent(new Event('submit'));
    });
    await flush();
    expect(root.querySelector('dialog [role="alert"]')?.textContent).toBe(
      'This A/B test has already ended.',
    );
    // Without a clear winner, "no winner" (the default) was proposed.
    expect(transport.calls.at(-1)?.payload).toMatchObject({ winner: null });
  });
});
