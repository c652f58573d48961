// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import type { RecordAction } from '@/lib/models/panel-model';

import { mountPoint, unmount } from '../test-kit';
import { extrasRegistry, provideExtras } from './extras';
import { PANEL_EXTRAS } from './panel-extras';
import { PanelView, type PanelState } from './panel-view';
import {
  DAY,
  HOUR,
  NOW,
  OPTIONS,
  connection,
  historyItem,
  openSection as openSectionIn,
  panelState,
  recordView,
  recordingHandlers,
  step,
} from './test-fixtures';

/** Runs `fn` inside preact's `act` (synchronous here: no effects wait on promises). */
function run(fn: () => unknown): void {
  void act(() => {
    fn();
  });
}

let root: HTMLElement;
let on: ReturnType<typeof recordingHandlers>;

beforeEach(() => {
  root = mountPoint();
  on = recordingHandlers();
  // The panel as the seller uses it once its extras (menus, forms, picker) have arrived; the
  // 'extras' tests below start without them.
  provideExtras(PANEL_EXTRAS);
});

afterEach(() => {
  unmount(root);
});

function show(overrides: Partial<PanelState> = {}): void {
  run(() => {
    render(<PanelView state={panelState(overrides)} on={on} />, root);
  });
}

/** The accessible name of a control: aria-label, else its text. */
const nameOf = (element: Element): string =>
  (element.getAttribute('aria-label') ?? element.textContent).replace(/\s+/g, ' ').trim();

function controls(role: 'button' | 'link'): HTMLElement[] {
  const selector = role === 'button' ? 'button, [role="menuitem"]' : 'a[href]';
  return [...root.querySelectorAll<HTMLElement>(selector)];
}

function find(role: 'button' | 'link', name: string | RegExp): HTMLElement | undefined {
  return controls(role).find((element) =>
    typeof name === 'string' ? nameOf(element) === name : name.test(nameOf(element)),
  );
}

function get(role: 'button' | 'link', name: string | RegExp): HTMLElement {
  const found = find(role, name);
  if (!found) {
    throw new Error(
      `No ${role} named ${String(name)}; have: ${controls(role).map(nameOf).join(' | ')}`,
    );
  }
  return found;
}

const click = (element: HTMLElement): void => run(() => element.click());
const openSection = (name: string): HTMLDetailsElement => openSectionIn(root, name);
const text = (): string => root.textContent.replace(/\s+/g, ' ');
const acts = (): RecordAction[] =>
  on.calls.filter((call) => call[0] === 'onAct').map((call) => call[1] as RecordAction);
const withCurrent = (
  overrides: Parameters<typeof step>[0],
  more: Parameters<typeof connection>[0] = {},
) => recordView({ active: [connection({ current: step(overrides), ...more })] });

