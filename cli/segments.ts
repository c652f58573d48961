/**
 * `upnext segments <pack.json> <records.json> [--json] [--now <ISO instant>] [--tz <IANA zone>]`
 *
 * Evaluates each record of `records.json` as if Upnext saw it for the first time, against the
 * pack's segments taken as active, with the real evaluation (lib/engine/segments.ts), and prints
 * where each record lands and why; with `--json`, one object per record in input order. Nothing
 * is connected: it is for testing criteria before a roll-out.
 *
 * Exit 0 when both files are valid, 1 on an invalid pack or records file (one line per problem:
 * `file:line:col: path: message`), 2 on usage errors or unreadable files.
 */
import { parseArgs } from 'node:util';
import { evaluateSegments, type SegmentDecision, type SegmentRecord } from '../lib/engine/segments';
import { isValidTimeZone } from '../lib/engine/time/zoned';
import type { RecordFieldValue } from '../lib/engine/types';
import { RULES_BY_CRM } from '../lib/crm/rules/built-in-rules';
import { didYouMean } from '../lib/sequence/did-you-mean';
import { LineIndex, offsetOf, parseSource } from '../lib/sequence/json-source';
import { parsePack } from '../lib/sequence/parse';
import { formatPath, type PathSegment, type Problem } from '../lib/sequence/problem';
import { ENTITIES, type Entity, type Segment, type SegmentCondition } from '../lib/sequence/types';
import type { CliIo } from './io';
import { readText } from './read-text';
import { formatProblem } from './validate';

const USAGE = `Usage: upnext segments <pack.json> <records.json> [--json] [--now <ISO instant>] [--tz <IANA zone>]

  Evaluates each record as if Upnext saw it for the first time, against the pack's segments
  taken as active, and prints where it lands and why. Nothing is connected.

  records.json   [{ "crm", "entity", "id", "fields": {...}, "segment"?: current segment id,
                    "host"?: the page's host name }]
  --json         print [{"record":{"crm","entity","id"},"segment","sequence","reason"}] in input order
  --now          the instant "in-last-days" / "in-next-days" count from (default: now)
  --tz           the time zone days are counted in (default: this computer's)`;

/** A records file may be larger than a pack: 10 000 records with their fields fit easily. */
const MAX_RECORDS_BYTES = 50 * 1024 * 1024;

class UsageError extends Error {}

interface InputRecord extends SegmentRecord {
  segment: string | null;
}

const RECORD_KEYS = ['crm', 'entity', 'id', 'fields', 'segment', 'host'];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function words(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string')
    return `text '${value.length > 40 ? `${value.slice(0, 37)}…` : value}'`;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}

/**
 * Checks the records file's value; every problem at once, each with its path. Records name
 * their current segment by id, which must be one of the pack's.
 */
