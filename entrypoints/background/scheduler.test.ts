/**
 * Time and its side effects on a fake browser: the wake alarm sits at the earliest stored
 * wake-up, a wait ends when the alarm fires (the catch-up in batches: catch-up.test.ts), the
 * badge counts exactly the steps due now, and due steps are notified once, opening the record.
 */
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

import { recordKey } from '@/lib/domain/record-ref';
import type { RecordRef } from '@/lib/messaging/protocol';
import type { Database } from '@/lib/store/db';
import { DUE_ORDER, dueBetween, dueUpTo } from '@/lib/store/due-order';
import { DEFAULT_SETTINGS } from '@/lib/store/settings';

import type { BackgroundDeps } from './context';
import { createHandlers } from './handlers/create-handlers';
import {
  EXTENSION,
  START,
  TIMED_PACK,
  freshDatabase,
  messenger,
  testDeps,
} from './handlers/test-kit';
import type { HandlerMap } from './router';
import {
  armWakeAlarm,
  broadcast,
  openFromNotification,
  processDue,
  reprojectAll,
  tellBurst,
  TOLD_ONE_BY_ONE,
  updateBadge,
  WAKE_ALARM,
} from './scheduler';

// The tab shows the record's own address: the background stores a link only to the tab's page,
// and a notification opens that link.
const CONTENT = {
  id: EXTENSION.id,
  url: 'https://acme.crm.dynamics.com/main.aspx?id=1',
  tab: { id: 3 },
};
const HOUR = 3_600_000;
const LEAD: RecordRef = {
  crm: 'dynamics365',
  entity: 'lead',
  id: 'a6b0f2d4-0000-4000-8000-000000000001',
};

let clock: number;
let db: Database;
let deps: BackgroundDeps;
let handlers: HandlerMap;

const { data, send } = messenger(() => handlers);

beforeEach(async () => {
  fakeBrowser.reset();
  clock = START;
  db = await freshDatabase();
  deps = testDeps(db, () => clock);
  handlers = createHandlers(deps);
  await data('importPack', { text: TIMED_PACK });
  await data('setSequenceState', { ids: ['timed'], state: 'active' });
  await data(
    'recordSeen',
    {
      record: LEAD,
      url: 'https://acme.crm.dynamics.com/main.aspx?id=1',
      title: 'Ada',
      fields: { name: 'Ada Lovelace' },
    },
    CONTENT,
  );
});

/** The seller turned notifications on. */
async function notificationsOn(): Promise<void> {
  await db.put('settings', {
    key: 'settings',
    value: { ...DEFAULT_SETTINGS, notifications: true },
  });
}

/** A CRM tab shows `record`, named `name` (the record is then known to Upnext). */
async function seen(record: RecordRef, name: string): Promise<void> {
  await data('recordSeen', { record, url: CONTENT.url, title: 'Lead', fields: { name } }, CONTENT);
}

/** Connects `record` to the "Timed" sequence; resolves with its card. */
async function connect(record: RecordRef) {
  const { view } = await data(
    'actOnRecord',
    { record, action: { type: 'connect', sequenceId: 'timed' } },
    CONTENT,
  );
  return view.active[0];
}

/** Connects `record` and completes its first step: the two-hour wait begins. */
async function connectAndFinishFirst(record: RecordRef = LEAD): Promise<void> {
  const card = await connect(record);
  await data(
    'actOnRecord',
    {
      record,
      action: {
        type: 'complete',
        connectionId: card.connectionId,
        stepId: 'first',
        revision: card.revision,
      },
    },
    CONTENT,
  );
}

