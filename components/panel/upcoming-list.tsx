import { t } from '@/lib/i18n';
import type { AheadItem } from '@/lib/views/record-view';

import { Disclosure } from './disclosure';
import { StepPreviewItem } from './step-preview-item';

/** The steps after the current one; branch steps marked "If yes" / "If no", unsure ones "maybe". */
export function UpcomingList({ items }: { items: AheadItem[] }) {
  return (
    <Disclosure
      summary={t('upcoming', items.length)}
      body={(extras) => <extras.UpcomingSteps items={items} />}
    />
  );
}

/** The Upcoming section's list (in the panel's extras: components/panel/disclosure.tsx). */
export function UpcomingSteps({ items }: { items: AheadItem[] }) {
  return items.length === 0 ? (
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
  );
}
