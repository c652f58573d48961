// @vitest-environment happy-dom
import { render } from 'preact';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Step } from '../../lib/sequence/types';
import { mountPoint, unmount } from '../test-kit';
import { SequenceTree } from './sequence-tree';

let root: HTMLElement;

beforeEach(() => {
  root = mountPoint();
});

afterEach(() => {
  unmount(root);
});

describe('SequenceTree', () => {
  it('shows an A/B test step with both versions, the split, the metric and the end', () => {
    const steps: Step[] = [
      {
        id: 'intro',
        type: 'ab-test',
        a: { type: 'email', name: 'Short intro', template: { subject: 'Hi', body: 'A' } },
        b: { type: 'email', template: { subject: 'A case study', body: 'B' } },
        split: 30,
        metric: 'replied',
        ends: { when: 'significant' },
        default: 'b',
      },
    ];
    render(<SequenceTree steps={steps} stats={[]} nameOf={(id) => id} />, root);
    const card = root.querySelector('[data-step-id="intro"]');
    expect(card?.querySelector('.step__type')?.textContent).toBe('A/B test');
    expect(card?.querySelector('.step__name')?.textContent).toBe('A/B test: email');
    expect(card?.textContent).toContain(
      'A: “Short intro” · B: “A case study” · 30% get A · winner by replies · ends when one version is clearly better · default B',
    );
  });
});
