/**
 * Apollo sequences ("emailer campaigns") → drafts.
 *
 * Sources: Apollo API reference, docs.apollo.io/reference — "Create a Sequence" (steps with
 * `emailer_touches`; "adding more than 1 touch to a step creates an A/B test"; touches send
 * only when `approved`), "Search for Sequences"; the response of
 * `GET /api/v1/emailer_campaigns/{id}` as public API clients type it (`emailer_campaign`,
 * `emailer_steps`, `emailer_touches`, `emailer_templates`).
 * - Step `type`: "auto_email", "manual_email", "call", "action_item", "linkedin_step_message",
 *   "linkedin_step_connect", "linkedin_step_view_profile", "linkedin_step_interact_post".
 * - `wait_time` with `wait_mode` "second" | "minute" | "hour" | "day": the wait after the
 *   previous step (steps in `position` order); `exact_datetime` for sequences run at an exact
 *   day and time (`sequence_by_exact_daytime`); `note` (HTML, instructions or call script);
 *   `priority`; `auto_skip_in_x_days`; `max_emails_per_day`.
 * - Touch: `emailer_step_id`, `emailer_template_id` or `emailer_template`, `status`, `type`
 *   "new_thread" | "reply_to_thread", `include_signature`, `has_personalized_opener`.
 * - Template: `name`, `subject`, `body_html`, `body_text`.
 * - Sequence: `name`, `mark_finished_if_reply`, `mark_finished_if_interested`,
 *   `mark_paused_if_ooo`, `mark_finished_if_click`, `create_task_if_email_open`,
 *   `max_emails_per_day`, `emailer_schedule_id`, `permissions`, `label_ids`,
 *   `same_account_reply_policy_cd`, `excluded_contact_stage_ids`, `excluded_account_stage_ids`.
 * Apollo's non-email steps are tasks for a person, as Upnext's are.
 */
import { emailVariants } from './ab-variants';
import { plural } from '../domain/plural';
import type { EmailVariant } from './ab-variants';
import { delayWords } from './build';
import {
  bodyText,
  defined,
  emailTemplate,
  instructions,
  linkedinStep,
  unknownTypeNote,
} from './content';
import { DAY, HOUR, MINUTE } from '../engine/time/zoned';
import { action, note } from './draft';
import type { DraftSequence, DraftStep, Note } from './draft';
import { bool, idText, isRecord, list, num, obj, records, str, text } from './read';
import type { JsonObject, PathSegment } from './read';
import type { ToolConverter, ToolRecognition } from './tool';

const STEP_TYPES = new Set([
  'auto_email',
  'manual_email',
  'call',
  'action_item',
  'linkedin_step_message',
  'linkedin_step_connect',
  'linkedin_step_view_profile',
  'linkedin_step_interact_post',
]);

const UNIT_MS: Partial<Record<string, number>> = {
  second: 1000,
  minute: MINUTE,
  hour: HOUR,
  day: DAY,
};

const EXPORT = 'GET /api/v1/emailer_campaigns/{id}';

interface Campaign {
  /** The object that holds the step, touch and template lists. */
  base: PathSegment[];
  campaign: JsonObject;
  campaignPath: PathSegment[];
  steps: { record: JsonObject; path: PathSegment[] }[];
  touches: { record: JsonObject; path: PathSegment[] }[];
  templates: { record: JsonObject; path: PathSegment[] }[];
}

function isStep(record: JsonObject): boolean {
  return (
    STEP_TYPES.has(str(record['type']) ?? '') ||
    ('wait_mode' in record && 'type' in record) ||
    ('emailer_campaign_id' in record && 'position' in record)
  );
}

