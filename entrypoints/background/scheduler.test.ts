/**
 * Time and its side effects on a fake browser: the wake alarm sits at the earliest stored
 * wake-up, a wait ends when the alarm fires (each record ticked in its own transaction), the
 * badge counts exactly the steps due now, and due steps are notified once, opening the record.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

import type { RecordRef } from '@/lib/messaging/protocol';
import type { Database } from '@/lib/store/db';
import { DEFAULT_SETTINGS } from '@/lib/store/settings';

import type { BackgroundDeps } from './context';
import { createHandlers } from './handlers/create-handlers';
import { EXTENSION, START, freshDatabase, messenger, testDeps } from './handlers/test-kit';
import type { HandlerMap } from './router';
import {
  armWakeAlarm,
  openFromNotification,
  processDue,
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

const PACK = JSON.stringify({
  format: 'upnext/v1',
  sequences: [
    {
      id: 'timed',
      name: 'Timed',
      entity: 'lead',
      steps: [
        { id: 'first', type: 'task', name: 'First touch' },
        { id: 'pause', type: 'wait', hours: 2 },
        { id: 'second', type: 'task', name: 'Second touch' },
      ],
    },
  ],
});

let clock: number;
let db: Database;
let deps: BackgroundDeps;
let handlers: HandlerMap;

const { data } = messenger(() => handlers);

beforeEach(async () => {
  fakeBrowser.reset();
  clock = START;
  db = await freshDatabase();
  deps = testDeps(db, () => clock);
  handlers = createHandlers(deps);
  await data('importPack', { text: PACK });
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

async function connectAndFinishFirst(): Promise<void> {
  const { view } = await data(
    'actOnRecord',
    { record: LEAD, action: { type: 'connect', sequenceId: 'timed' } },
    CONTENT,
  );
  const card = view.active[0];
  await data(
    'actOnRecord',
    {
      record: LEAD,
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

    // The alarm fires two hours later: the wait has ended, the second step is due.
    clock = START + 2 * HOUR + 1000;
    await processDue(deps, db);
    const rows = await db.getAll('connections');
    expect(rows).toMatchObject([{ stepId: 'second', kind: 'action' }]);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
    // Nothing else is scheduled: the alarm is cleared rather than left to fire in a loop.
    expect(await fakeBrowser.alarms.get(WAKE_ALARM)).toBeUndefined();
  });

  it('notifies a step that fell due once, when notifications are on, and a click opens the record', async () => {
    await db.put('settings', {
      key: 'settings',
      value: { ...DEFAULT_SETTINGS, notifications: true },
    });
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

  it('shows no notification when the seller has not turned them on', async () => {
    await connectAndFinishFirst();
    await processDue(deps, db);
    clock = START + 2 * HOUR + 1000;
    await processDue(deps, db);
    expect(Object.keys(await fakeBrowser.notifications.getAll())).toHaveLength(0);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('1');
  });
});
