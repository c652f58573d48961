/**
 * The Up next panel's view model: the one place that talks to the background for a CRM tab.
 * Views read its signals; its actions are the only way to change them.
 *
 * - Honest: nothing is shown as done before the background replied; the view is replaced from
 *   the reply. One action is in flight at a time, so a double click sends one action.
 * - A navigation bumps `generation`; any reply for a record the seller already left is dropped.
 * - One timer, to the soonest due / wait / snooze / window time, re-fetches the view then.
 */
import { batch, computed, signal, type ReadonlySignal } from '@preact/signals-core';
import { browser } from 'wxt/browser';

import { send as sendMessage } from '../messaging/client';
import type {
  ActionReply,
  MessageType,
  RecordAction,
  RecordRef,
  RecordSighting,
  ReplyOf,
  RequestOf,
  SequenceOption,
} from '../messaging/protocol';
import { recordKey } from '../domain/record-ref';
import { MINUTE } from '../engine/time/zoned';

/** Protocol types the panel's components need, re-exported: components may not import messaging. */
export type { RecordAction, RecordSighting, SequenceOption, StepRef } from '../messaging/protocol';
import type { RecordView } from '../views/record-view';
import { t } from '../i18n';
import { createClickGuard } from './click-guard';

export type PanelStatus = 'hidden' | 'loading' | 'ready' | 'error';

export type Send = <K extends MessageType>(type: K, payload: RequestOf<K>) => Promise<ReplyOf<K>>;

/** Where an action's result belongs: a connection's card, or the connect picker. */
export type CardKey = string;
export const CONNECT_KEY: CardKey = 'connect';

/** The small forms and menus a card can open; one at a time in the whole panel. */
export type MenuKind = 'complete' | 'skip' | 'snooze' | 'note' | 'disconnect';
export interface OpenMenu {
  connectionId: string;
  kind: MenuKind;
  /** Opened by a keyboard shortcut: the view moves focus into it (the seller asked for it). */
  viaShortcut: boolean;
}

export interface Pending {
  key: CardKey;
  action: RecordAction;
}
export interface Failure {
  key: CardKey;
  message: string;
  action: RecordAction;
}
export interface Notice {
  key: CardKey;
  text: string;
}

export interface PickerState {
  open: boolean;
  loading: boolean;
  error: string | null;
  options: SequenceOption[] | null;
  query: string;
  selectedId: string | null;
}

export interface PanelLayout {
  collapsed: boolean;
  width: number;
}
export const PANEL_WIDTH = { min: 280, max: 560, initial: 340 } as const;

export interface LayoutStore {
  load(): Promise<Partial<PanelLayout> | null>;
  save(layout: PanelLayout): Promise<void>;
}

export interface PanelModelOptions {
  send?: Send;
  layoutStore?: LayoutStore;
  now?: () => number;
  /** One-shot timer; returns a cancel function. */
  setTimer?: (run: () => void, ms: number) => () => void;
  /**
   * What an action's result is announced as (lib/models/panel-words.ts). The panel passes the
   * copy its extras bring: every action waits for them (entrypoints/panel-frame), so the words
   * are there when the reply is. Absent: results are shown, not announced.
   */
  resultWords?: (action: RecordAction, reply: ActionReply) => string;
}

export interface PanelModel {
  status: ReadonlySignal<PanelStatus>;
  sighting: ReadonlySignal<RecordSighting | null>;
  view: ReadonlySignal<RecordView | null>;
  loadError: ReadonlySignal<string | null>;
  /** The clock reading the current view is rendered against. */
  now: ReadonlySignal<number>;
  pending: ReadonlySignal<Pending | null>;
  /** Connections whose step just changed: their buttons ignore clicks a moment (click-guard.ts). */
  settling: ReadonlySignal<ReadonlySet<string>>;
  failure: ReadonlySignal<Failure | null>;
  notice: ReadonlySignal<Notice | null>;
  announcement: ReadonlySignal<string>;
  menu: ReadonlySignal<OpenMenu | null>;
  picker: ReadonlySignal<PickerState>;
  layout: ReadonlySignal<PanelLayout>;
  /** The soonest future time the view changes by itself (due, wait end, snooze end). */
  nextWakeAt: ReadonlySignal<number | null>;