function campaignsIn(value: unknown): Campaign[] {
  if (!isRecord(value)) return [];
  const withList = (
    record: JsonObject,
    base: PathSegment[],
    campaign: JsonObject,
    campaignPath: PathSegment[],
  ): Campaign => ({
    base,
    campaign,
    campaignPath,
    steps: records(record['emailer_steps']).map(({ record: step, index }) => ({
      record: step,
      path: [...base, 'emailer_steps', index],
    })),
    touches: records(record['emailer_touches']).map(({ record: touch, index }) => ({
      record: touch,
      path: [...base, 'emailer_touches', index],
    })),
    templates: records(record['emailer_templates']).map(({ record: template, index }) => ({
      record: template,
      path: [...base, 'emailer_templates', index],
    })),
  });
  const usable = (campaign: Campaign): boolean =>
    campaign.steps.length > 0 && campaign.steps.every(({ record }) => isStep(record));
  const single = obj(value['emailer_campaign']);
  if (single !== undefined) {
    const campaign = withList(value, [], single, ['emailer_campaign']);
    if (usable(campaign)) return [campaign];
    const nested = withList(single, ['emailer_campaign'], single, ['emailer_campaign']);
    return usable(nested) ? [nested] : [];
  }
  if (Array.isArray(value['emailer_campaigns'])) {
    return records(value['emailer_campaigns'])
      .map(({ record, index }) =>
        withList(record, ['emailer_campaigns', index], record, ['emailer_campaigns', index]),
      )
      .filter(usable);
  }
  const bare = withList(value, [], value, []);
  return Array.isArray(value['emailer_steps']) && usable(bare) ? [bare] : [];
}

function recognize(value: unknown): ToolRecognition | undefined {
  const found = campaignsIn(value);
  if (found.length > 0) {
    const shape =
      isRecord(value) && isRecord(value['emailer_campaign'])
        ? 'Apollo sequence (emailer campaign with steps, touches and templates)'
        : isRecord(value) && Array.isArray(value['emailer_campaigns'])
          ? 'Apollo sequences (emailer campaigns with steps)'
          : 'Apollo sequence (create-sequence body)';
    return { shape };
  }
  if (!isRecord(value)) return undefined;
  if (
    Array.isArray(value['emailer_campaigns']) ||
    (isRecord(value['emailer_campaign']) && !('emailer_steps' in value))
  ) {
    return {
      refuse: `This lists Apollo sequences without their steps; export each sequence with ${EXPORT}`,
    };
  }
  if (
    isRecord(value['contact']) ||
    Array.isArray(value['contacts']) ||
    Array.isArray(value['people'])
  ) {
    return {
      refuse: `This is Apollo contact data, not a sequence definition; export the sequence with ${EXPORT}`,
    };
  }
  if (
    isRecord(value['emailer_template']) ||
    (Array.isArray(value['emailer_templates']) && !('emailer_steps' in value))
  ) {
    return {
      refuse: `This is an Apollo email template, not a sequence definition; export the sequence with ${EXPORT}`,
    };
  }
  if (Array.isArray(value['emailer_messages'])) {
    return {
      refuse: `These are Apollo emails sent to contacts, not a sequence definition; export the sequence with ${EXPORT}`,
    };
  }
  return undefined;
}

function campaignNotes(c: JsonObject, p: PathSegment[]): Note[] {
  const notes: Note[] = [];
  const flags: [string, string][] = [
    ['mark_finished_if_interested', 'Finishing contacts marked as interested is not carried over'],
    ['mark_paused_if_ooo', 'Pausing contacts who are out of office is not carried over'],
    ['mark_finished_if_click', 'Finishing contacts who click a link is not carried over'],
    [
      'create_task_if_email_open',
      'Creating a task when a contact opens emails is not carried over',
    ],
    [
      'sequence_by_exact_daytime',
      'Apollo runs this sequence at exact days and times; Upnext counts from when each record joins',
    ],
  ];
  for (const [key, message] of flags)
    if (bool(c[key]) === true) notes.push(note([...p, key], message));
  if (num(c['max_emails_per_day']) !== undefined)
    notes.push(note([...p, 'max_emails_per_day'], 'The daily email limit is not carried over'));
  const schedule = idText(c['emailer_schedule_id']);
  if (schedule !== undefined) {
    notes.push(
      note(
        [...p, 'emailer_schedule_id'],
        `Apollo schedule ${schedule} (sending days and hours) is not in the file; set the sequence's working time in Upnext`,
      ),
    );
  }
  const permissions = str(c['permissions']);
  if (permissions !== undefined && permissions !== 'team_can_use') {
    notes.push(
      note(
        [...p, 'permissions'],
        `Sharing ("${permissions}") is not carried over: every seller of this browser profile sees the sequence`,
      ),
    );
  }
  if ((list(c['label_ids']) ?? []).length > 0)
    notes.push(
      note(
        [...p, 'label_ids'],
        'Apollo labels are ids in the export, not names; add tags in Upnext',
      ),
    );
  if (
    c['same_account_reply_policy_cd'] !== undefined &&
    c['same_account_reply_policy_cd'] !== null
  ) {
    notes.push(
      note(
        [...p, 'same_account_reply_policy_cd'],
        'What happens to colleagues when someone at the same company replies is not carried over',
      ),
    );
  }
  for (const key of ['excluded_contact_stage_ids', 'excluded_account_stage_ids']) {
    if ((list(c[key]) ?? []).length > 0)
      notes.push(
        note(
          [...p, key],
          'Excluding contacts or accounts by stage is not carried over; use segments in Upnext',
        ),
      );
  }
  return notes;
}

