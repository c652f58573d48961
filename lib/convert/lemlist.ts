/**
 * lemlist campaign sequences → drafts.
 *
 * Sources: lemlist developer docs, developer.lemlist.com/api-reference — objects "Sequence"
 * (`_id`, `campaignId`, `steps`: "ordered list of steps") and "Step" (`_id`, `sequenceId`,
 * `type`, `order`, `delay`: "wait days before execution", `subject`, `body`); endpoints "Get
 * Campaign Sequences" (`GET /campaigns/{campaignId}/sequences`: "the sequence tree and all
 * condition sequences in the main sequences array"), "Add Step to Sequence" (types `email`,
 * `manual` (`title`, `message`), `phone`, `api` (`method`, `url`), `linkedinVisit`,
 * `linkedinInvite`, `linkedinSend` (`message`, `altMessage`), `sendToAnotherCampaign`
 * (`campaignId`), `conditional` (`conditionKey`, `delayType`, `delay` when `delayType` is
 * "within"), `whatsappMessage`), "List Condition Branches" (a condition holds ordered branches,
 * each a sub-sequence id; the first match wins; the last is Else).
 * - The "Add Step" page calls `delay` seconds in its field table while the Step object says
 *   days and its default (1 for steps after the first) only makes sense in days; we read days.
 * - Not verified: the list of `conditionKey` values and the exact key that holds a condition's
 *   sub-sequences in a GET response; we read `sequences` or `branches` (ids, or objects with
 *   `sequenceId` / `_id`), in order, the last one being the Else/No branch. Keys with "open",
 *   "click" or "repl" in them test the nearest email before the condition; `customLeadInfo`
 *   (`customField`, `customOperator`, `customValue`) becomes a field condition; other keys
 *   become a question the seller answers.
 */
import type { FieldOp } from '../sequence/types';
import { containsEmail, emailVariants } from './ab-variants';
import {
  bodyText,
  defined,
  emailTemplate,
  humanize,
  instructions,
  linkedinStep,
  questionField,
  stepName,
  unknownTypeNote,
  whatsappStep,
} from './content';
import { DAY } from '../engine/time/zoned';
import { action, note } from './draft';
import type { DraftBranch, DraftSequence, DraftStep, DraftTest, Note } from './draft';
import { idText, isRecord, num, records, str, text } from './read';
import type { JsonObject, PathSegment } from './read';
import type { ToolConverter, ToolRecognition } from './tool';

const TYPES = new Set([
  'email',
  'manual',
  'phone',
  'api',
  'linkedinVisit',
  'linkedinInvite',
  'linkedinSend',
  'linkedinMessage',
  'linkedinVoiceNote',
  'linkedinFollow',
  'linkedinLikeLastPost',
  'linkedinCommentLastPost',
  'linkedinEndorse',
  'linkedinWithdrawInvitation',
  'sendToAnotherCampaign',
  'conditional',
  'whatsappMessage',
  'sms',
  'delay',
  'task',
]);

const EXPORT = 'GET /api/campaigns/{campaignId}/sequences';

interface Seq {
  id: string | undefined;
  record: JsonObject;
  path: PathSegment[];
}

function isSequence(record: JsonObject): boolean {
  const steps = records(record['steps']);
  return (
    Array.isArray(record['steps']) &&
    steps.every(
      ({ record: step }) => TYPES.has(str(step['type']) ?? '') || typeof step['type'] === 'string',
    ) &&
    (steps.length > 0 || idText(record['_id']) !== undefined) &&
    steps.some(({ record: step }) => TYPES.has(str(step['type']) ?? ''))
  );
}

function sequencesIn(value: unknown): { campaign?: JsonObject; sequences: Seq[] } {
  const from = (items: { record: JsonObject; path: PathSegment[] }[]): Seq[] =>
    items
      .filter(({ record }) => Array.isArray(record['steps']))
      .map(({ record, path }) => ({ id: idText(record['_id']), record, path }));
  const usable = (sequences: Seq[]): boolean =>
    sequences.length > 0 && sequences.some(({ record }) => isSequence(record));
  if (Array.isArray(value)) {
    const found = from(records(value).map(({ record, index }) => ({ record, path: [index] })));
    return usable(found) ? { sequences: found } : { sequences: [] };
  }
  if (!isRecord(value)) return { sequences: [] };
  if (Array.isArray(value['sequences'])) {
    const found = from(
      records(value['sequences']).map(({ record, index }) => ({
        record,
        path: ['sequences', index],
      })),
    );
    return usable(found) ? { campaign: value, sequences: found } : { sequences: [] };
  }
  if (isSequence(value) && ('_id' in value || 'campaignId' in value))
    return { sequences: [{ id: idText(value['_id']), record: value, path: [] }] };
  // An object keyed by sequence id.
  const keyed = Object.entries(value).flatMap(([key, item]) =>
    isRecord(item) && Array.isArray(item['steps'])
      ? [{ record: item, path: [key] as PathSegment[] }]
      : [],
  );
  if (keyed.length > 0 && keyed.length === Object.keys(value).length) {
    const found = keyed.map(({ record, path }) => ({
      id: idText(record['_id']) ?? String(path[0]),
      record,
      path,
    }));
    return usable(found) ? { sequences: found } : { sequences: [] };
  }
  return { sequences: [] };
}

