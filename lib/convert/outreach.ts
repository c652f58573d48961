/**
 * Outreach sequences (API v2, JSON:API) → drafts.
 *
 * Source: Outreach API reference, developers.outreach.io/api/reference — "Sequence" and
 * "Sequence Step" and "Sequence Template" and "Template" resources; "Common API patterns".
 * - `sequenceStep.stepType`: "auto_email", "manual_email", "call" or "task" (reference).
 * - `sequenceStep.interval`: "the interval (in seconds) until this step will activate; only
 *   applicable to interval-based sequences" (reference). One of Outreach's own guides uses
 *   minutes in an example (2880 for two days); we follow the reference and say so when a value
 *   looks like minutes.
 * - `sequenceStep.date`: the date the step activates, for date-based sequences
 *   (`sequence.sequenceType` "date"; otherwise "interval").
 * - `sequenceStep.taskNote`: note for created tasks; `taskAutoskipDelay`: seconds until overdue
 *   tasks are skipped.
 * - `sequence.primaryReplyAction` / `secondaryReplyAction`: "finish", "continue" or "pause"
 *   (with `primaryReplyPauseDuration`, seconds); `finishOnReply` is the deprecated boolean.
 * - `sequence.scheduleIntervalType`: "calendar" or "schedule" (steps follow an Outreach
 *   schedule of delivery windows); `shareType`, `throttleCapacity`, `throttleMaxAddsPerDay`,
 *   `maxActivations`, `transactional`.
 * - `sequenceTemplate` joins a step and a `template` (`isReply`, `enabled`); several enabled
 *   ones on a step are its A/B versions. `template`: `name`, `subject`, `bodyHtml`,
 *   `trackLinks`, `trackOpens`, `toRecipients`, `ccRecipients`, `bccRecipients`.
 * Shapes read: a JSON:API document (`data` + `included`, e.g. `GET /api/v2/sequences/{id}
 * ?include=sequenceSteps.sequenceTemplates.template`, or `GET /api/v2/sequenceSteps?...`), and
 * flattened records (attributes at the top level, relationships as `sequenceId` or
 * `sequence: { id }`) as sync tools and spreadsheets export them.
 */
import { emailVariants } from './ab-variants';
import type { EmailVariant } from './ab-variants';
import { delayWords } from './build';
import { defined, emailTemplate, instructions, unknownTypeNote } from './content';
import { DAY } from '../engine/time/zoned';
import { action, note } from './draft';
import type { DraftSequence, DraftStep, Note } from './draft';
import { bool, idText, isRecord, list, num, obj, records, str, text } from './read';
import type { JsonObject, PathSegment } from './read';
import type { ToolConverter, ToolRecognition } from './tool';

const STEP_TYPES = ['auto_email', 'manual_email', 'call', 'task'];

/** A resource with its attributes at hand, wherever it came from in the file. */
interface Resource {
  type: string;
  id: string | undefined;
  attributes: JsonObject;
  /** Related ids by relationship name (`sequence` → ['12']). */
  rel: (name: string) => string[];
  /** Where a relationship is written in the input. */
  relPath: (name: string) => PathSegment[];
  path: PathSegment[];
  /** Path of the attributes object (or of the record itself when flattened). */
  attributesPath: PathSegment[];
}

function jsonApiResource(record: JsonObject, path: PathSegment[]): Resource {
  const attributes = obj(record['attributes']) ?? {};
  const relationships = obj(record['relationships']) ?? {};
  return {
    type: str(record['type']) ?? '',
    id: idText(record['id']),
    attributes,
    rel(name) {
      const data = obj(relationships[name])?.['data'];
      const items = Array.isArray(data) ? data : [data];
      return items.flatMap((item) => {
        const id = isRecord(item) ? idText(item['id']) : undefined;
        return id === undefined ? [] : [id];
      });
    },
    relPath: (name) => [...path, 'relationships', name],
    path,
    attributesPath: [...path, 'attributes'],
  };
}

/** A flattened record: `sequenceId`, `sequence_id`, `sequence: { id }` or `sequence: 12`. */
function flatResource(type: string, record: JsonObject, path: PathSegment[]): Resource {
  const base = jsonApiResource(record, path);
  return {
    type,
    id: idText(record['id']),
    attributes: record,
    rel(name) {
      const fromRelationships = base.rel(name);
      if (fromRelationships.length > 0) return fromRelationships;
      for (const key of [`${name}Id`, `${name}_id`, `${name}Ids`, name]) {
        const value = record[key];
        const items = Array.isArray(value) ? value : [value];
        const ids = items.flatMap((item) => {
          const id = isRecord(item) ? idText(item['id']) : idText(item);
          return id === undefined ? [] : [id];
        });
        if (ids.length > 0) return ids;
      }
      return [];
    },
    relPath: (name) => {
      const key = [`${name}Id`, `${name}_id`, `${name}Ids`, name].find((candidate) =>
        Object.hasOwn(record, candidate),
      );
      return key === undefined ? base.relPath(name) : [...path, key];
    },
    path,
    attributesPath: path,
  };
}

