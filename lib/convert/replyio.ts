/**
 * Reply.io sequences → drafts.
 *
 * Sources: Reply.io API reference, docs.reply.io/api-reference — "Create a sequence",
 * "Create a sequence step" / "Bulk create sequence steps" (v3, beta), "Add sequence steps";
 * a public typed client generated from Reply's bundled OpenAPI file (for the Condition step's
 * fields).
 * - A sequence: `id`, `name`, `status`, `scheduleId`, `emailAccounts`, `linkedInAccounts`,
 *   `settings` (`emailsCountPerDay`, `daysToFinishProspect`, `emailSendingDelaySeconds`,
 *   `dailyThrottling`, `useDailyThrottling`, `disableOpensTracking`, `repliesHandlingType`
 *   e.g. "markAsFinished", `enableLinksTracking`, ...), `steps`.
 * - A step: `type` "email" | "linkedIn" | "call" | "sms" | "whatsApp" | "zapier" | "task" |
 *   "condition" (older pages capitalise: "Email"), `delayInMinutes` ("delay in minutes before
 *   executing this step"), `executionMode` "automatic" | "manual", `variants` (email A/B
 *   versions: `subject`, `message`, `isEnabled`; older pages: `templates` with `subject`,
 *   `body`), `parentId` ("ID of the parent step, for branching") and `ifConditionPositive`
 *   ("whether this step is on the positive branch of a condition").
 * - LinkedIn `actionType`: "message", "connect", "inMail", "viewProfile", "endorseSkills",
 *   "voiceMessage", "likeRecentPosts", "followProfile", "commentOnRecentPost".
 * - Task `actionType` "toDo" | "meeting" with `description`; SMS and WhatsApp `message`;
 *   Zapier `name` and `action`.
 * - Condition: `waitInMinutes` and `conditions: [{ property, rules: [{ operator, value }] }]`.
 *   Not verified: the list of `property` values. We read the words: "open", "click" and
 *   "repl(y)" become email conditions on the nearest email before the branch; anything else
 *   becomes a question the seller answers. Several conditions are read as one question.
 */
import { emailVariants } from './ab-variants';
import type { EmailVariant } from './ab-variants';
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
import { MINUTE } from '../engine/time/zoned';
import { action, note } from './draft';
import type { DraftBranch, DraftSequence, DraftStep, DraftTest, Note } from './draft';
import { bool, idText, isRecord, list, num, obj, records, str, text } from './read';
import type { JsonObject, PathSegment } from './read';
import type { ToolConverter, ToolRecognition } from './tool';

const TYPES = ['email', 'linkedin', 'call', 'sms', 'whatsapp', 'zapier', 'task', 'condition'];
const EXPORT = 'GET /v3/sequences/{id} (the sequence with its steps)';

function typeOf(step: JsonObject): string {
  return (str(step['type']) ?? '').toLowerCase();
}

function isStep(record: JsonObject): boolean {
  return TYPES.includes(typeOf(record)) && ('delayInMinutes' in record || 'parentId' in record);
}

interface Source {
  sequence?: JsonObject;
  path: PathSegment[];
  steps: { record: JsonObject; path: PathSegment[] }[];
}

function sourcesIn(value: unknown): Source[] {
  const stepsOf = (holder: unknown, base: PathSegment[]): Source['steps'] =>
    records(holder).map(({ record, index }) => ({ record, path: [...base, index] }));
  const ok = (steps: Source['steps']): boolean =>
    steps.length > 0 && steps.every(({ record }) => isStep(record));
  if (isRecord(value) && Array.isArray(value['steps'])) {
    const steps = stepsOf(value['steps'], ['steps']);
    return ok(steps) ? [{ sequence: value, path: [], steps }] : [];
  }
  if (isRecord(value) && Array.isArray(value['items'])) {
    return records(value['items']).flatMap(({ record, index }) => {
      const steps = stepsOf(record['steps'], ['items', index, 'steps']);
      return ok(steps) ? [{ sequence: record, path: ['items', index], steps }] : [];
    });
  }
  const bare = stepsOf(value, []);
  return Array.isArray(value) && ok(bare) ? [{ path: [], steps: bare }] : [];
}

function recognize(value: unknown): ToolRecognition | undefined {
  const found = sourcesIn(value);
  if (found.length > 0) {
    return {
      shape: found.every((source) => source.sequence !== undefined)
        ? 'Reply.io sequence with steps (API v3)'
        : 'Reply.io sequence steps (API v3)',
    };
  }
  if (!isRecord(value)) return undefined;
  if (
    Array.isArray(value['items']) &&
    records(value['items']).some(
      ({ record }) => 'status' in record && 'name' in record && 'isArchived' in record,
    )
  ) {
    return {
      refuse: `This lists Reply.io sequences without their steps; export each sequence with ${EXPORT}`,
    };
  }
  if ('contactId' in value && ('currentStep' in value || 'statusInSequence' in value)) {
    return {
      refuse: `This is a Reply.io contact's place in a sequence, not a sequence definition; export the sequence with ${EXPORT}`,
    };
  }
  if (
    text(value['email']) !== undefined &&
    ('firstName' in value || 'lastName' in value) &&
    !('steps' in value) &&
    !('_id' in value)
  ) {
    return {
      refuse: `This is a Reply.io contact, not a sequence definition; export the sequence with ${EXPORT}`,
    };
  }
  return undefined;
}

