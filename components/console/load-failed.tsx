/**
 * What a console view shows when its data could not be loaded: what is missing in plain words,
 * the reason, and a way to ask again. An alert, so a screen reader announces it.
 */
export function LoadFailed({
  what,
  message,
  onRetry,
}: {
  /** What could not be loaded, as the start of a sentence: "The sequences". */
  what: string;
  message: string | null;
  onRetry: () => void;
}) {
  return (
    <div class="notice notice--error" role="alert">
      <p>
        <strong>{what} could not be loaded.</strong> {message}
      </p>
      <button type="button" class="button" onClick={onRetry}>
        Try again
      </button>
    </div>
  );
}
