/**
 * Salesloft cadences → drafts.
 *
 * Sources: Salesloft developer docs, developers.salesloft.com — "Cadence Imports" (Settings,
 * Step Groups, Automated Settings pages), the v2 API reference for Cadence and Step, and
 * "Retrieving Actions, Cadences, Steps".
 * - Import body (`POST /v2/cadence_imports`) and export (`GET /v2/cadence_exports/{id}`, which
 *   answers `data.cadence_content` with the same parts): `settings` (`name`, `remove_replied`,
 *   `remove_bounced`, `remove_people_when_meeting_booked`, `target_daily_people`,
 *   `cadence_function`, `cadence_priority`, `cadence_owner`, `tags`, stage settings),
 *   `sharing_settings` (`team_cadence`, `shared`), `cadence_content.step_groups`.
 * - A step group is one cadence day: `day` ("the day that the step will be executed"),
 *   `due_immediately`, `automated` ("can only be true if steps in group are Email steps"),
 *   `automated_settings` (`send_type` "at_time" with `time_of_day` and `timezone_mode` "person"
 *   or "user", or "after_time_delay" with `delay_time` in minutes, 0–720;
 *   `allow_send_on_weekends`), `reference_id` (threads emails), `steps`.
 * - A step: `enabled`, `name`, `type` "Email" | "Phone" | "Other" | "Integration", and
 *   `type_settings`: `instructions` (Phone, Other, Integration), `integration_id` and
 *   `integration_step_type_guid` (Integration; LinkedIn steps are integration steps),
 *   `email_template` (`title`, `subject`, `body`, `open_tracking`, `click_tracking`) and
 *   `previous_email_step_group_reference_id` (Email).
 * - v2 resources: Cadence (`name`, `remove_replies_enabled`, `remove_bounces_enabled`,
 *   `team_cadence`, `shared`, `tags`, `cadence_function`, `draft`, `archived_at`) and Step
 *   (`day`, `step_number` "the number of the step for this day", `type` email | phone |
 *   integration | other, `name`, `display_name`, `disabled`, `multitouch_enabled`,
 *   `cadence: { id }`). The v2 step list has no email text.
 * Days are counted from the day a person is added (day 1); the gap between two step groups
 * becomes a wait of that many days. Not verified: whether Salesloft counts weekends in cadence
 * days; we count calendar days.
 */
import { emailVariants } from './ab-variants';
import {
  defined,
  emailTemplate,
  instructions,
  linkedinStep,
  stepName,
  unknownTypeNote,
} from './content';
import { DAY, MINUTE } from '../engine/time/zoned';
import { action, note } from './draft';
import type { DraftSequence, DraftStep, Note } from './draft';
import { bool, idText, isRecord, list, num, obj, records, str, text } from './read';
import type { JsonObject, PathSegment } from './read';
import type { ToolConverter, ToolRecognition } from './tool';
import type { Schedule } from '../sequence/types';

const V2_TYPES = ['email', 'phone', 'integration', 'other'];

interface Content {
  settings?: JsonObject;
  sharing?: JsonObject;
  groups: { record: JsonObject; index: number }[];
  base: PathSegment[];
  settingsPath: PathSegment[];
}

