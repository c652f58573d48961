import { signal } from '@preact/signals';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';

import { drawOnFirstAnswer } from './first-draw';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

/** Lets queued microtasks run (the draw follows the answer in one). */
const microtasks = () => Promise.resolve();

it('draws once, together with the first answer, not as an empty shell before it', async () => {
  const status = signal<'loading' | 'ready' | 'error'>('loading');
  const draw = vi.fn();
  drawOnFirstAnswer({ status, draw, waitMs: 100 });
  vi.advanceTimersByTime(60);
  await microtasks();
  expect(draw).not.toHaveBeenCalled();
  status.value = 'ready';
  // In the microtask after the answer: the same task as the rows, nothing painted in between.
  await microtasks();
  expect(draw).toHaveBeenCalledOnce();
  vi.advanceTimersByTime(500);
  status.value = 'loading';
  status.value = 'error';
  await microtasks();
  expect(draw).toHaveBeenCalledOnce();
});

it('draws exactly once: signals the draw reads never draw it again', async () => {
  const status = signal<'loading' | 'ready' | 'error'>('loading');
  const other = signal(0);
  const draw = vi.fn(() => other.value);
  drawOnFirstAnswer({ status, draw, waitMs: 100 });
  status.value = 'ready';
  await microtasks();
  expect(draw).toHaveBeenCalledOnce();
  other.value = 1;
  await microtasks();
  expect(draw).toHaveBeenCalledOnce();
  // And no later status change draws again.
  status.value = 'loading';
  status.value = 'ready';
  await microtasks();
  expect(draw).toHaveBeenCalledOnce();
});

it('a failure is an answer too', async () => {
  const status = signal<'loading' | 'ready' | 'error'>('loading');
  const draw = vi.fn();
  drawOnFirstAnswer({ status, draw, waitMs: 100 });
  status.value = 'error';
  await microtasks();
  expect(draw).toHaveBeenCalledOnce();
});

it('a slow answer: the page is drawn after the wait, with its loading state, and only then', async () => {
  const status = signal<'loading' | 'ready' | 'error'>('loading');
  const draw = vi.fn();
  drawOnFirstAnswer({ status, draw, waitMs: 100 });
  vi.advanceTimersByTime(99);
  await microtasks();
  expect(draw).not.toHaveBeenCalled();
  vi.advanceTimersByTime(1);
  await microtasks();
  expect(draw).toHaveBeenCalledOnce();
  status.value = 'ready';
  await microtasks();
  expect(draw).toHaveBeenCalledOnce();
});

it('an answer already there draws at once', () => {
  const status = signal<'loading' | 'ready' | 'error'>('ready');
  const draw = vi.fn();
  drawOnFirstAnswer({ status, draw, waitMs: 100 });
  expect(draw).toHaveBeenCalledOnce();
  vi.advanceTimersByTime(200);
  expect(draw).toHaveBeenCalledOnce();
});

it('cancelled before the answer: never drawn', async () => {
  const status = signal<'loading' | 'ready' | 'error'>('loading');
  const draw = vi.fn();
  const cancel = drawOnFirstAnswer({ status, draw, waitMs: 100 });
  cancel();
  status.value = 'ready';
  vi.advanceTimersByTime(200);
  await microtasks();
  expect(draw).not.toHaveBeenCalled();
});