  show(sighting: RecordSighting): Promise<void>;
  /**
   * The URL names `record` but its page has not shown it yet (an in-app navigation): a neutral
   * wait, never the previous record, with what Upnext stored about this record if it knows it.
   * Nothing is stored until `show` brings the page's read.
   */
  expectRecord(record: RecordRef, url: string): Promise<void>;
  hide(): void;
  refresh(): Promise<void>;
  /**
   * Whether the record on screen is already shown as of its stored change count `changes` (a
   * broadcast about it then needs no fetch). The count can be ahead of `view`'s: a view that
   * differs from the shown one only in its count and build time is not drawn again.
   */
  shows(changes: number): boolean;
  act(action: RecordAction): Promise<void>;
  retry(): Promise<void>;
  // The seller's handlers below are closures with no `this` (property types): the panel's page
  // hands them to the view as they are.
  dismissNotice: () => void;
  /** Shows a calm notice (and announces it), e.g. when the console could not be opened. */
  notify(key: CardKey, text: string): void;
  openMenu: (connectionId: string, kind: MenuKind, viaShortcut?: boolean) => void;
  closeMenu: () => void;
  /** Says `text` to screen readers (the live region), e.g. why a keyboard shortcut did nothing. */
  announce(text: string): void;
  openPicker(): Promise<void>;
  closePicker: () => void;
  setQuery: (query: string) => void;
  selectSequence: (id: string | null) => void;
  connectSelected(): Promise<void>;
  loadLayout(): Promise<void>;
  setCollapsed: (collapsed: boolean) => void;
  /** `commit` false while dragging (no write), true when the seller lets go. */
  setWidth: (width: number, commit: boolean) => void;
  dispose(): void;
}

/** What the seller sees of a connection's step: which step, at which revision. */
const stepMark = (connection: RecordView['active'][number]): string =>
  `${connection.current?.stepId ?? ''}|${connection.revision}`;

const LAYOUT_KEY = 'upnext:panelLayout';

/** The default layout store: `browser.storage.local`, shared by every CRM tab. */
const storageLayoutStore: LayoutStore = {
  async load() {
    const stored: Record<string, unknown> = await browser.storage.local.get(LAYOUT_KEY);
    const value = stored[LAYOUT_KEY];
    return typeof value === 'object' && value !== null ? value : null;
  },
  async save(layout) {
    await browser.storage.local.set({ [LAYOUT_KEY]: layout });
  },
};

const clampWidth = (width: number): number =>
  Math.round(Math.min(PANEL_WIDTH.max, Math.max(PANEL_WIDTH.min, width)));

const messageOf = (error: unknown): string =>
  error instanceof Error && error.message ? error.message : t('errorGeneric');

const sameRecord = (a: RecordSighting | null, b: RecordSighting): boolean =>
  a !== null && recordKey(a.record) === recordKey(b.record);

const keyOf = (action: RecordAction): CardKey =>
  action.type === 'connect' ? CONNECT_KEY : action.connectionId;

const EMPTY_PICKER: PickerState = {
  open: false,
  loading: false,
  error: null,
  options: null,
  query: '',
  selectedId: null,
};

/**
 * Whether the panel draws the same with `shown` as with `next` as its sighting, given `view`:
 * the view names the record, and every field either read is what the view says was captured
 * (the panel shows the captured fields overlaid with the sighting's). Then the page's read, once
 * stored, changes nothing on screen, and is not drawn again.
 */
function drawsAlike(shown: RecordSighting | null, next: RecordSighting, view: RecordView): boolean {
  const captured = (fields: Record<string, string>): boolean =>
    Object.entries(fields).every(([key, value]) => view.captured[key] === value);
  return view.name !== '' && shown !== null && captured(shown.fields) && captured(next.fields);
}

