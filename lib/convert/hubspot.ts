/**
 * HubSpot sequences → drafts.
 *
 * Sources: HubSpot developer docs, developers.hubspot.com — API reference "Sequences":
 * "Retrieve a sequence" (legacy `GET /automation/v4/sequences/{sequenceId}`, and the dated
 * `/automation/sequences/2026-03/{sequenceId}`), and the `2026-09-beta` "Create sequence" /
 * "Retrieve sequence" pages; the knowledge base article "Create and edit sequences" (what time
 * steps execute).
 * - A sequence: `id`, `name`, `userId`, `folderId`, `steps`, `dependencies`, `settings`.
 * - A step: `stepOrder`, `delayMillis` (milliseconds: the delay after the previous step),
 *   `actionType` ("EMAIL", "TASK", "FINISH_ENROLLMENT"), `emailPattern` (`templateId`,
 *   `threadEmailToStepOrder`), `taskPattern` (`taskType` "CALL" | "EMAIL" |
 *   "LINKED_IN_CONNECT" | "LINKED_IN_MESSAGE" | "MEETING" | "TODO", `taskPriority`, `subject`,
 *   `notes`, `queueId`, `templateId`).
 * - `dependencies`: `dependencyType` "TASK_COMPLETION" (the sequence waits for the task, as
 *   Upnext always does) or "MANUAL_PAUSE", `reliesOnStepOrder`, `requiredByStepOrder`.
 * - `settings`: `eligibleFollowUpDays` ("BUSINESS_DAYS", "EVERYDAY", "WEEKDAYS_ONLY"),
 *   `sendWindowStartMinute` / `sendWindowEndMinute` (minutes after midnight),
 *   `taskReminderMinute`, `individualTaskRemindersEnabled`, `sellingStrategy`,
 *   `unenrollmentSettings`. Contacts unenroll when they reply (knowledge base).
 * - 2026-09-beta adds `branchNumber` on steps and dependencies, `variants` (`activated`,
 *   `variantOrdinal`), `delayMillisMin` / `delayMillisMax`, `dynamic`, `engagementTriggers`
 *   (`numberOfOpens`, `numberOfClicks`), `settings.useThreadedFollowUps`, `taskCreationMinute`.
 * Not verified (the reference pages we could read do not say): how HubSpot chooses between
 * branches, and where a variant's own email is (we read `emailPattern` on the variant, then on
 * the step). Email templates are referenced by id only: their text is never in the sequence.
 */
import type { Schedule } from '../sequence/types';
import { plural } from '../domain/plural';
import { containsEmail, emailVariants } from './ab-variants';
import type { EmailVariant } from './ab-variants';
import { delayWords } from './build';
import { defined, instructions, linkedinStep, stepName, unknownTypeNote } from './content';
import { action, note } from './draft';
import type { DraftSequence, DraftStep, Note } from './draft';
import { bool, idText, isRecord, list, num, obj, records, str, text } from './read';
import type { JsonObject, PathSegment } from './read';
import type { ToolConverter, ToolRecognition } from './tool';

/** HubSpot steps always have a `stepOrder`, and an upper-case `actionType` or a delay. */
function isStep(record: JsonObject): boolean {
  return (
    num(record['stepOrder']) !== undefined &&
    (/^[A-Z_]+$/.test(str(record['actionType']) ?? '') ||
      'delayMillis' in record ||
      'delayMillisMin' in record ||
      'variants' in record)
  );
}

function isSequence(value: unknown): value is JsonObject {
  if (!isRecord(value) || !Array.isArray(value['steps'])) return false;
  const steps = records(value['steps']);
  return (
    steps.length > 0 &&
    steps.every(({ record }) => isStep(record)) &&
    ('name' in value || 'userId' in value || 'settings' in value)
  );
}

function sequencesIn(value: unknown): { record: JsonObject; path: PathSegment[] }[] {
  if (isSequence(value)) return [{ record: value, path: [] }];
  if (isRecord(value) && Array.isArray(value['results'])) {
    return records(value['results']).flatMap(({ record, index }) =>
      isSequence(record) ? [{ record, path: ['results', index] }] : [],
    );
  }
  return records(value).flatMap(({ record, index }) =>
    isSequence(record) ? [{ record, path: [index] }] : [],
  );
}

const EXPORT = 'GET /automation/v4/sequences/{sequenceId}?userId={userId}';