function touchesOf(
  step: JsonObject,
  stepPath: PathSegment[],
  campaign: Campaign,
): { record: JsonObject; path: PathSegment[] }[] {
  const nested = records(step['emailer_touches']).map(({ record, index }) => ({
    record,
    path: [...stepPath, 'emailer_touches', index],
  }));
  if (nested.length > 0) return nested;
  const id = idText(step['id']);
  return campaign.touches.filter(
    ({ record }) => id !== undefined && idText(record['emailer_step_id']) === id,
  );
}

function templateOf(
  touch: { record: JsonObject; path: PathSegment[] },
  campaign: Campaign,
): { record: JsonObject; path: PathSegment[] } | undefined {
  const nested = obj(touch.record['emailer_template']);
  if (nested !== undefined) return { record: nested, path: [...touch.path, 'emailer_template'] };
  const id = idText(touch.record['emailer_template_id']);
  return campaign.templates.find(({ record }) => id !== undefined && idText(record['id']) === id);
}

function variants(
  step: JsonObject,
  stepPath: PathSegment[],
  campaign: Campaign,
  notes: Note[],
): EmailVariant[] {
  const out: EmailVariant[] = [];
  for (const touch of touchesOf(step, stepPath, campaign)) {
    const variantNotes: Note[] = [];
    if (str(touch.record['type']) === 'reply_to_thread') {
      variantNotes.push(
        note(
          [...touch.path, 'type'],
          'Apollo sends this email as a reply in the previous thread; Upnext opens a new email (add "Re:" to the subject if it matters)',
        ),
      );
    }
    if (bool(touch.record['has_personalized_opener']) === true) {
      variantNotes.push(
        note(
          [...touch.path, 'has_personalized_opener'],
          "Apollo's personalized opener is not carried over",
        ),
      );
    }
    const template = templateOf(touch, campaign);
    if (template === undefined) {
      const templateId = idText(touch.record['emailer_template_id']);
      variantNotes.push(
        note(
          touch.path,
          `Template${templateId !== undefined ? ` ${templateId}` : ''} is not in the file, so the email has no text; export with ${EXPORT}`,
        ),
      );
      out.push({ path: touch.path, notes: variantNotes });
      continue;
    }
    const t = template.record;
    const html = text(t['body_html']);
    const value = emailTemplate(
      { value: t['subject'], path: [...template.path, 'subject'] },
      {
        value: html ?? t['body_text'],
        path: [...template.path, html !== undefined ? 'body_html' : 'body_text'],
      },
      variantNotes,
    );
    const name = text(t['name']);
    out.push({
      ...defined({ name }),
      ...(value !== undefined ? { template: value } : {}),
      path: template.path,
      notes: variantNotes,
    });
  }
  if (out.length === 0)
    notes.push(
      note(
        stepPath,
        `No email is attached to this step in the file, so it has no text; export with ${EXPORT}`,
      ),
    );
  return out;
}