function jsonApiData(value: unknown): { record: JsonObject; index: number | null }[] {
  if (!isRecord(value)) return [];
  const data = value['data'];
  if (isRecord(data)) return [{ record: data, index: null }];
  return records(data);
}

function isStepRecord(record: JsonObject): boolean {
  const type = str(record['stepType']);
  return type !== undefined && STEP_TYPES.includes(type);
}

function isSequenceRecord(record: JsonObject): boolean {
  return (
    text(record['name']) !== undefined &&
    [
      'sequenceType',
      'scheduleIntervalType',
      'primaryReplyAction',
      'sequenceStepCount',
      'shareType',
      'finishOnReply',
    ].some((key) => Object.hasOwn(record, key))
  );
}

const REFUSALS: Partial<Record<string, string>> = {
  sequenceState:
    'This is an Outreach enrolment (a sequenceState: one prospect in a sequence), not a sequence definition; export the sequence itself: GET /api/v2/sequences/{id}?include=sequenceSteps.sequenceTemplates.template',
  prospect:
    'This is an Outreach prospect, not a sequence definition; export the sequence: GET /api/v2/sequences/{id}?include=sequenceSteps.sequenceTemplates.template',
  template:
    'This is a single Outreach template, not a sequence definition; export the sequence with its templates: GET /api/v2/sequences/{id}?include=sequenceSteps.sequenceTemplates.template',
  sequenceTemplate:
    'This lists Outreach sequence templates without their steps; export the sequence: GET /api/v2/sequences/{id}?include=sequenceSteps.sequenceTemplates.template',
  mailing:
    'This is an Outreach mailing (one email sent to a prospect), not a sequence definition; export the sequence: GET /api/v2/sequences/{id}?include=sequenceSteps.sequenceTemplates.template',
  task: 'This is an Outreach task, not a sequence definition; export the sequence: GET /api/v2/sequences/{id}?include=sequenceSteps.sequenceTemplates.template',
};

function recognize(value: unknown): ToolRecognition | undefined {
  const data = jsonApiData(value);
  const first = data.at(0)?.record;
  if (first !== undefined && isRecord(first['attributes'])) {
    const type = str(first['type']);
    if (type === 'sequence') return { shape: 'Outreach API document (JSON:API sequence)' };
    if (type === 'sequenceStep')
      return { shape: 'Outreach API document (JSON:API sequence steps)' };
    const refusal = type === undefined ? undefined : REFUSALS[type];
    if (refusal !== undefined) return { refuse: refusal };
    return undefined;
  }
  if (!isRecord(value)) return undefined;
  const steps = records(value['sequenceSteps']);
  if (steps.length > 0 && steps.every(({ record }) => isStepRecord(record))) {
    return { shape: 'Outreach sequence and steps (flattened records)' };
  }
  const sequences = records(value['sequences']);
  if (
    sequences.length > 0 &&
    sequences.every(
      ({ record }) => isSequenceRecord(record) && Array.isArray(record['sequenceSteps']),
    )
  ) {
    return { shape: 'Outreach sequences with their steps (flattened records)' };
  }
  if (
    text(value['state']) !== undefined &&
    ('prospectId' in value || 'prospect' in value) &&
    ('sequenceId' in value || 'sequence' in value)
  ) {
    return { refuse: REFUSALS['sequenceState'] ?? '' };
  }
  return undefined;
}

/** Every resource in the file, by type, from JSON:API documents or flattened records. */
class Index {
  readonly byType = new Map<string, Resource[]>();

  add(resource: Resource): void {
    const items = this.byType.get(resource.type) ?? [];
    items.push(resource);
    this.byType.set(resource.type, items);
  }

  all(type: string): Resource[] {
    return this.byType.get(type) ?? [];
  }

  get(type: string, id: string | undefined): Resource | undefined {
    return id === undefined ? undefined : this.all(type).find((resource) => resource.id === id);
  }
}