function recognize(value: unknown): ToolRecognition | undefined {
  const found = sequencesIn(value);
  if (found.length > 0) {
    const beta = found.some(({ record }) =>
      records(record['steps']).some(
        ({ record: step }) => 'branchNumber' in step || 'variants' in step,
      ),
    );
    return {
      shape: beta
        ? 'HubSpot sequence with branches and variants (API 2026-09-beta)'
        : 'HubSpot sequence (automation API v4)',
    };
  }
  if (!isRecord(value)) return undefined;
  if ('enrolledAt' in value && 'toEmail' in value) {
    return {
      refuse: `This is a HubSpot sequence enrollment (one contact in a sequence), not a sequence definition; export the sequence: ${EXPORT}`,
    };
  }
  if ('contactId' in value && 'senderEmail' in value && 'sequenceId' in value) {
    return {
      refuse: `This is a HubSpot enrollment request, not a sequence definition; export the sequence: ${EXPORT}`,
    };
  }
  const properties = obj(value['properties']);
  if (properties !== undefined && ('email' in properties || 'firstname' in properties)) {
    return {
      refuse: `This is a HubSpot contact, not a sequence definition; export the sequence: ${EXPORT}`,
    };
  }
  if (
    Array.isArray(value['results']) &&
    records(value['results']).some(
      ({ record }) => text(record['name']) !== undefined && 'userId' in record,
    )
  ) {
    return {
      refuse: `This is a list of HubSpot sequences without their steps; export each sequence: ${EXPORT}`,
    };
  }
  return undefined;
}

