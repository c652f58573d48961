/**
 * The IndexedDB database, owned by the background service worker (the only writer). Extension
 * pages may read it (same origin); content scripts never touch it: there `indexedDB` is the
 * CRM site's database.
 *
 * Upgrades are an `if (oldVersion < N)` ladder, one numbered migration file per step, each
 * tested by seeding the previous version in fake-indexeddb (see migrations/).
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

import { migrateTo1 } from './migrations/001-initial';
import { migrateTo5 } from './migrations/005-insights';
import type { DayRollup } from '../engine/rollup';
import type { SettingDoc } from './settings';
import { migrateTo6 } from './migrations/006-mailbox';
import { migrateTo7 } from './migrations/007-ab-tests';
import { migrateTo8 } from './migrations/008-segments';
import { migrateTo9 } from './migrations/009-segment-inputs';
import { migrateTo10 } from './migrations/010-flow-rollups';
import { migrateTo11 } from './migrations/011-sparse-indexes';
import { migrateTo12 } from './migrations/012-due-order';
import { migrateTo13 } from './migrations/013-rollup-deltas';
import { migrateTo14 } from './migrations/014-segment-log-rows';
import { migrateTo15 } from './migrations/015-segment-input-packs';
import type { FlowRollup } from '../engine/flow-rollup';
import type { RollupDeltaDoc } from './rollups';
import type { AbTestDoc } from './ab-tests';
import type { SegmentInputDoc, SegmentInputPackDoc } from './segment-inputs';
import type {
  ConnectionRow,
  EventDoc,
  MailSeenDoc,
  RecordDoc,
  SegmentDoc,
  SegmentLogRow,
  SequenceDoc,
  StepStatsDoc,
  VersionDoc,
} from './types';

export const DB_NAME = 'upnext';
export const DB_VERSION = 15;

export interface UpnextDB extends DBSchema {
  sequences: { key: string; value: SequenceDoc; indexes: { byState: string } };
  versions: { key: [string, number]; value: VersionDoc };
  records: { key: string; value: RecordDoc; indexes: { byWakeAt: number; bySegment: string } };
  connections: {
    key: string;
    value: ConnectionRow;
    indexes: {
      byRecord: string;
      bySequence: string;
      /** Rows that need the seller, by [dueAt, id]: the work list's order (migration 12). */
      byDueOrder: [number, string];
      /** Active connections only, by sequence (migration 11). */
      byActive: string;
    };
  };
  events: {
    key: string;
    value: EventDoc;
    /**
     * `byCaptures`: `fields-recorded` events only, by record (migration 11). No time index: keys
     * start with the event's instant (lib/store/event-keys.ts).
     */
    indexes: { byCaptures: string };
  };
  stats: { key: [string, string]; value: StepStatsDoc; indexes: { bySequence: string } };
  settings: { key: string; value: SettingDoc };
  mailSeen: { key: string; value: MailSeenDoc; indexes: { byClient: string } };
  segments: { key: string; value: SegmentDoc };
  /** The why log: rows of evaluations (version 14, lib/store/segment-log.ts); keys time-ordered. */
  segmentLog: {
    key: string;
    value: SegmentLogRow;
    indexes: { byRecord: string; bySegment: string };
  };
  abTests: { key: [string, string]; value: AbTestDoc; indexes: { bySequence: string } };
  rollups: { key: [string, number, number]; value: DayRollup; indexes: { bySequence: string } };
  segmentInputs: { key: [string, string]; value: SegmentInputDoc };
  /** The `segmentInputs` rows of a kind in packs of up to 1,000, read as a few values (migration 15). */
  segmentInputPacks: { key: [string, number]; value: SegmentInputPackDoc };
  flowRollups: { key: [string, number, number]; value: FlowRollup };
  /** What commands changed in the roll-ups, not yet folded into the rows (migration 13). */
  rollupDeltas: { key: number; value: RollupDeltaDoc };
}

export type Database = IDBPDatabase<UpnextDB>;
export type StoreName =
  'sequences' | 'versions' | 'records' | 'connections' | 'events' | 'stats' | 'settings';
export const ALL_STORES: StoreName[] = [
  'sequences',
  'versions',
  'records',
  'connections',
  'events',
  'stats',
  'settings',
];

export function openDatabase(name: string = DB_NAME): Promise<Database> {
  return openDB<UpnextDB>(name, DB_VERSION, {
    upgrade(db, oldVersion, _newVersion, tx) {
      if (oldVersion < 1) migrateTo1(db);
      // Insights (5) landed after the mailbox (6): a database already at 6 gets the store in
      // the upgrade to 7.
      if (oldVersion < 5 || !db.objectStoreNames.contains('rollups')) migrateTo5(db);
      if (oldVersion < 6) migrateTo6(db);
      if (oldVersion < 7) migrateTo7(db);
      if (oldVersion < 8) migrateTo8(db, tx);
      if (oldVersion < 9) migrateTo9(db, tx);
      if (oldVersion < 10) migrateTo10(db, tx);
      if (oldVersion < 11) migrateTo11(db, tx);
      if (oldVersion < 12) migrateTo12(db, tx);
      if (oldVersion < 13) migrateTo13(db);
      if (oldVersion < 14) migrateTo14(db, tx);
      if (oldVersion < 15) migrateTo15(db);
    },
  });
}