function checkRecords(
  value: unknown,
  segmentIds: readonly string[],
): { records: InputRecord[]; problems: { path: PathSegment[]; message: string; key?: boolean }[] } {
  const problems: { path: PathSegment[]; message: string; key?: boolean }[] = [];
  const records: InputRecord[] = [];
  if (!Array.isArray(value)) {
    problems.push({
      path: [],
      message: `The records file must be a list of records such as [{"crm": "salesforce", "entity": "lead", "id": "00Q1", "fields": {"jobTitle": "VP Sales"}}], not ${words(value)}`,
    });
    return { records, problems };
  }
  const seen = new Map<string, number>();
  for (const [index, item] of (value as unknown[]).entries()) {
    const at: PathSegment[] = [index];
    const label = `Record ${index + 1}`;
    if (!isObject(item)) {
      problems.push({ path: at, message: `${label} must be an object, not ${words(item)}` });
      continue;
    }
    const before = problems.length;
    for (const key of Object.keys(item)) {
      if (!RECORD_KEYS.includes(key)) {
        const hint = didYouMean(key, RECORD_KEYS);
        problems.push({
          path: [...at, key],
          key: true,
          message: `Unknown key '${key}' in record ${index + 1}${hint === '' ? ` (allowed keys: ${RECORD_KEYS.join(', ')})` : hint}`,
        });
      }
    }
    const text = (key: 'crm' | 'id'): string | null => {
      const v = item[key];
      if (v === undefined) {
        problems.push({ path: at, message: `${label} is missing '${key}'` });
        return null;
      }
      if (typeof v !== 'string' || v.trim() === '') {
        problems.push({
          path: [...at, key],
          message: `'${key}' in record ${index + 1} must be non-empty text, not ${words(v)}`,
        });
        return null;
      }
      return v;
    };
    const crm = text('crm');
    const id = text('id');
    const entity = item['entity'];
    if (entity === undefined) {
      problems.push({ path: at, message: `${label} is missing 'entity' (${ENTITIES.join(', ')})` });
    } else if (typeof entity !== 'string' || !(ENTITIES as readonly string[]).includes(entity)) {
      const hint = typeof entity === 'string' ? didYouMean(entity, ENTITIES) : '';
      problems.push({
        path: [...at, 'entity'],
        message: `'entity' in record ${index + 1} is ${words(entity)}${hint}; use one of: ${ENTITIES.join(', ')}`,
      });
    }
    const fields: Record<string, RecordFieldValue> = {};
    const rawFields = item['fields'];
    if (rawFields === undefined) {
      problems.push({ path: at, message: `${label} is missing 'fields' (an object, {} for none)` });
    } else if (!isObject(rawFields)) {
      problems.push({
        path: [...at, 'fields'],
        message: `'fields' in record ${index + 1} must be an object such as {"jobTitle": "VP Sales"}, not ${words(rawFields)}`,
      });
    } else {
      for (const [key, v] of Object.entries(rawFields)) {
        if (
          v === null ||
          typeof v === 'string' ||
          typeof v === 'boolean' ||
          (typeof v === 'number' && Number.isFinite(v))
        ) {
          Object.defineProperty(fields, key, {
            value: v,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        } else {
          problems.push({
            path: [...at, 'fields', key],
            message: `Field '${key}' of record ${index + 1} must be text, a number, true/false or null, not ${words(v)}`,
          });
        }
      }
    }
    const segment = item['segment'];
    if (segment !== undefined && segment !== null) {
      if (typeof segment !== 'string') {
        problems.push({
          path: [...at, 'segment'],
          message: `'segment' in record ${index + 1} must be a segment id, not ${words(segment)}`,
        });
      } else if (!segmentIds.includes(segment)) {
        problems.push({
          path: [...at, 'segment'],
          message: `Record ${index + 1} is in segment '${segment}'${didYouMean(segment, segmentIds)}, which is not in the pack`,
        });
      }
    }
    const host = item['host'];
    if (host !== undefined && host !== null && typeof host !== 'string') {
      problems.push({
        path: [...at, 'host'],
        message: `'host' in record ${index + 1} must be a host name such as "app.example.com", not ${words(host)}`,
      });
    }
    if (problems.length > before || crm === null || id === null) continue;
    const key = `${crm}|${String(entity)}|${id}`;
    const first = seen.get(key);
    if (first !== undefined) {
      problems.push({
        path: at,
        message: `Record ${index + 1} is the same record as record ${first + 1} (${key}); list each record once`,
      });
      continue;
    }
    seen.set(key, index);
    records.push({
      crm,
      entity: entity as Entity,
      id,
      host: typeof host === 'string' ? host : null,
      fields,
      segment: typeof segment === 'string' ? segment : null,
    });
  }
  return { records, problems };
}

function crmIdsIn(condition: SegmentCondition, into: Set<string>): void {
  if ('all' in condition) for (const c of condition.all) crmIdsIn(c, into);
  else if ('any' in condition) for (const c of condition.any) crmIdsIn(c, into);
  else if ('crm' in condition) for (const id of condition.crm) into.add(id);
}

/** CRM ids the segments name that are neither built in nor custom CRMs of the pack. */
function unknownCrms(segments: readonly Segment[], custom: readonly string[]): string[] {
  const named = new Set<string>();
  for (const segment of segments) crmIdsIn(segment.where, named);
  const known = [...RULES_BY_CRM.keys(), ...custom];
  return [...named].filter((id) => !known.includes(id));
}

export interface SegmentsRow {
  record: { crm: string; entity: Entity; id: string };
  segment: string | null;
  sequence: string | null;
  reason: SegmentDecision['result'];
}

function humanReport(
  packFile: string,
  recordsFile: string,
  segments: readonly Segment[],
  /** Sequence names by id (the pack's sequences). */
  sequenceNames: ReadonlyMap<string, string>,
  evaluated: readonly { record: InputRecord; decision: SegmentDecision }[],
): string {
  const names = new Map(segments.map((segment) => [segment.id, segment.name]));
  // Named as the segments are, when the pack has the sequence; by id otherwise.
  const sequenceOf = (id: string | null): string => {
    if (id === null) return '';
    const name = sequenceNames.get(id);
    return name === undefined ? id : `“${name}” (${id})`;
  };
  const lines = [
    `${packFile}: ${segments.length} ${segments.length === 1 ? 'segment' : 'segments'}, all taken as active`,
    `${recordsFile}: ${evaluated.length} ${evaluated.length === 1 ? 'record' : 'records'}, each as if seen for the first time (nothing is connected)`,
    '',
  ];
  const counts = { matched: 0, kept: 0, moved: 0, 'no-match': 0 };
  for (const { record, decision: d } of evaluated) {
    counts[d.result]++;
    const where =
      d.segment === null
        ? 'no segment'
        : `“${names.get(d.segment) ?? d.segment}” (${d.segment}) → sequence ${sequenceOf(d.sequence)}`;
    lines.push(`${record.crm}|${record.entity}|${record.id}  →  ${where}  [${d.result}]`);
    lines.push(`    ${d.why}`);
    if (d.segment !== null) lines.push(`    ${d.connect.words}`);
  }
  lines.push(
    '',
    `${evaluated.length} ${evaluated.length === 1 ? 'record' : 'records'}: ${counts.matched} matched, ${counts.kept} kept, ${counts.moved} moved, ${counts['no-match']} in no segment`,
  );
  return `${lines.join('\n')}\n`;
}

function parseOptions(
  args: string[],
  io: CliIo,
): {
  pack: string;
  records: string;
  json: boolean;
  now: number;
  timeZone: string;
} {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        now: { type: 'string' },
        tz: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const positionals = parsed.positionals;
  if (positionals.length < 2) {
    throw new UsageError(
      positionals.length === 0 ? 'missing <pack.json>' : 'missing <records.json>',
    );
  }
  if (positionals.length > 2)
    throw new UsageError(`unexpected argument '${positionals.at(2) ?? ''}'`);
  const [pack = '', records = ''] = positionals;
  const timeZone = parsed.values.tz ?? io.timeZone();
  if (!isValidTimeZone(timeZone)) {
    throw new UsageError(`--tz '${timeZone}' is not an IANA time zone (e.g. Europe/Berlin)`);
  }
  let now = io.now();
  if (parsed.values.now !== undefined) {
    const text = parsed.values.now;
    now = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(text)
      ? Date.parse(text)
      : Number.NaN;
    if (Number.isNaN(now)) {
      throw new UsageError(
        `--now '${text}' is not an ISO 8601 instant with an offset (e.g. 2026-03-30T09:00:00+02:00)`,
      );
    }
  }
  return { pack, records, json: parsed.values.json === true, now, timeZone };
}

export async function runSegments(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(args, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.err(`upnext segments: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  const packRead = await readText(options.pack);
  const recordsRead = await readText(options.records, {
    bytes: MAX_RECORDS_BYTES,
    tooBig: `a records file can be at most ${MAX_RECORDS_BYTES / 1024 / 1024} MiB`,
  });
  let exit = 0;
  for (const [file, read] of [
    [options.pack, packRead],
    [options.records, recordsRead],
  ] as const) {
    if ('problem' in read) {
      io.err(`${file}: ${read.problem}\n`);
      exit = Math.max(exit, read.unreadable ? 2 : 1);
    }
  }
  if ('problem' in packRead || 'problem' in recordsRead) return exit;

  const parsed = parsePack(packRead.text);
  if (!parsed.ok) {
    io.err(
      `${parsed.problems.map((problem) => formatProblem(options.pack, problem)).join('\n')}\n`,
    );
    io.err(`${options.pack}: not a valid sequence pack; nothing was evaluated\n`);
    return 1;
  }
  const segments = (parsed.pack.segments ?? []).map((segment): Segment => ({
    ...segment,
    state: 'active',
  }));
  if (segments.length === 0) {
    io.err(`${options.pack}: the pack has no segments; nothing to evaluate\n`);
    return 1;
  }

  const problems = recordProblems(
    recordsRead.text,
    segments.map((segment) => segment.id),
  );
  if ('problems' in problems) {
    io.err(
      `${problems.problems.map((problem) => formatProblem(options.records, problem)).join('\n')}\n`,
    );
    io.err(`${options.records}: not a valid records file; nothing was evaluated\n`);
    return 1;
  }
  const records = problems.records;

  const warnings = unknownCrms(
    segments,
    (parsed.pack.crms ?? []).map((crm) => crm.id),
  ).map(
    (id) =>
      `${options.pack}: note: no built-in or custom CRM of this pack has the id '${id}'${didYouMean(id, [...RULES_BY_CRM.keys()])}; records of a custom CRM stored in the extension use its own id`,
  );
  if (warnings.length > 0) io.err(`${warnings.join('\n')}\n`);

  const clock = { now: options.now, timeZone: options.timeZone };
  const sequenceNames = new Map(
    parsed.pack.sequences.map((sequence) => [sequence.id, sequence.name]),
  );
  const evaluated = records.map((record) => ({
    record,
    decision: evaluateSegments({
      segments,
      record,
      current: record.segment,
      connections: [],
      trigger: { kind: 'first-sight' },
      clock,
      sequenceName: (id) => sequenceNames.get(id),
    }),
  }));
  if (options.json) {
    const rows = evaluated.map(({ record, decision }): SegmentsRow => ({
      record: { crm: record.crm, entity: record.entity, id: record.id },
      segment: decision.segment,
      sequence: decision.sequence,
      reason: decision.result,
    }));
    // One record per line: readable, and still one JSON array.
    io.out(`[\n${rows.map((row) => JSON.stringify(row)).join(',\n')}\n]\n`);
  } else {
    io.out(humanReport(options.pack, options.records, segments, sequenceNames, evaluated));
  }
  return 0;
}

/** Parses and checks the records file; problems placed at their line and column. */
function recordProblems(
  text: string,
  segmentIds: readonly string[],
): { records: InputRecord[] } | { problems: Problem[] } {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  // parseSource reads a valid file with the engine's own JSON parser and one pass for repeated
  // keys; the tree with the position of every value (its memory and garbage collection grow
  // faster than the file: 100,000 records) is only built when a problem needs a place.
  const source = parseSource(body);
  const lines = new LineIndex(body);
  if (!source.ok) {
    return {
      problems: source.problems.map((problem) => ({
        path: '',
        ...lines.position(problem.offset),
        message: problem.message,
      })),
    };
  }
  const checked = checkRecords(source.value, segmentIds);
  const duplicates = source.duplicates.map((duplicate) => ({
    path: duplicate.path,
    key: true,
    message: `Key '${String(duplicate.path.at(-1))}' appears twice in record ${Number(duplicate.path[0]) + 1}; only the last one would count, so remove the other`,
  }));
  const all = [...duplicates, ...checked.problems];
  if (all.length === 0) return { records: checked.records };
  return {
    problems: all
      .map((problem) => {
        const offset = offsetOf(source.tree, problem.path, problem.key === true ? 'key' : 'value');
        return {
          offset,
          problem: {
            path: formatPath(problem.path),
            ...lines.position(offset),
            message: problem.message,
          },
        };
      })
      .sort((a, b) => a.offset - b.offset)
      .map((item) => item.problem),
  };
}
