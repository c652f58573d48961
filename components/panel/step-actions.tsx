import { Component, createRef, type RefObject } from 'preact';

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

/**
 * The buttons of the current step, and the small form or menu one of them opened. A class, not
 * hooks: the panel's first paint ships without preact/hooks (only the extras, which load later,
 * bring them), and what this needs across renders is two fields.
 */
export class StepActions extends Component<StepActionsProps> {
  /** The buttons that open a menu: focus goes back to one when its menu closes. */
  private readonly triggers: Record<
    Exclude<MenuKind, 'disconnect'>,
    RefObject<HTMLButtonElement | null>
  > = {
    complete: createRef(),
    skip: createRef(),
    snooze: createRef(),
    note: createRef(),
  };
  private focusInside = false;

  // When a menu closes because its action finished, the focused element inside it is gone.
  // Focus goes back to the button that opened it, but only if focus was in here (never pull
  // it away from the CRM page).
  override componentDidUpdate(previous: StepActionsProps): void {
    const closed = previous.menu;
    if (closed === null || closed === 'disconnect' || this.props.menu !== null) return;
    if (!this.focusInside) return;
    const active = document.activeElement;
    if (active === null || active === document.body) this.triggers[closed].current?.focus();
  }

  override render(props: StepActionsProps) {
    return renderActions(props, this.triggers, {
      onFocusIn: () => (this.focusInside = true),
      onFocusOut: (event: FocusEvent) => {
        const next = event.relatedTarget as Node | null;
        this.focusInside = next !== null && (event.currentTarget as HTMLElement).contains(next);
      },
    });
  }
}

function renderActions(
  props: StepActionsProps,
  triggers: Record<Exclude<MenuKind, 'disconnect'>, RefObject<HTMLButtonElement | null>>,
  trackFocus: { onFocusIn: () => void; onFocusOut: (event: FocusEvent) => void },
) {
  const { connection, step, fields, time, busy, locked, menu, onAct, onOpenMenu, onCloseMenu } =
    props;
  const { complete: completeButton, skip: skipButton, snooze: snoozeButton } = triggers;
  const noteButton = triggers.note;
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
      {menu !== null && menu !== 'disconnect' && extras && (
        <extras.StepMenu
          menu={menu}
          isCall={isCall}
          busy={busy}
          time={time}
          step={ref}
          onAct={onAct}
          onCancel={closeAndReturn(triggers[menu])}
        />
      )}
    </div>
  );
}
