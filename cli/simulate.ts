/**
 * `upnext simulate <pack> [--sequence <id>] [--start <ISO instant>] [--tz <IANA zone>]
 *   [--record <crm>|<entity>|<id>] [--outcome <stepId>=<value>]... [--field <key>=<value>]... [--json]`
 *
 * Connects one record at `--start` (default: now) in `--tz` (default: this machine's zone) and
 * runs it through the sequence with the real engine, the seller acting on each step the moment
 * it is due. Exit 0 on success, 1 on an invalid pack or an unknown sequence, 2 on usage errors
 * or an unreadable file. Every error that has a list of valid choices names them. Semantics:
 * docs/engine.md.
 */
import { apply, createRecordState } from '../lib/engine/apply';
import { effectiveDueAt } from '../lib/engine/due';
import { formatInstant, fromZoned, isValidTimeZone } from '../lib/engine/time/zoned';
import type {
  Command,
  Connection,
  DecidedBy,
  EngineContext,
  EngineEvent,
  RecordFieldValue,
  RecordRef,
  RecordState,
} from '../lib/engine/types';
import { listTimeZones } from '../lib/engine/time/zone-names';
import { closest } from '../lib/sequence/did-you-mean';
import { parsePack } from '../lib/sequence/parse';
import { findStep, walkSteps } from '../lib/sequence/steps';
import {
  CALL_OUTCOMES,
  EMAIL_EVENTS,
  ENTITIES,
  type AbVersion,
  type CallOutcome,
  type Condition,
  type EmailEvent,
  type Entity,
  type Sequence,
} from '../lib/sequence/types';
import { describeCondition } from '../lib/views/condition-words';
import type { CliIo } from './io';
import { readText } from './read-text';
import { formatProblem } from './validate';

/** The record simulated when `--record` gives none (its entity is the sequence's). */
const DEFAULT_RECORD = { crm: 'simulate', id: 'record' } as const;

const OPTIONS = [
  '--sequence',
  '--start',
  '--tz',
  '--record',
  '--outcome',
  '--field',
  '--json',
  '--help',
];

const USAGE = `Usage: upnext simulate <pack> [--sequence <id>] [--start <ISO instant>] [--tz <IANA zone>]
                       [--record <crm>|<entity>|<id>] [--outcome <stepId>=<value>]... [--field <key>=<value>]... [--json]

Connects one record to a sequence and prints every step it goes through, when, and which
branch each condition takes. The seller acts on each step the moment it is due.

  --sequence outbound-prospecting   the sequence (optional when the pack has only one)
  --start 2026-03-30T09:00          when the record is connected: an ISO 8601 instant, or a
                                    wall-clock time in --tz (default: now)
  --tz Europe/Berlin                the seller's IANA time zone (default: this machine's)
  --record hubspot|lead|301          the record (its id as stored): decides the version of A/B test
                                    steps (default ${DEFAULT_RECORD.crm}|<the sequence's entity>|${DEFAULT_RECORD.id})
  --outcome c1=connected            a call step's outcome (${CALL_OUTCOMES.join(', ')}; default no-answer)
  --outcome e1=replied              an email event recorded right after email or A/B step e1 (${EMAIL_EVENTS.join(', ')})
  --field grade=A                   a record field (numbers and true/false are read as such)
  --json                            print {"sequence","timeZone","start","steps":[{"id","type","dueAt",
                                    "result","outcome"?,"branch"?,"decidedBy"?,"version"?}],"end":{"status","reason","at"}}

Example:
  upnext example > pack.json
  upnext simulate pack.json --sequence outbound-prospecting --outcome intro-email=opened --outcome first-call=connected`;

/** The call outcome used when `--outcome` gives none: the most common one in practice. */
const DEFAULT_CALL_OUTCOME: CallOutcome = 'no-answer';

class UsageError extends Error {}

interface Options {
  pack: string;
  sequence: string | undefined;
  start: string | undefined;
  tz: string | undefined;
  outcomes: Map<string, string>;
  fields: Record<string, RecordFieldValue>;
  record: RecordRef | null;
  json: boolean;
}

/** `crm|entity|id`; the id is everything after the second bar (it may contain bars). */
function parseRecord(text: string): RecordRef {
  const first = text.indexOf('|');
  const second = first < 0 ? -1 : text.indexOf('|', first + 1);
  const crm = text.slice(0, Math.max(first, 0));
  const entity = second < 0 ? '' : text.slice(first + 1, second);
  const id = second < 0 ? '' : text.slice(second + 1);
  if (crm === '' || id === '' || !(ENTITIES as readonly string[]).includes(entity)) {
    throw new UsageError(
      `--record takes <crm>|<entity>|<id> with entity one of ${ENTITIES.join(', ')}, such as salesforce|lead|00Q5e00000AbCdE; got '${text}'`,
    );
  }
  return { crm, entity: entity as Entity, id };
}