function settingsNotes(
  sequence: JsonObject,
  path: PathSegment[],
): { exitOnReply: boolean; notes: Note[] } {
  const notes: Note[] = [];
  const settings = obj(sequence['settings']) ?? {};
  const sp = [...path, 'settings'];
  const replies = str(settings['repliesHandlingType']);
  const exitOnReply = replies !== undefined && /finish/i.test(replies);
  if (replies !== undefined && !exitOnReply) {
    notes.push(
      note(
        [...sp, 'repliesHandlingType'],
        `Reply handling "${replies}" is not carried over: in Upnext a reply ends the sequence only with "exit on reply"`,
      ),
    );
  }
  if (
    bool(settings['disableOpensTracking']) === false ||
    bool(settings['enableLinksTracking']) === true
  ) {
    notes.push(
      note(
        [
          ...sp,
          bool(settings['enableLinksTracking']) === true
            ? 'enableLinksTracking'
            : 'disableOpensTracking',
        ],
        'Open and link tracking are not carried over: the seller records opens and clicks in the panel',
      ),
    );
  }
  const limits = [
    'emailsCountPerDay',
    'dailyThrottling',
    'emailSendingDelaySeconds',
    'numberOfSameDomainSendingLimit',
  ].filter((key) => num(settings[key]) !== undefined);
  if (limits.length > 0)
    notes.push(
      note([...sp, limits[0] ?? ''], `Sending limits (${limits.join(', ')}) are not carried over`),
    );
  if (num(settings['daysToFinishProspect']) !== undefined) {
    notes.push(
      note(
        [...sp, 'daysToFinishProspect'],
        `Finishing contacts ${num(settings['daysToFinishProspect']) ?? ''} days after the last step is not carried over: an Upnext record completes when it reaches the end`,
      ),
    );
  }
  if (text(settings['generatedTaskOwner']) !== undefined)
    notes.push(
      note([...sp, 'generatedTaskOwner'], 'Who gets the generated tasks is not carried over'),
    );
  const schedule = idText(sequence['scheduleId']);
  if (schedule !== undefined)
    notes.push(
      note(
        [...path, 'scheduleId'],
        `Reply.io schedule ${schedule} (sending days and hours) is not in the file; set the sequence's working time in Upnext`,
      ),
    );
  if ((list(sequence['emailAccounts']) ?? []).length > 0)
    notes.push(
      note(
        [...path, 'emailAccounts'],
        'The mailboxes that send the sequence are not carried over: the seller sends from their own mail program',
      ),
    );
  if ((list(sequence['linkedInAccounts']) ?? []).length > 0)
    notes.push(
      note(
        [...path, 'linkedInAccounts'],
        'The LinkedIn accounts of the sequence are not carried over',
      ),
    );
  return { exitOnReply, notes };
}

/** Email versions from `variants` (v3) or `templates` / `emailTemplate.templates` (older pages). */
function emailVersions(step: JsonObject, path: PathSegment[]): EmailVariant[] {
  const holders: [unknown, PathSegment[]][] = [
    [step['variants'], [...path, 'variants']],
    [step['templates'], [...path, 'templates']],
    [obj(step['emailTemplate'])?.['templates'], [...path, 'emailTemplate', 'templates']],
    [
      obj(obj(step['template'])?.['emailTemplate'])?.['templates'],
      [...path, 'template', 'emailTemplate', 'templates'],
    ],
  ];
  for (const [holder, base] of holders) {
    const items = records(holder);
    if (items.length === 0) continue;
    return items.flatMap(({ record, index }) => {
      const vp = [...base, index];
      const notes: Note[] = [];
      if (bool(record['isEnabled']) === false) return [];
      const bodyKey = record['message'] !== undefined ? 'message' : 'body';
      const template = emailTemplate(
        { value: record['subject'], path: [...vp, 'subject'] },
        { value: record[bodyKey], path: [...vp, bodyKey] },
        notes,
      );
      if (
        bool(record['hasAttachments']) === true ||
        (list(record['attachmentIds']) ?? []).length > 0
      ) {
        notes.push(
          note(vp, 'Attachments are not carried over; attach the files when you send the email'),
        );
      }
      return [{ ...defined({ template }), path: vp, notes }];
    });
  }
  return [];
}

