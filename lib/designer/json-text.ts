/**
 * The text of the JSON view (issue #16, item 8): exactly what Export writes for this one
 * sequence. Kept apart from reading it back (`json-view.ts`, which needs the validator), so the
 * console can show the text without loading the validator first.
 */
import { exportPackText } from '../sequence/export';
import type { Sequence } from '../sequence/types';

export function draftText(sequence: Sequence): string {
  return exportPackText([sequence]);
}
