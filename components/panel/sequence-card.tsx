import { t } from '@/lib/i18n';
import type { PanelMailbox } from '@/lib/mailbox/mirror';
import type { RecordAction, Failure, MenuKind, Notice, Pending } from '@/lib/models/panel-model';
import type { ConnectionView } from '@/lib/views/record-view';

import { AboutSequence } from './about-sequence';
import { ActionButton } from './action-button';
import { EmailEvents } from './email-events';
import { HistoryList } from './history-list';
import { ProgressBar } from './progress-bar';
import { StepCard } from './step-card';
import type { TimeContext } from './time-context';
import { UpcomingList } from './upcoming-list';

export interface SequenceCardProps {
  connection: ConnectionView;
  fields: Record<string, string>;
  time: TimeContext;
  /** The action in flight anywhere in the panel. */
  pending: Pending | null;
  /** Its step just changed under the pointer: its buttons ignore clicks for a moment. */
  settling?: boolean;
  failure: Failure | null;
  notice: Notice | null;
  menu: MenuKind | null;
  onAct: (action: RecordAction) => void;
  onRetry: () => void;
  onDismissNotice: () => void;
  onOpenMenu: (kind: MenuKind) => void;
  onCloseMenu: () => void;
  mailbox?: PanelMailbox;
  onOpenConsole?: () => void;
  onDismissMailboxHint?: () => void;
}

/**
 * On an email step while no mailbox is connected: where to connect one (until the seller hides
 * it).
 */
function MailboxHint({
  onOpenConsole,
  onDismiss,
}: {
  onOpenConsole: (() => void) | undefined;
  onDismiss: (() => void) | undefined;
}) {
  return (
    <div class="callout callout--hint">
      <p>{t('mailboxHint')}</p>
      <div class="row row--quiet">
        {onOpenConsole && (
          <button type="button" class="link-button" onClick={() => onOpenConsole()}>
            {t('mailboxHintOpen')}
          </button>
        )}
        {onDismiss && (
          <button type="button" class="link-button" onClick={() => onDismiss()}>
            {t('mailboxHintDismiss')}
          </button>
        )}
      </div>
    </div>
  );
}

/** One active sequence on the record: its current step on top, then the rest on demand. */
export function SequenceCard(props: SequenceCardProps) {
  const { connection, fields, time, pending, failure, notice, menu } = props;
  const { onAct, onRetry, onDismissNotice, onOpenMenu, onCloseMenu, mailbox } = props;
  const showHint =
    connection.current?.type === 'email' &&
    mailbox !== undefined &&
    mailbox.connected.length === 0 &&
    !mailbox.hintDismissed;
  const mine = pending?.key === connection.connectionId ? pending.action.type : null;
  const locked = pending !== null || props.settling === true;
  // Email activity only matters once there is (or is about to be) an email to react to.
  const showEvents = connection.sentEmails.length > 0 || connection.current?.type === 'email';
  const headingId = `seq-${connection.connectionId}`;
  return (
    <article class="card" aria-labelledby={headingId} aria-busy={mine ? 'true' : undefined}>
      <header class="card__head">
        <h2 class="card__title" id={headingId}>
          {connection.sequenceName}
        </h2>
        <ProgressBar connection={connection} />
      </header>

      {notice?.key === connection.connectionId && (
        <div class="notice" role="status">
          <p>{notice.text}</p>
          <button type="button" class="link-button" onClick={() => onDismissNotice()}>
            {t('dismiss')}
          </button>
        </div>
      )}

      {connection.current ? (
        <StepCard
          connection={connection}
          step={connection.current}
          fields={fields}
          time={time}
          busy={mine}
          locked={locked}
          menu={menu}
          onAct={onAct}
          onOpenMenu={onOpenMenu}
          onCloseMenu={onCloseMenu}
          mailbox={mailbox}
        />
      ) : (
        <p class="muted">{t('noCurrentStep')}</p>
      )}

      {failure?.key === connection.connectionId && (
        <div class="failure" role="alert">
          <p>{failure.message}</p>
          <ActionButton variant="secondary" locked={locked} onClick={onRetry}>
            {t('tryAgain')}
          </ActionButton>
        </div>
      )}

      {showHint && (
        <MailboxHint onOpenConsole={props.onOpenConsole} onDismiss={props.onDismissMailboxHint} />
      )}

      {showEvents && (
        <EmailEvents
          connection={connection}
          busy={mine === 'email-event'}
          locked={locked}
          onAct={onAct}
          mailbox={mailbox}
        />
      )}

      <UpcomingList items={connection.ahead} />
      <HistoryList items={connection.history} time={time} />
      <AboutSequence
        connection={connection}
        time={time}
        foot={(extras) => (
          <extras.DisconnectFoot
            sequenceName={connection.sequenceName}
            open={menu === 'disconnect'}
            busy={mine === 'disconnect'}
            locked={locked}
            onOpen={() => onOpenMenu('disconnect')}
            onClose={onCloseMenu}
            onConfirm={() => onAct({ type: 'disconnect', connectionId: connection.connectionId })}
          />
        )}
      />
    </article>
  );
}