/** The import body, the export response, or a list of either. */
function contents(value: unknown): Content[] {
  if (Array.isArray(value)) {
    return records(value).flatMap(({ record, index }) =>
      contents(record).map((content) => ({
        ...content,
        base: [index, ...content.base],
        settingsPath: [index, ...content.settingsPath],
      })),
    );
  }
  if (!isRecord(value)) return [];
  const exported = obj(obj(value['data'])?.['cadence_content']);
  if (exported !== undefined && Array.isArray(exported['step_groups'])) {
    return [
      {
        ...(obj(exported['settings']) !== undefined ? { settings: obj(exported['settings']) } : {}),
        ...(obj(exported['sharing_settings']) !== undefined
          ? { sharing: obj(exported['sharing_settings']) }
          : {}),
        groups: records(exported['step_groups']),
        base: ['data', 'cadence_content', 'step_groups'],
        settingsPath: ['data', 'cadence_content', 'settings'],
      },
    ];
  }
  const imported = obj(value['cadence_content']);
  if (imported !== undefined && Array.isArray(imported['step_groups'])) {
    return [
      {
        ...(obj(value['settings']) !== undefined ? { settings: obj(value['settings']) } : {}),
        ...(obj(value['sharing_settings']) !== undefined
          ? { sharing: obj(value['sharing_settings']) }
          : {}),
        groups: records(imported['step_groups']),
        base: ['cadence_content', 'step_groups'],
        settingsPath: ['settings'],
      },
    ];
  }
  return [];
}

function unwrap(value: unknown): unknown {
  return isRecord(value) &&
    Object.hasOwn(value, 'data') &&
    Object.keys(value).every((key) => ['data', 'metadata'].includes(key))
    ? value['data']
    : value;
}

function isV2Step(record: JsonObject): boolean {
  return (
    V2_TYPES.includes(str(record['type']) ?? '') &&
    num(record['day']) !== undefined &&
    'step_number' in record
  );
}

function isV2Cadence(record: JsonObject): boolean {
  return (
    text(record['name']) !== undefined &&
    ('remove_replies_enabled' in record || 'cadence_function' in record || 'team_cadence' in record)
  );
}

/** v2 resources: `{ cadence, steps }` (each plain or wrapped in `data`), or a list of steps. */
function v2Parts(value: unknown):
  | {
      cadence?: JsonObject;
      cadencePath: PathSegment[];
      steps: { record: JsonObject; path: PathSegment[] }[];
    }
  | undefined {
  if (
    isRecord(value) &&
    ('cadence' in value || 'steps' in value) &&
    !('cadence_content' in value)
  ) {
    const wrappedCadence = isRecord(value['cadence']) && isRecord(value['cadence']['data']);
    const cadence = obj(wrappedCadence ? obj(value['cadence'])?.['data'] : value['cadence']);
    const wrappedSteps = isRecord(value['steps']);
    const steps = records(wrappedSteps ? obj(value['steps'])?.['data'] : value['steps']).map(
      ({ record, index }) => ({
        record,
        path: wrappedSteps ? ['steps', 'data', index] : ['steps', index],
      }),
    );
    if (
      steps.length > 0 &&
      steps.every(({ record }) => isV2Step(record)) &&
      (cadence === undefined || isV2Cadence(cadence))
    ) {
      return {
        ...defined({ cadence }),
        cadencePath: wrappedCadence ? ['cadence', 'data'] : ['cadence'],
        steps,
      };
    }
    return undefined;
  }
  const data = isRecord(value) && Array.isArray(value['data']) ? value['data'] : undefined;
  const items = records(data ?? value);
  if (items.length > 0 && items.every(({ record }) => isV2Step(record))) {
    return {
      cadencePath: [],
      steps: items.map(({ record, index }) => ({
        record,
        path: data !== undefined ? ['data', index] : [index],
      })),
    };
  }
  return undefined;
}

function recognize(value: unknown): ToolRecognition | undefined {
  const found = contents(value);
  if (
    found.length > 0 &&
    found.every((content) => content.groups.every(({ record }) => Array.isArray(record['steps'])))
  ) {
    return {
      shape:
        isRecord(value) && isRecord(value['data'])
          ? 'Salesloft cadence export'
          : 'Salesloft cadence import (step groups)',
    };
  }
  if (v2Parts(value) !== undefined) return { shape: 'Salesloft cadence and steps (API v2)' };
  const data = unwrap(value);
  if (isRecord(data)) {
    if (
      'person' in data &&
      'cadence' in data &&
      ('current_state' in data || 'currently_on_cadence' in data)
    ) {
      return {
        refuse:
          'This is a Salesloft cadence membership (one person on a cadence), not a cadence definition; export the cadence: GET /v2/cadence_exports/{id}',
      };
    }
    if ('email_address' in data && ('first_name' in data || 'last_name' in data)) {
      return {
        refuse:
          'This is a Salesloft person, not a cadence definition; export the cadence: GET /v2/cadence_exports/{id}',
      };
    }
    if (isV2Cadence(data)) {
      return {
        refuse:
          'This is a Salesloft cadence without its steps; export it with its steps: GET /v2/cadence_exports/{id}',
      };
    }
    if ('title' in data && 'subject' in data && 'body' in data && !('steps' in data)) {
      return {
        refuse:
          'This is a single Salesloft email template, not a cadence definition; export the cadence: GET /v2/cadence_exports/{id}',
      };
    }
  }
  return undefined;
}

