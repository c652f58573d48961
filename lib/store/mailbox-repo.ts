/**
 * The seller's mailbox in the database: the connection state (settings key `mailbox`), which
 * records a mailbox message can concern, and applying a message to them exactly once (a
 * `mailSeen` mark written in the same transaction as the record's change).
 */
import { isSentEmail } from '../engine/queries';
import { normaliseAddress } from '../mailbox/address';
import { planMessage } from '../mailbox/plan';
import {
  DEFAULT_MAILBOX_STATE,
  type MailboxState,
  type MailClientId,
  type MailMessage,
} from '../mailbox/types';
import type { Sequence } from '../sequence/types';
import type { Database } from './db';
import { readSetting, settingDoc } from './settings';
import { runRecordCommand, type CommandContext } from './record-tx';
import { loadSequenceLookup } from './sequence-lookup';
import type { RecordDoc } from './types';

/** The definitions a record's connections run on (A/B test steps of emails count as emails). */
async function definitionsOf(
  db: Database,
  doc: RecordDoc,
): Promise<(sequenceId: string, version: number) => Sequence | undefined> {
  const tx = db.transaction(['sequences', 'versions']);
  const lookup = await loadSequenceLookup(tx, doc.state);
  await tx.done;
  return (sequenceId, version) => lookup(sequenceId, version)?.definition;
}

/** The stored state with defaults filled in. */
function withDefaults(stored: Partial<MailboxState> | undefined): MailboxState {
  return {
    ...DEFAULT_MAILBOX_STATE,
    ...stored,
    clients: { ...stored?.clients },
    feed: { ...DEFAULT_MAILBOX_STATE.feed, ...stored?.feed },
  };
}

export async function readMailboxState(db: Database): Promise<MailboxState> {
  return withDefaults(await readSetting(db, 'mailbox'));
}

/** Reads, changes and writes the state in one transaction; returns what was stored. */
export async function updateMailboxState(
  db: Database,
  change: (state: MailboxState) => MailboxState,
): Promise<MailboxState> {
  const tx = db.transaction('settings', 'readwrite');
  const next = change(withDefaults(await readSetting(tx.store, 'mailbox')));
  await tx.store.put(settingDoc('mailbox', next));
  await tx.done;
  return next;
}

/** The record's email address as Upnext compares it (trimmed, lower case), or null. */
function recordAddress(doc: Pick<RecordDoc, 'captured' | 'state'>): string | null {
  const fromState = doc.state.fields['email'];
  return (
    normaliseAddress(doc.captured['email']) ??
    (typeof fromState === 'string' ? normaliseAddress(fromState) : null)
  );
}

/**
 * Records with an active connection, by address: the only records a mailbox message can
 * concern. One index read of active connection rows, then their records.
 */
export async function watchedRecords(db: Database): Promise<Map<string, string[]>> {
  const tx = db.transaction(['connections', 'records']);
  // `byActive` holds exactly the active rows (lib/store/index-fields.ts).
  const rows = await tx.objectStore('connections').index('byActive').getAll();
  const keys = [...new Set(rows.map((row) => row.recordKey))];
  const docs = await Promise.all(keys.map((key) => tx.objectStore('records').get(key)));
  await tx.done;
  const byAddress = new Map<string, string[]>();
  for (const doc of docs) {
    if (doc === undefined) continue;
    const address = recordAddress(doc);
    if (address === null) continue;
    byAddress.set(address, [...(byAddress.get(address) ?? []), doc.key]);
  }
  return byAddress;
}

/** Whether any record waits on a reply: an active connection that has sent an email. */
export async function anyoneAwaitsReply(db: Database): Promise<boolean> {
  const watched = await watchedRecords(db);
  for (const keys of watched.values()) {
    for (const key of keys) {
      const doc = await db.get('records', key);
      if (doc === undefined) continue;
      const definitionOf = await definitionsOf(db, doc);
      if (
        doc.state.connections.some(
          (conn) =>
            conn.status === 'active' &&
            conn.steps.some((step) =>
              isSentEmail(step, definitionOf(conn.sequenceId, conn.version)),
            ),
        )
      )
        return true;
    }
  }
  return false;
}

export interface AppliedMessage {
  recordKey: string;
  /** Engine events written (0: nothing changed, or the message was already recorded). */
  events: number;
  alreadyRecorded: boolean;
}

/**
 * Applies one mailbox message to one record, exactly once: the record's commands and the
 * message's mark are written in one transaction, and a message already marked changes nothing.
 */
export async function applyMailMessage(
  db: Database,
  client: MailClientId,
  recordKey: string,
  message: MailMessage,
  ctx: CommandContext,
  options: { completeOnSend: boolean },
): Promise<AppliedMessage> {
  const doc = await db.get('records', recordKey);
  const address = doc === undefined ? null : recordAddress(doc);
  if (doc === undefined || address === null)
    return { recordKey, events: 0, alreadyRecorded: false };
  const commands = planMessage(doc.state, address, message, {
    ...options,
    definitionOf: await definitionsOf(db, doc),
  });
  const outcome = await runRecordCommand(db, doc.ref, commands, ctx, undefined, {
    independent: true,
    once: {
      key: `${client}:${message.id}|${doc.key}`,
      client,
      messageId: message.id,
      recordKey,
      direction: message.direction,
      at: message.at,
      subject: message.subject,
      seenAt: ctx.now,
    },
  });
  const events = outcome.result.kind === 'applied' ? outcome.result.events.length : 0;
  return { recordKey, events, alreadyRecorded: outcome.result.kind === 'already-handled' };
}

/** Removes every mark a client's messages left ("Disconnect": the data it produced). */
export async function forgetClientMessages(db: Database, client: MailClientId): Promise<number> {
  const tx = db.transaction('mailSeen', 'readwrite');
  const keys = await tx.store.index('byClient').getAllKeys(client);
  await Promise.all(keys.map((key) => tx.store.delete(key)));
  await tx.done;
  return keys.length;
}
