/**
 * What a step says: email templates, message bodies and instructions taken from the tools'
 * HTML with merge fields translated, and LinkedIn step kinds mapped to Upnext's four actions.
 * One home for these, so every converter words the same thing the same way.
 */
import { MAX_DESCRIPTION, MAX_NAME } from '../sequence/limits';
import type { LinkedinAction } from '../sequence/types';
import type { ActionStep, Note } from './draft';
import { note } from './draft';
import { htmlToText } from './html-text';
import { translateMergeFields } from './merge-fields';
import { text } from './read';
import type { PathSegment } from './read';

function clip(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1).trimEnd()}…`;
}

/** Merge-field translation of one piece of text, with notes about what did not translate. */
function translated(value: string, path: PathSegment[], notes: Note[]): string {
  const result = translateMergeFields(value);
  if (result.unknown.length > 0) {
    notes.push(
      note(
        path,
        `Merge field${result.unknown.length === 1 ? '' : 's'} ${result.unknown.map((field) => `{{${field.replace(/^\{\{|\}\}$/g, '')}}}`).join(', ')} ${result.unknown.length === 1 ? 'has' : 'have'} no Upnext equivalent; filled only if the CRM page has a field with that key, otherwise left empty`,
      ),
    );
  }
  if (result.droppedFallbacks.length > 0) {
    notes.push(
      note(
        path,
        `Fallback text in ${result.droppedFallbacks.join(', ')} is not supported; the panel tells the seller which merge fields were empty`,
      ),
    );
  }
  return result.text;
}

/** Plain text of an HTML body (or plain text), merge fields translated; `undefined` if blank. */
export function bodyText(value: unknown, path: PathSegment[], notes: Note[]): string | undefined {
  const raw = text(value);
  if (raw === undefined) return undefined;
  const plain = htmlToText(raw);
  return plain === '' ? undefined : translated(plain, path, notes);
}

/** An email template from a subject and an (HTML) body; `undefined` when both are blank. */
export function emailTemplate(
  subject: { value: unknown; path: PathSegment[] },
  body: { value: unknown; path: PathSegment[] },
  notes: Note[],
): { subject: string; body: string } | undefined {
  const subjectText = text(subject.value);
  const bodyValue = bodyText(body.value, body.path, notes);
  if (subjectText === undefined && bodyValue === undefined) return undefined;
  return {
    subject: subjectText === undefined ? '' : translated(subjectText, subject.path, notes),
    body: bodyValue ?? '',
  };
}

/** Instructions for the seller (a task note, a call script) as plain text, at most 2000. */
export function instructions(
  value: unknown,
  path: PathSegment[],
  notes: Note[],
): string | undefined {
  const plain = bodyText(value, path, notes);
  if (plain === undefined) return undefined;
  if (plain.length > MAX_DESCRIPTION) {
    notes.push(
      note(
        path,
        `The instructions are longer than ${MAX_DESCRIPTION} characters; they were shortened`,
      ),
    );
  }
  return clip(plain, MAX_DESCRIPTION);
}

/** A step name from the source (trimmed, at most 160), or `undefined`. */
export function stepName(value: unknown): string | undefined {
  const name = text(value);
  return name === undefined ? undefined : clip(name, MAX_NAME);
}

interface LinkedinKind {
  action: LinkedinAction;
  /** The name the step gets when the source gives none. */
  name: string;
  /** False when Upnext's action is only the nearest one (a note says so). */
  exact: boolean;
}

/**
 * Upnext's LinkedIn action for a tool's LinkedIn step kind, from the words in its type
 * ("linkedin_step_connect", "linkedinInvite", "connect", "viewProfile", "LINKED_IN_MESSAGE").
 */
export function linkedinKind(kind: string): LinkedinKind {
  const words = kind.toLowerCase().replace(/[^a-z]/g, '');
  if (words.includes('inmail')) return { action: 'inmail', name: 'LinkedIn InMail', exact: true };
  if (/connect|invit/.test(words) && !words.includes('withdraw'))
    return { action: 'connect', name: 'LinkedIn: connect', exact: true };
  if (words.includes('intro'))
    return { action: 'introduction', name: 'LinkedIn: get introduced', exact: true };
  if (words.includes('voice'))
    return { action: 'inmail', name: 'LinkedIn voice message', exact: false };
  if (/message|send/.test(words))
    return { action: 'inmail', name: 'LinkedIn message', exact: true };
  if (/view|visit|profile|research/.test(words) && !words.includes('follow'))
    return { action: 'research', name: 'LinkedIn: view profile', exact: true };
  if (/like|post|comment/.test(words))
    return { action: 'research', name: 'LinkedIn: like or comment on a recent post', exact: false };
  if (words.includes('endorse'))
    return { action: 'research', name: 'LinkedIn: endorse skills', exact: false };
  if (words.includes('follow'))
    return { action: 'research', name: 'LinkedIn: follow the profile', exact: false };
  if (words.includes('withdraw'))
    return { action: 'research', name: 'LinkedIn: withdraw the invitation', exact: false };
  return { action: 'research', name: 'LinkedIn step', exact: false };
}

/**
 * A LinkedIn step from the tool's kind, with the message body when there is one. `source`
 * names the kind in the tool's words for the note when Upnext's action is only the nearest.
 */
export function linkedinStep(
  kind: string,
  options: {
    name?: string;
    description?: string;
    body?: string;
    path: PathSegment[];
    notes: Note[];
    source: string;
  },
): ActionStep {
  const mapped = linkedinKind(kind);
  if (!mapped.exact) {
    options.notes.push(
      note(
        options.path,
        `Upnext has no LinkedIn action like ${options.source}; it became a LinkedIn "${mapped.action}" step named "${options.name ?? mapped.name}" for the seller to do by hand`,
      ),
    );
  }
  return {
    type: 'linkedin',
    action: mapped.action,
    name: options.name ?? mapped.name,
    ...(options.description !== undefined ? { description: options.description } : {}),
    ...(options.body !== undefined ? { template: { body: options.body } } : {}),
  };
}

/** The note for a step type Upnext does not have, turned into a task for the seller. */
export function unknownTypeNote(path: PathSegment[], type: string, toolName: string): Note {
  return note(
    path,
    `Step type "${type}" is not one Upnext knows; it became a task so the seller still sees it (check what ${toolName} did here)`,
  );
}

/** "linkedInConnectionAccepted" / "email_replied" → "LinkedIn connection accepted". */
export function humanize(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_\-.]+/g, ' ')
    .trim()
    .toLowerCase()
    .replace(/\blinked ?in\b/g, 'LinkedIn');
  return words === '' ? 'Condition met' : `${words.charAt(0).toUpperCase()}${words.slice(1)}`;
}

/**
 * The field a seller-answered condition tests: `replyioLinkedInConnectionAccepted`. No CRM page
 * has it, so the engine asks the seller (see `DraftTest` "question").
 */
export function questionField(prefix: string, key: string): string {
  const clean = key.replace(/[^A-Za-z0-9]/g, '');
  return clean === ''
    ? `${prefix}Condition`
    : `${prefix}${clean.charAt(0).toUpperCase()}${clean.slice(1)}`;
}

/** The fields that have a value: packs have no `undefined` keys (`{ name, description }`). */
export function defined<T extends Record<string, unknown>>(
  fields: T,
): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

/** WhatsApp messages (Reply.io, lemlist): Upnext has no such channel, so a task says what to send. */
export function whatsappStep(
  message: string | undefined,
  path: PathSegment[],
  notes: Note[],
): ActionStep {
  notes.push(
    note(
      [...path, 'type'],
      'Upnext has no WhatsApp step; it became a task with the message as instructions',
    ),
  );
  return { type: 'task', name: 'WhatsApp message', ...defined({ description: message }) };
}
