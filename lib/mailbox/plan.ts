/**
 * What one message from the seller's mailbox means for one record: which engine commands it
 * becomes. Pure (the background passes the record's state and the clock). The rules:
 *
 * - A message **from** the record's address is a reply on each active connection that has sent
 *   an email (completed by hand or by the mailbox) before it: `record-email-event` `replied`
 *   at the message's time, against the latest email sent before it. Mail from before the
 *   sequence's email is not a reply to it.
 * - A message the seller sent **to** the record's address completes each active connection's
 *   current email step that began before it was sent (`record-sent-email`), when the seller
 *   keeps "complete email steps when I send the email" on.
 *
 * Pages show times to the minute, so an email step completed by hand at 10:15:30 is answered by
 * a reply shown as 10:15: a reply up to `TIME_PRECISION_MS` before counts, recorded no earlier
 * than the email.
 */
import { isSentEmail } from '../engine/queries';
import type { Command, RecordState } from '../engine/types';
import { findStep, isEmailStep } from '../sequence/steps';
import type { Sequence } from '../sequence/types';
import type { MailMessage } from './types';

const TIME_PRECISION_MS = 60_000;

export interface PlanOptions {
  /** "Complete email steps when I send the email". */
  completeOnSend: boolean;
  /**
   * The definition a connection runs on (sequence id and version), so that an A/B test step of
   * emails counts as an email: its version's email is what the seller sends and the customer
   * answers. Without it, only email steps do.
   */
  definitionOf?: (sequenceId: string, version: number) => Pick<Sequence, 'steps'> | undefined;
}

/**
 * The commands `message` implies for the record whose (normalised) address is `address`.
 * Empty when the message does not involve that address or changes nothing.
 */
export function planMessage(
  state: RecordState,
  address: string,
  message: MailMessage,
  options: PlanOptions,
): Command[] {
  const commands: Command[] = [];
  if (message.direction === 'received') {
    if (message.from !== address) return [];
    for (const conn of state.connections) {
      if (conn.status !== 'active') continue;
      const definition = options.definitionOf?.(conn.sequenceId, conn.version);
      const sent = conn.steps.filter(
        (step) => isSentEmail(step, definition) && step.at <= message.at + TIME_PRECISION_MS,
      );
      const last = sent.at(-1);
      if (last === undefined) continue;
      commands.push({
        type: 'record-email-event',
        connectionId: conn.id,
        event: 'replied',
        stepId: last.stepId,
        at: Math.max(message.at, last.at),
      });
    }
    return commands;
  }
  if (!options.completeOnSend || !message.to.includes(address)) return [];
  for (const conn of state.connections) {
    const cur = conn.current;
    if (conn.status !== 'active' || cur === null || !isEmailNow(conn, options)) continue;
    if (message.at + TIME_PRECISION_MS < cur.reachedAt) continue;
    commands.push({
      type: 'record-sent-email',
      connectionId: conn.id,
      stepId: cur.stepId,
      at: Math.max(message.at, cur.reachedAt),
      ...(message.subject === '' ? {} : { subject: message.subject }),
    });
  }
  return commands;
}

/** Whether the connection's current step is an email: an email step, or an A/B test of emails. */
function isEmailNow(conn: RecordState['connections'][number], options: PlanOptions): boolean {
  const cur = conn.current;
  if (cur === null) return false;
  if (cur.type === 'email') return true;
  if (cur.type !== 'ab-test') return false;
  const defined = options.definitionOf?.(conn.sequenceId, conn.version);
  const step = defined === undefined ? undefined : findStep(defined, cur.stepId);
  return step !== undefined && isEmailStep(step);
}

/** Every address a message involves (the sender of a reply, the recipients of a sent email). */
export function addressesOf(message: MailMessage): string[] {
  return message.direction === 'received' ? [message.from] : message.to;
}