function recognize(value: unknown): ToolRecognition | undefined {
  if (sequencesIn(value).sequences.length > 0) return { shape: 'lemlist campaign sequences' };
  if (!isRecord(value)) return undefined;
  if (
    text(value['email']) !== undefined &&
    ('firstName' in value || 'campaignId' in value || 'leadId' in value) &&
    !('steps' in value)
  ) {
    return {
      refuse: `This is a lemlist lead, not a sequence definition; export the campaign's sequences with ${EXPORT}`,
    };
  }
  if (text(value['_id'])?.startsWith('cam_') === true && !('sequences' in value)) {
    return {
      refuse: `This is a lemlist campaign without its steps; export its sequences with ${EXPORT}`,
    };
  }
  return undefined;
}

/** Sub-sequence ids of a condition step, in branch order (the last is Else). */
function branchIds(step: JsonObject): string[] {
  for (const key of ['sequences', 'branches', 'conditionSequences']) {
    const items = step[key];
    if (!Array.isArray(items)) continue;
    return items.flatMap((item) => {
      const id = isRecord(item)
        ? (idText(item['sequenceId']) ?? idText(item['_id']))
        : idText(item);
      return id === undefined ? [] : [id];
    });
  }
  return [];
}

const OPERATORS: Partial<Record<string, FieldOp>> = {
  equals: 'equals',
  eq: 'equals',
  is: 'equals',
  notequals: 'not-equals',
  neq: 'not-equals',
  isnot: 'not-equals',
  contains: 'contains',
  notcontains: 'not-contains',
  doesnotcontain: 'not-contains',
  isempty: 'is-empty',
  isnotempty: 'is-not-empty',
  exists: 'is-not-empty',
  notexists: 'is-empty',
};

function fieldTest(branch: JsonObject | undefined, step: JsonObject): DraftTest | undefined {
  const source = branch ?? step;
  const field = text(source['customField']) ?? text(step['customField']);
  const rawOp = (str(source['customOperator']) ?? '').toLowerCase().replace(/[^a-z]/g, '');
  const op = OPERATORS[rawOp];
  if (
    field === undefined ||
    op === undefined ||
    !(
      ['equals', 'not-equals', 'contains', 'not-contains', 'is-empty', 'is-not-empty'] as string[]
    ).includes(op)
  )
    return undefined;
  const values = Array.isArray(source['customValues'])
    ? source['customValues']
    : [source['customValue']];
  const value = (values as unknown[]).find(
    (item): item is string | number => typeof item === 'string' || typeof item === 'number',
  );
  if (op === 'is-empty' || op === 'is-not-empty')
    return { kind: 'condition', condition: { field, op } };
  if (value === undefined) return undefined;
  return { kind: 'condition', condition: { field, op, value } };
}

function keyTest(
  key: string,
  step: JsonObject,
  branch: JsonObject | undefined,
  path: PathSegment[],
  notes: Note[],
): DraftTest {
  const lower = key.toLowerCase();
  if (lower === 'customleadinfo') {
    const test = fieldTest(branch, step);
    if (test !== undefined) return test;
  } else if (!lower.includes('linkedin')) {
    if (lower.includes('repl')) return { kind: 'email', event: 'replied' };
    if (lower.includes('click')) return { kind: 'email', event: 'link-clicked' };
    if (lower.includes('open')) return { kind: 'email', event: 'opened' };
  }
  notes.push(
    note(
      [...path, 'conditionKey'],
      `Upnext cannot check "${key}" by itself; the seller answers this branch`,
    ),
  );
  return {
    kind: 'question',
    field: questionField('lemlist', key),
    question: humanize(key),
  };
}