function didYouMeanOption(flag: string): string {
  const match = closest(
    flag.replace(/^-+/, ''),
    OPTIONS.map((option) => option.slice(2)),
  );
  return match === undefined ? '' : ` (did you mean '--${match}'?)`;
}

/** IANA zones whose name or city is close to `text` ("berlin" → Europe/Berlin). */
function zoneSuggestion(text: string): string {
  const zones = listTimeZones();
  const cities = zones.map((zone) => zone.slice(zone.lastIndexOf('/') + 1));
  const wanted = text.trim().replace(/\s+/g, '_');
  const byCity = closest(wanted, cities);
  const zone =
    byCity === undefined
      ? closest(wanted, zones)
      : zones.find((candidate) => candidate.endsWith(`/${byCity}`) || candidate === byCity);
  return zone === undefined
    ? ' (e.g. Europe/Berlin, America/New_York, UTC)'
    : ` (did you mean ${zone}?)`;
}

function splitPair(flag: string, value: string): [string, string] {
  const i = value.indexOf('=');
  if (i <= 0) throw new UsageError(`${flag} takes <key>=<value>, got '${value}'`);
  return [value.slice(0, i), value.slice(i + 1)];
}

function fieldValue(text: string): RecordFieldValue {
  if (text === 'true') return true;
  if (text === 'false') return false;
  if (/^[+-]?(\d+(\.\d*)?|\.\d+)$/.test(text.trim())) return Number(text);
  return text;
}

function parseArgs(args: string[]): Options {
  const positional: string[] = [];
  const single = new Map<string, string>();
  const outcomes = new Map<string, string>();
  const fields: Record<string, RecordFieldValue> = {};
  let json = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const value = (): string => {
      if (inline !== undefined) return inline;
      const next = args.at(++i);
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '--json':
        json = true;
        break;
      case '--sequence':
      case '--start':
      case '--tz':
      case '--record':
        if (single.has(flag)) throw new UsageError(`${flag} is given twice`);
        single.set(flag, value());
        break;
      case '--outcome': {
        const [key, v] = splitPair(flag, value());
        if (outcomes.has(key)) throw new UsageError(`--outcome for step '${key}' is given twice`);
        outcomes.set(key, v);
        break;
      }
      case '--field': {
        const [key, v] = splitPair(flag, value());
        fields[key] = fieldValue(v);
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-') {
          throw new UsageError(
            `unknown option '${arg}'${didYouMeanOption(flag)}; the options are ${OPTIONS.join(', ')}`,
          );
        }
        positional.push(arg);
    }
  }
  if (positional.length !== 1) {
    throw new UsageError(
      positional.length === 0 ? 'missing <pack>' : `one pack only, got ${positional.length}`,
    );
  }
  const optional = (flag: string): string | undefined => {
    const v = single.get(flag);
    if (v === '') throw new UsageError(`${flag} needs a value`);
    return v;
  };
  return {
    pack: positional[0],
    sequence: optional('--sequence'),
    start: optional('--start'),
    tz: optional('--tz'),
    outcomes,
    fields,
    record: single.has('--record') ? parseRecord(optional('--record') ?? '') : null,
    json,
  };
}

const INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i;

/** An ISO instant; without an offset it is a wall-clock time in `tz`. */
function parseStart(text: string, tz: string): number {
  const m = INSTANT.exec(text.trim());
  if (m === null)
    throw new UsageError(
      `--start '${text}' is not an ISO 8601 instant (e.g. 2026-03-30T09:00:00+02:00)`,
    );
  if (m.at(7) !== undefined) {
    const t = Date.parse(text.trim());
    if (Number.isNaN(t)) throw new UsageError(`--start '${text}' is not a valid instant`);
    return t;
  }
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0));
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) {
    throw new UsageError(`--start '${text}' is not a valid instant`);
  }
  return fromZoned(
    {
      year: year,
      month: month,
      day: day,
      hour: hour,
      minute: minute,
      second: second,
      millisecond: 0,
    },
    tz,
  );
}

interface Plan {
  calls: Map<string, CallOutcome>;
  emails: Map<string, EmailEvent>;
}

/** `e1 (email), c1 (call)`: the steps of `definition` that take an `--outcome`. */
function outcomeSteps(definition: Sequence): string {
  const steps = [...walkSteps(definition.steps)]
    .map(({ step }) => step)
    .filter((step) => step.type === 'call' || step.type === 'email' || step.type === 'ab-test')
    .map((step) => `${step.id} (${step.type})`);
  return steps.length === 0 ? 'none' : steps.join(', ');
}