describe('scheduler', () => {
  it('arms the alarm at the earliest wake-up and ends the wait when it fires', async () => {
    await connectAndFinishFirst();
    expect(await armWakeAlarm(db, clock)).toBe(START + 2 * HOUR);
    expect((await fakeBrowser.alarms.get(WAKE_ALARM))?.scheduledTime).toBe(START + 2 * HOUR);
    expect(await updateBadge(db, clock)).toBe(0);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
    expect(await fakeBrowser.action.getTitle({})).toBe('Upnext: nothing due now');

    // The alarm fires two hours later: the wait has ended, the second step is due.
    clock = START + 2 * HOUR + 1000;
    await processDue(deps, db);
    const rows = await db.getAll('connections');
    expect(rows).toMatchObject([{ stepId: 'second', kind: 'action' }]);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
    // In the red of an overdue step (the browser keeps it between workers).
    expect(await fakeBrowser.action.getBadgeBackgroundColor({})).toEqual([180, 35, 24, 255]);
    // The toolbar button's tooltip says it in words, in the singular for one.
    expect(await fakeBrowser.action.getTitle({})).toBe('Upnext: 1 step due now');
    // Nothing else is scheduled: the alarm is cleared rather than left to fire in a loop.
    expect(await fakeBrowser.alarms.get(WAKE_ALARM)).toBeUndefined();
  });

  it('leaves the badge and a pending alarm as they are when nothing moved, and re-arms a fired one', async () => {
    await connectAndFinishFirst();
    await armWakeAlarm(db, clock);
    await updateBadge(db, clock);
    const setText = vi.spyOn(fakeBrowser.action, 'setBadgeText');
    const create = vi.spyOn(fakeBrowser.alarms, 'create');
    // A change that moves neither (a page read): no browser call.
    clock = START + HOUR;
    expect(await armWakeAlarm(db, clock)).toBe(START + 2 * HOUR);
    expect(await updateBadge(db, clock)).toBe(0);
    expect(setText).not.toHaveBeenCalled();
    expect(create).not.toHaveBeenCalled();
    // The alarm fired (the browser dropped it) and the catch-up has not run yet: armed again.
    await fakeBrowser.alarms.clear(WAKE_ALARM);
    clock = START + 2 * HOUR + 1000;
    await armWakeAlarm(db, clock);
    expect(create).toHaveBeenCalledTimes(1);
    expect(await fakeBrowser.alarms.get(WAKE_ALARM)).toBeDefined();
    // The wait ends and the count moves: the badge says it.
    await processDue(deps, db);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
    setText.mockRestore();
    create.mockRestore();
  });

  it('notifies a step that fell due once, when notifications are on, and a click opens the record', async () => {
    await notificationsOn();
    await connectAndFinishFirst();
    await processDue(deps, db); // records "checked until now"
    clock = START + 2 * HOUR + 1000;
    await processDue(deps, db);
    const shown = await fakeBrowser.notifications.getAll();
    const ids = Object.keys(shown);
    expect(ids).toHaveLength(1);
    expect(shown[ids[0]]).toMatchObject({
      title: 'Second touch is due',
      message: 'Ada Lovelace · Timed',
    });

    // The same step is not notified again on the next alarm.
    await fakeBrowser.notifications.clear(ids[0]);
    clock += HOUR;
    await processDue(deps, db);
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toHaveLength(0);

    await openFromNotification(db, ids[0]);
    const tabs = await fakeBrowser.tabs.query({});
    expect(tabs.map((tab) => tab.url)).toContain('https://acme.crm.dynamics.com/main.aspx?id=1');
  });

  it('notifies five steps one by one when more fall due at once, and says how many in all', async () => {
    await notificationsOn();
    for (let n = 1; n <= 7; n += 1) {
      const record = { ...LEAD, id: `a6b0f2d4-0000-4000-8000-00000000020${String(n)}` };
      await seen(record, `Lead ${n}`);
      await connectAndFinishFirst(record);
    }
    await processDue(deps, db);
    clock = START + 2 * HOUR + 1000;
    await processDue(deps, db);
    const shown = Object.entries(await fakeBrowser.notifications.getAll());
    expect(shown).toHaveLength(6);
    expect(shown.filter(([, shownOne]) => shownOne.title === 'Second touch is due')).toHaveLength(
      5,
    );
    expect(Object.fromEntries(shown)['upnext:more']).toMatchObject({
      title: '7 steps are due',
      message: 'Open the work list to see them all.',
    });
  });

  it('shows no notification when the seller has not turned them on', async () => {
    await connectAndFinishFirst();
    await processDue(deps, db);
    clock = START + 2 * HOUR + 1000;
    await processDue(deps, db);
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toHaveLength(0);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
  });
});