describe('current step', () => {
  it('shows an action step with its name, instructions and due time, and real buttons', () => {
    show();
    expect(root.querySelector('h3')?.textContent).toBe('Research the account');
    expect(text()).toContain('Read their last annual report.');
    expect(text()).toContain('Due in 2 hours · 12:00');
    for (const name of ['Complete', 'Skip', 'Snooze', 'Add note']) {
      expect(get('button', name).tagName).toBe('BUTTON');
    }
    expect(root.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
    click(get('button', 'Complete'));
    expect(acts()).toEqual([
      { type: 'complete', connectionId: 'conn-1', stepId: 'task-1', revision: 7 },
    ]);
  });

  it('makes overdue steps stand out', () => {
    show({
      view: withCurrent({ dueAt: NOW - 3 * DAY, isDue: true, overdue: true }),
    });
    const due = root.querySelector('.due');
    expect(due?.textContent).toBe('Overdue by 3 days · 12:00'.replace('12:00', 'Sat 10:00'));
    expect(due?.classList.contains('due--overdue')).toBe(true);
  });

  it('shows when a snoozed step comes back', () => {
    show({
      view: withCurrent({ kind: 'snoozed', snoozedUntil: NOW + DAY - HOUR, snoozeCount: 1 }),
    });
    expect(text()).toContain('Snoozed until Wed 09:00');
    expect(find('button', 'Complete')).toBeDefined();
  });

  it('asks a call step for its outcome before completing, with an optional note', () => {
    show({
      view: withCurrent({ stepId: 'call-1', type: 'call', name: 'Intro call', description: null }),
    });
    expect(get('link', 'Call').getAttribute('href')).toBe('tel:+442079460018');
    click(get('button', 'Complete'));
    expect(on.calls.at(-1)).toEqual(['onOpenMenu', 'conn-1', 'complete']);
    expect(acts()).toEqual([]);

    show({
      view: withCurrent({ stepId: 'call-1', type: 'call', name: 'Intro call', description: null }),
      menu: { connectionId: 'conn-1', kind: 'complete', viaShortcut: false },
    });
    const radios = [...root.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    expect(radios.map((radio) => radio.closest('label')?.textContent)).toEqual([
      'Connected',
      'Voicemail',
      'No answer',
      'Wrong number',
    ]);
    // Opened by the seller: focus moves into the chooser.
    expect(root.contains(document.activeElement)).toBe(true);
    click(get('button', 'Complete call'));
    expect(acts()).toEqual([]);
    run(() => {
      radios[1].click();
    });
    const note = root.querySelector<HTMLTextAreaElement>('textarea')!;
    run(() => {
      note.value = 'Left a message';
      note.dispatchEvent(new Event('input', { bubbles: true }));
    });
    click(get('button', 'Complete call'));
    expect(acts()).toEqual([
      {
        type: 'complete',
        outcome: 'voicemail',
        note: 'Left a message',
        connectionId: 'conn-1',
        stepId: 'call-1',
        revision: 7,
      },
    ]);
  });

  it('opens email with the rendered template and says which merge fields were empty', () => {
    show({
      view: withCurrent({
        stepId: 'email-2',
        type: 'email',
        name: 'Follow-up email',
        email: {
          subject: { text: 'Hello & welcome', emptyFields: [] },
          body: { text: 'Hi ,\nGreat to meet you.', emptyFields: ['firstName'] },
        },
      }),
    });
    const href = get('link', 'Open email').getAttribute('href');
    expect(href).toBe(
      'mailto:ada@analytical.example?subject=Hello%20%26%20welcome&body=Hi%20%2C%0D%0AGreat%20to%20meet%20you.',
    );
    expect(text()).toContain('These merge fields were empty: firstName');
    expect(text()).toContain('Subject: Hello & welcome');
  });

  it('offers texts and LinkedIn hand-offs', () => {
    show({
      view: withCurrent({
        type: 'text',
        name: 'Text them',
        text: { text: 'See you at 3?', emptyFields: [] },
      }),
    });
    expect(get('link', 'Send text').getAttribute('href')).toBe(
      'sms:+442079460018?body=See%20you%20at%203%3F',
    );

    show({ view: withCurrent({ type: 'linkedin', name: 'Connect', linkedinAction: 'connect' }) });
    const link = get('link', 'Find on LinkedIn');
    expect(link.getAttribute('href')).toBe(
      'https://www.linkedin.com/search/results/people/?keywords=Ada%20Lovelace%20Analytical%20Engines',
    );
    expect(link.getAttribute('rel')).toContain('noopener');
    expect(text()).toContain('Send them a connection request on LinkedIn.');
  });

  it('words an update-field step as an instruction', () => {
    show({
      view: withCurrent({
        type: 'update-field',
        name: 'Qualify',
        description: null,
        field: { key: 'Status', value: 'Qualified' },
      }),
    });
    expect(text()).toContain('Set Status to Qualified');
  });

  it('shows a wait with Skip wait', () => {
    show({
      view: withCurrent({
        stepId: 'wait-1',
        type: 'wait',
        name: 'Wait 2 days',
        description: null,
        kind: 'waiting',
        waitEndsAt: NOW + 7 * DAY + 4 * HOUR,
      }),
    });
    expect(text()).toContain('Waiting until 10 Mar 14:00');
    expect(find('button', 'Complete')).toBeUndefined();
    click(get('button', 'Skip wait'));
    expect(acts()).toEqual([
      { type: 'skip-wait', connectionId: 'conn-1', stepId: 'wait-1', revision: 7 },
    ]);
  });

  it('asks a question that needs an answer with Yes / No', () => {
    show({
      view: withCurrent({
        stepId: 'cond-1',
        type: 'condition',
        name: 'Is it a good fit?',
        description: null,
        kind: 'needs-answer',
        question: 'Is Lead grade A?',
      }),
    });
    expect(text()).toContain('Is Lead grade A?');
    click(get('button', 'No'));
    expect(acts()).toEqual([
      { type: 'answer', answer: 'no', connectionId: 'conn-1', stepId: 'cond-1', revision: 7 },
    ]);
  });

  it('shows a move problem plainly', () => {
    show({
      view: withCurrent({
        type: 'move-to-sequence',
        name: 'Move to nurture',
        kind: 'waiting',
        problem: 'The sequence “Nurture” is not active.',
      }),
    });
    expect(root.querySelector('.callout--problem')?.textContent).toContain(
      'The sequence “Nurture” is not active.',
    );
  });
});

describe('menus', () => {
  it('snooze menu: presets in the seller zone, arrow keys, Escape returns focus', () => {
    show();
    click(get('button', 'Snooze'));
    expect(on.calls.at(-1)).toEqual(['onOpenMenu', 'conn-1', 'snooze']);
    show({ menu: { connectionId: 'conn-1', kind: 'snooze', viaShortcut: false } });
    const items = [...root.querySelectorAll<HTMLElement>('[role="menuitem"]')];
    expect(items.map(nameOf)).toEqual([
      '1 hour 11:00',
      '4 hours 14:00',
      'Tomorrow 9:00 Wed 09:00',
      'Next week (Monday 9:00) Mon 09:00',
      'Pick a date and time…',
    ]);
    expect(document.activeElement).toBe(items[0]);
    run(() => {
      items[0].dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true }));
    });
    expect(document.activeElement).toBe(items[1]);
    run(() => {
      items[1].dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', bubbles: true }));
    });
    expect(document.activeElement).toBe(items[0]);
    click(items[2]);
    expect(acts()).toEqual([
      {
        type: 'snooze',
        until: Date.UTC(2026, 2, 4, 9, 0),
        connectionId: 'conn-1',
        stepId: 'task-1',
        revision: 7,
      },
    ]);
    run(() => {
      items[1].dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    });
    expect(on.calls.at(-1)).toEqual(['onCloseMenu']);
    expect(document.activeElement).toBe(get('button', 'Snooze'));
  });

  it('snooze to a chosen date refuses more than 30 days ahead', () => {
    show({ menu: { connectionId: 'conn-1', kind: 'snooze', viaShortcut: false } });
    click(get('button', 'Pick a date and time…'));
    const input = root.querySelector<HTMLInputElement>('input[type="datetime-local"]')!;
    run(() => {
      input.value = '2026-05-01T09:00';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    run(() =>
      root
        .querySelector('form')!
        .dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })),
    );
    expect(text()).toContain('Snooze at most 30 days ahead.');
    expect(acts()).toEqual([]);
    run(() => {
      input.value = '2026-03-10T08:30';
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    run(() =>
      root
        .querySelector('form')!
        .dispatchEvent(new Event('submit', { bubbles: true, cancelable: true })),
    );
    expect(acts()).toEqual([
      {
        type: 'snooze',
        until: Date.UTC(2026, 2, 10, 8, 30),
        connectionId: 'conn-1',
        stepId: 'task-1',
        revision: 7,
      },
    ]);
  });

  it('skip takes an optional note; add note requires one', () => {
    show({ menu: { connectionId: 'conn-1', kind: 'skip', viaShortcut: false } });
    click(get('button', 'Skip step'));
    expect(acts()).toEqual([
      { type: 'skip', connectionId: 'conn-1', stepId: 'task-1', revision: 7 },
    ]);
    show({ menu: { connectionId: 'conn-1', kind: 'note', viaShortcut: false } });
    click(get('button', 'Save note'));
    expect(acts()).toHaveLength(1);
    const note = root.querySelector<HTMLTextAreaElement>('textarea')!;
    run(() => {
      note.value = 'Prefers mornings';
      note.dispatchEvent(new Event('input', { bubbles: true }));
    });
    click(get('button', 'Save note'));
    expect(acts()[1]).toEqual({
      type: 'add-note',
      note: 'Prefers mornings',
      connectionId: 'conn-1',
      stepId: 'task-1',
      revision: 7,
    });
  });

  it('disconnect asks for confirmation in the panel', () => {
    show();
    // Disconnect is kept out of the way, under About this sequence.
    expect(find('button', 'Disconnect')).toBeUndefined();
    openSection('About this sequence');
    click(get('button', 'Disconnect'));
    expect(on.calls.at(-1)).toEqual(['onOpenMenu', 'conn-1', 'disconnect']);
    expect(acts()).toEqual([]);
    show({ menu: { connectionId: 'conn-1', kind: 'disconnect', viaShortcut: false } });
    expect(text()).toContain('Disconnect this record from Inbound lead follow-up?');
    expect(root.querySelector('dialog')?.open).toBe(true);
    expect(document.activeElement).toBe(get('button', 'Cancel'));
    const confirm = root.querySelector<HTMLElement>('dialog button.button--danger')!;
    click(confirm);
    expect(acts()).toEqual([{ type: 'disconnect', connectionId: 'conn-1' }]);
  });
});

