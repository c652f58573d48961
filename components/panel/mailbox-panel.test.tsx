// @vitest-environment happy-dom
/**
 * The panel and the seller's mailbox (issue #20): the email step composes in the chosen app,
 * a hint leads to connecting a mailbox (until hidden), an unreadable mailbox is said, opens and
 * clicks are said to be unseen, and a step the mailbox completed shows the email's subject.
 */
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { NO_MAILBOX, type PanelMailbox } from '@/lib/mailbox/mirror';

import { mountPoint, unmount } from '../test-kit';
import { provideExtras } from './extras';
import { PANEL_EXTRAS } from './panel-extras';
import { PanelView, type PanelState } from './panel-view';
import {
  connection,
  historyItem,
  openSection,
  panelState,
  recordView,
  recordingHandlers,
  step,
} from './test-fixtures';

let root: HTMLElement;
let on: ReturnType<typeof recordingHandlers>;

beforeEach(() => {
  provideExtras(PANEL_EXTRAS);
  root = mountPoint();
  on = recordingHandlers();
});

afterEach(() => {
  unmount(root);
});

function show(overrides: Partial<PanelState>): void {
  void act(() => {
    render(<PanelView state={panelState(overrides)} on={on} />, root);
  });
}

const text = (): string => root.textContent.replace(/\s+/g, ' ');
const button = (name: string): HTMLButtonElement | undefined =>
  [...root.querySelectorAll('button')].find((element) => element.textContent.trim() === name);

const emailStep = recordView({
  active: [
    connection({
      current: step({
        stepId: 'intro',
        type: 'email',
        name: 'Intro email',
        email: {
          subject: { text: 'Hi Ada', emptyFields: [] },
          body: { text: 'Hello\nthere', emptyFields: [] },
        },
      }),
    }),
  ],
});
const mailbox = (overrides: Partial<PanelMailbox> = {}): PanelMailbox => ({
  ...NO_MAILBOX,
  hintDismissed: false,
  ...overrides,
});

describe('the panel and the mailbox', () => {
  it('Open email composes in Gmail or Outlook on the web when the seller chose it', () => {
    show({ view: emailStep, mailbox: mailbox({ connected: ['gmail'], composeWith: 'gmail' }) });
    const link = root.querySelector<HTMLAnchorElement>('a.button--primary');
    expect(link?.getAttribute('href')).toBe(
      'https://mail.google.com/mail/?view=cm&fs=1&to=ada%40analytical.example&su=Hi%20Ada&body=Hello%0Athere',
    );
    expect(link?.getAttribute('target')).toBe('_blank');
    expect(link?.getAttribute('rel')).toBe('noopener noreferrer');
    show({
      view: emailStep,
      mailbox: mailbox({ composeWith: 'outlook', outlookOrigin: 'https://outlook.live.com' }),
    });
    expect(root.querySelector('a.button--primary')?.getAttribute('href')).toMatch(
      /^https:\/\/outlook\.live\.com\/mail\/deeplink\/compose\?to=ada%40analytical\.example&subject=Hi%20Ada/,
    );
  });

  it('on an email step with no mailbox, a hint leads to the settings until it is hidden', () => {
    show({ view: emailStep, mailbox: mailbox() });
    expect(text()).toContain('Connect your mailbox');
    void act(() => button('Open settings')?.click());
    void act(() => button("Don't show again")?.click());
    expect(on.calls.map((call) => call[0])).toEqual(['onOpenConsole', 'onDismissMailboxHint']);
    show({ view: emailStep, mailbox: mailbox({ hintDismissed: true }) });
    expect(text()).not.toContain('Connect your mailbox');
    show({ view: emailStep, mailbox: mailbox({ connected: ['outlook'] }) });
    expect(text()).not.toContain('Connect your mailbox');
    expect(text()).toContain('Replies are recorded from your mailbox.');
  });

  it('says when the mailbox cannot be read, and that opens and clicks are not seen', () => {
    show({ view: emailStep, mailbox: mailbox({ connected: ['gmail'], unreadable: ['gmail'] }) });
    expect(text()).toContain(
      'Upnext cannot read this mailbox — replies must be recorded by hand for now.',
    );
    expect(text()).not.toContain('Replies are recorded from your mailbox.');
    expect(text()).toContain("Opens and link clicks can't be seen without tracking");
    // The buttons stay.
    expect(button('Opened')).toBeDefined();
    expect(button('Clicked a link')).toBeDefined();
  });

  it('a step the mailbox completed shows the subject it saw go out', () => {
    show({
      view: recordView({
        active: [
          connection({
            history: [
              historyItem({
                kind: 'step',
                stepId: 'intro',
                name: 'Intro email',
                type: 'email',
                result: 'auto',
                subject: 'Hi Ada',
              }),
            ],
          }),
        ],
      }),
    });
    openSection(root, 'Completed');
    expect(text()).toContain('Done automatically');
    expect(text()).toContain('Seen sent in your mailbox: Hi Ada');
  });
});
