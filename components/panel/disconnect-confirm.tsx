import { useEffect, useRef } from 'preact/hooks';

import { t } from '@/lib/i18n';

import { ActionButton } from './action-button';

export interface DisconnectConfirmProps {
  sequenceName: string;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/** The second step of Disconnect, in the panel (no `window.confirm`); Cancel has focus. */
export function DisconnectConfirm({
  sequenceName,
  busy,
  onConfirm,
  onCancel,
}: DisconnectConfirmProps) {
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
  return (
    <div
      class="confirm"
      role="group"
      aria-label={t('disconnect')}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onCancel();
        }
      }}
    >
      <p>{t('disconnectQuestion', sequenceName)}</p>
      <div class="row">
        <ActionButton variant="danger" busy={busy} onClick={onConfirm}>
          {t('disconnectConfirm')}
        </ActionButton>
        <ActionButton variant="quiet" buttonRef={cancel} onClick={() => onCancel()}>
          {t('cancel')}
        </ActionButton>
      </div>
    </div>
  );
}
