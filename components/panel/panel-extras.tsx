/**
 * What the extras script provides (components/panel/extras.ts): the panel's parts a seller opens.
 * Imported by `entrypoints/panel-extras.content` and by the component tests, never by the panel
 * script itself.
 */
import { runShortcut } from '@/lib/models/panel-shortcut';
import { resultWords } from '@/lib/models/panel-words';

import { AboutFacts } from './about-sequence';
import { ConnectPickerList } from './connect-picker-list';
import { DisconnectConfirm, DisconnectFoot } from './disconnect-confirm';
import type { PanelExtras } from './extras';
import { HistorySteps } from './history-list';
import { NoteForm } from './note-form';
import { OutcomePicker } from './outcome-picker';
import { SnoozeMenu } from './snooze-menu';
import { StepMenu } from './step-menu';
import { UpcomingSteps } from './upcoming-list';
import css from './extras.css?inline';

export const PANEL_EXTRAS: PanelExtras = {
  AboutFacts,
  HistorySteps,
  UpcomingSteps,
  ConnectPickerList,
  DisconnectConfirm,
  DisconnectFoot,
  NoteForm,
  OutcomePicker,
  SnoozeMenu,
  StepMenu,
  runShortcut,
  resultWords,
  css,
};