describe('extras (the parts a seller opens, in a second script)', () => {
  let loads = 0;
  beforeEach(() => {
    const registry = extrasRegistry();
    registry.extras = null;
    registry.requested = false;
    loads = 0;
    registry.load = () => {
      loads += 1;
    };
  });
  afterEach(() => {
    const registry = extrasRegistry();
    registry.load = null;
    registry.requested = false;
  });

  it('the step and its buttons need no extras; nothing is asked for until a menu opens', () => {
    show();
    expect(get('button', 'Snooze')).toBeTruthy();
    expect(loads).toBe(0);
  });

  it('a menu opened before they arrive asks for them once and shows when they come', () => {
    const snoozeOpen = {
      menu: { connectionId: 'conn-1', kind: 'snooze', viaShortcut: true } as const,
    };
    show(snoozeOpen);
    expect(root.querySelectorAll('[role="menuitem"]')).toHaveLength(0);
    show(snoozeOpen);
    expect(loads).toBe(1);
    provideExtras(PANEL_EXTRAS);
    show(snoozeOpen);
    const items = [...root.querySelectorAll<HTMLElement>('[role="menuitem"]')];
    expect(items.map(nameOf)[0]).toBe('1 hour 11:00');
    // Opened by a shortcut: focus moves into the menu when it appears.
    expect(document.activeElement).toBe(items[0]);
  });

  it('the sections that open on demand show their summaries; opening one asks for what it holds', () => {
    show();
    const summaries = [...root.querySelectorAll('details > summary')].map(nameOf);
    expect(summaries[2]).toBe('About this sequence');
    expect(summaries[0]).toMatch(/^Upcoming \(\d+\)$/);
    expect(root.querySelector('.history')).toBeNull();
    expect(loads).toBe(0);
    const about = root.querySelectorAll('details')[2];
    run(() => {
      about.open = true;
      about.dispatchEvent(new Event('toggle'));
    });
    expect(loads).toBe(1);
    provideExtras(PANEL_EXTRAS);
    show();
    expect(about.open).toBe(true);
    expect(about.querySelector('.facts')?.textContent).toContain('Version');
    // A closed section holds nothing (the panel's renders skip it); opened, it shows its list.
    expect(root.querySelector('.history')).toBeNull();
    openSection('Completed');
    expect(root.querySelector('.history')).not.toBeNull();
  });

  it('the open connect picker says it is loading until they come', () => {
    const open = {
      view: recordView({ active: [] }),
      picker: {
        open: true,
        loading: false,
        error: null,
        options: OPTIONS,
        query: '',
        selectedId: null,
      },
    };
    show(open);
    expect(root.querySelector('[role="status"]')?.textContent).toBe('Loading sequences…');
    expect(loads).toBe(1);
    provideExtras(PANEL_EXTRAS);
    show(open);
    expect(root.querySelector('[role="status"]')?.textContent).not.toBe('Loading sequences…');
  });
});