function settingsOf(content: Content): { draft: Partial<DraftSequence>; notes: Note[] } {
  const s = content.settings ?? {};
  const p = content.settingsPath;
  const notes: Note[] = [];
  const name = text(s['name']);
  const rawTags = s['tags'];
  const tags =
    typeof rawTags === 'string'
      ? rawTags.split(',')
      : (list(rawTags) ?? []).flatMap((tag) => (typeof tag === 'string' ? [tag] : []));
  const fn = text(s['cadence_function']);
  if (fn !== undefined) tags.push(fn);
  if (bool(s['remove_bounced']) === true) {
    notes.push(
      note(
        [...p, 'remove_bounced'],
        'Removing people whose email bounces is not carried over: Upnext does not see bounces',
      ),
    );
  }
  if (bool(s['remove_people_when_meeting_booked']) === true) {
    notes.push(
      note(
        [...p, 'remove_people_when_meeting_booked'],
        'Removing people who book a meeting is not carried over; disconnect the record when the meeting is booked',
      ),
    );
  }
  if (bool(s['reschedule_from_pause_enabled']) === true) {
    notes.push(
      note(
        [...p, 'reschedule_from_pause_enabled'],
        'Out-of-office handling (autoresponder pauses) is not carried over',
      ),
    );
  }
  if (num(s['target_daily_people']) !== undefined) {
    notes.push(
      note(
        [...p, 'target_daily_people'],
        'The daily target of people added to the cadence is not carried over',
      ),
    );
  }
  const owner = text(s['cadence_owner']);
  if (owner !== undefined)
    notes.push(note([...p, 'cadence_owner'], `The cadence owner (${owner}) is not carried over`));
  const stages = [
    'added_stage_setting',
    'bounced_stage_setting',
    'finished_stage_setting',
    'replied_stage_setting',
  ].filter((key) => text(s[key]) !== undefined);
  if (stages.length > 0) {
    notes.push(
      note(
        [...p, stages[0] ?? ''],
        'Changing the person\'s stage when added, replied, bounced or finished is not carried over; add "update field" steps where it matters',
      ),
    );
  }
  if (text(s['cadence_priority']) !== undefined)
    notes.push(note([...p, 'cadence_priority'], 'The cadence priority is not carried over'));
  if (
    content.sharing !== undefined &&
    (bool(content.sharing['team_cadence']) === true || bool(content.sharing['shared']) === true)
  ) {
    notes.push(
      note(
        content.settingsPath.slice(0, -1).concat('sharing_settings'),
        'Team and sharing settings are not carried over: every seller of this browser profile sees the sequence',
      ),
    );
  }
  return {
    draft: {
      ...defined({ name }),
      ...(tags.length > 0 ? { tags } : {}),
      ...(bool(s['remove_replied']) === true ? { exitOnReply: true } : {}),
    },
    notes,
  };
}