class Converter {
  private readonly byId = new Map<string, Seq>();
  private readonly used = new Set<string>();

  constructor(sequences: Seq[]) {
    for (const sequence of sequences)
      if (sequence.id !== undefined) this.byId.set(sequence.id, sequence);
  }

  /** The steps of one sequence, following condition branches into their sub-sequences. */
  steps(seq: Seq, depth: number): DraftStep[] {
    if (seq.id !== undefined) this.used.add(seq.id);
    const ordered = records(seq.record['steps'])
      .map(({ record, index }) => ({ record, path: [...seq.path, 'steps', index] }))
      .sort((a, b) => (num(a.record['order']) ?? 0) - (num(b.record['order']) ?? 0));
    return ordered.map(({ record, path }) => {
      const draft = this.step(record, path, depth);
      const days = num(record['delay']);
      const within = str(record['type']) === 'conditional' && str(record['delayType']) === 'within';
      if (!within && days !== undefined && days > 0)
        draft.delay = { ms: days * DAY, path: [...path, 'delay'] };
      return draft;
    });
  }

  /** A branch's sub-sequence; what is wrong with it goes to the condition's `notes`. */
  private sub(id: string, path: PathSegment[], depth: number, notes: Note[]): DraftStep[] {
    const seq = this.byId.get(id);
    if (seq === undefined) {
      notes.push(
        note(
          path,
          `Branch sequence ${id} is not in the file; that branch is empty (export with ${EXPORT}, which includes every condition sequence)`,
        ),
      );
      return [];
    }
    if (this.used.has(id) || depth > 16) {
      notes.push(
        note(path, `Branch sequence ${id} is used twice (a loop); the second use was left empty`),
      );
      return [];
    }
    return this.steps(seq, depth + 1);
  }

  private condition(step: JsonObject, path: PathSegment[], depth: number): DraftStep {
    const notes: Note[] = [];
    const key = str(step['conditionKey']) ?? '';
    const ids = branchIds(step);
    const branchRecords = records(step['branches']).map(({ record }) => record);
    const days = num(step['delay']);
    const within =
      str(step['delayType']) === 'within' && days !== undefined && days > 0
        ? { ms: days * DAY, path: [...path, 'delay'] }
        : undefined;
    if (ids.length === 0)
      notes.push(
        note(
          path,
          'This condition has no branches in the file; both of its paths end the sequence',
        ),
      );
    // Branches in order; the last one is Else. Their steps are read in that order (a sequence
    // used twice stays with the first), then chained from the end: each branch tests its own
    // value, and its "no" is the rest.
    const contents = ids.map((id, i) => this.sub(id, [...path, 'sequences', i], depth, notes));
    const tests = ids.length > 1 ? ids.slice(0, -1) : ids;
    let rest: DraftStep[] = ids.length > 1 ? (contents.at(-1) ?? []) : [];
    let result: DraftBranch | undefined;
    for (let i = tests.length - 1; i >= 0; i--) {
      const test = keyTest(key, step, branchRecords[i], path, i === 0 ? notes : []);
      const name = stepName(branchRecords[i]?.['name']);
      const branch: DraftBranch = {
        kind: 'branch',
        test,
        ...defined({ within }),
        ...defined({ name }),
        yes: contents[i] ?? [],
        no: rest,
        path: i === 0 ? path : [...path, 'branches', i],
        notes: i === 0 ? notes : [],
      };
      result = branch;
      rest = [branch];
    }
    if (tests.length > 1 && key.toLowerCase() !== 'customleadinfo') {
      notes.push(
        note(
          path,
          `lemlist tests ${tests.length} branches in order; Upnext asks them one after the other, the last "No" leading to Else`,
        ),
      );
    }
    return (
      result ?? {
        kind: 'branch',
        test: keyTest(key, step, undefined, path, notes),
        yes: [],
        no: [],
        path,
        notes,
      }
    );
  }

