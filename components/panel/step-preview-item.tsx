import type { ComponentChildren } from 'preact';

import { t } from '@/lib/i18n';
import type { AheadItem } from '@/lib/views/record-view';

import { StepIcon } from './icons';

/**
 * One step of a list of steps to come (the card's Upcoming list, the connect picker's preview):
 * indented by its depth, with its icon, "If yes" / "If no" in a branch, and its name; `children`
 * follow the name (the Upcoming list's "maybe" tag).
 */
export function StepPreviewItem({
  item,
  children,
}: {
  item: AheadItem;
  children?: ComponentChildren;
}) {
  return (
    <li
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
      {children}
    </li>
  );
}