/** Upnext's step for one Salesloft step (import/export shape). */
function importStep(
  step: JsonObject,
  path: PathSegment[],
  automated: boolean,
  threaded: boolean,
): DraftStep {
  const notes: Note[] = [];
  const type = str(step['type']) ?? '';
  const settings = obj(step['type_settings']) ?? {};
  const sp = [...path, 'type_settings'];
  const name = stepName(step['name']);
  const description = instructions(settings['instructions'], [...sp, 'instructions'], notes);
  if (type === 'Email') {
    const template = obj(settings['email_template']) ?? {};
    const tp = [...sp, 'email_template'];
    const tracking = ['open_tracking', 'click_tracking'].filter(
      (key) => bool(template[key]) === true,
    );
    if (tracking.length > 0) {
      notes.push(
        note(
          [...tp, tracking[0] ?? ''],
          `${tracking.length === 2 ? 'Open and click' : tracking[0] === 'open_tracking' ? 'Open' : 'Click'} tracking is not carried over: the seller records opens and clicks in the panel`,
        ),
      );
    }
    if (threaded) {
      notes.push(
        note(
          [...sp, 'previous_email_step_group_reference_id'],
          'Salesloft sends this email as a reply in an earlier thread; Upnext opens a new email (add "Re:" to the subject if it matters)',
        ),
      );
    }
    if (automated)
      notes.push(
        note(
          path,
          'Salesloft sent this email automatically; in Upnext the seller sends it from the panel',
        ),
      );
    const value = emailTemplate(
      { value: template['subject'], path: [...tp, 'subject'] },
      { value: template['body'], path: [...tp, 'body'] },
      notes,
    );
    const title = text(template['title']);
    const draft = emailVariants(
      [
        {
          ...(title !== undefined ? { name: title } : {}),
          ...(value !== undefined ? { template: value } : {}),
          path: tp,
          notes,
        },
      ],
      {
        ...defined({ name, description }),
      },
      path,
    );
    return draft;
  }
  if (type === 'Phone') {
    return action(
      {
        type: 'call',
        ...defined({ name, description }),
      },
      path,
      { notes },
    );
  }
  if (type === 'Integration') {
    const words = `${name ?? ''} ${description ?? ''}`;
    if (/linked\s*in/i.test(words)) {
      return action(
        linkedinStep(words, {
          ...defined({ name, description }),
          path,
          notes,
          source: `"${name ?? 'LinkedIn integration step'}"`,
        }),
        path,
        { notes },
      );
    }
    const integration = idText(settings['integration_id']);
    notes.push(
      note(
        [...sp, 'integration_id'],
        `Integration${integration !== undefined ? ` ${integration}` : ''} steps run in another tool; it became a task for the seller`,
      ),
    );
    return action(
      {
        type: 'task',
        name: name ?? 'Integration step',
        ...defined({ description }),
      },
      path,
      { notes },
    );
  }
  if (type !== 'Other')
    notes.push(unknownTypeNote([...path, 'type'], type || '(none)', 'Salesloft'));
  return action(
    {
      type: 'task',
      ...defined({ name, description }),
    },
    path,
    { notes },
  );
}

/** Weekdays only, all day: Salesloft's "no sends on weekends" as Upnext working time. */
const WEEKDAYS_ONLY: Schedule = {
  days: ['mon', 'tue', 'wed', 'thu', 'fri'],
  start: '00:00',
  end: '23:59',
};

