/**
 * `upnext validate <file>...`: checks sequence packs. One line per problem on stdout
 * (`file:line:col: path: message`), a summary line per valid file. Exit code 0 when every file
 * is valid, 1 when any is invalid, 2 on usage errors or unreadable files. Bad input never
 * produces a stack trace.
 */
import { plural } from '../lib/domain/plural';
import { parsePack, type Problem } from '../lib/sequence/parse';
import { countSteps } from '../lib/sequence/steps';
import type { CliIo } from './io';
import { readText, reason } from './read-text';

const USAGE = `Usage: upnext validate <file>...

Checks sequence packs. Prints one line per problem (file:line:col: path: message) and a summary
line per valid file. Exit code 0 when every file is valid, 1 when any is invalid, 2 when a file
cannot be read.

Example: upnext validate pack.json`;

/** `file:line:col: path: message`, the one way every command prints a pack problem. */
export function formatProblem(file: string, problem: Problem): string {
  const where = problem.line === null ? file : `${file}:${problem.line}:${problem.column ?? 1}`;
  return problem.path === ''
    ? `${where}: ${problem.message}`
    : `${where}: ${problem.path}: ${problem.message}`;
}

type FileResult =
  { kind: 'ok' | 'invalid'; lines: string[] } | { kind: 'unreadable'; lines: string[] };

async function validateFile(file: string): Promise<FileResult> {
  const read = await readText(file);
  if ('problem' in read) {
    return {
      kind: read.unreadable ? 'unreadable' : 'invalid',
      lines: [`${file}: ${read.problem}`],
    };
  }
  const result = parsePack(read.text);
  if (!result.ok)
    return {
      kind: 'invalid',
      lines: result.problems.map((problem) => formatProblem(file, problem)),
    };
  const { sequences, segments = [], crms = [] } = result.pack;
  const steps = sequences.reduce((total, sequence) => total + countSteps(sequence), 0);
  const extra =
    (segments.length > 0 ? `, ${plural(segments.length, 'segment')}` : '') +
    (crms.length > 0 ? `, ${plural(crms.length, 'custom CRM')}` : '');
  return {
    kind: 'ok',
    lines: [
      `${file}: ok, ${plural(sequences.length, 'sequence')}, ${plural(steps, 'step')}${extra}`,
    ],
  };
}

export async function runValidate(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  const options = args.filter((arg) => arg.startsWith('-') && arg !== '-');
  const files = args.filter((arg) => !arg.startsWith('-') || arg === '-');
  if (options.length > 0 || files.length === 0) {
    io.err(
      `${options.length > 0 ? `upnext validate: unknown option '${options[0] ?? ''}'; the only option is --help` : 'upnext validate: no file given'}\n\n${USAGE}\n`,
    );
    return 2;
  }
  let exitCode = 0;
  for (const file of files) {
    let result: FileResult;
    try {
      result = await validateFile(file);
    } catch (error) {
      // Should not happen; if it does, report it as a finding rather than crash the run.
      result = { kind: 'unreadable', lines: [`${file}: cannot validate: ${reason(error)}`] };
    }
    io.out(`${result.lines.join('\n')}\n`);
    exitCode = Math.max(exitCode, result.kind === 'ok' ? 0 : result.kind === 'invalid' ? 1 : 2);
  }
  return exitCode;
}
