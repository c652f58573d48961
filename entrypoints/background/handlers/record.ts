/**
 * The panel's messages: a record seen on a CRM page, its view, and the seller's actions on it.
 * Every action runs as one engine command in one transaction; the reply carries the stored
 * view, so the panel never shows as done what was not stored.
 */
import { t } from '@/lib/i18n';
import { recordKey } from '@/lib/domain/record-ref';
import type { Command } from '@/lib/engine/types';
import type {
  ActionReply,
  RecordAction,
  RecordRef,
  SequenceOption,
} from '@/lib/messaging/protocol';
import { fail, ok, type Reply } from '@/lib/messaging/result';
import { countSteps } from '@/lib/sequence/steps';
import type { Database } from '@/lib/store/db';
import { readRecordAsStored } from '@/lib/store/record-read';
import {
  RecordRefused,
  runRecordCommand,
  type CommandContext,
  type CommandOutcome,
  type RecordCommandOptions,
} from '@/lib/store/record-tx';
import { buildRecordView, previewSteps, type RecordView } from '@/lib/views/record-view';

import { originSpeaksFor } from '@/lib/crm/config';
import type { CrmState } from '@/lib/crm/custom-registry';
import { crmName } from '@/lib/crm/crm-names';
import { keptCrmState } from '@/lib/store/crm-settings';

import { commandContext, type BackgroundDeps } from '../context';
import type { Change } from '../follow-ups';
import { crmConfigOf } from '../custom-crms';
import type { HandlerMap, Sender } from '../router';

export function toCommand(action: RecordAction, now: number): Command {
  switch (action.type) {
    case 'connect':
      return { type: 'connect', sequenceId: action.sequenceId };
    case 'disconnect':
      return { type: 'disconnect', connectionId: action.connectionId, reason: 'manual' };
    case 'complete':
      return {
        type: 'complete',
        connectionId: action.connectionId,
        stepId: action.stepId,
        revision: action.revision,
        ...(action.outcome === undefined ? {} : { outcome: action.outcome }),
        ...(action.note === undefined || action.note.trim() === ''
          ? {}
          : { note: action.note.trim() }),
      };
    case 'skip':
      return {
        type: 'skip',
        connectionId: action.connectionId,
        stepId: action.stepId,
        revision: action.revision,
        ...(action.note === undefined || action.note.trim() === ''
          ? {}
          : { note: action.note.trim() }),
      };
    case 'snooze':
      return {
        type: 'snooze',
        connectionId: action.connectionId,
        stepId: action.stepId,
        revision: action.revision,
        until: action.until,
      };
    case 'skip-wait':
      return {
        type: 'skip-wait',
        connectionId: action.connectionId,
        stepId: action.stepId,
        revision: action.revision,
      };
    case 'answer':
      return {
        type: 'answer-condition',
        connectionId: action.connectionId,
        stepId: action.stepId,
        revision: action.revision,
        answer: action.answer,
      };
    case 'add-note':
      return {
        type: 'add-note',
        connectionId: action.connectionId,
        stepId: action.stepId,
        revision: action.revision,
        note: action.note.trim(),
      };
    case 'email-event':
      return {
        type: 'record-email-event',
        connectionId: action.connectionId,
        event: action.event,
        at: now,
        ...(action.stepId === undefined ? {} : { stepId: action.stepId }),
      };
  }
}

/**
 * What the follow-ups are told of a change `outcome` stored on `record`: its key and the change
 * count it stored, so the live update needs no read of the record (follow-ups.ts).
 */
function changeOf(record: RecordRef, outcome: CommandOutcome): Change {
  const key = recordKey(record);
  const changes = outcome.doc?.changes;
  return { recordKeys: [key], ...(changes === undefined ? {} : { changes: { [key]: changes } }) };
}

function viewOf(outcome: CommandOutcome, ctx: CommandContext): RecordView | null {
  if (outcome.doc === null) return null;
  return buildRecordView(outcome.doc, { ...ctx, sequences: outcome.sequences });
}

export async function actOn(
  deps: BackgroundDeps,
  db: Database,
  record: RecordRef,
  action: RecordAction,
  ctx?: CommandContext,
  options: RecordCommandOptions = {},
): Promise<{ outcome: CommandOutcome; ctx: CommandContext }> {
  const context = ctx ?? (await commandContext(deps, db));
  const outcome = await runRecordCommand(
    db,
    record,
    [toCommand(action, context.now)],
    context,
    undefined,
    options,
  );
  if (outcome.result.kind === 'applied' && outcome.result.events.length > 0) {
    deps.afterChange(changeOf(record, outcome));
  }
  return { outcome, ctx: context };
}

/**
 * A content script speaks only for its own tab: a record message from a CRM page is refused
 * unless the record's CRM is one the page's origin belongs to (built-in hosts, self-hosted
 * instances, custom CRMs). `sender.url` is what the browser says the sending frame shows, not
 * what the script claims. Extension pages may name any record. Null: go ahead.
 */
async function refuseForeignRecord(
  db: Database,
  sender: Sender,
  record: RecordRef,
): Promise<Reply<never> | null> {
  if (sender.kind !== 'content') return null;
  const crms = await keptCrmState(db);
  return speaksFor(sender, record)(crms) ? null : foreignRecord(record, crms);
}

/** `refuseForeignRecord` with the CRM state already read (in the caller's transaction). */
function refusalFor(sender: Sender, record: RecordRef, crms: CrmState): Reply<never> | null {
  return speaksFor(sender, record)(crms) ? null : foreignRecord(record, crms);
}

