import { CALL_OUTCOMES, type CallOutcome } from '../../lib/sequence/types';
import { ModalDialog } from '../modal-dialog';

const OUTCOME_LABELS: Record<CallOutcome, string> = {
  connected: 'Connected',
  voicemail: 'Left voicemail',
  'no-answer': 'No answer',
  'wrong-number': 'Wrong number',
};

export interface OutcomeDialogProps {
  /** "Call for Ada Lovelace" or "4 calls". */
  subject: string;
  onChoose: (outcome: CallOutcome) => void;
  onCancel: () => void;
}

/** A call is completed with its outcome: conditions later in the sequence branch on it. */
export function OutcomeDialog({ subject, onChoose, onCancel }: OutcomeDialogProps) {
  return (
    <ModalDialog title="How did the call go?" description={subject} onClose={onCancel}>
      <div class="choice-grid">
        {CALL_OUTCOMES.map((outcome) => (
          <button key={outcome} type="button" class="button" onClick={() => onChoose(outcome)}>
            {OUTCOME_LABELS[outcome]}
          </button>
        ))}
      </div>
      <div class="dialog__footer">
        <button type="button" class="button button--quiet" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </ModalDialog>
  );
}