describe('sequence details', () => {
  it('lists upcoming steps with branches, completed steps and the facts', () => {
    show({
      view: recordView({
        active: [
          connection({
            history: [
              historyItem({ at: NOW - 3 * DAY, kind: 'connected', name: 'Connected' }),
              historyItem({
                at: NOW - DAY,
                stepId: 'call-1',
                name: 'Intro call',
                type: 'call',
                result: 'completed',
                outcome: 'no-answer',
                note: 'Try mornings',
              }),
            ],
          }),
        ],
      }),
    });
    const summaries = [...root.querySelectorAll('summary')].map((s) => s.textContent);
    expect(summaries).toEqual(['Upcoming (4)', 'Completed (1)', 'About this sequence']);
    for (const section of summaries) openSection(section);
    expect(text()).toContain('If yes');
    expect(text()).toContain('If no');
    expect(root.querySelectorAll('.is-tentative')).toHaveLength(2);
    expect(text()).toContain('Completed · No answer');
    expect(text()).toContain('Try mornings');
    expect(text()).toContain('Version3');
    const progress = root.querySelector('progress')!;
    expect(progress.getAttribute('aria-label')).toBe('Progress in Inbound lead follow-up');
    expect(progress.getAttribute('value')).toBe('1');
    expect(progress.getAttribute('max')).toBe('5');
  });

  it('shows an A/B version as a plain email; the test itself only under About', () => {
    show({
      view: recordView({
        active: [
          connection({
            current: step({ stepId: 'ab1', type: 'email', name: 'Case study' }),
            abTests: [{ stepId: 'ab1', name: 'Case study', version: 'b' }],
          }),
        ],
      }),
    });
    const about = openSection('About this sequence');
    const line = '“Case study” is an A/B test of two versions: this record gets version B.';
    expect(about.textContent).toContain(line);
    expect(text().split(line)).toHaveLength(2);
    const outside = text().replace(about.textContent, '');
    expect(outside).toContain('Case study');
    expect(outside).not.toMatch(/A\/B|version B/);
  });

  it('email activity is recorded against the last sent email, disabled before any', () => {
    show();
    click(get('button', 'Customer replied'));
    expect(acts()).toEqual([
      { type: 'email-event', connectionId: 'conn-1', event: 'replied', stepId: 'email-1' },
    ]);
    show({
      view: recordView({
        active: [connection({ sentEmails: [], current: step({ type: 'email' }) })],
      }),
    });
    expect(get('button', 'Opened').getAttribute('aria-disabled')).toBe('true');
    click(get('button', 'Opened'));
    expect(acts()).toHaveLength(1);
  });

  it('shows one card per active sequence', () => {
    show({
      view: recordView({
        active: [
          connection(),
          connection({
            connectionId: 'conn-2',
            sequenceName: 'Renewal',
            current: step({ stepId: 'call-9', type: 'call', name: 'Renewal call' }),
          }),
        ],
      }),
    });
    expect([...root.querySelectorAll('.card__title')].map((h) => h.textContent)).toEqual([
      'Inbound lead follow-up',
      'Renewal',
    ]);
    expect(root.querySelectorAll('h3')).toHaveLength(2);
  });
});

