import { effect } from '@preact/signals-core';
import { describe, expect, it, vi } from 'vitest';

import {
  DAY,
  HOUR,
  NOW,
  OPTIONS,
  SIGHTING,
  connection,
  recordView,
  step,
} from '@/components/panel/test-fixtures';
import { MessageError } from '../messaging/result';
import type {
  ActionReply,
  MessageType,
  RecordSighting,
  SequenceOption,
} from '../messaging/protocol';
import type { RecordView } from '../views/record-view';

import { createPanelModel, type LayoutStore, type PanelLayout, type Send } from './panel-model';
import { runShortcut } from './panel-shortcut';
import { filterOptions } from './panel-picker';
import { resultWords } from './panel-words';

/** The options the open picker lists for its search. */
const shown = (model: { picker: { value: { options: SequenceOption[] | null; query: string } } }) =>
  filterOptions(model.picker.value.options, model.picker.value.query);

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A transport whose replies the test releases one by one. */
function manualTransport() {
  const calls: { type: MessageType; payload: unknown; reply: Deferred<unknown> }[] = [];
  const send = ((type: MessageType, payload: unknown) => {
    const reply = deferred<unknown>();
    calls.push({ type, payload, reply });
    return reply.promise;
  }) as Send;
  return { send, calls };
}

const flush = async (): Promise<void> => {
  for (let index = 0; index < 5; index++) await Promise.resolve();
};

function memoryLayout(
  initial: Partial<PanelLayout> | null = null,
): LayoutStore & { saved: PanelLayout[] } {
  const saved: PanelLayout[] = [];
  return {
    saved,
    load: () => Promise.resolve(initial),
    save: (layout) => {
      saved.push(layout);
      return Promise.resolve();
    },
  };
}

function setup(now = NOW) {
  const transport = manualTransport();
  const timers: { run: () => void; ms: number; cancelled: boolean }[] = [];
  const layoutStore = memoryLayout();
  const model = createPanelModel({
    send: transport.send,
    layoutStore,
    resultWords,
    now: () => now,
    setTimer: (run, ms) => {
      const timer = { run, ms, cancelled: false };
      timers.push(timer);
      return () => (timer.cancelled = true);
    },
  });
  return { model, transport, timers, layoutStore };
}

async function ready(view: RecordView = recordView()) {
  const env = setup();
  const shown = env.model.show(SIGHTING);
  env.transport.calls[0].reply.resolve({ view });
  await shown;
  return env;
}

const COMPLETE = {
  type: 'complete',
  connectionId: 'conn-1',
  stepId: 'task-1',
  revision: 7,
} as const;
const other: RecordSighting = { ...SIGHTING, record: { ...SIGHTING.record, id: 'lead-2' } };

