/**
 * `upnext simulate <pack> --sequence <id> --start <ISO instant> --tz <IANA zone>
 *   [--outcome <stepId>=<value>]... [--field <key>=<value>]... [--json]`
 *
 * Connects one record at `--start` and runs it through the sequence with the real engine, the
 * seller acting on each step the moment it is due. Exit 0 on success, 1 on an invalid pack or an
 * unknown sequence, 2 on usage errors or an unreadable file. Semantics: docs/engine.md.
 */
import { readFile } from 'node:fs/promises';
import { apply, createRecordState } from '../lib/engine/apply';
import { effectiveDueAt } from '../lib/engine/due';
import { formatInstant, fromZoned, isValidTimeZone } from '../lib/engine/time/zoned';
import type {
  Command,
  Connection,
  EngineContext,
  EngineEvent,
  RecordFieldValue,
  RecordState,
} from '../lib/engine/types';
import { parsePack } from '../lib/sequence/parse';
import { allSteps } from '../lib/engine/tree';
import {
  CALL_OUTCOMES,
  EMAIL_EVENTS,
  type CallOutcome,
  type EmailEvent,
  type Sequence,
  type Step,
} from '../lib/sequence/types';

const USAGE = `Usage: upnext simulate <pack> --sequence <id> --start <ISO instant> --tz <IANA zone>
                       [--outcome <stepId>=<value>]... [--field <key>=<value>]... [--json]

  --outcome c1=connected   a call step's outcome (${CALL_OUTCOMES.join(', ')}; default no-answer)
  --outcome e1=replied     an email event recorded right after email step e1 (${EMAIL_EVENTS.join(', ')})
  --field grade=A          a record field (numbers and true/false are read as such)
  --json                   print {"steps":[{"id","type","dueAt","result"}],"end":{"status","reason","at"}}`;

/** The call outcome used when `--outcome` gives none: the most common one in practice. */
const DEFAULT_CALL_OUTCOME: CallOutcome = 'no-answer';

class UsageError extends Error {}

