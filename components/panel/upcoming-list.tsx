import { t } from '@/lib/i18n';
import type { AheadItem } from '@/lib/views/record-view';

import { StepPreviewItem } from './step-preview-item';

/** The steps after the current one; branch steps marked "If yes" / "If no", unsure ones "maybe". */
export function UpcomingList({ items }: { items: AheadItem[] }) {
  return (
    <details class="disclosure">
      <summary>{t('upcoming', items.length)}</summary>
      {items.length === 0 ? (
        <p class="muted">{t('upcomingNone')}</p>
      ) : (
        <ol class="steps">
          {items.map((item) => (
            <StepPreviewItem key={`${item.stepId}-${item.branch ?? ''}`} item={item}>
              {item.tentative && (
                <span class="tag" title={t('tentativeHint')}>
                  {t('tentative')}
                </span>
              )}
            </StepPreviewItem>
          ))}
        </ol>
      )}
    </details>
  );
}