function convertContent(content: Content): DraftSequence {
  const { draft, notes } = settingsOf(content);
  const groups = [...content.groups].sort(
    (a, b) => (num(a.record['day']) ?? 0) - (num(b.record['day']) ?? 0),
  );
  const steps: DraftStep[] = [];
  let previousDay: number | undefined;
  let weekdaysOnly = false;
  for (const { record: group, index } of groups) {
    const path = [...content.base, index];
    const day = num(group['day']);
    const automated = bool(group['automated']) === true;
    const settings = obj(group['automated_settings']);
    const groupNotes: Note[] = [];
    let delayPath: PathSegment[] = [...path, 'day'];
    let delayMs =
      previousDay !== undefined && day !== undefined ? Math.max(0, day - previousDay) * DAY : 0;
    if (day !== undefined) previousDay = day;
    if (automated && settings !== undefined) {
      const ap = [...path, 'automated_settings'];
      const sendType = str(settings['send_type']);
      if (sendType === 'after_time_delay') {
        const minutes = num(settings['delay_time']) ?? 0;
        if (delayMs === 0 && minutes > 0) delayPath = [...ap, 'delay_time'];
        delayMs += minutes * MINUTE;
      } else if (sendType === 'at_time') {
        const at = text(settings['time_of_day']);
        const zone = str(settings['timezone_mode']) === 'user' ? "the seller's" : "the person's";
        groupNotes.push(
          note(
            [...ap, 'time_of_day'],
            `Salesloft sent this at ${at ?? 'a set time'} in ${zone} time zone; Upnext makes it due when the wait ends (set working time to keep sends in hours)`,
          ),
        );
      }
      if (bool(settings['allow_send_on_weekends']) === false) weekdaysOnly = true;
    }
    const groupSteps = records(group['steps']);
    let first = true;
    for (const { record: step, index: i } of groupSteps) {
      const stepPath = [...path, 'steps', i];
      if (bool(step['enabled']) === false) {
        notes.push(
          note(
            [...stepPath, 'enabled'],
            `Step "${text(step['name']) ?? i + 1}" of day ${day ?? '?'} is turned off in Salesloft; it was not carried over`,
          ),
        );
        continue;
      }
      const settingsOfStep = obj(step['type_settings']) ?? {};
      const draftStep = importStep(
        step,
        stepPath,
        automated,
        settingsOfStep['previous_email_step_group_reference_id'] !== undefined &&
          settingsOfStep['previous_email_step_group_reference_id'] !== null,
      );
      if (first) {
        draftStep.notes.unshift(...groupNotes);
        if (delayMs > 0) draftStep.delay = { ms: delayMs, path: delayPath };
        first = false;
      }
      steps.push(draftStep);
    }
  }
  if (weekdaysOnly) {
    notes.push(
      note(
        content.base,
        'Automated emails were not sent on weekends; the sequence works Monday to Friday (weekend steps become due on Monday)',
      ),
    );
  }
  return {
    ...draft,
    ...(weekdaysOnly ? { schedule: WEEKDAYS_ONLY } : {}),
    path: content.base.slice(0, -1),
    related: [content.settingsPath],
    steps,
    notes,
  };
}

function v2Step(step: JsonObject, path: PathSegment[]): DraftStep {
  const notes: Note[] = [];
  const type = str(step['type']) ?? '';
  const name = stepName(step['name']) ?? stepName(step['display_name']);
  if (bool(step['multitouch_enabled']) === true) {
    notes.push(
      note(
        [...path, 'multitouch_enabled'],
        'Multi-touch (several contacts on one step) is not carried over',
      ),
    );
  }
  if (type === 'email') {
    notes.push(
      note(
        path,
        'The v2 steps list has no email text; the email was converted without it (export the cadence with GET /v2/cadence_exports/{id} to keep the text)',
      ),
    );
    return emailVariants([{ path, notes }], { ...defined({ name }) }, path);
  }
  if (type === 'phone') return action({ type: 'call', ...defined({ name }) }, path, { notes });
  if (type === 'integration' && /linked\s*in/i.test(name ?? '')) {
    return action(
      linkedinStep(name ?? '', {
        ...defined({ name }),
        path,
        notes,
        source: `"${name ?? ''}"`,
      }),
      path,
      { notes },
    );
  }
  if (type === 'integration')
    notes.push(
      note(
        [...path, 'type'],
        'Integration steps run in another tool; it became a task for the seller',
      ),
    );
  return action({ type: 'task', ...defined({ name }) }, path, { notes });
}

