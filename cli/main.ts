/**
 * Entry of the `upnext` command: dispatches to one module per sub-command. Returns the exit
 * code (0 ok, 1 invalid input, 2 usage or unreadable files) instead of calling process.exit, and
 * writes only through `io`, so tests run it in-process (cli/test-kit.ts) as well as through a
 * real child process (bin/upnext.mjs). Adding a command: one entry in COMMANDS, one file
 * `cli/<name>.ts` exporting `run<Name>(args, io)` (docs/architecture.md, "The CLI").
 */
import { readFile } from 'node:fs/promises';

import { didYouMean } from '../lib/sequence/did-you-mean';
import { processIo, type CliCommand, type CliIo } from './io';

interface CommandEntry {
  /** The words after `upnext <name>` in the overview, e.g. `<file>...`. */
  args: string;
  summary: string;
  /**
   * One command line a newcomer can copy: it works after `upnext example > pack.json` (for
   * `convert`, with the other tool's export saved under that name).
   */
  example: string;
  /** Lines to run before `example` when it needs files of its own, shown above it. */
  setup?: readonly string[];
  load: () => Promise<CliCommand>;
}

/** Every sub-command, in the order the overview lists them. */
const COMMANDS: Record<string, CommandEntry> = {
  example: {
    args: '[pack|segments|records]',
    summary:
      'print a sample pack (six built-in sequences) to start from, or sample segments or records',
    example: 'upnext example > pack.json',
    load: async () => (await import('./example')).runExample,
  },
  validate: {
    args: '<file>...',
    summary: 'check sequence packs; one line per problem (file:line:col: path: message)',
    example: 'upnext validate pack.json',
    load: async () => (await import('./validate')).runValidate,
  },
  simulate: {
    args: '<pack>',
    summary: 'run one record through a sequence and print its timeline',
    example:
      'upnext simulate pack.json --sequence outbound-prospecting --outcome first-call=connected',
    load: async () => (await import('./simulate')).runSimulate,
  },
  segments: {
    args: '<pack.json> <records.json>',
    summary: 'show which segment and sequence each record would land in, and why',
    example: 'upnext segments segments.json records.json',
    setup: ['upnext example segments > segments.json', 'upnext example records > records.json'],
    load: async () => (await import('./segments')).runSegments,
  },
  schema: {
    args: '',
    summary: 'print the JSON Schema of sequence packs, for editors',
    example: 'upnext schema > sequence-pack.schema.json',
    load: async () => (await import('./schema')).runSchema,
  },
  convert: {
    args: '<file>',
    summary: "turn another tool's sequence export (Outreach, HubSpot, lemlist…) into a pack",
    example: 'upnext convert outreach-sequence.json --out converted.json',
    load: async () => (await import('./convert')).runConvert,
  },
};

const NAMES = Object.keys(COMMANDS);

function lookup(name: string): CommandEntry | undefined {
  return Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
}

function overview(): string {
  const entries = Object.entries(COMMANDS);
  const width = Math.max(...entries.map(([name, entry]) => `${name} ${entry.args}`.length));
  const lines = [
    'upnext: sequence packs for Upnext, the sales-sequence browser extension.',
    '',
    'Usage: upnext <command> [options]',
    '',
    'Commands:',
  ];
  for (const [name, entry] of entries) {
    lines.push(`  ${`${name} ${entry.args}`.padEnd(width)}  ${entry.summary}`);
    for (const line of [...(entry.setup ?? []), entry.example])
      lines.push(`  ${''.padEnd(width)}  e.g. ${line}`);
  }
  lines.push(
    `  ${'help <command>'.padEnd(width)}  show a command's options`,
    '',
    'Options: --help, --version',
    'Start here: upnext example > pack.json, then validate and simulate it.',
    'The pack format: docs/sequence-format.md.',
  );
  return `${lines.join('\n')}\n`;
}

async function version(): Promise<string> {
  const text = await readFile(new URL('../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

function unknownCommand(command: string, io: CliIo): number {
  io.err(
    `upnext: unknown command '${command}'${didYouMean(command, NAMES)}; the commands are ${NAMES.join(', ')}\n` +
      `Run 'upnext' for examples.\n`,
  );
  return 2;
}

export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  const command = argv.at(0);
  const rest = argv.slice(1);
  if (command === undefined || command === '--help' || command === '-h') {
    io.out(overview());
    return 0;
  }
  if (command === '--version' || command === '-v') {
    io.out(`upnext ${await version()}\n`);
    return 0;
  }
  if (command === 'help') {
    const topic = rest.at(0);
    if (topic === undefined) {
      io.out(overview());
      return 0;
    }
    const entry = lookup(topic);
    if (entry === undefined) return unknownCommand(topic, io);
    return (await entry.load())(['--help'], io);
  }
  const entry = lookup(command);
  if (entry === undefined) return unknownCommand(command, io);
  return (await entry.load())(rest, io);
}