describe('live updates', () => {
  it('reach mailbox tabs, and no other tab, besides the extension pages', async () => {
    const gmail = await fakeBrowser.tabs.create({ url: 'https://mail.google.com/mail/u/0/' });
    const outlook = await fakeBrowser.tabs.create({ url: 'https://outlook.office.com/mail/' });
    await fakeBrowser.tabs.create({ url: 'https://acme.crm.dynamics.com/main.aspx?id=1' });
    await fakeBrowser.tabs.create({ url: 'https://example.com/' });
    // A tab the extension has no host access to: the browser gives no address.
    await fakeBrowser.tabs.create({});
    const toTabs = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(undefined);
    const toPages = vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(undefined);
    const message = { upnext: 1, type: 'dataChanged' } as const;
    broadcast(message);
    await vi.waitFor(() => expect(toTabs).toHaveBeenCalledTimes(2));
    expect(toTabs.mock.calls.map(([tabId]) => tabId).sort()).toEqual([gmail.id, outlook.id].sort());
    expect(toPages).toHaveBeenCalledWith(message);
  });
});

describe('a burst of changes told to open pages', () => {
  // Calls since now only: a spy made again on the same method keeps the calls it saw before.
  const told = () =>
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockClear().mockResolvedValue(undefined);
  const other = (n: number): string =>
    `dynamics365|lead|a6b0f2d4-0000-4000-8000-${String(n).padStart(12, '0')}`;

  it('names each record with the change count its change stored, read where none said it', async () => {
    const toPages = told();
    const stored = (await db.get('records', recordKey(LEAD)))!.changes;
    expect(stored).toBeGreaterThan(0);
    await tellBurst(db, {
      keys: new Set([recordKey(LEAD), other(7)]),
      all: false,
      reproject: false,
      // A later change of the lead gave no count: it is read from what is stored.
      changes: new Map([
        [recordKey(LEAD), null],
        [other(7), 12],
      ]),
    });
    expect(toPages.mock.calls.map(([message]) => message)).toEqual([
      { upnext: 1, type: 'recordChanged', recordKey: recordKey(LEAD), changes: stored },
      { upnext: 1, type: 'recordChanged', recordKey: other(7), changes: 12 },
    ]);
  });

  it('with anything changed besides (settings, a restore), the records, then one dataChanged', async () => {
    const toPages = told();
    await tellBurst(db, {
      keys: new Set([other(3)]),
      all: true,
      reproject: false,
      changes: new Map([[other(3), 2]]),
    });
    expect(toPages.mock.calls.map(([message]) => message)).toEqual([
      { upnext: 1, type: 'recordChanged', recordKey: other(3), changes: 2 },
      { upnext: 1, type: 'dataChanged' },
    ]);
  });

  it('past TOLD_ONE_BY_ONE records (a bulk action, "Run now"), one dataChanged and no record read', async () => {
    const toPages = told();
    const read = vi.spyOn(db, 'get');
    const keys = Array.from({ length: TOLD_ONE_BY_ONE + 1 }, (_, n) => other(n));
    await tellBurst(db, { keys: new Set([...keys, recordKey(LEAD)]), all: true, reproject: false });
    expect(toPages.mock.calls.map(([message]) => message)).toEqual([
      { upnext: 1, type: 'dataChanged' },
    ]);
    expect(read).not.toHaveBeenCalled();
  });

  it('up to TOLD_ONE_BY_ONE records, each told apart', async () => {
    const toPages = told();
    const keys = Array.from({ length: TOLD_ONE_BY_ONE }, (_, n) => other(n));
    await tellBurst(db, {
      keys: new Set(keys),
      all: false,
      reproject: false,
      changes: new Map(keys.map((key) => [key, 1])),
    });
    expect(
      toPages.mock.calls.map(([message]) => (message as { recordKey: string }).recordKey),
    ).toEqual(keys);
  });
});