function convertV2(parts: NonNullable<ReturnType<typeof v2Parts>>): DraftSequence[] {
  const byCadence = new Map<string, { record: JsonObject; path: PathSegment[] }[]>();
  for (const step of parts.steps) {
    const cadenceId =
      idText(obj(step.record['cadence'])?.['id']) ?? idText(step.record['cadence_id']) ?? '';
    const items = byCadence.get(cadenceId) ?? [];
    items.push(step);
    byCadence.set(cadenceId, items);
  }
  const cadence = parts.cadence;
  return [...byCadence.entries()].map(([cadenceId, steps]) => {
    const mine =
      cadence !== undefined && (cadenceId === '' || idText(cadence['id']) === cadenceId)
        ? cadence
        : undefined;
    const notes: Note[] = [];
    const drafts: DraftStep[] = [];
    const sorted = [...steps].sort(
      (a, b) =>
        (num(a.record['day']) ?? 0) - (num(b.record['day']) ?? 0) ||
        (num(a.record['step_number']) ?? 0) - (num(b.record['step_number']) ?? 0),
    );
    let previousDay: number | undefined;
    for (const { record, path } of sorted) {
      if (bool(record['disabled']) === true) {
        notes.push(
          note(
            [...path, 'disabled'],
            `Step "${text(record['name']) ?? text(record['display_name']) ?? idText(record['id']) ?? ''}" is turned off in Salesloft; it was not carried over`,
          ),
        );
        continue;
      }
      const draft = v2Step(record, path);
      const day = num(record['day']);
      if (previousDay !== undefined && day !== undefined && day > previousDay)
        draft.delay = { ms: (day - previousDay) * DAY, path: [...path, 'day'] };
      if (day !== undefined) previousDay = day;
      drafts.push(draft);
    }
    const tags = (list(mine?.['tags']) ?? []).flatMap((tag) =>
      typeof tag === 'string' ? [tag] : [],
    );
    const fn = text(mine?.['cadence_function']);
    if (fn !== undefined) tags.push(fn);
    if (mine !== undefined) {
      const p = parts.cadencePath;
      if (bool(mine['remove_bounces_enabled']) === true)
        notes.push(
          note(
            [...p, 'remove_bounces_enabled'],
            'Removing people whose email bounces is not carried over: Upnext does not see bounces',
          ),
        );
      if (bool(mine['team_cadence']) === true || bool(mine['shared']) === true)
        notes.push(
          note(
            [...p, 'team_cadence'],
            'Team and sharing settings are not carried over: every seller of this browser profile sees the sequence',
          ),
        );
      const owner = idText(obj(mine['owner'])?.['id']);
      if (owner !== undefined)
        notes.push(note([...p, 'owner'], `The cadence owner (user ${owner}) is not carried over`));
    } else {
      notes.push(
        note(
          [],
          'The file has the steps but not the cadence, so its name and settings are missing; export with GET /v2/cadence_exports/{id}',
        ),
      );
    }
    const name = text(mine?.['name']);
    return {
      ...(cadenceId !== ''
        ? { sourceId: cadenceId }
        : mine !== undefined && idText(mine['id']) !== undefined
          ? { sourceId: idText(mine['id']) }
          : {}),
      ...defined({ name }),
      ...(tags.length > 0 ? { tags } : {}),
      ...(bool(mine?.['remove_replies_enabled']) === true ? { exitOnReply: true } : {}),
      path: mine !== undefined ? parts.cadencePath : [],
      steps: drafts,
      notes,
    };
  });
}

function convert(value: unknown): { sequences: DraftSequence[]; notes: Note[] } {
  const found = contents(value);
  if (found.length > 0) {
    return {
      sequences: found.map((content) => {
        const draft = convertContent(content);
        const external = idText(content.settings?.['external_identifier']);
        return external !== undefined ? { ...draft, sourceId: external } : draft;
      }),
      notes: [],
    };
  }
  const parts = v2Parts(value);
  return { sequences: parts === undefined ? [] : convertV2(parts), notes: [] };
}

export const salesloft: ToolConverter = {
  tool: 'salesloft',
  entity: 'contact',
  recognize,
  convert,
};
