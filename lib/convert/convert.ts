/**
 * `convertText`: another tool's export (JSON text) → a valid Upnext pack plus the list of what
 * did not carry over, or a one-line refusal saying what the file looks like and what to export
 * instead. Pure: no I/O, no clock; the CLI and the console call it.
 */
import { excessiveNesting, utf8Length } from '../sequence/json-source';
import { MAX_FILE_BYTES } from '../sequence/limits';
import { validatePackValue } from '../sequence/parse';
import { PACK_FORMAT } from '../sequence/types';
import type { Pack, Sequence } from '../sequence/types';
import { apollo } from './apollo';
import { buildSequence, locate, packText } from './build';
import type { BuildContext } from './build';
import { hubspot } from './hubspot';
import { lemlist } from './lemlist';
import { outreach } from './outreach';
import { findPlaceholders, formatPath, isRecord, str } from './read';
import { replyio } from './replyio';
import { salesloft } from './salesloft';
import type { ToolConverter } from './tool';
import { TOOL_NAMES, TOOLS } from './types';
import type { ConversionWarning, ConvertOptions, ConvertResult, Recognition, Tool } from './types';

/** Tried in this order; each recognises only its own shapes. */
const CONVERTERS: Record<Tool, ToolConverter> = {
  outreach,
  salesloft,
  hubspot,
  apollo,
  replyio,
  lemlist,
};

const WHAT_TO_EXPORT =
  'export a sequence definition from Outreach, Salesloft, HubSpot, Apollo, Reply.io or lemlist (docs/migrate.md says how for each)';

export type Detection =
  | { kind: 'sequences'; source: Recognition }
  | { kind: 'refused'; tool: Tool; message: string }
  | { kind: 'pack' }
  | { kind: 'unknown' };

/** What a parsed file is: which tool's sequences, a refusal, an Upnext pack, or unknown. */
export function detect(value: unknown, from?: Tool): Detection {
  if (
    isRecord(value) &&
    typeof value['format'] === 'string' &&
    str(value['format'])?.startsWith('upnext/') === true
  ) {
    return { kind: 'pack' };
  }
  for (const tool of from === undefined ? TOOLS : [from]) {
    const found = CONVERTERS[tool].recognize(value);
    if (found === undefined) continue;
    if ('refuse' in found) return { kind: 'refused', tool, message: found.refuse };
    return { kind: 'sequences', source: { tool, shape: found.shape } };
  }
  return { kind: 'unknown' };
}

function refusal(message: string, source: Recognition | null = null): ConvertResult {
  return { ok: false, source, message };
}

function parse(input: string): { value: unknown } | { error: string } {
  const textInput = input.startsWith('\uFEFF') ? input.slice(1) : input;
  const bytes = utf8Length(textInput);
  if (bytes > MAX_FILE_BYTES) {
    return {
      error: `The file is ${(bytes / 1024 / 1024).toFixed(1)} MiB; Upnext converts files of at most ${MAX_FILE_BYTES / 1024 / 1024} MiB (export fewer sequences at a time)`,
    };
  }
  if (textInput.trim() === '') return { error: `The file is empty; ${WHAT_TO_EXPORT}` };
  if (excessiveNesting(textInput) >= 0)
    return { error: 'The file nests lists and objects too deeply to be a sequence export' };
  try {
    return { value: JSON.parse(textInput) as unknown };
  } catch {
    return {
      error: `The file is not JSON (a CSV or spreadsheet export has no sequence steps); ${WHAT_TO_EXPORT}`,
    };
  }
}

function unknownMessage(value: unknown, from: Tool | undefined): string {
  if (from !== undefined) {
    const other = detect(value);
    const hint =
      other.kind === 'sequences'
        ? `; it looks like an export from ${TOOL_NAMES[other.source.tool]} (use --from ${other.source.tool}, or leave --from out)`
        : other.kind === 'refused'
          ? `; ${other.message}`
          : '';
    const article = /^[aeiou]/i.test(TOOL_NAMES[from]) ? 'an' : 'a';
    return `This does not look like ${article} ${TOOL_NAMES[from]} sequence export${hint}`;
  }
  return `This file is not a sequence definition Upnext recognises; ${WHAT_TO_EXPORT}`;
}

