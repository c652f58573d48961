import type { Notice } from '../../lib/models/console/notice';

interface LiveNoticeProps {
  notice: Notice | null;
  onDismiss: () => void;
}

/**
 * A section's live region with its dismissible notice. The region stays in the DOM while empty
 * so screen readers announce the notice when it appears (a region added with its text is not
 * read).
 */
export function LiveNotice({ notice, onDismiss }: LiveNoticeProps) {
  return (
    <div aria-live="polite" class="live">
      {notice !== null && (
        <p
          class={`notice notice--${notice.kind}`}
          role={notice.kind === 'error' ? 'alert' : 'status'}
        >
          {notice.text}{' '}
          <button type="button" class="button button--small button--quiet" onClick={onDismiss}>
            Dismiss
          </button>
        </p>
      )}
    </div>
  );
}