describe('honest actions', () => {
  it('while an action is pending, buttons show busy and do nothing', () => {
    show({
      pending: {
        key: 'conn-1',
        action: { type: 'complete', connectionId: 'conn-1', stepId: 'task-1', revision: 7 },
      },
    });
    const complete = get('button', 'Complete');
    expect(complete.getAttribute('aria-busy')).toBe('true');
    expect(complete.querySelector('.spinner')).not.toBeNull();
    for (const name of ['Complete', 'Skip', 'Snooze', 'Add note']) {
      expect(get('button', name).getAttribute('aria-disabled')).toBe('true');
    }
    click(complete);
    click(get('button', 'Skip'));
    expect(on.calls).toEqual([]);
    expect(root.querySelector('.card')?.getAttribute('aria-busy')).toBe('true');
  });

  it('shows a failure next to its card with Try again', () => {
    const action: RecordAction = {
      type: 'skip',
      connectionId: 'conn-1',
      stepId: 'task-1',
      revision: 7,
    };
    show({ failure: { key: 'conn-1', message: 'Upnext did not answer. Try again.', action } });
    const alert = root.querySelector('.card [role="alert"]');
    expect(alert?.textContent).toContain('Upnext did not answer. Try again.');
    click(get('button', 'Try again'));
    expect(on.calls).toEqual([['onRetry']]);
  });

  it('shows a calm notice when the step was already handled elsewhere', () => {
    show({ notice: { key: 'conn-1', text: 'Already done in another tab.' } });
    const notice = root.querySelector('.card .notice');
    expect(notice?.getAttribute('role')).toBe('status');
    expect(notice?.textContent).toContain('Already done in another tab.');
  });

  it('has a live region for results', () => {
    show({ announcement: 'Step completed. Next: Call' });
    expect(root.querySelector('[aria-live="polite"]')?.textContent).toBe(
      'Step completed. Next: Call',
    );
  });

  it('renders a script payload in a record name as text', () => {
    const payload = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>';
    show({
      view: recordView({
        name: payload,
        active: [
          connection({
            sequenceName: payload,
            current: step({ name: payload, description: payload }),
          }),
        ],
      }),
    });
    expect(root.querySelector('img, script')).toBeNull();
    expect(root.querySelector('h1')?.textContent).toBe(payload);
    expect(root.querySelector('h3')?.textContent).toBe(payload);
  });
});