const WEEKDAYS: Schedule['days'] = ['mon', 'tue', 'wed', 'thu', 'fri'];
const EVERY_DAY: Schedule['days'] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function clock(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

function scheduleOf(
  settings: JsonObject,
  path: PathSegment[],
  notes: Note[],
): Schedule | undefined {
  const days = str(settings['eligibleFollowUpDays']);
  const start = num(settings['sendWindowStartMinute']);
  const end = num(settings['sendWindowEndMinute']);
  const window =
    start !== undefined && end !== undefined && start >= 0 && end <= 24 * 60 && start < end;
  if (start !== undefined && end !== undefined && !window) {
    notes.push(
      note(
        [...path, 'sendWindowStartMinute'],
        `The send window (minute ${start} to minute ${end} of the day) is not one Upnext can use; the sequence has no working hours`,
      ),
    );
  }
  if (days !== 'BUSINESS_DAYS' && days !== 'WEEKDAYS_ONLY' && !window) return undefined;
  const schedule: Schedule = {
    days: days === 'BUSINESS_DAYS' || days === 'WEEKDAYS_ONLY' ? WEEKDAYS : EVERY_DAY,
    start: window ? clock(start) : '00:00',
    end: window ? clock(Math.min(end, 24 * 60 - 1)) : '23:59',
    ...(days === 'BUSINESS_DAYS' ? { waitsInWorkingTime: true } : {}),
  };
  if (window) {
    notes.push(
      note(
        [...path, 'sendWindowStartMinute'],
        `HubSpot's send window for emails (${schedule.start}–${schedule.end}) is the working time of every step in Upnext`,
      ),
    );
  }
  return schedule;
}

function settingsNotes(settings: JsonObject, path: PathSegment[], notes: Note[]): void {
  if (
    bool(settings['individualTaskRemindersEnabled']) === true ||
    num(settings['taskReminderMinute']) !== undefined
  ) {
    notes.push(
      note(
        [...path, 'taskReminderMinute'],
        'Task reminders are not carried over: due steps show in the panel and the work list',
      ),
    );
  }
  if (num(settings['taskCreationMinute']) !== undefined) {
    notes.push(
      note(
        [...path, 'taskCreationMinute'],
        'The time of day when tasks are created is not carried over; set the working time instead',
      ),
    );
  }
  if (str(settings['sellingStrategy']) === 'ACCOUNT_BASED') {
    notes.push(
      note(
        [...path, 'sellingStrategy'],
        'Account-based selling (one sequence per company) is not carried over: each record runs the sequence on its own',
      ),
    );
  }
  if (bool(settings['useThreadedFollowUps']) === true) {
    notes.push(
      note(
        [...path, 'useThreadedFollowUps'],
        'HubSpot sends follow-ups as replies in one thread; Upnext opens a new email each time',
      ),
    );
  }
  const unenroll = obj(settings['unenrollmentSettings']);
  if (unenroll !== undefined) {
    const meeting = obj(unenroll['meetingSettings']);
    if (meeting !== undefined && Object.keys(meeting).length > 0) {
      notes.push(
        note(
          [...path, 'unenrollmentSettings', 'meetingSettings'],
          'Unenrolling contacts who book a meeting is not carried over; disconnect the record when a meeting is booked',
        ),
      );
    }
    const email = obj(unenroll['emailSettings']);
    const criteria = str(email?.['criteria']);
    if (criteria !== undefined) {
      notes.push(
        note(
          [...path, 'unenrollmentSettings', 'emailSettings', 'criteria'],
          `HubSpot's unenrollment rule for replies ("${criteria}") is not carried over: in Upnext a record leaves the sequence when it replies itself`,
        ),
      );
    }
  }
}

const TASK_NAMES: Partial<Record<string, string>> = { MEETING: 'Book a meeting', TODO: 'To-do' };

function templateNote(templateId: string | undefined, path: PathSegment[]): Note {
  return note(
    path,
    `HubSpot sequences refer to email template ${templateId ?? '(no id)'} by id; its text is not in the export, so the email has no text (copy it from HubSpot's templates)`,
  );
}

function emailFromPattern(
  pattern: JsonObject | undefined,
  path: PathSegment[],
  ownOrder: number | undefined,
  name: string | undefined,
): EmailVariant {
  const notes: Note[] = [];
  const templateId = idText(pattern?.['templateId']);
  notes.push(templateNote(templateId, [...path, 'templateId']));
  const thread = num(pattern?.['threadEmailToStepOrder']);
  if (thread !== undefined && ownOrder !== undefined && thread !== ownOrder) {
    notes.push(
      note(
        [...path, 'threadEmailToStepOrder'],
        `HubSpot sends this email as a reply to the email of step ${thread + 1}; Upnext opens a new email (add "Re:" to the subject if it matters)`,
      ),
    );
  }
  return { ...defined({ name }), path, notes };
}

function convertStep(step: JsonObject, path: PathSegment[]): DraftStep | 'finish' {
  const notes: Note[] = [];
  const type = str(step['actionType']) ?? '';
  const order = num(step['stepOrder']);
  if (bool(step['dynamic']) === true)
    notes.push(note([...path, 'dynamic'], "HubSpot's dynamic step setting is not carried over"));
  if (type === 'FINISH_ENROLLMENT') return 'finish';
  if (type === 'EMAIL') {
    const variants = records(step['variants']);
    const active = variants.filter(({ record }) => bool(record['activated']) !== false);
    const emails: EmailVariant[] =
      active.length > 1
        ? active.map(({ record, index }) =>
            emailFromPattern(
              obj(record['emailPattern']) ?? obj(step['emailPattern']),
              [...path, 'variants', index],
              order,
              `Variant ${(num(record['variantOrdinal']) ?? index) + 1}`,
            ),
          )
        : [
            emailFromPattern(
              obj(step['emailPattern']),
              [...path, 'emailPattern'],
              order,
              undefined,
            ),
          ];
    const draft = emailVariants(emails, {}, path);
    draft.notes.unshift(...notes);
    draft.notes.push(
      note(
        [...path, 'actionType'],
        'HubSpot sent this email automatically; in Upnext the seller sends it from the panel',
      ),
    );
    return draft;
  }
  if (type === 'TASK') {
    const task = obj(step['taskPattern']) ?? {};
    const tp = [...path, 'taskPattern'];
    const taskType = str(task['taskType']) ?? 'TODO';
    const name = stepName(task['subject']);
    const description = instructions(task['notes'], [...tp, 'notes'], notes);
    const priority = str(task['taskPriority']);
    if (priority !== undefined && priority !== 'NONE')
      notes.push(note([...tp, 'taskPriority'], `Task priority ${priority} is not carried over`));
    if (num(task['queueId']) !== undefined)
      notes.push(
        note([...tp, 'queueId'], `Task queue ${num(task['queueId']) ?? ''} is not carried over`),
      );
    const base = {
      ...defined({ name, description }),
    };
    if (taskType === 'CALL') return action({ type: 'call', ...base }, path, { notes });
    if (taskType === 'EMAIL') {
      const templateId = idText(task['templateId']);
      const draft = emailVariants(
        [
          {
            path: tp,
            notes:
              templateId !== undefined ? [templateNote(templateId, [...tp, 'templateId'])] : [],
          },
        ],
        base,
        path,
      );
      draft.notes.unshift(...notes);
      return draft;
    }
    if (taskType.startsWith('LINKED_IN')) {
      return action(
        linkedinStep(taskType, {
          ...base,
          path: [...tp, 'taskType'],
          notes,
          source: `"${taskType}"`,
        }),
        path,
        { notes },
      );
    }
    if (TASK_NAMES[taskType] === undefined)
      notes.push(unknownTypeNote([...tp, 'taskType'], taskType, 'HubSpot'));
    return action(
      {
        type: 'task',
        name: name ?? TASK_NAMES[taskType] ?? `HubSpot task: ${taskType}`,
        ...defined({ description }),
      },
      path,
      { notes },
    );
  }
  notes.push(unknownTypeNote([...path, 'actionType'], type || '(none)', 'HubSpot'));
  return action({ type: 'task', name: type ? `HubSpot step: ${type}` : 'HubSpot step' }, path, {
    notes,
  });
}

function convertSequence(seq: JsonObject, path: PathSegment[]): DraftSequence {
  const notes: Note[] = [];
  const all = records(seq['steps']).map(({ record, index }) => ({
    record,
    path: [...path, 'steps', index],
  }));
  const branchOf = (step: JsonObject): number => num(step['branchNumber']) ?? 0;
  const main = Math.min(...all.map(({ record }) => branchOf(record)));
  for (const branch of [...new Set(all.map(({ record }) => branchOf(record)))]
    .filter((n) => n !== main)
    .sort((a, b) => a - b)) {
    const steps = all.filter(({ record }) => branchOf(record) === branch);
    notes.push(
      note(
        steps[0]?.path ?? path,
        `Branch ${branch} (${plural(steps.length, 'step')}) is not carried over: how HubSpot sends a contact down a branch is not in the export; Upnext keeps the main path (branch ${main})`,
      ),
    );
  }
  const trunk = all
    .filter(({ record }) => branchOf(record) === main)
    .sort((a, b) => (num(a.record['stepOrder']) ?? 0) - (num(b.record['stepOrder']) ?? 0));
  const steps: DraftStep[] = [];
  for (const [i, { record, path: stepPath }] of trunk.entries()) {
    const converted = convertStep(record, stepPath);
    if (converted === 'finish') {
      const after = trunk.length - i - 1;
      if (after > 0)
        notes.push(
          note(
            [...stepPath, 'actionType'],
            `The sequence finishes here; ${after === 1 ? 'the step after it never ran' : `the ${after} steps after it never ran`} in HubSpot and ${after === 1 ? 'was' : 'were'} not carried over`,
          ),
        );
      break;
    }
    const exact = num(record['delayMillis']);
    const min = num(record['delayMillisMin']);
    const max = num(record['delayMillisMax']);
    const ms = exact ?? min;
    if (exact === undefined && min !== undefined && max !== undefined && max > min) {
      converted.notes.push(
        note(
          [...stepPath, 'delayMillisMax'],
          `HubSpot waits between ${delayWords(min)} and ${delayWords(max)} here; Upnext waits ${delayWords(min)}`,
        ),
      );
    }
    if (ms !== undefined && ms > 0)
      converted.delay = {
        ms,
        path: [...stepPath, exact !== undefined ? 'delayMillis' : 'delayMillisMin'],
      };
    steps.push(converted);
  }
  for (const { record, index } of records(seq['dependencies'])) {
    if (str(record['dependencyType']) === 'MANUAL_PAUSE') {
      notes.push(
        note(
          [...path, 'dependencies', index],
          `HubSpot pauses before step ${(num(record['requiredByStepOrder']) ?? 0) + 1} until someone resumes it; Upnext goes on when the wait ends`,
        ),
      );
    }
  }
  const settings = obj(seq['settings']);
  const schedule =
    settings !== undefined ? scheduleOf(settings, [...path, 'settings'], notes) : undefined;
  if (settings !== undefined) settingsNotes(settings, [...path, 'settings'], notes);
  if (bool(seq['dynamic']) === true)
    notes.push(
      note([...path, 'dynamic'], "HubSpot's dynamic sequence setting is not carried over"),
    );
  const triggers = obj(seq['engagementTriggers']);
  if (triggers !== undefined && Object.keys(triggers).length > 0) {
    notes.push(
      note(
        [...path, 'engagementTriggers'],
        'Engagement triggers (a number of opens or clicks) are not carried over; Upnext branches test a single open, click or reply',
      ),
    );
  }
  const folder = idText(seq['folderId']);
  if (folder !== undefined)
    notes.push(
      note(
        [...path, 'folderId'],
        `HubSpot folder ${folder} is not carried over; use tags to group sequences`,
      ),
    );
  const name = text(seq['name']);
  const id = idText(seq['id']);
  return {
    ...(id !== undefined ? { sourceId: id } : {}),
    ...defined({ name }),
    // Contacts unenroll when they reply (knowledge base); only meaningful with an email step.
    ...(containsEmail(steps) ? { exitOnReply: true } : {}),
    ...defined({ schedule }),
    path,
    steps,
    notes,
  };
}

function convert(value: unknown): { sequences: DraftSequence[]; notes: Note[] } {
  const found = sequencesIn(value);
  const notes: Note[] = [];
  if (isRecord(value) && (list(value['results'])?.length ?? 0) > found.length) {
    notes.push(
      note(['results'], 'Some entries of the list are not sequences with steps; they were skipped'),
    );
  }
  return { sequences: found.map(({ record, path }) => convertSequence(record, path)), notes };
}

export const hubspot: ToolConverter = { tool: 'hubspot', entity: 'contact', recognize, convert };