function indexFile(value: unknown): Index {
  const index = new Index();
  if (!isRecord(value)) return index;
  const data = value['data'];
  if (isRecord(data)) index.add(jsonApiResource(data, ['data']));
  for (const { record, index: i } of records(data)) index.add(jsonApiResource(record, ['data', i]));
  for (const { record, index: i } of records(value['included']))
    index.add(jsonApiResource(record, ['included', i]));
  // Flattened records.
  const single = obj(value['sequence']);
  if (single !== undefined) index.add(flatResource('sequence', single, ['sequence']));
  for (const { record, index: i } of records(value['sequences'])) {
    index.add(flatResource('sequence', record, ['sequences', i]));
    for (const { record: step, index: j } of records(record['sequenceSteps'])) {
      const resource = flatResource('sequenceStep', step, ['sequences', i, 'sequenceSteps', j]);
      const sequenceId = idText(record['id']);
      index.add({
        ...resource,
        rel: (name) =>
          name === 'sequence' && sequenceId !== undefined && resource.rel(name).length === 0
            ? [sequenceId]
            : resource.rel(name),
      });
    }
  }
  for (const [key, type] of [
    ['sequenceSteps', 'sequenceStep'],
    ['sequenceTemplates', 'sequenceTemplate'],
    ['templates', 'template'],
  ] as const) {
    for (const { record, index: i } of records(value[key]))
      index.add(flatResource(type, record, [key, i]));
  }
  return index;
}

function variantsOf(step: Resource, index: Index): { joins: Resource[]; notes: Note[] } {
  const notes: Note[] = [];
  const linked = step.rel('sequenceTemplates').flatMap((id) => {
    const join = index.get('sequenceTemplate', id);
    return join === undefined ? [] : [join];
  });
  const joins =
    linked.length > 0
      ? linked
      : index
          .all('sequenceTemplate')
          .filter((join) => step.id !== undefined && join.rel('sequenceStep').includes(step.id));
  const enabled = joins.filter((join) => bool(join.attributes['enabled']) !== false);
  if (enabled.length < joins.length) {
    for (const join of joins.filter((item) => !enabled.includes(item))) {
      notes.push(
        note(
          [...join.attributesPath, 'enabled'],
          'This template version is turned off in Outreach; it was not carried over',
        ),
      );
    }
  }
  return { joins: enabled.length > 0 ? enabled : joins, notes };
}

function emailStep(step: Resource, index: Index): DraftStep {
  const a = step.attributes;
  const { joins, notes } = variantsOf(step, index);
  const variants: EmailVariant[] = [];
  for (const join of joins) {
    const variantNotes: Note[] = [];
    const templateId = join.rel('template').at(0);
    const template = index.get('template', templateId);
    if (bool(join.attributes['isReply']) === true) {
      variantNotes.push(
        note(
          [...join.attributesPath, 'isReply'],
          'Outreach sends this email as a reply in the previous thread; Upnext opens a new email (add "Re:" to the subject if it matters)',
        ),
      );
    }
    if (template === undefined) {
      variantNotes.push(
        note(
          join.path,
          `Template ${templateId ?? '(no id)'} is not in the file, so the email has no text; export with ?include=sequenceSteps.sequenceTemplates.template`,
        ),
      );
      variants.push({ path: join.path, notes: variantNotes });
      continue;
    }
    const t = template.attributes;
    const p = template.attributesPath;
    const tracking = ['trackOpens', 'trackLinks'].filter((key) => bool(t[key]) === true);
    if (tracking.length > 0) {
      variantNotes.push(
        note(
          [...p, tracking[0] ?? ''],
          `${tracking.length === 2 ? 'Open and link' : tracking[0] === 'trackOpens' ? 'Open' : 'Link'} tracking is not carried over: the seller records opens and clicks in the panel`,
        ),
      );
    }
    for (const key of ['toRecipients', 'ccRecipients', 'bccRecipients']) {
      if ((list(t[key]) ?? []).length > 0) {
        variantNotes.push(
          note(
            [...p, key],
            `Fixed ${key === 'toRecipients' ? 'To' : key === 'ccRecipients' ? 'Cc' : 'Bcc'} recipients of the template are not carried over`,
          ),
        );
      }
    }
    const templateValue = emailTemplate(
      { value: t['subject'], path: [...p, 'subject'] },
      { value: t['bodyHtml'] ?? t['bodyText'], path: [...p, 'bodyHtml'] },
      variantNotes,
    );
    const name = text(t['name']);
    variants.push({
      ...defined({ name }),
      ...(templateValue !== undefined ? { template: templateValue } : {}),
      path: template.path,
      notes: variantNotes,
    });
  }
  if (variants.length === 0) {
    notes.push(
      note(
        step.path,
        'No template is linked to this email step in the file, so the email has no text; export with ?include=sequenceSteps.sequenceTemplates.template',
      ),
    );
    variants.push({ path: step.path });
  }
  const draft = emailVariants(variants, {}, step.path);
  draft.related = [...(draft.related ?? []), ...joins.map((join) => join.path)];
  draft.notes.unshift(...notes);
  if (str(a['stepType']) === 'auto_email') {
    draft.notes.push(
      note(
        [...step.attributesPath, 'stepType'],
        'Outreach sent this email automatically; in Upnext the seller sends it from the panel',
      ),
    );
  }
  return draft;
}

