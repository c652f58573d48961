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
