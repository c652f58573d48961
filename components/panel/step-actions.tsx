import { useEffect, useRef } from 'preact/hooks';

import { t } from '@/lib/i18n';
import type { MenuKind, RecordAction, StepRef } from '@/lib/models/panel-model';
import type { ConnectionView, CurrentStepInfo } from '@/lib/views/record-view';

import { ActionButton } from './action-button';
import { composeLink } from '@/lib/mailbox/clients';
import type { PanelMailbox } from '@/lib/mailbox/mirror';

import { linkedinSearchLink, smsLink, telLink } from './links';
import { panelExtras } from './extras';
import type { TimeContext } from './time-context';

export interface StepActionsProps {
  connection: ConnectionView;
  step: CurrentStepInfo;
  fields: Record<string, string>;
  time: TimeContext;
  /** The type of this card's action in flight, if any. */
  busy: RecordAction['type'] | null;
  locked: boolean;
  menu: MenuKind | null;
  onAct: (action: RecordAction) => void;
  onOpenMenu: (kind: MenuKind) => void;
  onCloseMenu: () => void;
  /** The seller's mailbox (compose app, hints); absent: compose in the default mail app. */
  mailbox?: PanelMailbox;
}

function HandOff({
  step,
  fields,
  mailbox,
}: {
  step: CurrentStepInfo;
  fields: Record<string, string>;
  mailbox: PanelMailbox | undefined;
}) {
  const phone = fields['phone'];
  switch (step.type) {
    case 'email': {
      const app = mailbox?.composeWith ?? 'default';
      const href = composeLink(
        app,
        {
          to: fields['email'] ?? '',
          subject: step.email?.subject.text ?? '',
          body: step.email?.body.text ?? '',
        },
        mailbox?.outlookOrigin,
      );
      // A web mail client opens in a new tab; `mailto:` hands over to the mail app.
      return app === 'default' ? (
        <a class="button button--primary" href={href}>
          {t('openEmail')}
        </a>
      ) : (
        <a class="button button--primary" href={href} target="_blank" rel="noopener noreferrer">
          {t('openEmail')}
        </a>
      );
    }
    case 'call': {
      const href = phone ? telLink(phone) : null;
      return href ? (
        <a class="button button--primary" href={href}>
          {t('call')}
        </a>
      ) : null;
    }
    case 'text':
      return (
        <a class="button button--primary" href={smsLink(phone, step.text?.text ?? '')}>
          {t('sendText')}
        </a>
      );
    case 'linkedin':
      return (
        <a
          class="button button--primary"
          href={linkedinSearchLink(fields['name'] ?? '', fields['company'])}
          target="_blank"
          rel="noopener noreferrer"
        >
          {t('findOnLinkedin')}
        </a>
      );
    default:
      return null;
  }
}

