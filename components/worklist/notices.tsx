import type { Notice, PendingNotice } from '../../lib/models/worklist-model';

export interface NoticesProps {
  pending: PendingNotice[];
  notices: Notice[];
  onUndo: (id: number) => void;
  onDismiss: (id: number) => void;
}

/**
 * Undo notices and results, in one polite live region so a screen reader hears
 * "Completed ‘Call’ for Ada Lovelace" without losing its place in the list.
 */
export function Notices({ pending, notices, onUndo, onDismiss }: NoticesProps) {
  return (
    <div class="notices" role="status" aria-live="polite">
      {pending.map((p) => (
        <div key={`p${p.id}`} class="notice" data-pending={p.id}>
          <span class="notice__text">{p.text}</span>
          <button
            type="button"
            class="button button--small notice__undo"
            aria-label={`Undo: ${p.text}`}
            onClick={() => onUndo(p.id)}
          >
            Undo
          </button>
        </div>
      ))}
      {notices.map((n) => (
        <div key={`n${n.id}`} class={`notice notice--${n.tone}`}>
          <span class="notice__text">{n.text}</span>
          <button
            type="button"
            class="button button--small button--quiet"
            aria-label={`Dismiss: ${n.text}`}
            onClick={() => onDismiss(n.id)}
          >
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
