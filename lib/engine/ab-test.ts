/**
 * Which version of an A/B test step a record gets (spec section 3, `ab-test`). Deterministic:
 * the same record gets the same version on every device and after a restore, because the
 * choice is a hash of who and where, not a random draw.
 *
 * While the test runs, the version is `a` when
 * `fnv1a32(utf8("crm|entity|id|sequenceId|stepId")) mod 100 < split`, else `b` (32-bit FNV-1a,
 * the record id exactly as stored). Once the test has ended, every record reaching the step gets
 * the winner, or the step's `default` when the test ended without one. The engine keeps no test
 * state: the caller says whether a test has ended (`EngineContext.abTestEnded`); past the step's
 * `ends.at` without that answer, the test has ended without a known winner (`default`).
 */
import { DEFAULT_AB_SPLIT } from '../sequence/limits';
import type { AbTestStep, AbVersion } from '../sequence/types';
import type { AbAssignment, AbTestEnd, RecordRef } from './types';

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * 32-bit FNV-1a of the UTF-8 bytes of `text`, as an unsigned integer. The bytes are produced
 * on the fly (a lone surrogate counts as U+FFFD, as TextEncoder encodes it), so the hash depends
 * on nothing but the text.
 */
export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET;
  const add = (byte: number): void => {
    hash = Math.imul(hash ^ byte, FNV_PRIME) >>> 0;
  };
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (next - 0xdc00);
        i++;
      } else code = 0xfffd;
    } else if (code >= 0xdc00 && code <= 0xdfff) code = 0xfffd;
    if (code < 0x80) add(code);
    else if (code < 0x800) {
      add(0xc0 | (code >> 6));
      add(0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
      add(0xe0 | (code >> 12));
      add(0x80 | ((code >> 6) & 0x3f));
      add(0x80 | (code & 0x3f));
    } else {
      add(0xf0 | (code >> 18));
      add(0x80 | ((code >> 12) & 0x3f));
      add(0x80 | ((code >> 6) & 0x3f));
      add(0x80 | (code & 0x3f));
    }
  }
  return hash;
}

/** The text that is hashed: `crm|entity|id|sequenceId|stepId`. */
export function abHashKey(record: RecordRef, sequenceId: string, stepId: string): string {
  return `${record.crm}|${record.entity}|${record.id}|${sequenceId}|${stepId}`;
}

/** The version the split gives a record while the test runs (the spec's hash rule). */
export function splitVersion(
  record: RecordRef,
  sequenceId: string,
  step: Pick<AbTestStep, 'id' | 'split'>,
): AbVersion {
  const bucket = fnv1a32(abHashKey(record, sequenceId, step.id)) % 100;
  return bucket < (step.split ?? DEFAULT_AB_SPLIT) ? 'a' : 'b';
}

/**
 * The version a record reaching the A/B step at instant `at` gets, and why: `split` while the
 * test runs, `winner` or `default` once it has ended (`ended` from the caller, or `ends.at`
 * passed).
 */
export function chooseAbVersion(
  record: RecordRef,
  sequenceId: string,
  step: AbTestStep,
  at: number,
  ended: AbTestEnd | undefined,
): AbAssignment {
  if (ended !== undefined) {
    return ended.winner === null
      ? { version: step.default, by: 'default' }
      : { version: ended.winner, by: 'winner' };
  }
  if (step.ends !== undefined && 'at' in step.ends) {
    const endsAt = Date.parse(step.ends.at);
    if (Number.isFinite(endsAt) && at >= endsAt) return { version: step.default, by: 'default' };
  }
  return { version: splitVersion(record, sequenceId, step), by: 'split' };
}