/** The buttons of the current step, and the small form or menu one of them opened. */
export function StepActions(props: StepActionsProps) {
  const { connection, step, fields, time, busy, locked, menu, onAct, onOpenMenu, onCloseMenu } =
    props;
  const completeButton = useRef<HTMLButtonElement>(null);
  const skipButton = useRef<HTMLButtonElement>(null);
  const snoozeButton = useRef<HTMLButtonElement>(null);
  const noteButton = useRef<HTMLButtonElement>(null);
  const triggers: Record<MenuKind, { current: HTMLButtonElement | null } | null> = {
    complete: completeButton,
    skip: skipButton,
    snooze: snoozeButton,
    note: noteButton,
    disconnect: null,
  };
  // When a menu closes because its action finished, the focused element inside it is gone.
  // Focus goes back to the button that opened it, but only if focus was in here (never pull
  // it away from the CRM page).
  const focusInside = useRef(false);
  const lastMenu = useRef<MenuKind | null>(menu);
  useEffect(() => {
    const closed = lastMenu.current;
    lastMenu.current = menu;
    if (closed === null || menu !== null || !focusInside.current) return;
    const active = document.activeElement;
    if (active === null || active === document.body) triggers[closed]?.current?.focus();
  });
  const trackFocus = {
    onFocusIn: () => (focusInside.current = true),
    onFocusOut: (event: FocusEvent) => {
      const next = event.relatedTarget as Node | null;
      focusInside.current = next !== null && (event.currentTarget as HTMLElement).contains(next);
    },
  };
  const ref: StepRef = {
    connectionId: connection.connectionId,
    stepId: step.stepId,
    revision: connection.revision,
  };
  const closeAndReturn = (button: { current: HTMLButtonElement | null }) => () => {
    onCloseMenu();
    button.current?.focus();
  };
  const toggle = (kind: MenuKind) => () => {
    if (menu === kind) onCloseMenu();
    else onOpenMenu(kind);
  };

  if (step.kind === 'needs-answer') {
    return (
      <div class="row">
        <ActionButton
          variant="primary"
          busy={busy === 'answer'}
          locked={locked}
          onClick={() => onAct({ type: 'answer', answer: 'yes', ...ref })}
        >
          {t('yes')}
        </ActionButton>
        <ActionButton
          busy={busy === 'answer'}
          locked={locked}
          onClick={() => onAct({ type: 'answer', answer: 'no', ...ref })}
        >
          {t('no')}
        </ActionButton>
      </div>
    );
  }

  if (step.kind === 'waiting') {
    if (step.waitEndsAt === null) return null;
    return (
      <div class="row">
        <ActionButton
          busy={busy === 'skip-wait'}
          locked={locked}
          onClick={() => onAct({ type: 'skip-wait', ...ref })}
        >
          {t('skipWait')}
        </ActionButton>
      </div>
    );
  }

  const handOff = <HandOff step={step} fields={fields} mailbox={props.mailbox} />;
  const isCall = step.type === 'call';
  // The forms live in the panel's extras; an open one that has not arrived yet appears with them.
  const extras = menu === null ? null : panelExtras();
  return (
    <div class="actions" {...trackFocus}>
      <div class="row">
        {handOff}
        <ActionButton
          buttonRef={completeButton}
          variant={step.type === 'task' || step.type === 'update-field' ? 'primary' : 'secondary'}
          busy={busy === 'complete'}
          locked={locked}
          expanded={isCall ? menu === 'complete' : undefined}
          onClick={isCall ? toggle('complete') : () => onAct({ type: 'complete', ...ref })}
        >
          {t('complete')}
        </ActionButton>
      </div>
      <div class="row row--quiet">
        <ActionButton
          buttonRef={skipButton}
          variant="quiet"
          busy={busy === 'skip'}
          locked={locked}
          expanded={menu === 'skip'}
          onClick={toggle('skip')}
        >
          {t('skip')}
        </ActionButton>
        <ActionButton
          buttonRef={snoozeButton}
          variant="quiet"
          busy={busy === 'snooze'}
          locked={locked}
          expanded={menu === 'snooze'}
          hasPopup="menu"
          onClick={toggle('snooze')}
        >
          {t('snooze')}
        </ActionButton>
        <ActionButton
          buttonRef={noteButton}
          variant="quiet"
          busy={busy === 'add-note'}
          locked={locked}
          expanded={menu === 'note'}
          onClick={toggle('note')}
        >
          {t('addNote')}
        </ActionButton>
      </div>
      {menu === 'complete' && isCall && extras && (
        <extras.OutcomePicker
          busy={busy === 'complete'}
          onCancel={closeAndReturn(completeButton)}
          onSubmit={(outcome, note) =>
            onAct({ type: 'complete', outcome, ...(note ? { note } : {}), ...ref })
          }
        />
      )}
      {menu === 'skip' && extras && (
        <extras.NoteForm
          label={t('noteOptional')}
          submitLabel={t('skipStep')}
          required={false}
          busy={busy === 'skip'}
          onCancel={closeAndReturn(skipButton)}
          onSubmit={(note) => onAct({ type: 'skip', ...(note ? { note } : {}), ...ref })}
        />
      )}
      {menu === 'snooze' && extras && (
        <extras.SnoozeMenu
          time={time}
          onCancel={closeAndReturn(snoozeButton)}
          onSnooze={(until) => onAct({ type: 'snooze', until, ...ref })}
        />
      )}
      {menu === 'note' && extras && (
        <extras.NoteForm
          label={t('note')}
          submitLabel={t('saveNote')}
          required
          busy={busy === 'add-note'}
          onCancel={closeAndReturn(noteButton)}
          onSubmit={(note) => onAct({ type: 'add-note', note, ...ref })}
        />
      )}
    </div>
  );
}