function convertStep(step: Resource, index: Index): DraftStep {
  const a = step.attributes;
  const type = str(a['stepType']) ?? '';
  const notes: Note[] = [];
  const description = instructions(a['taskNote'], [...step.attributesPath, 'taskNote'], notes);
  let draft: DraftStep;
  if (type === 'auto_email' || type === 'manual_email') {
    draft = emailStep(step, index);
    if (description !== undefined && draft.kind === 'action')
      draft.step = { ...draft.step, description };
  } else if (type === 'call') {
    draft = action({ type: 'call', ...defined({ description }) }, step.path);
  } else {
    if (type !== 'task')
      notes.push(
        unknownTypeNote([...step.attributesPath, 'stepType'], type || '(none)', 'Outreach'),
      );
    draft = action(
      {
        type: 'task',
        ...(type !== 'task' && type !== '' ? { name: `Outreach step: ${type}` } : {}),
        ...defined({ description }),
      },
      step.path,
    );
  }
  draft.notes.push(...notes);
  const autoskip = num(a['taskAutoskipDelay']);
  if (autoskip !== undefined && autoskip > 0) {
    draft.notes.push(
      note(
        [...step.attributesPath, 'taskAutoskipDelay'],
        `Outreach skipped this task ${delayWords(autoskip * 1000)} after it was overdue; Upnext keeps it until the seller acts`,
      ),
    );
  }
  return draft;
}

function sequenceNotes(seq: Resource): Note[] {
  const a = seq.attributes;
  const p = seq.attributesPath;
  const notes: Note[] = [];
  const primary = str(a['primaryReplyAction']);
  if (primary === 'pause') {
    const seconds = num(a['primaryReplyPauseDuration']);
    notes.push(
      note(
        [...p, 'primaryReplyAction'],
        `Outreach pauses a prospect who replies${seconds !== undefined ? ` for ${delayWords(seconds * 1000)}` : ''}; Upnext has no pause, so a reply ends the sequence for that record`,
      ),
    );
  }
  const secondary = str(a['secondaryReplyAction']);
  if (secondary !== undefined && secondary !== 'continue') {
    notes.push(
      note(
        [...p, 'secondaryReplyAction'],
        `Replies from other people (Outreach's secondary reply action "${secondary}") are not carried over: Upnext reacts to the record's own reply`,
      ),
    );
  }
  if (str(a['scheduleIntervalType']) === 'schedule') {
    const scheduleId = seq.rel('schedule').at(0);
    notes.push(
      note(
        [...p, 'scheduleIntervalType'],
        `Steps follow an Outreach schedule${scheduleId !== undefined ? ` (${scheduleId})` : ''} that is not in the file; set the sequence's working time in Upnext`,
      ),
    );
  }
  const throttles = ['throttleCapacity', 'throttleMaxAddsPerDay', 'maxActivations'].filter(
    (key) => num(a[key]) !== undefined,
  );
  if (throttles.length > 0) {
    notes.push(
      note(
        [...p, throttles[0] ?? ''],
        `Limits on how many prospects run the sequence (${throttles.join(', ')}) are not carried over`,
      ),
    );
  }
  if (bool(a['transactional']) === true) {
    notes.push(
      note(
        [...p, 'transactional'],
        'Transactional sequences ignore opt-outs in Outreach; Upnext has no such setting',
      ),
    );
  }
  const share = str(a['shareType']);
  if (share !== undefined && share !== 'shared') {
    notes.push(
      note(
        [...p, 'shareType'],
        `Sharing ("${share}") is not carried over: every seller of this browser profile sees the sequence`,
      ),
    );
  }
  const owner = seq.rel('owner').at(0);
  if (owner !== undefined)
    notes.push(note(seq.relPath('owner'), `The owner (user ${owner}) is not carried over`));
  const ruleset = seq.rel('ruleset').at(0);
  if (ruleset !== undefined)
    notes.push(
      note(
        seq.relPath('ruleset'),
        `Ruleset ${ruleset} (rules for bounces, opt-outs, meetings) is not carried over`,
      ),
    );
  return notes;
}