function planOutcomes(definition: Sequence, outcomes: Map<string, string>): Plan {
  const plan: Plan = { calls: new Map(), emails: new Map() };
  for (const [id, value] of outcomes) {
    const step = findStep(definition, id);
    if (step === undefined) {
      throw new UsageError(
        `--outcome ${id}=${value}: sequence '${definition.id}' has no step '${id}'; steps that take an outcome: ${outcomeSteps(definition)}`,
      );
    }
    if (step.type === 'call') {
      if (!(CALL_OUTCOMES as readonly string[]).includes(value)) {
        throw new UsageError(
          `--outcome ${id}=${value}: a call outcome is one of ${CALL_OUTCOMES.join(', ')}`,
        );
      }
      plan.calls.set(id, value as CallOutcome);
    } else if (step.type === 'email' || step.type === 'ab-test') {
      if (!(EMAIL_EVENTS as readonly string[]).includes(value)) {
        throw new UsageError(
          `--outcome ${id}=${value}: an email event is one of ${EMAIL_EVENTS.join(', ')}`,
        );
      }
      if (step.type === 'ab-test' && step.a.type === 'text' && value !== 'replied') {
        throw new UsageError(
          `--outcome ${id}=${value}: step '${id}' is an A/B test of text messages, which only get replies`,
        );
      }
      plan.emails.set(id, value as EmailEvent);
    } else {
      throw new UsageError(
        `--outcome ${id}=${value}: step '${id}' is a ${step.type} step; steps that take an outcome: ${outcomeSteps(definition)}`,
      );
    }
  }
  return plan;
}

interface TimelineStep {
  id: string;
  type: string;
  dueAt: string;
  result: string;
  /** A/B test steps: the version the record got. */
  version?: AbVersion;
  /** Call steps: the outcome the seller logged. */
  outcome?: CallOutcome;
  /** Condition steps: the branch taken, and what decided it. */
  branch?: 'yes' | 'no';
  decidedBy?: DecidedBy;
}

export interface Timeline {
  sequence: string;
  timeZone: string;
  start: string;
  steps: TimelineStep[];
  end: { status: string; reason: string | null; at: string };
}

const SELLER_TYPES = new Set([
  'email',
  'call',
  'text',
  'task',
  'linkedin',
  'update-field',
  'ab-test',
  'move-to-sequence',
]);

