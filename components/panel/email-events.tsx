import { t } from '@/lib/i18n';
import type { PanelMailbox } from '@/lib/mailbox/mirror';
import type { RecordAction } from '@/lib/models/panel-model';
import { EMAIL_EVENTS } from '@/lib/sequence/types';
import type { ConnectionView } from '@/lib/views/record-view';

import { ActionButton } from './action-button';
import { eventButtonLabel } from './labels';

export interface EmailEventsProps {
  connection: ConnectionView;
  busy: boolean;
  locked: boolean;
  onAct: (action: RecordAction) => void;
  mailbox?: PanelMailbox;
}

/**
 * What the customer did with the last email the seller sent. Enabled once an email step was
 * completed; recorded against that email step.
 */
export function EmailEvents({ connection, busy, locked, onAct, mailbox }: EmailEventsProps) {
  // One group per card: the connection names it (no useId, so no hooks at first paint).
  const id = `events-${connection.connectionId}`;
  const last = connection.sentEmails.at(-1);
  const none = last === undefined;
  return (
    <div class="events" role="group" aria-labelledby={`${id}-label`}>
      <p class="events__label" id={`${id}-label`}>
        {t('emailActivity')}
      </p>
      <div class="row row--quiet">
        {EMAIL_EVENTS.map((event) => (
          <ActionButton
            key={event}
            variant="quiet"
            busy={busy}
            locked={locked || none}
            onClick={() =>
              onAct({
                type: 'email-event',
                connectionId: connection.connectionId,
                event,
                ...(last ? { stepId: last.stepId } : {}),
              })
            }
          >
            {eventButtonLabel(event)}
          </ActionButton>
        ))}
      </div>
      {none && <p class="meta">{t('eventsNeedEmail')}</p>}
      {mailbox !== undefined && mailbox.unreadable.length > 0 && (
        <p class="callout callout--warn">{t('mailboxUnreadable')}</p>
      )}
      {mailbox !== undefined &&
        mailbox.connected.length > mailbox.unreadable.length &&
        mailbox.unreadable.length === 0 && <p class="meta">{t('eventsFromMailbox')}</p>}
      <p class="meta">{t('eventsNotTracked')}</p>
    </div>
  );
}