  private step(step: JsonObject, path: PathSegment[], depth: number): DraftStep {
    const notes: Note[] = [];
    const type = str(step['type']) ?? '';
    const bodyPath = [...path, step['message'] !== undefined ? 'message' : 'body'];
    const body = step['message'] ?? step['body'];
    const message =
      type === 'email' || type === 'manual' || type === 'task' || type === 'conditional'
        ? undefined
        : bodyText(body, bodyPath, notes);
    switch (type) {
      case 'email': {
        const template = emailTemplate(
          { value: step['subject'], path: [...path, 'subject'] },
          { value: body, path: bodyPath },
          notes,
        );
        const draft = emailVariants([{ ...defined({ template }), path, notes }], {}, path);
        draft.notes.push(
          note(
            [...path, 'type'],
            'lemlist sent this email automatically; in Upnext the seller sends it from the panel',
          ),
        );
        return draft;
      }
      case 'manual':
      case 'task': {
        const name = stepName(step['title']);
        const description = instructions(body, bodyPath, notes);
        return action(
          {
            type: 'task',
            ...defined({ name, description }),
          },
          path,
          { notes },
        );
      }
      case 'phone':
        return action(
          { type: 'call', ...(message !== undefined ? { description: message } : {}) },
          path,
          { notes },
        );
      case 'sms':
        return action(
          { type: 'text', ...(message !== undefined ? { template: { body: message } } : {}) },
          path,
          { notes },
        );
      case 'whatsappMessage':
        return action(whatsappStep(message, path, notes), path, { notes });
      case 'api':
        notes.push(
          note(
            [...path, 'type'],
            `The API call (${[str(step['method']), str(step['url'])].filter((part) => part !== undefined).join(' ') || 'request'}) runs in lemlist; it was not carried over`,
          ),
        );
        return { kind: 'delay', path, notes };
      case 'delay':
        return { kind: 'delay', path, notes };
      case 'sendToAnotherCampaign': {
        const campaign = idText(step['campaignId']) ?? 'another campaign';
        notes.push(
          note(
            [...path, 'campaignId'],
            `lemlist moved the lead to campaign ${campaign}; convert that campaign too, then replace this task with a "move to sequence" step`,
          ),
        );
        return action({ type: 'task', name: `Move to campaign ${campaign}` }, path, { notes });
      }
      case 'conditional':
        return this.condition(step, path, depth);
      default: {
        if (type.startsWith('linkedin')) {
          if (text(step['altMessage']) !== undefined) {
            notes.push(
              note(
                [...path, 'altMessage'],
                'The alternative message (sent when the lead is not a connection) is not carried over',
              ),
            );
          }
          return action(
            linkedinStep(type, {
              ...(message !== undefined ? { body: message } : {}),
              path: [...path, 'type'],
              notes,
              source: `"${type}"`,
            }),
            path,
            { notes },
          );
        }
        notes.push(unknownTypeNote([...path, 'type'], type || '(none)', 'lemlist'));
        return action(
          {
            type: 'task',
            name: type ? `lemlist step: ${type}` : 'lemlist step',
            ...(message !== undefined ? { description: message } : {}),
          },
          path,
          { notes },
        );
      }
    }
  }

  /** Sequences no condition points to: the main sequence (and any stray ones). */
  roots(sequences: Seq[]): Seq[] {
    const referenced = new Set<string>();
    for (const sequence of sequences) {
      for (const { record } of records(sequence.record['steps'])) {
        if (str(record['type']) === 'conditional')
          for (const id of branchIds(record)) referenced.add(id);
      }
    }
    return sequences.filter(
      (sequence) => sequence.id === undefined || !referenced.has(sequence.id),
    );
  }
}

function convert(value: unknown): { sequences: DraftSequence[]; notes: Note[] } {
  const { campaign, sequences } = sequencesIn(value);
  const converter = new Converter(sequences);
  const roots = converter.roots(sequences);
  const campaignName = text(campaign?.['name']);
  const campaignId = idText(campaign?.['_id']);
  const drafts = roots.map((root, index): DraftSequence => {
    const steps = converter.steps(root, 0);
    const name =
      campaignName !== undefined
        ? roots.length > 1
          ? `${campaignName} (${index + 1})`
          : campaignName
        : undefined;
    const sourceId =
      (roots.length === 1 ? campaignId : undefined) ?? idText(root.record['campaignId']) ?? root.id;
    return {
      ...defined({ sourceId }),
      ...defined({ name }),
      // lemlist stops a lead's campaign when the lead replies (not in the API pages; see migrate.md).
      ...(containsEmail(steps) ? { exitOnReply: true } : {}),
      path: root.path,
      steps,
      notes:
        campaign === undefined
          ? [
              note(
                root.path,
                `lemlist's sequences export has no campaign name; name the sequence after importing (or export the campaign with ${EXPORT} wrapped in its campaign)`,
              ),
            ]
          : [],
    };
  });
  return { sequences: drafts, notes: [] };
}

export const lemlist: ToolConverter = { tool: 'lemlist', entity: 'lead', recognize, convert };
