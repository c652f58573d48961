/**
 * The browser's keyboard shortcuts for the panel (Complete / Skip / Snooze step, set at
 * chrome://extensions/shortcuts): they act on the first step due on the record. Shipped with the
 * panel's extras (components/panel/extras.ts), not in the panel script: a shortcut opens a menu
 * or acts, and the menus are extras too.
 */
import type { ShortcutCommand } from '../messaging/protocol';
import { t } from '../i18n';
import type { ConnectionView, RecordView } from '../views/record-view';
import type { PanelModel } from './panel-model';

/** The first step the seller can act on now: due action steps, oldest due first. */
function firstDueStep(view: RecordView | null): ConnectionView | null {
  if (!view) return null;
  const due = view.active
    .filter((c) => c.current !== null && c.current.kind === 'action' && c.current.isDue)
    .sort((a, b) => (a.current?.dueAt ?? 0) - (b.current?.dueAt ?? 0));
  return due[0] ?? null;
}

/**
 * Runs `command` on the first due step of the record `model` shows: completes it (a call first
 * asks for its outcome), skips it, or opens its snooze menu, focus moving into what opens. With
 * nothing due it says so; while the panel loads or an action is in flight it does nothing.
 */
export function runShortcut(model: PanelModel, command: ShortcutCommand): void {
  if (model.status.value !== 'ready' || model.pending.value !== null) return;
  const target = firstDueStep(model.view.value);
  const step = target?.current;
  if (!target || !step) {
    model.announce(t('noDueStep'));
    return;
  }
  const ref = { connectionId: target.connectionId, stepId: step.stepId, revision: target.revision };
  if (command === 'snooze-step') model.openMenu(target.connectionId, 'snooze', true);
  else if (command === 'skip-step') void model.act({ type: 'skip', ...ref });
  else if (step.type === 'call') model.openMenu(target.connectionId, 'complete', true);
  else void model.act({ type: 'complete', ...ref });
}
