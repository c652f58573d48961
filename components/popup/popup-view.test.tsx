// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';

import { fakeTransport } from '../../lib/models/console/transport';
import { createPopupModel } from '../../lib/models/worklist-popup-model';
import { dayBounds } from '../../lib/views/worklist-query';
import { row } from '../../lib/models/worklist-test-kit';
import { mountPoint, unmount } from '../test-kit';
import { PopupView } from './popup-view';

const NOW = Date.parse('2026-06-04T10:00:00Z');
let root: HTMLElement;
beforeEach(() => {
  root = mountPoint();
});
afterEach(() => {
  unmount(root);
});

const next = [
  row({
    id: 'a',
    recordName: 'Ada Lovelace',
    stepName: 'Discovery call',
    dueAt: NOW - 2 * 86_400_000,
  }),
  row({
    id: 'b',
    recordName: 'Grace Hopper',
    stepType: 'email',
    stepName: 'Intro email',
    dueAt: NOW - 600_000,
  }),
];

it('shows the badge count (getDueCount), the next steps and the shortcuts', async () => {
  const transport = fakeTransport({
    getDueCount: () => ({
      due: 7,
      next: [...next, ...next, ...next].map((r, i) => ({ ...r, id: `${r.id}${i}` })),
    }),
    getSettings: () => ({ settings: { timeZone: 'Europe/Berlin' } as never }),
  });
  const model = createPopupModel({ send: transport.send, now: () => NOW });
  await model.load();
  expect(model.timeZone.value).toBe('Europe/Berlin');
  const onOpenWorklist = vi.fn();
  const onOpenConsole = vi.fn();
  await act(() => {
    render(
      <PopupView
        status={model.status.value}
        error={model.error.value}
        due={model.due.value}
        next={model.next.value}
        bounds={dayBounds(NOW, model.timeZone.value)}
        onOpenWorklist={onOpenWorklist}
        onOpenConsole={onOpenConsole}
      />,
      root,
    );
  });
  expect(root.querySelector('.popup__due')?.textContent).toBe('7 steps are due now');
  const items = [...root.querySelectorAll('.popup__item')];
  expect(items).toHaveLength(5);
  expect(items[0]?.textContent).toContain('Ada Lovelace');
  expect(items[0]?.textContent).toContain('Discovery call');
  expect(items[0]?.textContent).toContain('Overdue');
  expect(items[1]?.textContent).toContain('11:50');
  const buttons = [...root.querySelectorAll('button')];
  buttons.find((b) => b.textContent === 'Open work list')?.click();
  buttons.find((b) => b.textContent === 'Open console')?.click();
  expect(onOpenWorklist).toHaveBeenCalledOnce();
  expect(onOpenConsole).toHaveBeenCalledOnce();
});

it('says so when the background cannot be reached', async () => {
  const transport = fakeTransport({});
  const model = createPopupModel({ send: transport.send });
  await model.load();
  await act(() => {
    render(
      <PopupView
        status={model.status.value}
        error={model.error.value}
        due={0}
        next={[]}
        bounds={dayBounds(NOW, 'UTC')}
        onOpenWorklist={() => undefined}
        onOpenConsole={() => undefined}
      />,
      root,
    );
  });
  expect(root.querySelector('[role="alert"]')?.textContent).toBe(
    'No fake handler for getDueCount.',
  );
  expect(root.textContent).toContain('Open work list');
});