describe("the badge's kept count", () => {
  const lead = (n: number): RecordRef => ({
    ...LEAD,
    id: `a6b0f2d4-0000-4000-8000-00000000010${String(n)}`,
  });
  type Op =
    | { kind: 'connect' | 'complete' | 'disconnect'; lead: number }
    | { kind: 'snooze'; lead: number; hours: number }
    | { kind: 'time'; hours: number }
    | { kind: 'tick' | 'count' | 'reproject' | 'restore' };
  const op: fc.Arbitrary<Op> = fc.oneof(
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constantFrom('connect', 'complete', 'disconnect' as const),
        lead: fc.integer({ min: 0, max: 1 }),
      }),
    },
    fc.record({
      kind: fc.constant('snooze' as const),
      lead: fc.integer({ min: 0, max: 1 }),
      hours: fc.integer({ min: 1, max: 5 }),
    }),
    fc.record({ kind: fc.constant('time' as const), hours: fc.integer({ min: 0, max: 3 }) }),
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constantFrom('tick', 'count', 'reproject', 'restore' as const),
      }),
    },
  );

  async function current(record: RecordRef) {
    const { view } = await data('getRecordView', { record }, CONTENT);
    return view?.active[0];
  }

  async function apply(step: Op, backup: { text: string | null }): Promise<void> {
    const record = 'lead' in step ? lead(step.lead) : LEAD;
    const card = 'lead' in step ? await current(record) : undefined;
    // Done, or refused as a seller would be (connecting a record twice).
    const act = async (action: Parameters<typeof data<'actOnRecord'>>[1]['action']) => {
      const reply = await send('actOnRecord', { record, action }, CONTENT);
      if (!reply.ok) expect(reply.error.code).toBe('rejected');
    };
    switch (step.kind) {
      case 'connect':
        await data(
          'recordSeen',
          { record, url: CONTENT.url, title: 'Lead', fields: { name: 'Lead' } },
          CONTENT,
        );
        await act({ type: 'connect', sequenceId: 'timed' });
        return;
      case 'complete':
        if (card?.current == null) return;
        await act({
          type: 'complete',
          connectionId: card.connectionId,
          stepId: card.current.stepId,
          revision: card.revision,
        });
        return;
      case 'disconnect':
        if (card === undefined) return;
        await act({ type: 'disconnect', connectionId: card.connectionId });
        return;
      case 'snooze':
        if (card?.current == null) return;
        await act({
          type: 'snooze',
          connectionId: card.connectionId,
          stepId: card.current.stepId,
          revision: card.revision,
          until: clock + step.hours * HOUR,
        });
        return;
      case 'time':
        clock += step.hours * HOUR + 1000;
        return;
      case 'tick':
        await processDue(deps, db);
        return;
      case 'count':
        await updateBadge(db, clock);
        backup.text ??= (await data('backupData', {})).text;
        return;
      case 'reproject':
        await db.put('settings', {
          key: 'settings',
          // An away period from now on: due steps move to its end (the rows change, not by an action).
          value: {
            ...DEFAULT_SETTINGS,
            away: [{ start: clock - HOUR, end: clock + 5 * HOUR, label: 'Off' }],
          },
        });
        await reprojectAll(deps, db);
        return;
      case 'restore':
        // Back to the data of an earlier count (every row rewritten at once).
        if (backup.text !== null) await data('restoreData', { text: backup.text });
        return;
    }
  }

  it('always equals a full count of the steps due now, whatever the seller and time did', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        clock = START;
        db = await freshDatabase();
        deps = testDeps(db, () => clock);
        handlers = createHandlers(deps);
        await data('importPack', { text: TIMED_PACK });
        await data('setSequenceState', { ids: ['timed'], state: 'active' });
        const backup = { text: null as string | null };
        for (const step of ops) {
          await apply(step, backup);
          const full = await db.countFromIndex('connections', DUE_ORDER, dueUpTo(clock));
          expect(await updateBadge(db, clock)).toBe(full);
        }
      }),
      { numRuns: 100 },
    );
  });

  it("titles the toolbar button in the browser's language", async () => {
    for (const n of [0, 1]) {
      await seen(lead(n), 'Lead');
      await connect(lead(n));
    }
    const language = vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('de');
    const message = vi
      .spyOn(fakeBrowser.i18n, 'getMessage')
      .mockImplementation((key: string, substitutions?: string | string[]) =>
        key === 'actionTitleDue_other'
          ? `Upnext: ${String(substitutions?.[0])} Schritte fällig`
          : '',
      );
    try {
      expect(await updateBadge(db, clock)).toBe(2);
      expect(await fakeBrowser.action.getTitle({})).toBe('Upnext: 2 Schritte fällig');
    } finally {
      language.mockRestore();
      message.mockRestore();
    }
  });

  it('keeps the count without recounting the rows due before it', async () => {
    for (const n of [0, 1, 2]) {
      await seen(lead(n), 'Lead');
      await connect(lead(n));
    }
    expect(await updateBadge(db, clock)).toBe(3);
    expect(await fakeBrowser.action.getTitle({})).toBe('Upnext: 3 steps due now');
    const count = vi.spyOn(IDBIndex.prototype, 'count');
    try {
      clock += HOUR;
      expect(await updateBadge(db, clock)).toBe(3);
      // Only the hour since the last count was walked.
      expect(count.mock.calls).toEqual([[dueBetween(clock - HOUR, clock)]]);
    } finally {
      count.mockRestore();
    }
  });
});