/** Whether `sender` may speak for `record`, given the stored CRMs (`refuseForeignRecord`). */
function speaksFor(sender: Sender, record: RecordRef): (crms: CrmState) => boolean {
  return (crms) =>
    sender.kind !== 'content' || originSpeaksFor(sender.url, record.crm, crmConfigOf(crms));
}

/** The refusal for a page that may not speak for `record`, naming its CRM as sellers know it. */
function foreignRecord(record: RecordRef, crms: CrmState): Reply<never> {
  return fail('forbidden', t('errForeignRecord', crmName(record.crm, crms)));
}

/**
 * The address stored for a record seen on a CRM page: the one the browser says the sending frame
 * shows. The script's own reading is kept only when it is that same document (it differs at most
 * in the fragment, which hash-routed CRMs such as SuiteCRM's AJAX UI change in place and which
 * may lag behind in what the browser reports); so a stored link never leads off the tab's page.
 */
function storedAddress(claimed: string, sender: Sender): string {
  if (sender.kind !== 'content') return claimed;
  try {
    const said = new URL(claimed);
    const shown = new URL(sender.url);
    said.hash = '';
    shown.hash = '';
    return said.href === shown.href ? claimed : sender.url;
  } catch {
    return sender.url;
  }
}

export function createRecordHandlers(
  deps: BackgroundDeps,
): Pick<HandlerMap, 'recordSeen' | 'getRecordView' | 'actOnRecord' | 'listConnectable'> {
  return {
    recordSeen: {
      audience: 'content',
      handle: async (sighting, sender) => {
        const db = await deps.db();
        const refused = await refuseForeignRecord(db, sender, sighting.record);
        if (refused) return refused;
        const ctx = await commandContext(deps, db);
        // Time passes first (a wait may have ended), then what the page showed counts
        // (record-capture.ts: a full read replaces, an empty read keeps, an edit form adds).
        const outcome = await runRecordCommand(db, sighting.record, [{ type: 'tick' }], ctx, {
          url: storedAddress(sighting.url, sender),
          title: sighting.title,
          fields: sighting.fields,
          edit: sighting.edit === true,
        });
        if (outcome.result.kind === 'applied' && outcome.result.events.length > 0) {
          deps.afterChange(changeOf(sighting.record, outcome));
        }
        const view = viewOf(outcome, ctx);
        return view ? ok({ view }) : fail('internal', t('errRecordNotStored'));
      },
    },
    getRecordView: {
      audience: 'any',
      handle: async ({ record }, sender) => {
        const db = await deps.db();
        const ctx = await commandContext(deps, db);
        // One read-only transaction (the panel waits on it after every navigation: bench
        // panel-after-navigation); a write only when time passing changes what is stored.
        const read = await readRecordAsStored(db, record, ctx);
        const refused = refusalFor(sender, record, read.crms);
        if (refused) return refused;
        if (read.kind === 'unknown') return ok({ view: null });
        if (read.kind === 'stored') {
          return ok({ view: buildRecordView(read.doc, { ...ctx, sequences: read.sequences }) });
        }
        const outcome = await runRecordCommand(db, record, [{ type: 'tick' }], ctx);
        if (outcome.result.kind === 'applied' && outcome.result.events.length > 0) {
          deps.afterChange(changeOf(record, outcome));
        }
        return ok({ view: viewOf(outcome, ctx) });
      },
    },
    actOnRecord: {
      audience: 'any',
      handle: async ({ record, action }, sender): Promise<Reply<ActionReply>> => {
        const db = await deps.db();
        const ctx = await commandContext(deps, db);
        // The reply's view is built while the transaction commits, and sent only once it is
        // complete (stored before acknowledged).
        let view = null as RecordView | null;
        let outcome: CommandOutcome;
        try {
          ({ outcome } = await actOn(deps, db, record, action, ctx, {
            // Whether a CRM tab may speak for this record is decided inside the action's own
            // transaction (one less transaction on every click).
            ...(sender.kind === 'content' ? { admit: speaksFor(sender, record) } : {}),
            whileCommitting: (committing) => {
              view = viewOf(committing, ctx);
            },
          }));
        } catch (error) {
          if (error instanceof RecordRefused) return foreignRecord(record, await keptCrmState(db));
          throw error;
        }
        if (outcome.result.kind === 'rejected') return fail('rejected', outcome.result.message);
        if (view === null) return fail('not-found', t('errRecordNotSeen'));
        if (outcome.result.kind === 'already-handled') {
          return ok({ outcome: 'already-handled', message: outcome.result.message, view });
        }
        return ok({ outcome: 'applied', message: null, view });
      },
    },
    listConnectable: {
      audience: 'any',
      handle: async ({ entity }) => {
        const db = await deps.db();
        const active = await db.getAllFromIndex('sequences', 'byState', 'active');
        const options: SequenceOption[] = [];
        for (const doc of active) {
          if (doc.definition.entity !== entity) continue;
          const version = await db.get('versions', [doc.id, doc.version]);
          const definition = version?.definition ?? doc.definition;
          options.push({
            id: doc.id,
            name: definition.name,
            description: definition.description ?? null,
            tags: definition.tags ?? [],
            steps: countSteps(definition),
            preview: previewSteps(definition),
          });
        }
        options.sort((a, b) => a.name.localeCompare(b.name));
        return ok({ sequences: options });
      },
    },
  };
}