describe('loading and errors', () => {
  it('loading and load failure with retry', () => {
    show({ status: 'loading', view: null });
    expect(text()).toContain('Loading this record…');
    show({
      status: 'error',
      view: null,
      loadError: 'Upnext could not reach its background service.',
    });
    expect(root.querySelector('[role="alert"]')?.textContent).toContain('could not reach');
    click(get('button', 'Try again'));
    expect(on.calls).toEqual([['onRetry']]);
  });

  it('waiting for a record the page has not shown yet: the kind of record, no name', () => {
    show({
      status: 'loading',
      view: null,
      sighting: {
        record: { crm: 'dynamics365', entity: 'contact', id: 'contact-2' },
        url: 'https://upnext-demo.crm.dynamics.com/main.aspx?etn=contact&id=contact-2',
        title: '',
        fields: {},
      },
    });
    expect(root.querySelector('.record')?.textContent).toBe('Contact');
    expect(root.querySelector('.subtitle')).toBeNull();
    expect(text()).toContain('Loading this record…');
  });

  it('renders nothing when hidden', () => {
    show({ status: 'hidden' });
    expect(root.childNodes).toHaveLength(0);
  });
});

describe('connect', () => {
  it('empty state with a link to the console', () => {
    show({ view: recordView({ active: [] }) });
    expect(text()).toContain('This record is not in a sequence yet.');
    click(get('button', 'Connect a sequence'));
    expect(on.calls).toEqual([['onOpenPicker']]);
    show({
      view: recordView({ active: [] }),
      picker: { open: true, loading: false, error: null, options: [], query: '', selectedId: null },
    });
    expect(text()).toContain(
      'No active sequences for leads yet. A manager can import and activate them in the Upnext console.',
    );
    click(get('button', 'Open the Upnext console'));
    expect(on.calls.at(-1)).toEqual(['onOpenConsole']);
  });

  it('says where the console is when it could not be opened', () => {
    show({
      view: recordView({ active: [] }),
      notice: { key: 'connect', text: 'Open the Upnext console from the Upnext button.' },
    });
    expect(root.querySelector('.notice[role="status"]')?.textContent).toContain(
      'Open the Upnext console from the Upnext button.',
    );
  });

  it('search, select, preview, connect', () => {
    const picker = {
      open: true,
      loading: false,
      error: null,
      options: OPTIONS,
      query: '',
      selectedId: null,
    };
    show({ view: recordView({ active: [] }), picker });
    const search = root.querySelector<HTMLInputElement>('input[type="search"]')!;
    expect(root.querySelector(`label[for="${search.id}"]`)?.textContent).toBe('Search sequences');
    run(() => {
      search.value = 'trade';
      search.dispatchEvent(new Event('input', { bubbles: true }));
    });
    expect(on.calls.at(-1)).toEqual(['onQuery', 'trade']);
    expect(get('button', 'Connect').getAttribute('aria-disabled')).toBe('true');

    show({
      view: recordView({ active: [] }),
      picker: { ...picker, query: 'trade', selectedId: 'event-follow-up' },
    });
    expect(root.querySelectorAll('input[type="radio"]')).toHaveLength(1);
    expect(text()).toContain('Steps in Trade show follow-up');
    expect(text()).toContain('Connect on LinkedIn');
    click(get('button', 'Connect'));
    expect(on.calls.at(-1)).toEqual(['onConnect']);

    show({
      view: recordView({ active: [] }),
      picker: { ...picker, query: 'zzz' },
    });
    expect(text()).toContain('No sequence matches “zzz”.');
  });
});

