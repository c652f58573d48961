/**
 * Drafts → valid Upnext sequences. The one place where the source's delays become waits, step
 * ids are made, conditions find the email they test, and the format's limits are kept; every
 * change it makes to what the source said is reported as a warning.
 *
 * Choices (documented in docs/migrate.md):
 * - A delay becomes a wait before the step, rounded to whole hours. Under half an hour it is
 *   dropped (the next step follows at once); longer than 30 days, it is split into several
 *   waits of at most 30 days, so the total time is kept.
 * - A delay before the first step is dropped: Upnext makes the first step due at connection.
 *   A delay with nothing after it on its path is dropped (a wait cannot end a branch).
 * - Steps that follow a branch in the source (paths that join again) are copied into both
 *   branches: Upnext's branches never join.
 */
import { exportPackText } from '../sequence/export';
import { MAX_WAIT_DAYS } from '../domain/limits';
import { plural } from '../domain/plural';
import {
  ID_PATTERN,
  MAX_DEPTH,
  MAX_DESCRIPTION,
  MAX_ID_LENGTH,
  MAX_NAME,
  MAX_STEPS,
  MAX_TAG,
  MAX_TAGS,
  MAX_WAIT_TOTAL_HOURS,
  TIME_PATTERN,
} from '../sequence/limits';
import { formatDuration } from '../sequence/steps';
import type { Condition, Duration, Entity, Schedule, Sequence, Step } from '../sequence/types';
import { isEmailStep } from '../sequence/steps';
import { DAY, HOUR, MINUTE } from '../engine/time/zoned';
import type {
  DraftAction,
  DraftBranch,
  DraftSequence,
  DraftStep,
  Note,
  SourceDelay,
} from './draft';
import { formatPath } from './read';
import type { PathSegment } from './read';
import { TOOL_NAMES } from './types';
import type { ConversionWarning, Tool } from './types';
import { defined } from './content';

/** "2 days", "3 hours 20 minutes", "45 seconds": a source delay in words. */
export function delayWords(ms: number): string {
  if (ms < MINUTE) return `${Math.round(ms / 1000)} seconds`;
  const days = Math.floor(ms / DAY);
  const hours = Math.floor((ms % DAY) / HOUR);
  const minutes = Math.round((ms % HOUR) / MINUTE);
  const parts: string[] = [];
  if (days > 0) parts.push(plural(days, 'day'));
  if (hours > 0) parts.push(plural(hours, 'hour'));
  if (minutes > 0) parts.push(plural(minutes, 'minute'));
  return parts.join(' ');
}

function durationOfHours(total: number): Duration {
  const days = Math.floor(total / 24);
  const hours = total % 24;
  return { ...(days > 0 ? { days } : {}), ...(hours > 0 ? { hours } : {}) };
}

/**
 * The waits for a delay of `ms` milliseconds, each at most 30 days, with notes about rounding
 * and splitting. No waits for a delay under half an hour.
 */
export function waitsFor(ms: number): { waits: Duration[]; notes: string[] } {
  if (!(ms > 0)) return { waits: [], notes: [] };
  const exact = ms / HOUR;
  const total = Math.round(exact);
  if (total === 0) {
    return {
      waits: [],
      notes: [
        `A delay of ${delayWords(ms)} is shorter than Upnext's shortest wait (1 hour); the step follows at once`,
      ],
    };
  }
  const notes: string[] = [];
  if (total !== exact) {
    notes.push(
      `A delay of ${delayWords(ms)} became a wait of ${formatDuration(...hoursParts(total))} (waits are whole hours)`,
    );
  }
  const waits: Duration[] = [];
  let left = total;
  while (left > 0) {
    const part = Math.min(left, MAX_WAIT_TOTAL_HOURS);
    waits.push(durationOfHours(part));
    left -= part;
  }
  if (waits.length > 1) {
    notes.push(
      `A delay of ${formatDuration(...hoursParts(total))} is longer than Upnext's longest wait (${MAX_WAIT_DAYS} days); it became ${waits.length} waits in a row`,
    );
  }
  return { waits, notes };
}

function hoursParts(total: number): [number, number] {
  return [Math.floor(total / 24), total % 24];
}

/** A `within` window: at least 1 hour, at most 30 days (longer ones are cut, with a note). */
export function windowFor(ms: number): { within?: Duration; notes: string[] } {
  if (!(ms > 0)) return { notes: [] };
  const exact = ms / HOUR;
  let total = Math.max(1, Math.round(exact));
  const notes: string[] = [];
  if (total > MAX_WAIT_TOTAL_HOURS) {
    notes.push(
      `The condition waited ${delayWords(ms)} for the event; Upnext waits at most ${MAX_WAIT_DAYS} days, so the window is ${MAX_WAIT_DAYS} days`,
    );
    total = MAX_WAIT_TOTAL_HOURS;
  } else if (total !== exact) {
    notes.push(
      `The condition's window of ${delayWords(ms)} became ${formatDuration(...hoursParts(total))} (whole hours)`,
    );
  }
  return { within: durationOfHours(total), notes };
}

