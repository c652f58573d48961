import type { IDBPDatabase } from 'idb';

import type { UpnextDB } from '../db';

/**
 * Version 7: `abTests`, one row per A/B test step that has ended (key `[sequenceId, stepId]`):
 * when, with which winner, who or what ended it, and the numbers at that moment. A running test
 * has no row (its numbers are counted from the records). Written once, never changed, so every
 * record that reaches the step afterwards gets the same version. Indexed by sequence, so a
 * record transaction reads a sequence's ended tests in one range.
 */
export function migrateTo7(db: IDBPDatabase<UpnextDB>): void {
  const tests = db.createObjectStore('abTests', { keyPath: ['sequenceId', 'stepId'] });
  tests.createIndex('bySequence', 'sequenceId');
}