describe('shell', () => {
  it('collapses to a slim tab with the due count', () => {
    show({
      layout: { collapsed: true, width: 340 },
      view: withCurrent({ isDue: true, dueAt: NOW - HOUR }),
    });
    const tab = get('button', 'Show Up next (1 due)');
    expect(tab.getAttribute('aria-expanded')).toBe('false');
    click(tab);
    expect(on.calls).toEqual([['onToggle', false]]);
  });

  it('resizes from the keyboard within limits', () => {
    show();
    const handle = root.querySelector<HTMLElement>('[role="separator"]')!;
    expect(handle.getAttribute('aria-valuenow')).toBe('340');
    expect(handle.getAttribute('aria-label')).toBe('Resize Up next');
    run(() => {
      handle.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    });
    expect(on.calls.at(-1)).toEqual(['onResize', 356, true]);
    run(() => {
      handle.dispatchEvent(new KeyboardEvent('keydown', { key: 'Home', bubbles: true }));
    });
    expect(on.calls.at(-1)).toEqual(['onResize', 280, true]);
  });

  it('never moves focus on mount or update', () => {
    const outside = document.createElement('input');
    document.body.append(outside);
    outside.focus();
    show();
    show({ view: withCurrent({ name: 'Next thing' }) });
    expect(document.activeElement).toBe(outside);
    outside.remove();
  });

  it('gives every control an accessible name', () => {
    show({
      menu: { connectionId: 'conn-1', kind: 'complete', viaShortcut: false },
      view: withCurrent({ type: 'call' }),
    });
    for (const element of root.querySelectorAll(
      'button, a[href], input, textarea, [role="separator"]',
    )) {
      const labelled =
        nameOf(element) !== '' ||
        (element.id !== '' && root.querySelector(`label[for="${element.id}"]`) !== null) ||
        element.closest('label') !== null;
      expect(labelled, element.outerHTML).toBe(true);
    }
  });
});
