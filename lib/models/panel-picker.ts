/**
 * The connect picker's search (its list is one of the panel's extras,
 * components/panel/connect-picker-list.tsx, and so is this).
 */
import type { SequenceOption } from '../messaging/protocol';

/**
 * The sequences `options` whose name, description or tags hold every word of `query`, in any
 * case; all of them for an empty query, none while the list has not come.
 */
export function filterOptions(options: SequenceOption[] | null, query: string): SequenceOption[] {
  if (!options) return [];
  const words = query.trim().toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return options;
  return options.filter((option) => {
    const haystack = [option.name, option.description ?? '', ...option.tags]
      .join(' ')
      .toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}
