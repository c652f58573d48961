/**
 * `upnext convert <file> [--from <tool>] [--entity <record type>] [--out pack.json]`: turns
 * another tool's sequence export (Outreach, Salesloft, HubSpot, Apollo, Reply.io, lemlist) into
 * an `upnext/v1` pack. The pack goes to stdout (or `--out`), everything that did not carry over
 * to stderr, one line each. Exit code 0 when at least one sequence was converted, 1 when the
 * file is refused (not a sequence definition, or nothing in it converts), 2 on usage errors and
 * unreadable files.
 */
import { readFile, stat, writeFile } from 'node:fs/promises';
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

const USAGE = `Usage: upnext convert <file> [--from ${TOOLS.join('|')}] [--entity ${ENTITIES.join('|')}] [--out pack.json]`;

function usageError(message: string): number {
  process.stderr.write(`upnext convert: ${message}\n${USAGE}\n`);
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

function reason(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a directory';
  return error instanceof Error ? error.message : String(error);
}

async function readInput(
  file: string,
): Promise<{ text: string } | { problem: string; code: number }> {
  try {
    const info = await stat(file);
    if (info.isDirectory()) return { problem: 'cannot read: is a directory', code: 2 };
    if (info.size > MAX_FILE_BYTES) {
      return {
        problem: `The file is ${(info.size / 1024 / 1024).toFixed(1)} MiB; Upnext converts files of at most ${MAX_FILE_BYTES / 1024 / 1024} MiB (export fewer sequences at a time)`,
        code: 1,
      };
    }
    const bytes = await readFile(file);
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
    } catch {
      return { problem: 'The file is not UTF-8 text; export the sequence as JSON', code: 1 };
    }
  } catch (error) {
    return { problem: `cannot read: ${reason(error)}`, code: 2 };
  }
}

export async function runConvert(args: string[]): Promise<number> {
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
    );
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (positionals.length !== 1)
    return usageError(positionals.length === 0 ? 'no file given' : 'give one file at a time');
  const file = positionals[0] ?? '';
  const from = values.from;
  if (from !== undefined && !isTool(from))
    return usageError(`unknown tool '${from}' for --from; use one of ${TOOLS.join(', ')}`);
  const entity = values.entity;
  if (entity !== undefined && !(ENTITIES as readonly string[]).includes(entity)) {
    return usageError(
      `unknown record type '${entity}' for --entity; use one of ${ENTITIES.join(', ')}`,
    );
  }
  const out = values.out;
  if (out !== undefined && resolve(out) === resolve(file))
    return usageError('--out would overwrite the file being converted');

  const input = await readInput(file);
  if ('problem' in input) {
    process.stderr.write(`${file}: ${input.problem}\n`);
    return input.code;
  }
  const result = convertText(input.text, {
    ...(from !== undefined ? { from } : {}),
    ...(entity !== undefined ? { entity: entity as Entity } : {}),
  });
  if (!result.ok) {
    process.stderr.write(`${file}: ${result.message}\n`);
    return 1;
  }
  const lines = result.warnings.map((warning) => formatWarning(file, warning));
  const sequences = result.pack.sequences;
  const steps = sequences.reduce((total, sequence) => total + countSteps(sequence), 0);
  lines.push(
    `${file}: recognised ${result.source.shape}: converted ${plural(sequences.length, 'sequence')} with ${plural(steps, 'step')} for ${ENTITY_PLURAL_IN_SENTENCE[result.entity]}${entity === undefined ? ' (--entity to change)' : ''}; ${result.warnings.length === 0 ? 'everything carried over' : `${plural(result.warnings.length, 'thing')} did not carry over exactly (above)`}`,
  );
  if (out !== undefined) {
    try {
      await writeFile(out, result.text);
    } catch (error) {
      process.stderr.write(`${out}: cannot write: ${reason(error)}\n`);
      return 2;
    }
    lines.push(`Wrote ${out}; check it with: upnext validate ${out}`);
  } else {
    process.stdout.write(result.text);
  }
  process.stderr.write(`${lines.join('\n')}\n`);
  return 0;
}