export function createPanelModel(options: PanelModelOptions = {}): PanelModel {
  const send = options.send ?? sendMessage;
  const layoutStore = options.layoutStore ?? storageLayoutStore;
  const clock = options.now ?? Date.now;
  const setTimer =
    options.setTimer ??
    ((run: () => void, ms: number) => {
      const id = setTimeout(run, ms);
      return () => clearTimeout(id);
    });

  const status = signal<PanelStatus>('hidden');
  const sighting = signal<RecordSighting | null>(null);
  const view = signal<RecordView | null>(null);
  const loadError = signal<string | null>(null);
  const now = signal(clock());
  const pending = signal<Pending | null>(null);
  const failure = signal<Failure | null>(null);
  const notice = signal<Notice | null>(null);
  const announcement = signal('');
  const menu = signal<OpenMenu | null>(null);
  const picker = signal<PickerState>(EMPTY_PICKER);
  const layout = signal<PanelLayout>({ collapsed: false, width: PANEL_WIDTH.initial });
  const guard = createClickGuard({ setTimer });
  let generation = 0;
  let sightings = 0;
  let autoPickedFor = -1;
  let cancelTimer: (() => void) | null = null;
  let disposed = false;
  /** The newest stored change count of the shown record (`shows`); -1 for none. */
  let shownChanges = -1;

  const nextWakeAt = computed(() => {
    const current = view.value;
    if (!current) return null;
    const at = now.value;
    let soonest: number | null = null;
    for (const connection of current.active) {
      const step = connection.current;
      if (!step) continue;
      for (const time of [
        step.isDue ? null : step.dueAt,
        step.waitEndsAt,
        step.snoozedUntil,
        step.windowClosesAt,
      ]) {
        if (time !== null && time > at && (soonest === null || time < soonest)) soonest = time;
      }
    }
    return soonest;
  });

  function clearTimer(): void {
    cancelTimer?.();
    cancelTimer = null;
  }

  function armTimer(): void {
    clearTimer();
    const wake = nextWakeAt.value;
    if (wake === null || disposed) return;
    // Past 2^31 - 1 ms a timer is unreliable (32-bit ms); it re-arms on wake. Written here, not
    // as a module constant, which the minifier keeps (the panel's script is at its budget).
    const delay = Math.min(2 ** 31 - 1, Math.max(0, wake - clock()) + 1000);
    cancelTimer = setTimer(() => {
      cancelTimer = null;
      void refresh();
    }, delay);
  }

  function setView(next: RecordView | null): void {
    // Replies can cross: a view older than the one shown (same record) is dropped.
    const shown = view.value;
    const same = next !== null && shown !== null && next.key === shown.key;
    if (same && next.changes < shownChanges) return;
    shownChanges = next?.changes ?? -1;
    // The same screen again (the page's read stored after the stored view was shown, a refresh
    // that found nothing new): nothing to draw. Views carry their build time and the record's
    // change count, which the screen does not show; the relative times ("Due in 2 hours") are
    // whole minutes, so a clock less than a minute on draws the same words.
    if (
      same &&
      clock() - now.value < MINUTE &&
      JSON.stringify({ ...next, now: 0, changes: 0 }) ===
        JSON.stringify({ ...shown, now: 0, changes: 0 })
    ) {
      armTimer();
      return;
    }
    // The step of a connection changed (or a connection appeared) while the seller looked at
    // this record: what is now under the pointer is new, and a double click's second click
    // must not act on it.
    if (same) {
      const before = new Map(shown.active.map((c) => [c.connectionId, stepMark(c)]));
      guard.changed(
        next.active
          .filter((c) => before.get(c.connectionId) !== stepMark(c))
          .map((c) => c.connectionId),
      );
    }
    batch(() => {
      now.value = clock();
      view.value = next;
      // A menu for a step that is no longer current must not linger.
      const open = menu.value;
      if (open && !next?.active.some((c) => c.connectionId === open.connectionId)) {
        menu.value = null;
      }
    });
    armTimer();
  }

  /** Drops what is shown about the record being left: its view, action state and open menus. */
  function clearShown(): void {
    shownChanges = -1;
    view.value = null;
    pending.value = null;
    failure.value = null;
    notice.value = null;
    menu.value = null;
    picker.value = EMPTY_PICKER;
  }

  async function show(next: RecordSighting): Promise<void> {
    if (disposed) return;
    const same = sameRecord(sighting.value, next);
    // A new record starts a new generation: replies for the old one are dropped. A re-sighting
    // of the same record (its fields finished rendering) keeps actions in flight alive.
    if (!same) generation += 1;
    const mine = generation;
    const seen = ++sightings;
    // The page's read of a record already on screen (its stored view came first) is drawn with
    // the view its reply brings, in one render: until then the screen is what is stored.
    const drawn = same && view.value !== null;
    batch(() => {
      if (!drawn) sighting.value = next;
      if (!same) {
        clearTimer();
        clearShown();
        announcement.value = '';
        status.value = 'loading';
      }
    });
    try {
      const reply = await send('recordSeen', next);
      if (mine !== generation || seen !== sightings) return;
      batch(() => {
        if (!drawn || !drawsAlike(sighting.value, next, reply.view)) sighting.value = next;
        loadError.value = null;
        setView(reply.view);
        status.value = 'ready';
      });
      // A record in no sequence: connecting is the only thing to do, so the list is shown
      // straight away (once per record; data only, focus stays where it is).
      if (reply.view.active.length === 0 && autoPickedFor !== mine) {
        autoPickedFor = mine;
        void openPicker();
      }
    } catch (error) {
      if (mine !== generation || seen !== sightings) return;
      sighting.value = next;
      // A failed re-sighting of a record already on screen keeps what is shown.
      if (view.value !== null) return;
      batch(() => {
        loadError.value = messageOf(error);
        status.value = 'error';
      });
    }
  }

  async function expectRecord(record: RecordRef, url: string): Promise<void> {
    if (disposed) return;
    const next: RecordSighting = { record, url, title: '', fields: {} };
    if (sameRecord(sighting.value, next)) return;
    generation += 1;
    const mine = generation;
    const seen = ++sightings;
    batch(() => {
      sighting.value = next;
      clearTimer();
      clearShown();
      loadError.value = null;
      announcement.value = '';
      status.value = 'loading';
    });
    try {
      const reply = await send('getRecordView', { record });
      // The page's own read (show) is fresher than what was stored: once its reply is shown, it
      // wins. Until then the stored view is what there is (a newer reply replaces it; an older
      // one is dropped by setView).
      if (mine !== generation || reply.view === null) return;
      if (seen !== sightings && view.value !== null) return;
      batch(() => {
        setView(reply.view);
        status.value = 'ready';
      });
    } catch {
      // Still waiting for the page; its read will load the view.
    }
  }

  async function refresh(): Promise<void> {
    const current = sighting.value;
    if (!current || disposed) return;
    const mine = generation;
    try {
      const reply = await send('getRecordView', { record: current.record });
      if (mine !== generation || reply.view === null) return;
      batch(() => {
        loadError.value = null;
        setView(reply.view);
        status.value = 'ready';
      });
    } catch {
      // A background refresh that fails keeps the last view; the next event tries again.
      if (mine === generation) armTimer();
    }
  }

  async function act(action: RecordAction): Promise<void> {
    const current = sighting.value;
    // Exactly once: while an action is in flight, further clicks do nothing; nor do clicks
    // on a step that has just taken the place of another (a double click).
    if (!current || pending.value !== null || disposed) return;
    if ('connectionId' in action && !guard.accepts(action.connectionId)) return;
    const mine = generation;
    const key = keyOf(action);
    batch(() => {
      pending.value = { key, action };
      failure.value = null;
      notice.value = null;
    });
    try {
      const reply = await send('actOnRecord', { record: current.record, action });
      if (mine !== generation) return;
      batch(() => {
        pending.value = null;
        menu.value = null;
        setView(reply.view);
        if (reply.outcome === 'already-handled') {
          notice.value = { key, text: t('alreadyHandled') };
          announcement.value = t('alreadyHandled');
        } else {
          announcement.value = options.resultWords?.(action, reply) ?? '';
        }
        if (action.type === 'connect') picker.value = EMPTY_PICKER;
      });
    } catch (error) {
      if (mine !== generation) return;
      batch(() => {
        pending.value = null;
        failure.value = { key, message: messageOf(error), action };
        announcement.value = messageOf(error);
      });
    }
  }

  async function openPicker(): Promise<void> {
    const current = sighting.value;
    if (!current) return;
    const mine = generation;
    picker.value = { ...EMPTY_PICKER, open: true, loading: true };
    try {
      const reply = await send('listConnectable', { entity: current.record.entity });
      if (mine !== generation || !picker.value.open) return;
      const connected = new Set(view.value?.active.map((c) => c.sequenceId) ?? []);
      const options = reply.sequences.filter((option) => !connected.has(option.id));
      picker.value = {
        ...picker.value,
        loading: false,
        options,
        selectedId: options.length === 1 ? (options[0]?.id ?? null) : null,
      };
    } catch (error) {
      if (mine !== generation) return;
      picker.value = { ...picker.value, loading: false, error: messageOf(error) };
    }
  }

  return {
    status,
    sighting,
    view,
    loadError,
    now,
    pending,
    settling: guard.settling,
    failure,
    notice,
    announcement,
    menu,
    picker,
    layout,
    nextWakeAt,
    show,
    expectRecord,
    hide() {
      generation += 1;
      clearTimer();
      batch(() => {
        sighting.value = null;
        clearShown();
        status.value = 'hidden';
      });
    },
    refresh,
    shows: (changes) => view.value !== null && shownChanges >= changes,
    act,
    async retry() {
      const failed = failure.value;
      if (failed) {
        await act(failed.action);
        return;
      }
      if (!sighting.value) return;
      status.value = 'loading';
      await show(sighting.value);
    },
    dismissNotice() {
      notice.value = null;
    },
    notify(key, text) {
      batch(() => {
        notice.value = { key, text };
        announcement.value = text;
      });
    },
    openMenu(connectionId, kind, viaShortcut = false) {
      batch(() => {
        menu.value = { connectionId, kind, viaShortcut };
        failure.value = null;
      });
    },
    closeMenu() {
      menu.value = null;
    },
    announce(text) {
      announcement.value = text;
    },
    openPicker,
    closePicker() {
      picker.value = EMPTY_PICKER;
    },
    setQuery(query) {
      picker.value = { ...picker.value, query };
    },
    selectSequence(id) {
      picker.value = { ...picker.value, selectedId: id };
    },
    async connectSelected() {
      const id = picker.value.selectedId;
      if (id !== null) await act({ type: 'connect', sequenceId: id });
    },
    async loadLayout() {
      try {
        const stored = await layoutStore.load();
        if (!stored) return;
        layout.value = {
          collapsed: stored.collapsed === true,
          width:
            typeof stored.width === 'number' && Number.isFinite(stored.width)
              ? clampWidth(stored.width)
              : PANEL_WIDTH.initial,
        };
      } catch {
        // Defaults are fine; the layout is a comfort, not data.
      }
    },
    setCollapsed(collapsed) {
      layout.value = { ...layout.value, collapsed };
      void layoutStore.save(layout.value).catch(() => undefined);
    },
    setWidth(width, commit) {
      layout.value = { ...layout.value, width: clampWidth(width) };
      if (commit) void layoutStore.save(layout.value).catch(() => undefined);
    },
    dispose() {
      disposed = true;
      generation += 1;
      clearTimer();
      guard.dispose();
    },
  };
}
