// @vitest-environment happy-dom
/**
 * The flow chart with many steps and branches: every label fits its column (shortened with "…"
 * when needed, the count always shown), no two labels overlap, and each node's full name is its
 * tooltip.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { FlowLink, FlowNode, SequenceFlow } from '../../lib/engine/insights-flow';
import { mountPoint, unmount } from '../test-kit';
import { FlowChart, fitLabel } from './insights-flow-chart';

/** Mirrors the chart's own estimate of a 12 px character (insights-flow-chart.tsx). */
const CHAR_PX = 7.2;
const LINE_PX = 14;

/**
 * A branched 15-step sequence with long step names: a condition after the third step splits
 * into a Yes branch of four steps and a No branch of six (with a nested condition), then a
 * common last step; records leave along the way.
 */
function branchedFlow(): SequenceFlow {
  const names = [
    'Introduce yourself with a short personal email',
    'Connect on LinkedIn and mention the webinar',
    'Discovery call with the decision maker',
    'Call connected?',
    'Send the meeting invite for a product demo',
    'Share the agenda and the customer stories',
    'Prepare the demo environment with their data',
    'Run the demo and agree on next steps',
    'Follow-up: sorry we missed you',
    'Comment on a recent post of theirs',
    'Second attempt at the discovery call',
    'Reached on the second try?',
    'Book the meeting',
    'Break-up email',
    'Hand over to the account executive',
  ];
  const nodes: FlowNode[] = [
    { id: 'start', label: 'Connected', kind: 'start' },
    ...names.map((label, index) => ({ id: `step:s${index}`, label, kind: 'step' as const })),
    { id: 'end:completed', label: 'Completed', kind: 'end' },
    { id: 'end:active', label: 'In progress', kind: 'end' },
    { id: 'end:disconnected', label: 'Left: disconnected', kind: 'end' },
    { id: 'end:replied', label: 'Left: replied', kind: 'end' },
  ];
  const links: FlowLink[] = [];
  const route = (value: number, path: string[]) => {
    for (let i = 1; i < path.length; i++) {
      const found = links.find((l) => l.source === path[i - 1] && l.target === path[i]);
      if (found) found.value += value;
      else links.push({ source: path[i - 1], target: path[i], value });
    }
  };
  const s = (index: number) => `step:s${index}`;
  route(40, ['start', s(0), s(1), s(2), s(3), s(4), s(5), s(6), s(7), s(14), 'end:completed']);
  route(9, ['start', s(0), s(1), s(2), s(3), s(4), 'end:active']);
  route(25, [
    'start',
    s(0),
    s(1),
    s(2),
    s(3),
    s(8),
    s(9),
    s(10),
    s(11),
    s(12),
    s(14),
    'end:completed',
  ]);
  route(14, ['start', s(0), s(1), s(2), s(3), s(8), s(9), s(10), s(11), s(13), 'end:completed']);
  route(6, ['start', s(0), 'end:disconnected']);
  route(3, ['start', s(0), s(1), 'end:replied']);
  route(2, ['start', s(0), s(1), s(2), s(3), s(8), 'end:active']);
  return {
    connected: 99,
    ends: { completed: 79, replied: 3, disconnected: 6, moved: 0, active: 11 },
    steps: [],
    nodes,
    links,
  };
}

let root: HTMLElement;
beforeEach(() => {
  root = mountPoint();
});
afterEach(() => unmount(root));

interface Box {
  text: string;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

describe('the flow chart', () => {
  it('with 15 steps and branches, labels fit their columns and never overlap', async () => {
    const flow = branchedFlow();
    await act(() => render(<FlowChart flow={flow} summaryId="s" onSelectStep={() => {}} />, root));
    const svg = root.querySelector('svg')!;
    const [, , width, height] = svg.getAttribute('viewBox')!.split(' ').map(Number);
    const nodes = [...svg.querySelectorAll('.flow-chart__node')];
    expect(nodes).toHaveLength(flow.nodes.length);

    const rects = nodes.map((node) => {
      const rect = node.querySelector('rect')!;
      return { x: Number(rect.getAttribute('x')), w: Number(rect.getAttribute('width')) };
    });
    const columns = [...new Set(rects.map((r) => r.x))].sort((a, b) => a - b);
    const boxes: Box[] = nodes.map((node) => {
      const text = node.querySelector('text')!;
      const x = Number(text.getAttribute('x'));
      const y = Number(text.getAttribute('y'));
      const content = text.textContent;
      return {
        text: content,
        left: x,
        right: x + content.length * CHAR_PX,
        top: y - LINE_PX / 2,
        bottom: y + LINE_PX / 2,
      };
    });
    for (const [index, box] of boxes.entries()) {
      // Inside the chart, and short of the next column's bars.
      expect(box.right, box.text).toBeLessThanOrEqual(width);
      expect(box.top, box.text).toBeGreaterThanOrEqual(0);
      expect(box.bottom, box.text).toBeLessThanOrEqual(height);
      const next = columns.find((x) => x > rects[index].x);
      if (next !== undefined) expect(box.right, box.text).toBeLessThanOrEqual(next);
      for (const other of boxes.slice(index + 1)) {
        const apart =
          box.right <= other.left ||
          other.right <= box.left ||
          box.bottom <= other.top ||
          other.bottom <= box.top;
        expect(apart, `"${box.text}" overlaps "${other.text}"`).toBe(true);
      }
    }
    // The chart is as wide as its columns need: it scrolls rather than shrinking its text.
    expect(svg.getAttribute('style')).toContain(`min-width: ${width}px`);
  });

  it('a shortened label keeps its count; the full name is the tooltip', async () => {
    const flow = branchedFlow();
    await act(() => render(<FlowChart flow={flow} summaryId="s" onSelectStep={() => {}} />, root));
    const first = [...root.querySelectorAll('.flow-chart__node')].find((node) =>
      node.querySelector('title')?.textContent.startsWith('Introduce yourself'),
    );
    expect(first?.querySelector('title')?.textContent).toBe(
      'Introduce yourself with a short personal email: 99',
    );
    const label = first?.querySelector('text')?.textContent ?? '';
    expect(label).toMatch(/^Introduce.*… \(99\)$/);
    expect(label.length).toBeLessThan('Introduce yourself with a short personal email (99)'.length);
  });

  it('fitLabel shortens only what does not fit', () => {
    expect(fitLabel('Call', 3, 200)).toBe('Call (3)');
    expect(fitLabel('A very long step name indeed', 12, 100)).toBe('A very… (12)');
    expect(fitLabel('Anything', 1234, 10)).toBe('A… (1234)');
  });
});
