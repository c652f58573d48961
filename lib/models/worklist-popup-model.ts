/**
 * The toolbar popup's model: how many steps are due now and the next five. Both come from
 * `getDueCount`, the same answer the toolbar badge shows, so the two never disagree.
 */
import { signal, type ReadonlySignal } from '@preact/signals';

import type { ConnectionRow } from '../messaging/protocol';
import type { Send } from './console/transport';
import { latestRequest } from './latest-request';
import { browserTimeZone } from '../format/time';

export interface PopupModel {
  status: ReadonlySignal<'loading' | 'ready' | 'error'>;
  error: ReadonlySignal<string | null>;
  due: ReadonlySignal<number>;
  next: ReadonlySignal<ConnectionRow[]>;
  now: ReadonlySignal<number>;
  timeZone: ReadonlySignal<string>;
  load(): Promise<void>;
  refresh(): Promise<void>;
}

export function createPopupModel(options: { send: Send; now?: () => number }): PopupModel {
  const clock = options.now ?? (() => Date.now());
  const status = signal<'loading' | 'ready' | 'error'>('loading');
  const error = signal<string | null>(null);
  const due = signal(0);
  const next = signal<ConnectionRow[]>([]);
  const now = signal(clock());
  const timeZone = signal(browserTimeZone());
  const requests = latestRequest();

  async function load(): Promise<void> {
    const latest = requests.begin();
    try {
      const [count, settings] = await Promise.all([
        options.send('getDueCount', {}),
        options.send('getSettings', {}).catch(() => null),
      ]);
      if (!latest()) return;
      due.value = count.due;
      next.value = count.next.slice(0, 5);
      now.value = clock();
      timeZone.value = settings?.settings.timeZone ?? browserTimeZone();
      error.value = null;
      status.value = 'ready';
    } catch (failure) {
      if (!latest()) return;
      error.value = failure instanceof Error ? failure.message : String(failure);
      status.value = 'error';
    }
  }

  return { status, error, due, next, now, timeZone, load, refresh: load };
}
