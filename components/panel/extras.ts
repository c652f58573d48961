/**
 * The panel's extras: the parts a seller opens, never shown at first paint (the snooze menu, the
 * call outcome form, the note form, the disconnect confirmation, the open connect picker, and
 * what the Upcoming, Completed steps and About this sequence sections hold), and what follows a
 * seller's action (its announcement, the keyboard shortcuts, the busy and notice styles: every
 * action waits for the extras, `withExtras`). They are a module the panel's page
 * (entrypoints/panel-frame) imports on demand, so what it parses before the panel's first paint
 * stays small (docs/panel.md): the first time the seller reaches for the panel (pointer over it,
 * focus in it) or the panel needs one of them (a shortcut, the picker a record in no sequence
 * opens), well before a click lands. They render with the page's own Preact (one build, one
 * shared chunk), so hooks and events work across the two modules.
 */
import type { runShortcut } from '@/lib/models/panel-shortcut';
import type { resultWords } from '@/lib/models/panel-words';

import type { AboutFacts } from './about-sequence';
import type { ConnectPickerList } from './connect-picker-list';
import type { DisconnectConfirm, DisconnectFoot } from './disconnect-confirm';
import type { HistorySteps } from './history-list';
import type { NoteForm } from './note-form';
import type { OutcomePicker } from './outcome-picker';
import type { SnoozeMenu } from './snooze-menu';
import type { StepMenu } from './step-menu';
import type { UpcomingSteps } from './upcoming-list';

export interface PanelExtras {
  /** The bodies of the three sections that open on demand (components/panel/disclosure.tsx). */
  AboutFacts: typeof AboutFacts;
  HistorySteps: typeof HistorySteps;
  UpcomingSteps: typeof UpcomingSteps;
  ConnectPickerList: typeof ConnectPickerList;
  DisconnectConfirm: typeof DisconnectConfirm;
  DisconnectFoot: typeof DisconnectFoot;
  NoteForm: typeof NoteForm;
  OutcomePicker: typeof OutcomePicker;
  SnoozeMenu: typeof SnoozeMenu;
  /** The form or menu a step's button opened (any of the four above but Disconnect's). */
  StepMenu: typeof StepMenu;
  /** The keyboard shortcuts (lib/models/panel-shortcut.ts): they open menus or act. */
  runShortcut: typeof runShortcut;
  /** What an action's result is announced as (lib/models/panel-words.ts). */
  resultWords: typeof resultWords;
  /** Their styles, added to the panel's page when they arrive. */
  css: string;
}

interface ExtrasRegistry {
  extras: PanelExtras | null;
  /** Set by the panel: imports the extras module (called at most once). */
  load: (() => void) | null;
  /** Set by the panel: the extras arrived (add their styles, render again). */
  loaded: ((extras: PanelExtras) => void) | null;
  requested: boolean;
  /** What waits for the extras (`withExtras`), run once they arrive. */
  waiting: ((extras: PanelExtras) => void)[];
}

const KEY = Symbol.for('upnext.panel-extras');

export function extrasRegistry(): ExtrasRegistry {
  const scope = globalThis as unknown as Record<symbol, ExtrasRegistry | undefined>;
  return (scope[KEY] ??= {
    extras: null,
    load: null,
    loaded: null,
    requested: false,
    waiting: [],
  });
}

/** Asks for the extras once, if they are not there yet and the panel can load them. */
export function preloadExtras(): void {
  const registry = extrasRegistry();
  if (registry.extras !== null || registry.requested || registry.load === null) return;
  registry.requested = true;
  registry.load();
}

/** The extras, or null while they load (then they are asked for; the panel renders again). */
export function panelExtras(): PanelExtras | null {
  const registry = extrasRegistry();
  if (registry.extras === null) preloadExtras();
  return registry.extras;
}

/** Runs `use` with the extras: now if they are here, else once they arrive (asking for them). */
export function withExtras(use: (extras: PanelExtras) => void): void {
  const registry = extrasRegistry();
  if (registry.extras !== null) {
    use(registry.extras);
    return;
  }
  registry.waiting.push(use);
  preloadExtras();
}

/** Called by the panel's page once the extras module arrived (and by component tests). */
export function provideExtras(extras: PanelExtras): void {
  const registry = extrasRegistry();
  registry.extras = extras;
  registry.loaded?.(extras);
  for (const use of registry.waiting.splice(0)) use(extras);
}
