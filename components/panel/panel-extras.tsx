/**
 * What the extras module provides (components/panel/extras.ts): the panel's parts a seller opens.
 * Imported on demand by the panel's page (entrypoints/panel-frame) and by the component tests;
 * a static import would put it back in what the panel parses before its first paint.
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