/** Keeps only sequences the validator accepts; the others are reported and left out. */
function validSequences(sequences: Sequence[], warnings: ConversionWarning[]): Sequence[] {
  const whole = validatePackValue({ format: PACK_FORMAT, sequences });
  if (whole.ok) return sequences;
  return sequences.filter((sequence) => {
    const alone = validatePackValue({ format: PACK_FORMAT, sequences: [sequence] });
    if (alone.ok) return true;
    const problem = alone.problems.at(0);
    warnings.push({
      sequence: sequence.name,
      step: null,
      path: '',
      message: `This sequence could not be converted into a valid Upnext sequence (${problem?.path ?? ''}: ${problem?.message ?? 'invalid'}); it was left out`,
    });
    return false;
  });
}

function dedupe(warnings: ConversionWarning[]): ConversionWarning[] {
  const seen = new Set<string>();
  return warnings.filter((warning) => {
    const key = `${warning.sequence ?? ''}\n${warning.path}\n${warning.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Converts an already parsed file. */
export function convertValue(value: unknown, options: ConvertOptions = {}): ConvertResult {
  const detection = detect(value, options.from);
  if (detection.kind === 'pack') {
    return refusal(
      'This is already an Upnext pack; import it as it is (upnext validate checks it)',
    );
  }
  if (detection.kind === 'refused') return refusal(detection.message);
  if (detection.kind === 'unknown') return refusal(unknownMessage(value, options.from));
  const source = detection.source;
  const converter = CONVERTERS[source.tool];
  const entity = options.entity ?? converter.entity;
  const { sequences: drafts, notes } = converter.convert(value);
  const ctx: BuildContext = {
    tool: source.tool,
    entity,
    sequenceIds: new Set(),
    warnings: [],
    locations: [],
  };
  const built = drafts.flatMap((draft, index) => {
    const sequence = buildSequence(draft, ctx, index);
    return sequence === undefined ? [] : [sequence];
  });
  const fileWarnings: ConversionWarning[] = notes.map((item) => ({
    sequence: null,
    step: null,
    path: formatPath(item.path),
    message: item.message,
  }));
  for (const path of findPlaceholders(value, [])) {
    const where = locate(ctx.locations, path);
    fileWarnings.push({
      sequence: where?.sequence ?? null,
      step: where?.step ?? null,
      path: formatPath(path),
      message:
        'This is a placeholder from an API example (like "<string>"), not a real value; it was ignored',
    });
  }
  const warnings = [...fileWarnings, ...ctx.warnings];
  const sequences = validSequences(built, warnings);
  if (sequences.length === 0) {
    const reason =
      drafts.length === 0
        ? 'it has no sequence'
        : 'none of its sequences has a step Upnext can run';
    return refusal(
      `This ${TOOL_NAMES[source.tool]} file (${source.shape}) could not be converted: ${reason}`,
      source,
    );
  }
  const pack: Pack = { format: PACK_FORMAT, sequences };
  const final = validatePackValue(pack);
  if (!final.ok) {
    return refusal(
      `The converted pack is not valid (${final.problems[0]?.message ?? 'invalid'}); please report this file's shape`,
      source,
    );
  }
  return {
    ok: true,
    source,
    pack: final.pack,
    text: packText(final.pack.sequences),
    entity,
    warnings: dedupe(warnings),
  };
}

/** Converts the text of a file (JSON). */
export function convertText(input: string, options: ConvertOptions = {}): ConvertResult {
  const parsed = parse(input);
  if ('error' in parsed) return refusal(parsed.error);
  return convertValue(parsed.value, options);
}
