import { t } from '@/lib/i18n';
import type { MenuKind, RecordAction, StepRef } from '@/lib/models/panel-model';

import type { TimeContext } from './time-context';
import { NoteForm } from './note-form';
import { OutcomePicker } from './outcome-picker';
import { SnoozeMenu } from './snooze-menu';

export interface StepMenuProps {
  menu: Exclude<MenuKind, 'disconnect'>;
  /** A call's Complete asks how the call went; other steps complete at once (no menu). */
  isCall: boolean;
  /** The type of this card's action in flight, if any. */
  busy: RecordAction['type'] | null;
  time: TimeContext;
  step: StepRef;
  onAct: (action: RecordAction) => void;
  /** Closes the menu and gives focus back to the button that opened it. */
  onCancel: () => void;
}

/**
 * The form or menu a step's button opened (components/panel/step-actions.tsx): the call's
 * outcome, Skip's optional note, the snooze choices, a note. One of the panel's extras: none is
 * open at first paint.
 */
export function StepMenu({ menu, isCall, busy, time, step, onAct, onCancel }: StepMenuProps) {
  switch (menu) {
    case 'complete':
      return isCall ? (
        <OutcomePicker
          busy={busy === 'complete'}
          onCancel={onCancel}
          onSubmit={(outcome, note) =>
            onAct({ type: 'complete', outcome, ...(note ? { note } : {}), ...step })
          }
        />
      ) : null;
    case 'skip':
      return (
        <NoteForm
          label={t('noteOptional')}
          submitLabel={t('skipStep')}
          required={false}
          busy={busy === 'skip'}
          onCancel={onCancel}
          onSubmit={(note) => onAct({ type: 'skip', ...(note ? { note } : {}), ...step })}
        />
      );
    case 'snooze':
      return (
        <SnoozeMenu
          time={time}
          onCancel={onCancel}
          onSnooze={(until) => onAct({ type: 'snooze', until, ...step })}
        />
      );
    case 'note':
      return (
        <NoteForm
          label={t('note')}
          submitLabel={t('saveNote')}
          required
          busy={busy === 'add-note'}
          onCancel={onCancel}
          onSubmit={(note) => onAct({ type: 'add-note', note, ...step })}
        />
      );
  }
}