function convertStep(step: JsonObject, path: PathSegment[], campaign: Campaign): DraftStep {
  const notes: Note[] = [];
  const type = str(step['type']) ?? '';
  const description = instructions(step['note'], [...path, 'note'], notes);
  const skip = num(step['auto_skip_in_x_days']);
  if (skip !== undefined && skip > 0)
    notes.push(
      note(
        [...path, 'auto_skip_in_x_days'],
        `Apollo skipped this step after ${plural(skip, 'day')}; Upnext keeps it until the seller acts`,
      ),
    );
  const priority = str(step['priority']);
  if (priority !== undefined && priority !== 'medium')
    notes.push(note([...path, 'priority'], `Priority "${priority}" is not carried over`));
  if (num(step['max_emails_per_day']) !== undefined)
    notes.push(
      note(
        [...path, 'max_emails_per_day'],
        'The daily email limit of this step is not carried over',
      ),
    );
  const base = description !== undefined ? { description } : {};
  if (type === 'auto_email' || type === 'manual_email') {
    const emails = variants(step, path, campaign, notes);
    const draft = emailVariants(emails.length > 0 ? emails : [{ path }], base, path);
    draft.notes.unshift(...notes);
    if (type === 'auto_email')
      draft.notes.push(
        note(
          [...path, 'type'],
          'Apollo sent this email automatically; in Upnext the seller sends it from the panel',
        ),
      );
    return draft;
  }
  if (type === 'call') return action({ type: 'call', ...base }, path, { notes });
  if (type.startsWith('linkedin_step')) {
    const first = touchesOf(step, path, campaign).at(0);
    const template = first !== undefined ? templateOf(first, campaign) : undefined;
    const body =
      template !== undefined
        ? bodyText(
            text(template.record['body_html']) ?? template.record['body_text'],
            [...template.path, 'body_html'],
            notes,
          )
        : undefined;
    return action(
      linkedinStep(type, {
        ...base,
        ...defined({ body }),
        path: [...path, 'type'],
        notes,
        source: `"${type}"`,
      }),
      path,
      { notes, ...(template !== undefined ? { related: [template.path] } : {}) },
    );
  }
  if (type !== 'action_item')
    notes.push(unknownTypeNote([...path, 'type'], type || '(none)', 'Apollo'));
  return action(
    {
      type: 'task',
      ...(type !== 'action_item' && type !== '' ? { name: `Apollo step: ${type}` } : {}),
      ...base,
    },
    path,
    { notes },
  );
}

function convertCampaign(campaign: Campaign): DraftSequence {
  const c = campaign.campaign;
  const notes = campaignNotes(c, campaign.campaignPath);
  const ordered = [...campaign.steps].sort(
    (a, b) => (num(a.record['position']) ?? 0) - (num(b.record['position']) ?? 0),
  );
  const steps = ordered.map(({ record, path }) => {
    const draft = convertStep(record, path, campaign);
    const amount = num(record['wait_time']);
    const mode = str(record['wait_mode']) ?? 'day';
    const unit = UNIT_MS[mode];
    if (amount !== undefined && amount > 0) {
      if (unit === undefined) {
        draft.notes.push(
          note(
            [...path, 'wait_mode'],
            `Wait unit "${mode}" is not one Apollo documents; the wait of ${amount} was read as days`,
          ),
        );
      }
      const ms = amount * (unit ?? DAY);
      draft.delay = { ms, path: [...path, 'wait_time'] };
      if (
        text(record['exact_datetime']) !== undefined &&
        bool(c['sequence_by_exact_daytime']) === true
      ) {
        draft.notes.push(
          note(
            [...path, 'exact_datetime'],
            `Apollo ran this step at ${text(record['exact_datetime']) ?? ''}; Upnext waits ${delayWords(ms)} after the previous step`,
          ),
        );
      }
    }
    return draft;
  });
  const name = text(c['name']);
  const id = idText(c['id']);
  return {
    ...(id !== undefined ? { sourceId: id } : {}),
    ...defined({ name }),
    ...(bool(c['mark_finished_if_reply']) === true ? { exitOnReply: true } : {}),
    path: campaign.campaignPath,
    related: [campaign.base],
    steps,
    notes,
  };
}

function convert(value: unknown): { sequences: DraftSequence[]; notes: Note[] } {
  return { sequences: campaignsIn(value).map(convertCampaign), notes: [] };
}

export const apollo: ToolConverter = { tool: 'apollo', entity: 'contact', recognize, convert };
