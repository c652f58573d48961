import { t } from '@/lib/i18n';
import type { AheadItem } from '@/lib/views/record-view';

import { StepIcon } from './icons';

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
            <li
              key={`${item.stepId}-${item.branch ?? ''}`}
              class={item.tentative ? 'steps__item is-tentative' : 'steps__item'}
              style={{ paddingInlineStart: `${String(item.depth * 14)}px` }}
            >
              <StepIcon type={item.type} />
              {item.branch && (
                <span class={`branch branch--${item.branch}`}>
                  {t(item.branch === 'yes' ? 'ifYes' : 'ifNo')}
                </span>
              )}
              <span class="steps__name">{item.name}</span>
              {item.tentative && (
                <span class="tag" title={t('tentativeHint')}>
                  {t('tentative')}
                </span>
              )}
            </li>
          ))}
        </ol>
      )}
    </details>
  );
}
