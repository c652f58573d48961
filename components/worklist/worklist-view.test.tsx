// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { createWorklistModel } from '../../lib/models/worklist-model';
import { fakeSource, row, summary } from '../../lib/models/worklist-test-kit';
import { mountPoint, unmount } from '../test-kit';
import { WorklistView } from './worklist-view';

const NOW = Date.parse('2026-06-04T10:00:00Z');
let root: HTMLElement;

async function mount(rows = defaultRows(), timeZone?: string) {
  const source = fakeSource(rows, {
    now: NOW,
    timeZone,
    sequences: [
      summary('seq-outbound', 'Outbound', ['q3']),
      summary('seq-renewal', 'Renewal', ['renewal']),
    ],
  });
  const model = createWorklistModel({ source, undoMs: 5000, now: () => NOW });
  await act(async () => {
    await model.load();
  });
  await act(() => {
    render(<WorklistView model={model} fallbackHeight={560} />, root);
  });
  return { source, model };
}

function defaultRows() {
  return [
    row({ id: 'a', recordName: 'Ada Lovelace', dueAt: NOW - 3 * 86_400_000 }),
    row({
      id: 'b',
      recordName: 'Grace Hopper',
      entity: 'contact',
      stepType: 'email',
      stepName: 'Intro email',
      dueAt: NOW - 3_600_000,
    }),
    row({
      id: 'c',
      recordName: 'Alan Turing',
      sequenceId: 'seq-renewal',
      sequenceName: 'Renewal',
      stepType: 'task',
      stepName: 'Send quote',
      dueAt: NOW + 86_400_000,
      snoozedUntil: NOW + 86_400_000,
    }),
  ];
}

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- a typed querySelector for tests
const q = <T extends Element = HTMLElement>(selector: string): T => {
  const found = root.querySelector<T>(selector);
  if (found === null) throw new Error(`No ${selector}`);
  return found;
};
const button = (name: string): HTMLButtonElement => {
  const found = [...root.querySelectorAll('button')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent.trim()) === name,
  );
  if (found === undefined) throw new Error(`No button "${name}"`);
  return found;
};
const names = (): string[] => [...root.querySelectorAll('.wrow__name')].map((a) => a.textContent);
const click = (element: HTMLElement) => act(() => element.click());

beforeEach(() => {
  vi.useFakeTimers();
  root = mountPoint();
});
afterEach(() => {
  unmount(root);
  vi.useRealTimers();
});