/** A valid id from any text: lowercase, `-` for anything else, at most `MAX_ID_LENGTH` characters. */
export function slugId(value: string, fallback: string): string {
  const slug = value
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+/, '')
    .slice(0, MAX_ID_LENGTH)
    .replace(/[-_]+$/, '');
  return ID_PATTERN.test(slug) ? slug : fallback;
}

function uniqueId(base: string, used: Set<string>): string {
  let id = base;
  for (let n = 2; used.has(id); n++) {
    const suffix = `-${n}`;
    id = `${base.slice(0, MAX_ID_LENGTH - suffix.length)}${suffix}`;
  }
  used.add(id);
  return id;
}

function clip(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, max - 1).trimEnd()}…`;
}

/** Where a warning attaches: the converted sequence and step an input path belongs to. */
export interface Location {
  path: PathSegment[];
  sequence: string;
  step: string | null;
}

export interface BuildContext {
  tool: Tool;
  entity: Entity;
  sequenceIds: Set<string>;
  warnings: ConversionWarning[];
  locations: Location[];
}

interface PathState {
  /** Email steps earlier on this path, nearest last, with the draft they came from. */
  emails: { draft: DraftAction; id: string }[];
  depth: number;
}

class SequenceBuilder {
  private readonly stepIds = new Set<string>();
  private readonly counters = new Map<string, number>();
  private count = 0;
  private truncated = false;
  private emitted = 0;

  constructor(
    private readonly ctx: BuildContext,
    private readonly sequenceName: string,
  ) {}

  warn(path: PathSegment[], message: string, step: string | null = null): void {
    this.ctx.warnings.push({ sequence: this.sequenceName, step, path: formatPath(path), message });
  }

  private notes(notes: readonly Note[], step: string | null): void {
    for (const item of notes) this.warn(item.path, item.message, step);
  }

  private locate(
    draft: { path: PathSegment[]; related?: PathSegment[][] },
    step: string | null,
  ): void {
    for (const path of [draft.path, ...(draft.related ?? [])])
      this.ctx.locations.push({ path, sequence: this.sequenceName, step });
  }

  private nextId(type: string): string {
    let n = this.counters.get(type) ?? 0;
    let id: string;
    do {
      n += 1;
      id = `${type}-${n}`;
    } while (this.stepIds.has(id));
    this.counters.set(type, n);
    this.stepIds.add(id);
    return id;
  }

  /** Room for one more step under the 200-step limit; reports the cut once. */
  private room(path: PathSegment[]): boolean {
    if (this.count < MAX_STEPS) {
      this.count += 1;
      return true;
    }
    if (!this.truncated) {
      this.truncated = true;
      this.warn(
        path,
        `Upnext sequences have at most ${MAX_STEPS} steps (counting every branch); the steps from here on were not converted`,
      );
    }
    return false;
  }

  /**
   * Waits for the delays collected before a step; none before the very first step. Returns the
   * notes to attach to the step itself when no wait carries them (a dropped delay).
   */
  private waits(delays: SourceDelay[], out: Step[], first: boolean): Note[] {
    const ms = delays.reduce((sum, delay) => sum + delay.ms, 0);
    if (!(ms > 0)) return [];
    const path = delays.find((delay) => delay.ms > 0)?.path ?? delays.at(0)?.path ?? [];
    if (first) {
      return [
        {
          path,
          message: `The first step waited ${delayWords(ms)} after the record joined; in Upnext the first step is due at once, so that delay was dropped`,
        },
      ];
    }
    const { waits, notes } = waitsFor(ms);
    const ids: string[] = [];
    for (const wait of waits) {
      if (!this.room(path)) break;
      const id = this.nextId('wait');
      ids.push(id);
      out.push({ id, type: 'wait', ...wait });
      this.ctx.locations.push({ path, sequence: this.sequenceName, step: id });
    }
    const waitId = ids.at(0);
    if (waitId === undefined) return notes.map((message) => ({ path, message }));
    for (const message of notes) this.warn(path, message, waitId);
    return [];
  }

  /**
   * One list of steps (the sequence, or a branch). Steps after a branch are moved into both of
   * its branches first, since a branch must end its list.
   */
  list(drafts: readonly DraftStep[], state: PathState): Step[] {
    const out: Step[] = [];
    let pending: SourceDelay[] = [];
    for (const [index, draft] of drafts.entries()) {
      if (draft.delay !== undefined) pending.push(draft.delay);
      if (draft.kind === 'delay') {
        this.notes(draft.notes, null);
        continue;
      }
      const first = this.emitted === 0 && state.depth === 0 && out.length === 0;
      if (draft.kind === 'action') {
        const dropped = this.waits(pending, out, first);
        pending = [];
        if (!this.room(draft.path)) return out;
        const id = this.nextId(draft.step.type);
        const step = { id, ...draft.step } as Step;
        out.push(step);
        this.emitted += 1;
        this.locate(draft, id);
        this.notes([...dropped, ...draft.notes], id);
        if (isEmailStep(step)) state.emails.push({ draft, id });
        continue;
      }
      const rest = drafts.slice(index + 1);
      const joined: Note[] = rest.some((item) => item.kind !== 'delay')
        ? [
            {
              path: draft.path,
              message: `The steps after this branch (${rest.map((item) => formatPath(item.path)).join(', ')}) run on both of its paths; Upnext copies them into each branch, since its branches do not join again`,
            },
          ]
        : [];
      const branch: DraftBranch = {
        ...draft,
        notes: [...draft.notes, ...joined],
        yes: [...draft.yes, ...rest],
        no: [...draft.no, ...rest],
      };
      const dropped = this.waits(pending, out, first);
      pending = [];
      const step = this.branch({ ...branch, notes: [...dropped, ...branch.notes] }, state);
      if (step !== undefined) out.push(step);
      return out;
    }
    if (pending.some((delay) => delay.ms > 0)) {
      const ms = pending.reduce((sum, delay) => sum + delay.ms, 0);
      this.warn(
        pending[0]?.path ?? [],
        `A delay of ${delayWords(ms)} with no step after it was dropped (an Upnext branch cannot end with a wait)`,
      );
    }
    return out;
  }

  private condition(
    draft: DraftBranch,
    state: PathState,
    id: string,
  ): { condition: Condition; name?: string; description?: string } {
    const test = draft.test;
    if (test.kind === 'condition') return { condition: test.condition };
    if (test.kind === 'email') {
      const target =
        test.step === undefined
          ? state.emails.at(-1)
          : state.emails.findLast((email) => email.draft === test.step);
      if (target !== undefined) return { condition: { email: test.event, step: target.id } };
      const words = {
        opened: 'opened',
        replied: 'replied to',
        'link-clicked': 'clicked a link in',
      }[test.event];
      this.warn(
        draft.path,
        `This branch tests whether the customer ${words} an email, but no email step comes before it on this path; the seller answers it instead`,
        id,
      );
      return this.question(
        `Customer ${words} the email`,
        `email${test.event === 'link-clicked' ? 'LinkClicked' : test.event === 'opened' ? 'Opened' : 'Replied'}`,
      );
    }
    return this.question(test.question, test.field);
  }

  private question(
    question: string,
    field: string,
  ): { condition: Condition; name: string; description: string } {
    return {
      condition: { field, op: 'is-not-empty' },
      name: clip(`${question}?`, MAX_NAME),
      description: `Converted from a condition Upnext cannot check by itself: answer Yes or No when the record reaches this step.`,
    };
  }

  private branch(draft: DraftBranch, state: PathState): Step | undefined {
    if (state.depth + 1 > MAX_DEPTH) {
      this.warn(
        draft.path,
        `Branches are nested more than ${MAX_DEPTH} deep here; Upnext allows ${MAX_DEPTH}, so this branch and the steps after it were not converted`,
      );
      return undefined;
    }
    if (!this.room(draft.path)) return undefined;
    const id = this.nextId('condition');
    const resolved = this.condition(draft, state, id);
    const windowed =
      draft.within !== undefined && 'email' in resolved.condition
        ? windowFor(draft.within.ms)
        : { notes: [] };
    this.emitted += 1;
    this.locate(draft, id);
    this.notes(draft.notes, id);
    for (const message of windowed.notes) this.warn(draft.within?.path ?? draft.path, message, id);
    const yes = this.list(draft.yes, { emails: [...state.emails], depth: state.depth + 1 });
    const no = this.list(draft.no, { emails: [...state.emails], depth: state.depth + 1 });
    const name = draft.name ?? resolved.name;
    const description = resolved.description ?? draft.description;
    return {
      id,
      type: 'condition',
      ...(name !== undefined ? { name: clip(name, MAX_NAME) } : {}),
      ...(description !== undefined ? { description: clip(description, MAX_DESCRIPTION) } : {}),
      if: resolved.condition,
      ...(windowed.within !== undefined ? { within: windowed.within } : {}),
      yes,
      no,
    };
  }
}

function cleanTags(
  tags: readonly string[] | undefined,
  warn: (message: string) => void,
): string[] | undefined {
  if (tags === undefined) return undefined;
  const seen = new Set<string>();
  const out: string[] = [];
  for (const raw of tags) {
    const tag = clip(raw.trim(), MAX_TAG);
    if (tag === '' || seen.has(tag.toLowerCase())) continue;
    if (out.length === MAX_TAGS) {
      warn(`Upnext keeps at most ${MAX_TAGS} tags; the others were dropped`);
      break;
    }
    seen.add(tag.toLowerCase());
    out.push(tag);
  }
  return out.length > 0 ? out : undefined;
}

function validSchedule(schedule: Schedule): boolean {
  return (
    schedule.days.length > 0 &&
    TIME_PATTERN.test(schedule.start) &&
    TIME_PATTERN.test(schedule.end) &&
    schedule.start < schedule.end
  );
}

/** One draft → one Upnext sequence, or `undefined` (with a warning) when nothing can run. */
export function buildSequence(
  draft: DraftSequence,
  ctx: BuildContext,
  index: number,
): Sequence | undefined {
  const toolName = TOOL_NAMES[ctx.tool];
  const name = clip(draft.name ?? `${toolName} sequence ${draft.sourceId ?? index + 1}`, MAX_NAME);
  const builder = new SequenceBuilder(ctx, name);
  if (draft.name !== undefined && draft.name.length > MAX_NAME) {
    builder.warn(draft.path, `The name is longer than ${MAX_NAME} characters; it was shortened`);
  }
  for (const path of [draft.path, ...(draft.related ?? [])])
    ctx.locations.push({ path, sequence: name, step: null });
  for (const item of draft.notes) builder.warn(item.path, item.message);
  if (draft.name === undefined)
    builder.warn(draft.path, `The sequence has no name in the file; it was named "${name}"`);

  const steps = builder.list(draft.steps, { emails: [], depth: 0 });
  if (!steps.some((step) => step.type !== 'wait')) {
    builder.warn(
      draft.path,
      'Nothing in this sequence is a step Upnext can run, so it was not converted',
    );
    return undefined;
  }
  const hasEmail = [...allSteps(steps)].some(isEmailStep);
  let exitOnReply = draft.exitOnReply;
  if (exitOnReply === true && !hasEmail) {
    builder.warn(
      draft.path,
      'The sequence stops when the customer replies, but it has no email step in Upnext, so "exit on reply" is off',
    );
    exitOnReply = undefined;
  }
  let description = draft.description;
  if (description !== undefined && description.length > MAX_DESCRIPTION) {
    builder.warn(
      draft.path,
      `The description is longer than ${MAX_DESCRIPTION} characters; it was shortened`,
    );
    description = clip(description, MAX_DESCRIPTION);
  }
  let schedule = draft.schedule;
  if (schedule !== undefined && !validSchedule(schedule)) {
    builder.warn(
      draft.path,
      `The working time (${schedule.start}–${schedule.end}) is not a window Upnext can use; the sequence has no working time`,
    );
    schedule = undefined;
  }
  const base = slugId(`${ctx.tool}-${draft.sourceId ?? name}`, `${ctx.tool}-sequence`);
  const sequence: Sequence = {
    id: uniqueId(base, ctx.sequenceIds),
    name,
    ...defined({ description }),
    entity: ctx.entity,
    ...(() => {
      const tags = cleanTags(draft.tags, (message) => builder.warn(draft.path, message));
      return tags !== undefined ? { tags } : {};
    })(),
    ...(exitOnReply === true ? { exitOnReply: true } : {}),
    ...defined({ schedule }),
    steps,
  };
  return sequence;
}

function* allSteps(steps: readonly Step[]): Generator<Step> {
  for (const step of steps) {
    yield step;
    if (step.type === 'condition') {
      yield* allSteps(step.yes);
      yield* allSteps(step.no);
    }
  }
}

function startsWith(path: PathSegment[], prefix: PathSegment[]): boolean {
  return prefix.length <= path.length && prefix.every((segment, index) => path[index] === segment);
}

/** The sequence and step an input path belongs to: the deepest location that contains it. */
export function locate(locations: readonly Location[], path: PathSegment[]): Location | undefined {
  let best: Location | undefined;
  for (const location of locations) {
    if (!startsWith(path, location.path)) continue;
    if (best === undefined || location.path.length > best.path.length) best = location;
  }
  return best;
}

/** The pack file's text for converted sequences (the same layout as an export). */
export function packText(sequences: readonly Sequence[]): string {
  return exportPackText(sequences);
}