interface Options {
  pack: string;
  sequence: string;
  start: string;
  tz: string;
  outcomes: Map<string, string>;
  fields: Record<string, RecordFieldValue>;
  json: boolean;
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
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option '${arg}'`);
        positional.push(arg);
    }
  }
  if (positional.length !== 1) {
    throw new UsageError(
      positional.length === 0 ? 'missing <pack>' : `one pack only, got ${positional.length}`,
    );
  }
  const need = (flag: string): string => {
    const v = single.get(flag);
    if (v === undefined || v === '') throw new UsageError(`missing ${flag}`);
    return v;
  };
  return {
    pack: positional[0],
    sequence: need('--sequence'),
    start: need('--start'),
    tz: need('--tz'),
    outcomes,
    fields,
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

function planOutcomes(definition: Sequence, outcomes: Map<string, string>): Plan {
  const steps = new Map<string, Step>(allSteps(definition.steps).map((s) => [s.id, s]));
  const plan: Plan = { calls: new Map(), emails: new Map() };
  for (const [id, value] of outcomes) {
    const step = steps.get(id);
    if (step === undefined)
      throw new UsageError(`--outcome: sequence '${definition.id}' has no step '${id}'`);
    if (step.type === 'call') {
      if (!(CALL_OUTCOMES as readonly string[]).includes(value)) {
        throw new UsageError(
          `--outcome ${id}=${value}: a call outcome is one of ${CALL_OUTCOMES.join(', ')}`,
        );
      }
      plan.calls.set(id, value as CallOutcome);
    } else if (step.type === 'email') {
      if (!(EMAIL_EVENTS as readonly string[]).includes(value)) {
        throw new UsageError(
          `--outcome ${id}=${value}: an email event is one of ${EMAIL_EVENTS.join(', ')}`,
        );
      }
      plan.emails.set(id, value as EmailEvent);
    } else {
      throw new UsageError(
        `--outcome ${id}=${value}: step '${id}' is a ${step.type} step; outcomes are for call and email steps`,
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
}

interface Timeline {
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
  'move-to-sequence',
]);

/** Runs the simulation; throws UsageError for bad options that need the pack to be detected. */
function simulate(
  definitions: Sequence[],
  definition: Sequence,
  start: number,
  options: Options,
): Timeline {
  const tz = options.tz;
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
  let state: RecordState = createRecordState(
    { crm: 'simulate', entity: definition.entity, id: 'record' },
    options.fields,
  );
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
    const event = cur.type === 'email' ? plan.emails.get(cur.stepId) : undefined;
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
  }));
  if (conn.current !== null) {
    steps.push({
      id: conn.current.stepId,
      type: conn.current.type,
      dueAt: formatInstant(conn.current.reachedAt, tz),
      result: waiting?.reason ?? 'pending',
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
  return { steps, end };
}

function formatText(
  definition: Sequence,
  options: Options,
  start: number,
  timeline: Timeline,
): string {
  const lines = [
    `Simulating “${definition.name}” (${definition.id}) for one ${definition.entity}, ${options.tz}, from ${formatInstant(start, options.tz)}`,
    '',
  ];
  const idWidth = Math.max(4, ...timeline.steps.map((s) => s.id.length));
  const typeWidth = Math.max(4, ...timeline.steps.map((s) => s.type.length));
  for (const s of timeline.steps) {
    lines.push(`  ${s.dueAt}  ${s.id.padEnd(idWidth)}  ${s.type.padEnd(typeWidth)}  ${s.result}`);
  }
  const { status, reason, at } = timeline.end;
  const why =
    status === 'moved'
      ? ` to “${reason ?? ''}”`
      : status === 'exited'
        ? ' after a reply'
        : status === 'waiting' && reason === 'needs-answer'
          ? ': a condition needs an answer (give the field with --field)'
          : status === 'waiting'
            ? `: ${reason ?? ''}`
            : '';
  lines.push('', `${status === 'waiting' ? 'Stopped' : 'Ended'} ${status}${why} at ${at}`);
  return `${lines.join('\n')}\n`;
}

function formatProblem(
  file: string,
  p: { path: string; line: number | null; column: number | null; message: string },
): string {
  const where = p.line === null ? file : `${file}:${p.line}:${p.column ?? 1}`;
  return p.path === '' ? `${where}: ${p.message}` : `${where}: ${p.path}: ${p.message}`;
}

export async function runSimulate(args: string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let options: Options;
  let start: number;
  try {
    options = parseArgs(args);
    if (!isValidTimeZone(options.tz))
      throw new UsageError(`--tz '${options.tz}' is not an IANA time zone (e.g. Europe/Berlin)`);
    start = parseStart(options.start, options.tz);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`upnext simulate: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  let text: string;
  try {
    text = await readFile(options.pack, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const why =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : String(error);
    process.stderr.write(`${options.pack}: cannot read: ${why}\n`);
    return 2;
  }
  const parsed = parsePack(text);
  if (!parsed.ok) {
    process.stderr.write(
      `${parsed.problems.map((p) => formatProblem(options.pack, p)).join('\n')}\n`,
    );
    process.stderr.write(`${options.pack}: not a valid sequence pack; nothing was simulated\n`);
    return 1;
  }
  const definitions = parsed.pack.sequences;
  const definition = definitions.find((s) => s.id === options.sequence);
  if (definition === undefined) {
    const known = definitions.map((s) => s.id).join(', ');
    process.stderr.write(
      `${options.pack}: no sequence '${options.sequence}' (this pack has: ${known})\n`,
    );
    return 1;
  }
  let timeline: Timeline;
  try {
    timeline = simulate(definitions, definition, start, options);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`upnext simulate: ${error.message}\n`);
    return 2;
  }
  process.stdout.write(
    options.json
      ? `${JSON.stringify(timeline)}\n`
      : formatText(definition, options, start, timeline),
  );
  return 0;
}