describe('WorklistView', () => {
  it('renders one row per step with a CRM link, type, sequence, due and snooze state', async () => {
    await mount();
    expect(names()).toEqual(['Ada Lovelace', 'Grace Hopper', 'Alan Turing']);
    const link = q<HTMLAnchorElement>('.wrow__name');
    expect(link.getAttribute('href')).toBe('https://crm.example/a');
    expect(link.getAttribute('target')).toBe('_blank');
    const first = q('[role="rowgroup"] .vlist__spacer [role="row"]');
    expect(first.textContent).toContain('Overdue');
    expect(first.classList.contains('wrow--overdue')).toBe(true);
    expect(root.querySelector('.snoozed')?.getAttribute('title')).toMatch(/^Snoozed until /);
    expect(button('Complete Call for Ada Lovelace')).toBeTruthy();
    expect(button('Skip Intro email for Grace Hopper')).toBeTruthy();
    expect(button('Snooze Send quote for Alan Turing')).toBeTruthy();
  });

  it('shows counts on the due filters and filters by them', async () => {
    await mount();
    expect(button('Overdue 1').getAttribute('aria-pressed')).toBe('false');
    expect(root.querySelector('.due-tabs')?.textContent).toBe(
      'Overdue 1Today 1Tomorrow 1This week 3All 3',
    );
    await click(button('Tomorrow 1'));
    expect(names()).toEqual(['Alan Turing']);
  });

  it('filters by entity, step type, sequence, tag; sorts; searches as you type', async () => {
    await mount();
    const select = (label: string) =>
      [...root.querySelectorAll('label.field')]
        .find((l) => l.textContent.startsWith(label))!
        .querySelector('select, input') as HTMLSelectElement;
    const change = (element: HTMLSelectElement, value: string) =>
      act(() => {
        element.value = value;
        element.dispatchEvent(new Event('change', { bubbles: true }));
      });
    await change(select('Record type'), 'contact');
    expect(names()).toEqual(['Grace Hopper']);
    await change(select('Record type'), '');
    await change(select('Step type'), 'task');
    expect(names()).toEqual(['Alan Turing']);
    await change(select('Step type'), '');
    await change(select('Tag'), 'q3');
    expect(names()).toEqual(['Ada Lovelace', 'Grace Hopper']);
    await change(select('Tag'), '');
    await change(select('Sort by'), 'name');
    expect(names()).toEqual(['Ada Lovelace', 'Alan Turing', 'Grace Hopper']);
    const search = select('Search') as unknown as HTMLInputElement;
    await act(() => {
      search.value = 'hop';
      search.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(names()).toEqual(['Grace Hopper']);
    await act(() => {
      search.value = '';
      search.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(names()).toEqual(['Ada Lovelace', 'Alan Turing', 'Grace Hopper']);
  });

  it('asks the outcome of a call, then offers Undo for 5 seconds before sending', async () => {
    const { source } = await mount();
    await click(button('Complete Call for Ada Lovelace'));
    const dialog = q('dialog');
    expect(dialog.textContent).toContain('How did the call go?');
    await click(button('Left voicemail'));
    expect(root.querySelector('dialog')).toBeNull();
    const live = q('[aria-live="polite"]');
    expect(live.textContent).toContain('Completed ‘Call’ for Ada Lovelace');
    expect(names()).toEqual(['Grace Hopper', 'Alan Turing']);
    await click(button('Undo: Completed ‘Call’ for Ada Lovelace'));
    expect(names()).toEqual(['Ada Lovelace', 'Grace Hopper', 'Alan Turing']);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(6000);
    });
    expect(source.acted).toEqual([]);

    await click(button('Skip Intro email for Grace Hopper'));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(5000);
    });
    expect(source.acted).toHaveLength(1);
    expect(source.acted[0][0].action).toMatchObject({
      type: 'skip',
      connectionId: 'b',
      revision: 3,
    });
    expect(names()).toEqual(['Ada Lovelace', 'Alan Turing']);
    expect(live.textContent).toBe('');
  });

  it('snoozes with a choice and validates the custom time', async () => {
    const { source } = await mount();
    await click(button('Snooze Call for Ada Lovelace'));
    expect(q('dialog').textContent).toContain('Snooze ‘Call’ for Ada Lovelace');
    const input = q<HTMLInputElement>('#snooze-custom-at');
    await act(() => {
      input.value = '2026-08-30T09:00';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await click(button('Snooze'));
    expect(q('[role="alert"]').textContent).toBe('A step can be snoozed at most 30 days ahead.');
    await click([...root.querySelectorAll<HTMLButtonElement>('.choice')][0]);
    await act(async () => {
      await vi.advanceTimersByTimeAsync(5000);
    });
    expect(source.acted[0][0].action).toMatchObject({
      type: 'snooze',
      until: expect.any(Number) as unknown,
    });
  });

  it('names a zone saved by its pre-rename name by its current name', async () => {
    await mount(defaultRows(), 'Europe/Kiev');
    expect(q('.worklist__summary').textContent).toContain('times in Europe/Kyiv');
    await click(button('Snooze Call for Ada Lovelace'));
    expect(q('dialog').textContent).toContain('Times are in Europe/Kyiv.');
  });

  it('bulk: select all shown, act on all with one undo', async () => {
    const { source } = await mount();
    await click(q('.bulk__all input'));
    expect(root.textContent).toContain('3 selected');
    await click(button('Skip 3'));
    expect(names()).toEqual([]);
    expect(q('[aria-live="polite"]').textContent).toContain('Skipped 3 steps');
    await click(button('Undo: Skipped 3 steps'));
    expect(names()).toHaveLength(3);
    await click(q<HTMLInputElement>('input[aria-label="Select Call for Ada Lovelace"]'));
    await click(q<HTMLInputElement>('input[aria-label="Select Intro email for Grace Hopper"]'));
    expect(root.textContent).toContain('2 selected');
    await click(button('Complete 2'));
    await click(button('Connected'));
    await act(async () => {
      await vi.advanceTimersByTimeAsync(5000);
    });
    expect(source.acted[0].map((item) => item.action.type)).toEqual(['complete', 'complete']);
  });

  it('virtualizes 10,000 rows and keeps the focused row rendered while navigating', async () => {
    vi.useRealTimers();
    const many = Array.from({ length: 10_000 }, (_, i) =>
      row({
        id: `r${i}`,
        recordName: `Record ${String(i).padStart(5, '0')}`,
        dueAt: NOW + i * 60_000,
      }),
    );
    const t0 = process.hrtime.bigint();
    await mount(many);
    const t1 = process.hrtime.bigint();
    const rendered = root.querySelectorAll('.vlist__spacer [role="row"]').length;
    expect(rendered).toBeLessThan(40);
    expect(q('[role="table"]').getAttribute('aria-rowcount')).toBe('10001');
    const first = q('.vlist__spacer [role="row"]');
    expect(first.tabIndex).toBe(0);
    first.focus();
    await act(() => {
      first.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    });
    expect((document.activeElement as HTMLElement).dataset['index']).toBe('9999');
    expect(document.activeElement?.textContent).toContain('Record 09999');
    await act(() => {
      (document.activeElement as HTMLElement).dispatchEvent(
        new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true }),
      );
    });
    expect((document.activeElement as HTMLElement).dataset['index']).toBe('9998');
    // Scroll far away: the focused row stays in the DOM.
    const scroller = q('.vlist__scroll');
    await act(() => {
      scroller.scrollTop = 0;
      scroller.dispatchEvent(new Event('scroll'));
    });
    expect(root.querySelector('[data-index="9998"]')).not.toBeNull();
    console.info(
      `[worklist] 10k rows: load + first render ${Number(t1 - t0) / 1e6} ms, ${rendered} rows in the DOM`,
    );
  });

  it('a new list keeps the rows around the view that are drawn, and the focus in them', async () => {
    const many = Array.from({ length: 100 }, (_, i) =>
      row({
        id: `r${i}`,
        recordName: `Record ${String(i).padStart(3, '0')}`,
        dueAt: NOW + i * 60_000,
      }),
    );
    const { model } = await mount(many);
    // In view (560 px of 56 px rows) and the overscan below, drawn after the first paint.
    expect(root.querySelectorAll('.vlist__spacer [role="row"]')).toHaveLength(19);
    const button = q('[data-index="15"] button');
    button.focus();
    // The same rows in a new list (a refresh, the sequences' arrival, a filter that keeps them).
    await act(() => {
      model.setFilter('entity', null);
    });
    expect(document.activeElement).toBe(button);
    expect(root.querySelectorAll('.vlist__spacer [role="row"]')).toHaveLength(19);
  });

  it('explains an empty list and filters that match nothing', async () => {
    await mount([]);
    expect(root.textContent).toContain('Nothing needs you right now');
  });
});
