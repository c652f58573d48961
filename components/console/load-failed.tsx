/**
 * What a console view shows when its data could not be loaded: the reason, and a way to ask
 * again. An alert, so a screen reader announces it.
 */
export function LoadFailed({ message, onRetry }: { message: string | null; onRetry: () => void }) {
  return (
    <div class="notice notice--error" role="alert">
      <p>{message}</p>
      <button type="button" class="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
