import { t } from '@/lib/i18n';
import type { PickerState } from '@/lib/models/panel-model';
import type { Entity } from '@/lib/sequence/types';

import { ActionButton } from './action-button';
import { panelExtras } from './extras';

export interface ConnectPickerProps {
  entity: Entity;
  picker: PickerState;
  /** Whether the record already has active sequences (changes the button's words). */
  hasActive: boolean;
  busy: boolean;
  locked: boolean;
  failure: string | null;
  onOpen: () => void;
  onClose: () => void;
  onQuery: (query: string) => void;
  onSelect: (id: string) => void;
  onConnect: () => void;
  onRetry: () => void;
  onOpenConsole: () => void;
}

/**
 * Connect the record to an active sequence: the button, and once opened the picker (search, pick,
 * preview, connect; components/panel/connect-picker-list.tsx, one of the panel's extras).
 */
export function ConnectPicker(props: ConnectPickerProps) {
  const { picker, hasActive, locked } = props;
  if (!picker.open) {
    return (
      <div class="connect">
        {!hasActive && <p class="muted">{t('noSequenceYet')}</p>}
        <ActionButton
          variant={hasActive ? 'quiet' : 'primary'}
          locked={locked}
          expanded={false}
          onClick={props.onOpen}
        >
          {t(hasActive ? 'addSequence' : 'connectSequence')}
        </ActionButton>
      </div>
    );
  }

  const extras = panelExtras();
  return extras ? <extras.ConnectPickerList {...props} /> : <Loading />;
}

/** While the extras load (one message to the background): said, not shown as an empty box. */
function Loading() {
  return (
    <p class="muted" role="status">
      {t('connectLoading')}
    </p>
  );
}
