/**
 * The built-in sequence templates (after Dynamics 365 Sales' set), offered in the manager
 * console. Kept as JSON so that it doubles as an example pack; validated when first used, and
 * by `built-in.test.ts`.
 */
import { validatePackValue } from '../parse';
import type { Pack } from '../types';
import packJson from './built-in-pack.json';

let loaded: Pack | undefined;

/**
 * The built-in pack, validated on the first call and kept. Not at module load: the service
 * worker imports this module on every start, and validating the pack there took a third of the
 * worker's start-up before it could answer its first message (docs/performance.md).
 */
export function builtInPack(): Pack {
  if (loaded !== undefined) return loaded;
  const result = validatePackValue(packJson);
  if (!result.ok) {
    // A programming error caught by the unit tests, never a user's problem.
    throw new Error(
      `Built-in pack is invalid: ${result.problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ')}`,
    );
  }
  loaded = result.pack;
  return loaded;
}
