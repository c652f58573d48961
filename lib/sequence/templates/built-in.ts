/**
 * The built-in sequence templates (after Dynamics 365 Sales' set), offered in the manager
 * console. Kept as JSON so that it doubles as an example pack; validated when loaded, and by
 * `built-in.test.ts`.
 */
import { validatePackValue } from '../parse';
import type { Pack } from '../types';
import builtInPack from './built-in-pack.json';

function load(): Pack {
  const result = validatePackValue(builtInPack);
  if (!result.ok) {
    // A programming error caught by the unit tests, never a user's problem.
    throw new Error(
      `Built-in pack is invalid: ${result.problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')}`,
    );
  }
  return result.pack;
}

export const BUILT_IN_PACK: Pack = load();
