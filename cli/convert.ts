/**
 * `upnext convert <file> [--from <tool>] [--entity <record type>] [--out pack.json]`: turns
 * another tool's sequence export (Outreach, Salesloft, HubSpot, Apollo, Reply.io, lemlist) into
 * an `upnext/v1` pack. The pack goes to stdout (or `--out`), everything that did not carry over
 * to stderr, one line each. Exit code 0 when at least one sequence was converted, 1 when the
 * file is refused (not a sequence definition, or nothing in it converts), 2 on usage errors and
 * unreadable files.
 */
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { convertText } from '../lib/convert/convert';
import { isTool, TOOLS } from '../lib/convert/types';
import type { ConversionWarning } from '../lib/convert/types';
import { plural } from '../lib/domain/plural';
import { ENTITY_PLURAL_IN_SENTENCE } from '../lib/domain/words';
import { MAX_FILE_BYTES } from '../lib/sequence/limits';
import { countSteps } from '../lib/sequence/steps';
import { ENTITIES } from '../lib/sequence/types';
import type { Entity } from '../lib/sequence/types';
import type { CliIo } from './io';
import { readText, reason } from './read-text';

const USAGE = `Usage: upnext convert <file> [--from ${TOOLS.join('|')}]
                      [--entity ${ENTITIES.join('|')}] [--out pack.json]

Turns a sequence export from Outreach, Salesloft, HubSpot, Apollo, Reply.io or lemlist into an
Upnext pack (format upnext/v1) of draft sequences. The pack goes to stdout, or to --out; what
did not carry over goes to stderr, one line each with the place in the file it came from.
docs/migrate.md says how to export from each tool.

  --from outreach      only read the file as this tool's export (default: recognise it)
  --entity contact     the record type the sequences are for (default: the tool's own)
  --out pack.json      write the pack to this file and a summary to stdout

Exit code 0 when at least one sequence was converted, 1 when the file is refused (not a
sequence definition, or nothing in it converts), 2 on usage errors and unreadable files.

Example: upnext convert outreach-sequence.json --out pack.json && upnext validate pack.json`;

/** Another tool's export may be as large as a pack. */
const EXPORT_FILE = {
  bytes: MAX_FILE_BYTES,
  tooBig: `Upnext converts files of at most ${MAX_FILE_BYTES / 1024 / 1024} MiB (export fewer sequences at a time)`,
  notText: 'The file is not UTF-8 text; export the sequence as JSON',
};

function usageError(message: string, io: CliIo): number {
  io.err(`upnext convert: ${message}\n\n${USAGE}\n`);
  return 2;
}

/** One warning line: `file: sequence "Name", step email-2, at data.attributes.x: message`. */
function formatWarning(file: string, warning: ConversionWarning): string {
  const where = [
    warning.sequence !== null ? `sequence "${warning.sequence}"` : undefined,
    warning.step !== null ? `step ${warning.step}` : undefined,
    warning.path !== '' ? `at ${warning.path}` : undefined,
  ].filter((part) => part !== undefined);
  return `${file}: ${where.length > 0 ? `${where.join(', ')}: ` : ''}${warning.message}`;
}

export async function runConvert(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        from: { type: 'string' },
        entity: { type: 'string' },
        out: { type: 'string', short: 'o' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return usageError(
      error instanceof Error ? error.message.replace(/\. To specify.*$/s, '') : String(error),
      io,
    );
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1)
    return usageError(positionals.length === 0 ? 'no file given' : 'give one file at a time', io);
  const file = positionals[0] ?? '';
  const from = values.from;
  if (from !== undefined && !isTool(from))
    return usageError(`unknown tool '${from}' for --from; use one of ${TOOLS.join(', ')}`, io);
  const entity = values.entity;
  if (entity !== undefined && !(ENTITIES as readonly string[]).includes(entity)) {
    return usageError(
      `unknown record type '${entity}' for --entity; use one of ${ENTITIES.join(', ')}`,
      io,
    );
  }
  const out = values.out;
  if (out !== undefined && resolve(out) === resolve(file))
    return usageError('--out would overwrite the file being converted', io);

  const input = await readText(file, EXPORT_FILE);
  if ('problem' in input) {
    io.err(`${file}: ${input.problem}\n`);
    return input.unreadable ? 2 : 1;
  }
  const result = convertText(input.text, {
    ...(from !== undefined ? { from } : {}),
    ...(entity !== undefined ? { entity: entity as Entity } : {}),
  });
  if (!result.ok) {
    io.err(`${file}: ${result.message}\n`);
    return 1;
  }
  const warnings = result.warnings.map((warning) => `${formatWarning(file, warning)}\n`);
  const sequences = result.pack.sequences;
  const steps = sequences.reduce((total, sequence) => total + countSteps(sequence), 0);
  const summary = `${file}: recognised ${result.source.shape}: converted ${plural(sequences.length, 'sequence')} with ${plural(steps, 'step')} for ${ENTITY_PLURAL_IN_SENTENCE[result.entity]}${entity === undefined ? ' (--entity to change)' : ''}; ${result.warnings.length === 0 ? 'everything carried over' : `${plural(result.warnings.length, 'thing')} did not carry over exactly (${out === undefined ? 'above' : 'on stderr'})`}\n`;
  if (out === undefined) {
    // The pack owns stdout, so the summary goes after the warnings on stderr.
    io.out(result.text);
    io.err(`${warnings.join('')}${summary}`);
    return 0;
  }
  try {
    await writeFile(out, result.text);
  } catch (error) {
    io.err(`${out}: cannot write: ${reason(error)}\n`);
    return 2;
  }
  io.err(warnings.join(''));
  io.out(`${summary}Wrote ${out}; check it with: upnext validate ${out}\n`);
  return 0;
}