/** Runs the simulation; throws UsageError for bad options that need the pack to be detected. */
function simulate(
  definitions: Sequence[],
  definition: Sequence,
  start: number,
  tz: string,
  options: Options,
): Timeline {
  const plan = planOutcomes(definition, options.outcomes);
  let now = start;
  let ids = 0;
  const ctx = (): EngineContext => ({
    now,
    timeZone: tz,
    newId: () => `sim-${String(++ids)}`,
    sequences: (id) => {
      const d = definitions.find((s) => s.id === id);
      return d === undefined ? undefined : { version: 1, definition: d, active: true };
    },
  });
  const record = options.record ?? { ...DEFAULT_RECORD, entity: definition.entity };
  if (record.entity !== definition.entity) {
    throw new UsageError(
      `--record ${record.crm}|${record.entity}|${record.id} is a ${record.entity}, but sequence '${definition.id}' is for ${definition.entity} records`,
    );
  }
  let state: RecordState = createRecordState(record, options.fields);
  const events: EngineEvent[] = [];
  const run = (command: Command): boolean => {
    const result = apply(state, command, ctx());
    if (result.kind !== 'applied') return false;
    state = result.state;
    events.push(...result.events);
    return true;
  };
  run({ type: 'connect', sequenceId: definition.id, connectionId: 'simulated' });
  const find = (): Connection => state.connections.find((c) => c.id === 'simulated')!;
  let waiting: { reason: string; at: number } | null = null;
  for (let guard = 0; guard < 10_000; guard++) {
    const conn = find();
    const cur = conn.current;
    if (conn.status !== 'active' || cur === null) break;
    if (cur.needsAnswer) {
      const asked = events
        .filter((e) => e.type === 'needs-answer' && e.stepId === cur.stepId)
        .pop();
      waiting = { reason: 'needs-answer', at: asked?.at ?? cur.reachedAt };
      break;
    }
    if (cur.problem !== null) {
      waiting = { reason: 'move-blocked', at: cur.reachedAt };
      break;
    }
    if (cur.waitEndsAt !== null || cur.windowClosesAt !== null) {
      now = Math.max(now, cur.waitEndsAt ?? cur.windowClosesAt ?? now);
      run({ type: 'tick' });
      continue;
    }
    now = Math.max(now, effectiveDueAt(conn, cur, { now, timeZone: tz }));
    const outcome =
      cur.type === 'call' ? (plan.calls.get(cur.stepId) ?? DEFAULT_CALL_OUTCOME) : undefined;
    const target = { connectionId: conn.id, stepId: cur.stepId, revision: conn.revision };
    if (!run({ type: 'complete', ...target, ...(outcome === undefined ? {} : { outcome }) })) {
      run({ type: 'skip', ...target });
    }
    const event =
      cur.type === 'email' || cur.type === 'ab-test' ? plan.emails.get(cur.stepId) : undefined;
    if (event !== undefined)
      run({ type: 'record-email-event', connectionId: conn.id, event, stepId: cur.stepId });
  }
  const conn = find();
  const steps: TimelineStep[] = conn.steps.map((s) => ({
    id: s.stepId,
    type: s.type,
    dueAt: formatInstant(
      SELLER_TYPES.has(s.type) && s.result !== 'auto' ? s.dueAt : s.reachedAt,
      tz,
    ),
    result: s.result,
    ...(s.ab === undefined ? {} : { version: s.ab.version }),
    ...(s.outcome === undefined ? {} : { outcome: s.outcome }),
    ...(s.branch === undefined ? {} : { branch: s.branch }),
    ...(s.decidedBy === undefined ? {} : { decidedBy: s.decidedBy }),
  }));
  if (conn.current !== null) {
    steps.push({
      id: conn.current.stepId,
      type: conn.current.type,
      dueAt: formatInstant(conn.current.reachedAt, tz),
      result: waiting?.reason ?? 'pending',
      ...(conn.current.ab === undefined ? {} : { version: conn.current.ab.version }),
    });
  }
  let end: Timeline['end'];
  if (conn.status === 'active') {
    end = {
      status: 'waiting',
      reason: waiting?.reason ?? 'pending',
      at: formatInstant(waiting?.at ?? now, tz),
    };
  } else {
    const reason =
      conn.status === 'moved'
        ? (conn.movedTo?.sequenceId ?? null)
        : conn.status === 'completed'
          ? null
          : conn.reason;
    end = { status: conn.status, reason, at: formatInstant(conn.endedAt ?? now, tz) };
  }
  return {
    sequence: definition.id,
    timeZone: tz,
    start: formatInstant(start, tz),
    steps,
    end,
  };
}

const DECIDED_BY: Record<DecidedBy, string> = {
  'at-once': 'decided when reached',
  event: 'decided by an email event',
  fields: 'decided by the record’s fields',
  'window-closed': 'the waiting window ran out',
  answer: 'the seller answered',
  'skip-wait': 'the seller stopped waiting',
  'skipped-step': 'the seller skipped the condition',
};

/** The record fields a condition reads (`stage` for stage conditions), in order, once each. */
function fieldsRead(condition: Condition): string[] {
  if ('all' in condition) return [...new Set(condition.all.flatMap(fieldsRead))];
  if ('any' in condition) return [...new Set(condition.any.flatMap(fieldsRead))];
  if ('field' in condition) return [condition.field];
  if ('stage' in condition) return ['stage'];
  return [];
}

function conditionOf(definition: Sequence, stepId: string): Condition | null {
  const step = findStep(definition, stepId);
  return step?.type === 'condition' ? step.if : null;
}

/** The question a condition asks, naming steps by their name when they have one, else their id. */
function question(definition: Sequence, condition: Condition): string {
  return describeCondition(condition, (id) => {
    const name = findStep(definition, id)?.name?.trim();
    return name === undefined || name === '' ? id : name;
  });
}

function detail(definition: Sequence, step: TimelineStep): string {
  if (step.version !== undefined) return `(version ${step.version.toUpperCase()})`;
  if (step.outcome !== undefined) return `outcome: ${step.outcome}`;
  if (step.branch === undefined) return '';
  const condition = conditionOf(definition, step.id);
  const asked = condition === null ? '' : ` ${question(definition, condition)}`;
  const why = step.decidedBy === undefined ? '' : ` (${DECIDED_BY[step.decidedBy]})`;
  return `${step.branch}:${asked}${why}`;
}