/** Delays (ms) before each step: intervals in seconds, or days between fixed dates. */
function delaysOf(
  seq: Resource,
  steps: Resource[],
  notes: Note[],
  stepNotes: Map<Resource, Note[]>,
): (number | undefined)[] {
  if (str(seq.attributes['sequenceType']) === 'date') {
    notes.push(
      note(
        [...seq.attributesPath, 'sequenceType'],
        'Outreach runs this sequence on fixed dates; Upnext counts from when each record joins and keeps the days between the steps',
      ),
    );
    const dates = steps.map((step) => Date.parse(str(step.attributes['date']) ?? ''));
    return dates.map((date, i) => {
      const before = i === 0 ? undefined : dates.at(i - 1);
      if (i === 0 || before === undefined || Number.isNaN(date) || Number.isNaN(before))
        return undefined;
      return Math.max(0, Math.round((date - before) / DAY) * DAY);
    });
  }
  return steps.map((step, i) => {
    const interval = num(step.attributes['interval']);
    if (interval === undefined) return undefined;
    if (i > 0 && interval > 0 && interval < 3600 && interval % 60 === 0) {
      stepNotes.set(step, [
        note(
          [...step.attributesPath, 'interval'],
          `Outreach's API reference gives intervals in seconds, so ${interval} is ${delayWords(interval * 1000)}; if your export used minutes (${delayWords(interval * 60_000)}), change the wait after importing`,
        ),
      ]);
    }
    return interval * 1000;
  });
}

function convertSequence(seq: Resource, index: Index): DraftSequence {
  const a = seq.attributes;
  const notes = sequenceNotes(seq);
  const steps = index
    .all('sequenceStep')
    .filter(
      (step) =>
        seq.id === undefined ||
        step.rel('sequence').includes(seq.id) ||
        (index.all('sequence').length === 1 && step.rel('sequence').length === 0),
    )
    .sort((x, y) => (num(x.attributes['order']) ?? 0) - (num(y.attributes['order']) ?? 0));
  const stepNotes = new Map<Resource, Note[]>();
  const delays = delaysOf(seq, steps, notes, stepNotes);
  const drafts = steps.map((step, i) => {
    const draft = convertStep(step, index);
    draft.notes.push(...(stepNotes.get(step) ?? []));
    const ms = delays[i];
    if (ms !== undefined && ms > 0) {
      const key = str(seq.attributes['sequenceType']) === 'date' ? 'date' : 'interval';
      draft.delay = { ms, path: [...step.attributesPath, key] };
    }
    return draft;
  });
  const finish = str(a['primaryReplyAction']);
  const exitOnReply =
    finish === 'finish' ||
    finish === 'pause' ||
    (finish === undefined && bool(a['finishOnReply']) === true);
  const name = text(a['name']);
  const description = text(a['description']);
  const tags = (list(a['tags']) ?? []).flatMap((tag) => (typeof tag === 'string' ? [tag] : []));
  return {
    ...(seq.id !== undefined ? { sourceId: seq.id } : {}),
    ...defined({ name, description }),
    ...(tags.length > 0 ? { tags } : {}),
    ...(exitOnReply ? { exitOnReply } : {}),
    path: seq.path,
    steps: drafts,
    notes,
  };
}

function convert(value: unknown): { sequences: DraftSequence[]; notes: Note[] } {
  const index = indexFile(value);
  let sequences = index.all('sequence');
  const notes: Note[] = [];
  if (sequences.length === 0) {
    // Only steps: one sequence per sequence they belong to.
    const ids = [
      ...new Set(index.all('sequenceStep').flatMap((step) => step.rel('sequence').slice(0, 1))),
    ];
    sequences = (ids.length > 0 ? ids : [undefined]).map((id) => ({
      type: 'sequence',
      id,
      attributes: {},
      rel: () => [],
      relPath: () => [],
      path: [],
      attributesPath: [],
    }));
    notes.push(
      note(
        [],
        'The file has the steps but not the sequence itself, so names and settings are missing; export with GET /api/v2/sequences/{id}?include=sequenceSteps.sequenceTemplates.template',
      ),
    );
  }
  return { sequences: sequences.map((seq) => convertSequence(seq, index)), notes };
}

export const outreach: ToolConverter = { tool: 'outreach', entity: 'contact', recognize, convert };