describe('panel model', () => {
  it('loads the record view on show', async () => {
    const { model, transport } = setup();
    const shown = model.show(SIGHTING);
    expect(model.status.value).toBe('loading');
    expect(transport.calls[0].type).toBe('recordSeen');
    transport.calls[0].reply.resolve({ view: recordView() });
    await shown;
    expect(model.status.value).toBe('ready');
    expect(model.view.value?.name).toBe('Ada Lovelace');
  });

  it('shows a load failure in words and retries', async () => {
    const { model, transport } = setup();
    const shown = model.show(SIGHTING);
    transport.calls[0].reply.reject(
      new MessageError({ code: 'internal', message: 'Upnext did not answer. Try again.' }),
    );
    await shown;
    expect(model.status.value).toBe('error');
    expect(model.loadError.value).toBe('Upnext did not answer. Try again.');
    const retried = model.retry();
    expect(model.status.value).toBe('loading');
    transport.calls[1].reply.resolve({ view: recordView() });
    await retried;
    expect(model.status.value).toBe('ready');
  });

  it('exactly once: a double click sends one action', async () => {
    const { model, transport } = await ready();
    const first = model.act(COMPLETE);
    const second = model.act(COMPLETE);
    await second;
    expect(transport.calls.filter((call) => call.type === 'actOnRecord')).toHaveLength(1);
    expect(model.pending.value?.action).toEqual(COMPLETE);
    // Nothing shown as done before the reply.
    expect(model.view.value?.active[0]?.current?.stepId).toBe('task-1');
    const next = recordView({
      active: [
        connection({
          revision: 8,
          current: step({ stepId: 'call-2', type: 'call', name: 'Call' }),
        }),
      ],
    });
    transport.calls[1].reply.resolve({
      outcome: 'applied',
      message: null,
      view: next,
    } satisfies ActionReply);
    await first;
    expect(model.pending.value).toBeNull();
    expect(model.view.value?.active[0]?.current?.stepId).toBe('call-2');
    expect(model.announcement.value).toBe('Step completed. Next: Call');
  });

  it('a double click is one action even when the answer comes first: the next step ignores clicks for a moment', async () => {
    let clock = NOW;
    const transport = manualTransport();
    const timers: { run: () => void; ms: number }[] = [];
    const model = createPanelModel({
      send: transport.send,
      layoutStore: memoryLayout(),
      now: () => clock,
      setTimer: (run, ms) => {
        timers.push({ run, ms });
        return () => undefined;
      },
    });
    const shown = model.show(SIGHTING);
    transport.calls[0].reply.resolve({ view: recordView() });
    await shown;
    // The first view is not a change under the pointer: it acts at once.
    expect(model.settling.value.size).toBe(0);
    const first = model.act(COMPLETE);
    const next = recordView({
      active: [connection({ revision: 8, current: step({ stepId: 'task-2', name: 'Next' }) })],
    });
    clock += 80;
    transport.calls[1].reply.resolve({ outcome: 'applied', message: null, view: next });
    await first;
    expect(model.settling.value).toEqual(new Set(['conn-1']));
    // The second click, on the next step's Complete, 80 ms later: nothing is sent.
    clock += 80;
    await model.act({ ...COMPLETE, stepId: 'task-2', revision: 8 });
    expect(transport.calls.filter((call) => call.type === 'actOnRecord')).toHaveLength(1);
    // Once it has settled (the timer ends the moment), the seller's click acts.
    clock += 400;
    timers.find((timer) => timer.ms === 400)!.run();
    expect(model.settling.value.size).toBe(0);
    void model.act({ ...COMPLETE, stepId: 'task-2', revision: 8 });
    expect(transport.calls.filter((call) => call.type === 'actOnRecord')).toHaveLength(2);
  });

  it('already-handled: a calm notice and the fresh view', async () => {
    const { model, transport } = await ready();
    const acting = model.act(COMPLETE);
    const fresh = recordView({
      active: [connection({ revision: 8, current: step({ stepId: 'x', name: 'Later' }) })],
    });
    transport.calls[1].reply.resolve({ outcome: 'already-handled', message: null, view: fresh });
    await acting;
    expect(model.notice.value).toEqual({ key: 'conn-1', text: 'Already done in another tab.' });
    expect(model.view.value).toBe(fresh);
  });

  it('a failure is kept with its action and Try again repeats it', async () => {
    const { model, transport } = await ready();
    const acting = model.act(COMPLETE);
    transport.calls[1].reply.reject(new Error('Upnext could not reach its background service.'));
    await acting;
    expect(model.failure.value).toEqual({
      key: 'conn-1',
      message: 'Upnext could not reach its background service.',
      action: COMPLETE,
    });
    const retried = model.retry();
    expect(transport.calls[2].type).toBe('actOnRecord');
    expect(transport.calls[2].payload).toEqual({ record: SIGHTING.record, action: COMPLETE });
    transport.calls[2].reply.resolve({ outcome: 'applied', message: null, view: recordView() });
    await retried;
    expect(model.failure.value).toBeNull();
  });

  it('drops a stale action reply after navigating to another record', async () => {
    const { model, transport } = await ready();
    const acting = model.act(COMPLETE);
    const shown = model.show(other);
    expect(model.view.value).toBeNull();
    expect(model.pending.value).toBeNull();
    transport.calls[1].reply.resolve({
      outcome: 'applied',
      message: null,
      view: recordView({ name: 'Stale' }),
    });
    await acting;
    expect(model.view.value).toBeNull();
    transport.calls[2].reply.resolve({ view: recordView({ name: 'Grace Hopper' }) });
    await shown;
    expect(model.view.value?.name).toBe('Grace Hopper');
  });

  it('drops a stale load reply after navigating', async () => {
    const { model, transport } = setup();
    const first = model.show(SIGHTING);
    const second = model.show(other);
    transport.calls[1].reply.resolve({ view: recordView({ name: 'Grace Hopper' }) });
    transport.calls[0].reply.resolve({ view: recordView({ name: 'Ada (stale)' }) });
    await Promise.all([first, second]);
    expect(model.view.value?.name).toBe('Grace Hopper');
  });

  it('once told of a navigation to record B, never draws record A again: late replies for A are dropped', async () => {
    const { model, transport } = await ready(recordView({ name: 'Ada Lovelace' }));
    // Work for A still on its way when the seller leaves: a re-read, a refresh, an action and
    // the connect list.
    const reread = model.show({ ...SIGHTING, fields: { name: 'Ada Lovelace', phone: '1' } });
    const refreshing = model.refresh();
    const acting = model.act(COMPLETE);
    const picking = model.openPicker();
    const pending = transport.calls.slice(1);
    expect(pending.map((call) => call.type)).toEqual([
      'recordSeen',
      'getRecordView',
      'actOnRecord',
      'listConnectable',
    ]);
    // What the panel draws: every screen from the navigation on, by the record it names.
    const screens: string[] = [];
    const stop = effect(() => {
      screens.push(
        `${model.sighting.value?.record.id ?? '-'}:${model.view.value?.name ?? '-'}:${String(model.picker.value.open)}`,
      );
    });
    screens.length = 0;
    const waiting = model.expectRecord(other.record, other.url);
    // A's view is gone in the same call: the first screen after it is B's neutral wait.
    expect(screens).toEqual(['lead-2:-:false']);
    const seen = screens.length;
    const ada = recordView({ name: 'Ada Lovelace', changes: 9 });
    pending[0].reply.resolve({ view: ada });
    pending[1].reply.resolve({ view: ada });
    pending[2].reply.resolve({ outcome: 'applied', message: null, view: ada });
    pending[3].reply.resolve({ sequences: OPTIONS });
    await Promise.all([reread, refreshing, acting, picking]);
    await flush();
    // None of them drew anything: B's neutral wait stays until B's own reply.
    expect(screens).toHaveLength(seen);
    expect(model.view.value).toBeNull();
    expect(model.status.value).toBe('loading');
    expect(model.pending.value).toBeNull();
    transport.calls.at(-1)!.reply.resolve({ view: recordView({ name: 'Grace Hopper' }) });
    await waiting;
    expect(model.view.value?.name).toBe('Grace Hopper');
    expect(screens.every((screen) => !screen.includes('Ada'))).toBe(true);
    stop();
  });

  it('while the page has not shown the new record yet: a neutral wait, never the previous record', async () => {
    const { model, transport } = await ready(recordView({ name: 'Ada Lovelace' }));
    const waiting = model.expectRecord(other.record, other.url);
    // Nothing of Ada's is left on screen, and nothing is stored before the page proved it.
    expect(model.status.value).toBe('loading');
    expect(model.view.value).toBeNull();
    expect(model.sighting.value).toEqual({
      record: other.record,
      url: other.url,
      title: '',
      fields: {},
    });
    expect(transport.calls[1]).toMatchObject({
      type: 'getRecordView',
      payload: { record: other.record },
    });
    // A record Upnext knows shows what it stored about it while the page renders.
    transport.calls[1].reply.resolve({ view: recordView({ name: 'Grace Hopper' }) });
    await waiting;
    expect(model.view.value?.name).toBe('Grace Hopper');
    expect(model.status.value).toBe('ready');

    // Then the page's read arrives for the same record: it is stored and shown.
    const shown = model.show({ ...other, fields: { name: 'Grace B. Hopper' } });
    expect(transport.calls[2].type).toBe('recordSeen');
    transport.calls[2].reply.resolve({ view: recordView({ name: 'Grace B. Hopper' }) });
    await shown;
    expect(model.view.value?.name).toBe('Grace B. Hopper');
  });

  it('an unknown record stays in the neutral wait until its page is read; a late stored view is dropped', async () => {
    const { model, transport } = await ready();
    const waiting = model.expectRecord(other.record, other.url);
    const shown = model.show({ ...other, fields: { name: 'Grace Hopper' } });
    transport.calls[2].reply.resolve({ view: recordView({ name: 'Grace Hopper', changes: 1 }) });
    await shown;
    transport.calls[1].reply.resolve({ view: null });
    await waiting;
    expect(model.view.value?.name).toBe('Grace Hopper');
    // Expecting the record already on screen changes nothing.
    void model.expectRecord(other.record, other.url);
    expect(transport.calls).toHaveLength(3);
    expect(model.view.value?.name).toBe('Grace Hopper');
  });

  it('a re-sighting of the same record keeps an action in flight', async () => {
    const { model, transport } = await ready();
    const acting = model.act(COMPLETE);
    void model.show({ ...SIGHTING, fields: { name: 'Ada Lovelace', phone: '1' } });
    transport.calls[1].reply.resolve({
      outcome: 'applied',
      message: null,
      view: recordView({ name: 'After' }),
    });
    await acting;
    expect(model.view.value?.name).toBe('After');
  });

  it('refreshes with getRecordView and ignores a refresh after hide', async () => {
    const { model, transport } = await ready();
    const refreshing = model.refresh();
    expect(transport.calls[1].type).toBe('getRecordView');
    model.hide();
    transport.calls[1].reply.resolve({ view: recordView() });
    await refreshing;
    expect(model.status.value).toBe('hidden');
    expect(model.view.value).toBeNull();
  });

  it('a navigation is drawn from two states: the neutral wait, then the stored view; the page read that stores nothing new draws nothing', async () => {
    const { model, transport } = await ready();
    // What the panel draws: one snapshot of every signal it renders, per change batch.
    const screens: string[] = [];
    const stop = effect(() => {
      screens.push(
        `${model.status.value} ${model.view.value?.name ?? '-'} ${model.sighting.value?.title ?? '-'} ${String(model.now.value)}`,
      );
    });
    screens.length = 0;
    const waiting = model.expectRecord(other.record, other.url);
    transport.calls[1].reply.resolve({ view: recordView({ name: 'Grace Hopper', changes: 3 }) });
    await waiting;
    const shown = model.show({ ...other, title: 'Grace Hopper – Lead' });
    // Until its reply, the record on screen stays what is stored (no render for the read).
    expect(screens).toEqual([`loading -  ${String(NOW)}`, `ready Grace Hopper  ${String(NOW)}`]);
    transport.calls[2].reply.resolve({ view: recordView({ name: 'Grace Hopper', changes: 4 }) });
    await shown;
    // The read was stored (its count moved on) and shows the same: nothing is drawn, and the
    // broadcast of that change needs no fetch.
    expect(screens).toHaveLength(2);
    expect(model.shows(4)).toBe(true);
    expect(model.shows(5)).toBe(false);

    // A read with a field the screen does not show yet is drawn, with the view that stored it.
    const phone = model.show({ ...other, fields: { phone: '+44 20 7946 0000' } });
    transport.calls[3].reply.resolve({
      view: recordView({
        name: 'Grace Hopper',
        changes: 5,
        captured: { name: 'Grace Hopper', phone: '+44 20 7946 0000' },
      }),
    });
    await phone;
    expect(screens).toHaveLength(3);
    expect(model.view.value?.captured['phone']).toBe('+44 20 7946 0000');
    // Whatever sighting the model keeps, no field of it says otherwise than what was stored.
    for (const [key, value] of Object.entries(model.sighting.value?.fields ?? {}))
      expect(model.view.value?.captured[key], key).toBe(value);
    stop();
  });

  it('draws a view that differs from the shown one only in its build time once the clock moved a minute', async () => {
    let clock = NOW;
    const transport = manualTransport();
    const model = createPanelModel({
      send: transport.send,
      layoutStore: memoryLayout(),
      now: () => clock,
      setTimer: () => () => undefined,
    });
    const seen = model.show(SIGHTING);
    transport.calls[0].reply.resolve({ view: recordView({ now: NOW }) });
    await seen;
    clock = NOW + 30_000;
    const first = model.refresh();
    transport.calls[1].reply.resolve({ view: recordView({ now: clock }) });
    await first;
    expect(model.now.value).toBe(NOW);
    clock = NOW + 61_000;
    const second = model.refresh();
    transport.calls[2].reply.resolve({ view: recordView({ now: clock }) });
    await second;
    expect(model.now.value).toBe(NOW + 61_000);
  });

  it('keeps the newer of two crossing views of the same record', async () => {
    const { model, transport } = await ready(recordView({ changes: 5, name: 'Newer' }));
    const refreshing = model.refresh();
    // A reply built before the change the panel already shows arrives late: it is dropped.
    transport.calls[1].reply.resolve({ view: recordView({ changes: 4, name: 'Older' }) });
    await refreshing;
    expect(model.view.value?.name).toBe('Newer');
    const again = model.refresh();
    transport.calls[2].reply.resolve({ view: recordView({ changes: 6, name: 'Newest' }) });
    await again;
    expect(model.view.value?.name).toBe('Newest');
  });

  it('arms one timer to the soonest due or wait time, cleared on navigation', async () => {
    const view = recordView({
      active: [
        connection({ current: step({ dueAt: NOW + 2 * HOUR }) }),
        connection({
          connectionId: 'conn-2',
          current: step({
            kind: 'waiting',
            type: 'wait',
            waitEndsAt: NOW + HOUR,
            dueAt: NOW + HOUR,
          }),
        }),
      ],
    });
    const env = setup();
    const shown = env.model.show(SIGHTING);
    env.transport.calls[0].reply.resolve({ view });
    await shown;
    expect(env.model.nextWakeAt.value).toBe(NOW + HOUR);
    const live = env.timers.filter((timer) => !timer.cancelled);
    expect(live).toHaveLength(1);
    expect(live[0].ms).toBe(HOUR + 1000);
    live[0].run();
    expect(env.transport.calls.at(-1)!.type).toBe('getRecordView');
    env.model.hide();
    expect(env.timers.every((timer) => timer.cancelled || timer === live[0])).toBe(true);
  });

  it('shortcuts act on the first due step: complete, or the outcome chooser for calls', async () => {
    const due = recordView({
      active: [
        connection({ connectionId: 'later', current: step({ isDue: true, dueAt: NOW - HOUR }) }),
        connection({
          connectionId: 'first',
          current: step({ stepId: 'c', type: 'call', isDue: true, dueAt: NOW - DAY }),
        }),
      ],
    });
    const { model, transport } = await ready(due);
    runShortcut(model, 'complete-step');
    expect(model.menu.value).toEqual({
      connectionId: 'first',
      kind: 'complete',
      viaShortcut: true,
    });
    runShortcut(model, 'snooze-step');
    expect(model.menu.value?.kind).toBe('snooze');
    runShortcut(model, 'skip-step');
    await flush();
    expect(transport.calls.at(-1)!.payload).toEqual({
      record: SIGHTING.record,
      action: { type: 'skip', connectionId: 'first', stepId: 'c', revision: 7 },
    });
  });

  it('shortcuts with nothing due say so', async () => {
    const { model, transport } = await ready();
    runShortcut(model, 'complete-step');
    expect(model.announcement.value).toBe('No step is due on this record.');
    expect(transport.calls).toHaveLength(1);
  });

  it('connect picker: lists, filters, selects and connects', async () => {
    // A record in no sequence opens the picker by itself.
    const { model, transport } = await ready(recordView({ active: [] }));
    expect(model.picker.value).toMatchObject({ open: true, loading: true });
    expect(transport.calls[1].type).toBe('listConnectable');
    expect(transport.calls[1].payload).toEqual({ entity: 'lead' });
    transport.calls[1].reply.resolve({ sequences: OPTIONS });
    await flush();
    expect(shown(model)).toHaveLength(2);
    // Search by name, description or tag, in any case.
    model.setQuery('TRADE show');
    expect(shown(model).map((o) => o.id)).toEqual(['event-follow-up']);
    model.selectSequence('event-follow-up');
    const connecting = model.connectSelected();
    expect(transport.calls[2].payload).toEqual({
      record: SIGHTING.record,
      action: { type: 'connect', sequenceId: 'event-follow-up' },
    });
    transport.calls[2].reply.resolve({ outcome: 'applied', message: null, view: recordView() });
    await connecting;
    expect(model.picker.value.open).toBe(false);
    expect(model.announcement.value).toBe('Sequence connected.');
    // Reopening asks again (the list may have changed in the console).
    const reopening = model.openPicker();
    expect(transport.calls[3].type).toBe('listConnectable');
    transport.calls[3].reply.resolve({ sequences: OPTIONS });
    await reopening;
    // Sequences the record is already in are not offered again.
    expect(shown(model).map((o) => o.id)).toEqual(['event-follow-up']);
  });

  it('remembers the layout, clamping the width', async () => {
    const layoutStore = memoryLayout({ collapsed: true, width: 9999 });
    const model = createPanelModel({ send: manualTransport().send, layoutStore });
    await model.loadLayout();
    expect(model.layout.value).toEqual({ collapsed: true, width: 560 });
    model.setWidth(100, false);
    expect(layoutStore.saved).toEqual([]);
    model.setWidth(300, true);
    model.setCollapsed(false);
    expect(layoutStore.saved).toEqual([
      { collapsed: true, width: 300 },
      { collapsed: false, width: 300 },
    ]);
  });

  it('uses browser.storage.local by default', async () => {
    const { fakeBrowser } = await import('wxt/testing/fake-browser');
    fakeBrowser.reset();
    const model = createPanelModel({ send: manualTransport().send });
    model.setCollapsed(true);
    await vi.waitFor(async () => {
      const stored = await fakeBrowser.storage.local.get('upnext:panelLayout');
      expect(stored['upnext:panelLayout']).toEqual({ collapsed: true, width: 340 });
    });
    const again = createPanelModel({ send: manualTransport().send });
    await again.loadLayout();
    expect(again.layout.value.collapsed).toBe(true);
  });
});
