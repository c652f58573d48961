import { useRef } from 'preact/hooks';

import { t } from '@/lib/i18n';

import { ModalDialog } from '../modal-dialog';
import { ActionButton } from './action-button';

export interface DisconnectConfirmProps {
  sequenceName: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * The second step of Disconnect: the one modal pattern (a native `<dialog>`, also inside the
 * panel's shadow root), never `window.confirm`. Cancel has focus; Escape cancels.
 */
export function DisconnectConfirm({
  sequenceName,
  busy,
  onConfirm,
  onCancel,
}: DisconnectConfirmProps) {
  return (
    <ModalDialog title={t('disconnectQuestion', sequenceName)} onClose={onCancel}>
      <div class="row">
        <ActionButton variant="danger" busy={busy} onClick={onConfirm}>
          {t('disconnectConfirm')}
        </ActionButton>
        <ActionButton variant="quiet" autofocus onClick={() => onCancel()}>
          {t('cancel')}
        </ActionButton>
      </div>
    </ModalDialog>
  );
}

export interface DisconnectFootProps {
  sequenceName: string;
  /** The confirmation is open. */
  open: boolean;
  busy: boolean;
  locked: boolean;
  onOpen: () => void;
  onClose: () => void;
  onConfirm: () => void;
}

/**
 * Disconnect, at the foot of the About section (a sequence-level action, kept out of the way of
 * the daily ones), and its confirmation. In the panel's extras: the section is closed at first
 * paint, and what it holds comes with them (components/panel/disclosure.tsx).
 */
export function DisconnectFoot(props: DisconnectFootProps) {
  const { sequenceName, open, busy, locked, onOpen, onClose, onConfirm } = props;
  const button = useRef<HTMLButtonElement>(null);
  return (
    <div class="card__foot">
      <ActionButton
        variant="quiet"
        buttonRef={button}
        locked={locked}
        hasPopup="dialog"
        onClick={() => (open ? onClose() : onOpen())}
      >
        {t('disconnect')}
      </ActionButton>
      {open && (
        <DisconnectConfirm
          sequenceName={sequenceName}
          busy={busy}
          onConfirm={onConfirm}
          onCancel={() => {
            onClose();
            button.current?.focus();
          }}
        />
      )}
    </div>
  );
}
