import { signal } from '@preact/signals';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';

import { drawOnFirstAnswer } from './first-draw';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

it('draws once, together with the first answer, not as an empty shell before it', () => {
  const status = signal<'loading' | 'ready' | 'error'>('loading');
  const draw = vi.fn();
  drawOnFirstAnswer({ status, draw, waitMs: 100 });
  vi.advanceTimersByTime(60);
  expect(draw).not.toHaveBeenCalled();
  status.value = 'ready';
  // At once, in the same task as the rows: nothing is painted in between.
  expect(draw).toHaveBeenCalledOnce();
  vi.advanceTimersByTime(500);
  status.value = 'loading';
  status.value = 'error';
  expect(draw).toHaveBeenCalledOnce();
});

it('a failure is an answer too', () => {
  const status = signal<'loading' | 'ready' | 'error'>('loading');
  const draw = vi.fn();
  drawOnFirstAnswer({ status, draw, waitMs: 100 });
  status.value = 'error';
  expect(draw).toHaveBeenCalledOnce();
});

it('a slow answer: the page is drawn after the wait, with its loading state, and only then', () => {
  const status = signal<'loading' | 'ready' | 'error'>('loading');
  const draw = vi.fn();
  drawOnFirstAnswer({ status, draw, waitMs: 100 });
  vi.advanceTimersByTime(99);
  expect(draw).not.toHaveBeenCalled();
  vi.advanceTimersByTime(1);
  expect(draw).toHaveBeenCalledOnce();
  status.value = 'ready';
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
