/**
 * What the panel announces to screen readers after an action ("Step completed. Next: Call").
 * Shipped with the panel's extras (components/panel/extras.ts): an action always follows the
 * seller reaching for the panel, which loads them, and the panel waits for them before it acts.
 */
import type { ActionReply, RecordAction } from '../messaging/protocol';
import { t } from '../i18n';

/** The words for `action`'s `reply`: what was done, and the connection's next step or end. */
export function resultWords(action: RecordAction, reply: ActionReply): string {
  const connection =
    action.type === 'connect'
      ? null
      : (reply.view.active.find((c) => c.connectionId === action.connectionId) ?? null);
  const next = connection?.current?.name;
  let done: string;
  switch (action.type) {
    case 'connect':
      return t('announceConnected');
    case 'disconnect':
      return t('announceDisconnected');
    case 'complete':
      done = t('announceCompleted');
      break;
    case 'skip':
      done = t('announceSkipped');
      break;
    case 'snooze':
      return t('announceSnoozed');
    case 'skip-wait':
      done = t('announceWaitSkipped');
      break;
    case 'answer':
      done = t('announceAnswered');
      break;
    case 'add-note':
      return t('announceNoteAdded');
    case 'email-event':
      done = t('announceEventRecorded');
      break;
  }
  if (next) return `${done} ${t('announceNext', next)}`;
  if (action.type !== 'email-event' && connection === null) return `${done} ${t('announceEnded')}`;
  return done;
}
