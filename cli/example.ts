/**
 * `upnext example [pack|segments|records]`: prints a sample to start from.
 *
 * - `pack` (the default): the six built-in sequences the console offers as templates
 *   (lib/sequence/templates/built-in-pack.json), byte for byte, so that
 *   `upnext example > pack.json` gives a file that validates and simulates as is.
 * - `segments`: the same pack with two sample segments (cli/examples/segments.json) routing
 *   leads to two of those sequences, inactive, for `upnext segments`.
 * - `records`: three sample lead records (cli/examples/records.json), the records file
 *   `upnext segments` reads.
 */
import { readFile } from 'node:fs/promises';

import type { CliIo } from './io';

const USAGE = `Usage: upnext example [pack|segments|records] > file.json

  pack       (default) a sample sequence pack (JSON, format upnext/v1) with six sequences for
             leads, contacts, accounts and opportunities
  segments   the same pack with two sample segments that route leads to its sequences
  records    three sample lead records, for 'upnext segments'

Edit the pack, check it with 'upnext validate pack.json', try a sequence with
'upnext simulate pack.json --sequence outbound-prospecting', then import it in the console.
Try segments with 'upnext segments segments.json records.json'.
`;

export const EXAMPLE_PACK_URL = new URL(
  '../lib/sequence/templates/built-in-pack.json',
  import.meta.url,
);
const SEGMENTS_URL = new URL('./examples/segments.json', import.meta.url);
const RECORDS_URL = new URL('./examples/records.json', import.meta.url);

const KINDS = ['pack', 'segments', 'records'] as const;

async function segmentsPack(): Promise<string> {
  const pack = JSON.parse(await readFile(EXAMPLE_PACK_URL, 'utf8')) as Record<string, unknown>;
  const segments = JSON.parse(await readFile(SEGMENTS_URL, 'utf8')) as unknown;
  return `${JSON.stringify({ ...pack, segments }, null, 2)}\n`;
}

export async function runExample(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  const kind = args.at(0) ?? 'pack';
  if (args.length > 1 || !(KINDS as readonly string[]).includes(kind)) {
    io.err(
      `upnext example: takes one of ${KINDS.join(', ')} (or nothing), got '${args.join(' ')}'\n${USAGE}`,
    );
    return 2;
  }
  if (kind === 'segments') io.out(await segmentsPack());
  else io.out(await readFile(kind === 'records' ? RECORDS_URL : EXAMPLE_PACK_URL, 'utf8'));
  return 0;
}