function executionMode(step: JsonObject): string | undefined {
  return (
    str(step['executionMode']) ??
    str(obj(step['emailTemplate'])?.['executionMode']) ??
    str(obj(obj(step['template'])?.['emailTemplate'])?.['executionMode'])
  )?.toLowerCase();
}

function conditionTest(
  step: JsonObject,
  path: PathSegment[],
  notes: Note[],
): { test: DraftTest; negated: boolean; name?: string } {
  const conditions = records(step['conditions']);
  const words = conditions.map(({ record }) => text(record['property']) ?? 'condition');
  if (conditions.length !== 1) {
    const question = words.length > 0 ? words.map(humanize).join(' and ') : 'Condition met';
    if (conditions.length > 1)
      notes.push(
        note(
          [...path, 'conditions'],
          `Several conditions (${words.join(', ')}) became one question for the seller`,
        ),
      );
    return { test: { kind: 'question', field: 'replyioCondition', question }, negated: false };
  }
  const only = conditions.at(0);
  const property = text(only?.record['property']) ?? '';
  const rules = records(only?.record['rules']).map(({ record }) => record);
  const negated = rules.some((rule) =>
    /not|false|no$/i.test(
      `${str(rule['operator']) ?? ''} ${str(rule['value']) ?? String(bool(rule['value']) ?? '')}`.trim(),
    ),
  );
  const lower = property.toLowerCase();
  if (!lower.includes('linkedin') && !lower.includes('sms') && !lower.includes('call')) {
    if (lower.includes('repl')) return { test: { kind: 'email', event: 'replied' }, negated };
    if (lower.includes('click')) return { test: { kind: 'email', event: 'link-clicked' }, negated };
    if (lower.includes('open')) return { test: { kind: 'email', event: 'opened' }, negated };
  }
  notes.push(
    note(
      [...path, 'conditions', 0, 'property'],
      `Upnext cannot check "${property}" by itself; the seller answers this branch`,
    ),
  );
  return {
    test: {
      kind: 'question',
      field: questionField('replyio', property),
      question: humanize(property),
    },
    negated,
  };
}

function convertStep(
  step: JsonObject,
  path: PathSegment[],
  branches: (id: string | undefined) => { yes: DraftStep[]; no: DraftStep[] },
): DraftStep {
  const notes: Note[] = [];
  const type = typeOf(step);
  const auto = executionMode(step) === 'automatic';
  const description = instructions(step['description'], [...path, 'description'], notes);
  const name = stepName(step['name']);
  const message = bodyText(step['message'], [...path, 'message'], notes);
  if (type === 'email') {
    const versions = emailVersions(step, path);
    const draft = emailVariants(
      versions.length > 0
        ? versions
        : [{ path, notes: [note(path, 'The email has no text in the file')] }],
      {},
      path,
    );
    draft.notes.unshift(...notes);
    if (auto)
      draft.notes.push(
        note(
          [...path, 'executionMode'],
          'Reply.io sent this email automatically; in Upnext the seller sends it from the panel',
        ),
      );
    return draft;
  }
  if (type === 'linkedin') {
    const kind = str(step['actionType']) ?? 'linkedin';
    const body =
      message ??
      bodyText(
        records(step['variants'])[0]?.record['message'],
        [...path, 'variants', 0, 'message'],
        notes,
      );
    if (auto)
      notes.push(
        note(
          [...path, 'executionMode'],
          'Reply.io ran this LinkedIn step automatically; in Upnext the seller does it',
        ),
      );
    return action(
      linkedinStep(kind, {
        ...defined({ description }),
        ...defined({ body }),
        path: [...path, 'actionType'],
        notes,
        source: `"${kind}"`,
      }),
      path,
      { notes },
    );
  }
  if (type === 'call')
    return action(
      {
        type: 'call',
        ...defined({ name, description }),
      },
      path,
      { notes },
    );
  if (type === 'sms') {
    if (auto)
      notes.push(
        note(
          [...path, 'executionMode'],
          'Reply.io sent this text automatically; in Upnext the seller sends it',
        ),
      );
    return action(
      { type: 'text', ...(message !== undefined ? { template: { body: message } } : {}) },
      path,
      { notes },
    );
  }
  if (type === 'whatsapp') {
    return action(whatsappStep(message, path, notes), path, { notes });
  }
  if (type === 'zapier') {
    notes.push(
      note(
        [...path, 'type'],
        `Zapier step "${name ?? ''}" runs an automation in another tool; it was not carried over`,
      ),
    );
    return { kind: 'delay', path, notes };
  }
  if (type === 'condition') {
    const { test, negated, name: testName } = conditionTest(step, path, notes);
    const { yes, no } = branches(idText(step['id']));
    const wait = num(step['waitInMinutes']);
    if (negated)
      notes.push(
        note(
          [...path, 'conditions'],
          'The condition tests that something did not happen; Upnext tests that it did and swaps the branches',
        ),
      );
    const branch: DraftBranch = {
      kind: 'branch',
      test,
      ...(testName !== undefined ? { name: testName } : {}),
      ...(wait !== undefined && wait > 0
        ? { within: { ms: wait * MINUTE, path: [...path, 'waitInMinutes'] } }
        : {}),
      yes: negated ? no : yes,
      no: negated ? yes : no,
      path,
      notes,
    };
    return branch;
  }
  const taskKind = str(step['actionType']);
  if (type !== 'task')
    notes.push(unknownTypeNote([...path, 'type'], str(step['type']) ?? '(none)', 'Reply.io'));
  return action(
    {
      type: 'task',
      name:
        name ??
        (taskKind === 'meeting' ? 'Meeting' : type === 'task' ? 'To-do' : `Reply.io step: ${type}`),
      ...(description !== undefined
        ? { description }
        : message !== undefined
          ? { description: message }
          : {}),
    },
    path,
    { notes },
  );
}