function formatText(definition: Sequence, timeline: Timeline, record: RecordRef | null): string {
  const named = record === null ? '' : ` (${record.crm}|${record.entity}|${record.id})`;
  const lines = [
    `Simulating “${definition.name}” (${definition.id}) for one ${definition.entity}${named}, ${timeline.timeZone}, from ${timeline.start}`,
    '',
  ];
  const idWidth = Math.max(4, ...timeline.steps.map((s) => s.id.length));
  const typeWidth = Math.max(4, ...timeline.steps.map((s) => s.type.length));
  const resultWidth = Math.max(6, ...timeline.steps.map((s) => s.result.length));
  for (const s of timeline.steps) {
    const more = detail(definition, s);
    const line = `  ${s.dueAt}  ${s.id.padEnd(idWidth)}  ${s.type.padEnd(typeWidth)}  ${s.result.padEnd(resultWidth)}  ${more}`;
    lines.push(line.trimEnd());
  }
  const { status, reason, at } = timeline.end;
  let end: string;
  if (status === 'moved') end = `Ended moved to “${reason ?? ''}” at ${at}`;
  else if (status === 'exited') end = `Ended exited after a reply at ${at}`;
  else if (status === 'waiting' && reason === 'needs-answer') {
    const pending = timeline.steps.at(-1)?.id ?? '';
    const condition = conditionOf(definition, pending);
    const fields = condition === null ? [] : fieldsRead(condition);
    const give =
      fields.length === 0
        ? '--field <key>=<value>'
        : fields.map((field) => `--field ${field}=<value>`).join(' ');
    const asks = condition === null ? '' : ` “${question(definition, condition)}”`;
    end = `Stopped waiting at ${at}: condition ${pending} asks${asks}; decide it with ${give}`;
  } else if (status === 'waiting') end = `Stopped waiting at ${at}: ${reason ?? ''}`;
  else end = `Ended ${status} at ${at}`;
  lines.push('', end);
  return `${lines.join('\n')}\n`;
}

/** `outbound-prospecting (High-volume outbound prospecting, lead)`, one per line. */
function sequenceList(definitions: readonly Sequence[]): string {
  const width = Math.max(...definitions.map((s) => s.id.length));
  return definitions.map((s) => `  ${s.id.padEnd(width)}  ${s.name} (${s.entity})`).join('\n');
}

export async function runSimulate(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  const usageError = (error: unknown): number => {
    if (!(error instanceof UsageError)) throw error;
    io.err(`upnext simulate: ${error.message}\n\n${USAGE}\n`);
    return 2;
  };
  let options: Options;
  let tz: string;
  let start: number;
  try {
    options = parseArgs(args);
    tz = options.tz ?? io.timeZone();
    if (!isValidTimeZone(tz))
      throw new UsageError(`--tz '${tz}' is not an IANA time zone${zoneSuggestion(tz)}`);
    start = options.start === undefined ? io.now() : parseStart(options.start, tz);
  } catch (error) {
    return usageError(error);
  }
  // The same reading as `validate` and `segments`: the pack size limit, UTF-8 only.
  const read = await readText(options.pack);
  if ('problem' in read) {
    io.err(`${options.pack}: ${read.problem}\n`);
    return read.unreadable ? 2 : 1;
  }
  const parsed = parsePack(read.text);
  if (!parsed.ok) {
    io.err(`${parsed.problems.map((p) => formatProblem(options.pack, p)).join('\n')}\n`);
    io.err(`${options.pack}: not a valid sequence pack; nothing was simulated\n`);
    return 1;
  }
  const definitions = parsed.pack.sequences;
  if (definitions.length === 0) {
    io.err(`${options.pack}: this pack has no sequences; nothing to simulate\n`);
    return 1;
  }
  let definition: Sequence | undefined;
  if (options.sequence === undefined) {
    if (definitions.length > 1) {
      io.err(
        `upnext simulate: missing --sequence; ${options.pack} has ${definitions.length} sequences:\n${sequenceList(definitions)}\n` +
          `e.g. upnext simulate ${options.pack} --sequence ${definitions[0]?.id ?? ''}\n`,
      );
      return 2;
    }
    definition = definitions[0];
  } else {
    definition = definitions.find((s) => s.id === options.sequence);
  }
  if (definition === undefined) {
    const guess = closest(
      options.sequence ?? '',
      definitions.map((s) => s.id),
    );
    io.err(
      `${options.pack}: no sequence '${options.sequence ?? ''}'${guess === undefined ? '' : ` (did you mean '${guess}'?)`}; this pack has:\n${sequenceList(definitions)}\n`,
    );
    return 1;
  }
  let timeline: Timeline;
  try {
    timeline = simulate(definitions, definition, start, tz, options);
  } catch (error) {
    return usageError(error);
  }
  io.out(
    options.json
      ? `${JSON.stringify(timeline)}\n`
      : formatText(definition, timeline, options.record),
  );
  return 0;
}
