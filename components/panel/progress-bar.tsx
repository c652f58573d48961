import { t } from '@/lib/i18n';
import type { ConnectionView } from '@/lib/views/record-view';

/** A real `<progress>`: screen readers announce it with its label and value. */
export function ProgressBar({ connection }: { connection: ConnectionView }) {
  const { done, total } = connection.progress;
  const max = Math.max(total, 1);
  return (
    <div class="progress">
      <progress
        class="progress__bar"
        max={max}
        value={Math.min(done, max)}
        aria-label={t('progressLabel', connection.sequenceName)}
      />
      <span class="progress__text">{t('progressText', Math.min(done + 1, max), max)}</span>
    </div>
  );
}