function convertSource(source: Source): { sequence: DraftSequence; notes: Note[] } {
  const fileNotes: Note[] = [];
  const byId = new Map<string, { record: JsonObject; path: PathSegment[] }>();
  for (const step of source.steps) {
    const id = idText(step.record['id']);
    if (id !== undefined) byId.set(id, step);
  }
  const parentOf = (record: JsonObject): string | undefined => {
    const parent = idText(record['parentId']);
    return parent !== undefined && byId.has(parent) ? parent : undefined;
  };
  const groups = new Map<string, { record: JsonObject; path: PathSegment[] }[]>();
  for (const step of source.steps) {
    const parent = parentOf(step.record);
    const positive = bool(step.record['ifConditionPositive']);
    const isChildOfCondition =
      parent !== undefined && typeOf(byId.get(parent)?.record ?? {}) === 'condition';
    const key =
      parent === undefined
        ? 'root'
        : isChildOfCondition
          ? `${parent}:${positive === false ? 'no' : 'yes'}`
          : `${parent}:after`;
    if (idText(step.record['parentId']) !== undefined && parent === undefined) {
      fileNotes.push(
        note(
          [...step.path, 'parentId'],
          `This step's parent (step ${idText(step.record['parentId']) ?? ''}) is not in the file; the step was placed on the main path`,
        ),
      );
    }
    const items = groups.get(key) ?? [];
    items.push(step);
    groups.set(key, items);
  }
  const visited = new Set<JsonObject>();
  const build = (key: string): DraftStep[] => {
    const out: DraftStep[] = [];
    for (const item of groups.get(key) ?? []) {
      if (visited.has(item.record)) continue;
      visited.add(item.record);
      const id = idText(item.record['id']);
      const draft = convertStep(item.record, item.path, (conditionId) => ({
        yes: conditionId === undefined ? [] : build(`${conditionId}:yes`),
        no: conditionId === undefined ? [] : build(`${conditionId}:no`),
      }));
      const delay = num(item.record['delayInMinutes']);
      if (delay !== undefined && delay > 0)
        draft.delay = { ms: delay * MINUTE, path: [...item.path, 'delayInMinutes'] };
      out.push(draft);
      if (id !== undefined && draft.kind !== 'branch') out.push(...build(`${id}:after`));
    }
    return out;
  };
  const steps = build('root');
  for (const step of source.steps) {
    if (!visited.has(step.record)) {
      fileNotes.push(
        note(
          step.path,
          'This step is not reachable from the start of the sequence (its parent links form a loop); it was not carried over',
        ),
      );
    }
  }
  const sequence = source.sequence;
  const settings =
    sequence !== undefined
      ? settingsNotes(sequence, source.path)
      : { exitOnReply: false, notes: [] };
  if (sequence === undefined) {
    settings.notes.push(
      note(
        [],
        `The file has the steps but not the sequence, so its name and settings are missing; export with ${EXPORT}`,
      ),
    );
  }
  const name = text(sequence?.['name']);
  const id = idText(sequence?.['id']);
  return {
    sequence: {
      ...(id !== undefined ? { sourceId: id } : {}),
      ...defined({ name }),
      ...(settings.exitOnReply ? { exitOnReply: true } : {}),
      path: source.path,
      steps,
      notes: settings.notes,
    },
    notes: fileNotes,
  };
}

function convert(value: unknown): { sequences: DraftSequence[]; notes: Note[] } {
  const converted = sourcesIn(value).map(convertSource);
  return {
    sequences: converted.map((item) => item.sequence),
    notes: converted.flatMap((item) => item.notes),
  };
}

export const replyio: ToolConverter = { tool: 'replyio', entity: 'contact', recognize, convert };
