/**
 * `upnext example`: prints a sample pack to start from: the six built-in sequences the console
 * offers as templates (lib/sequence/templates/built-in-pack.json), byte for byte, so that
 * `upnext example > pack.json` gives a file that validates and simulates as is.
 */
import { readFile } from 'node:fs/promises';

import type { CliIo } from './io';

const USAGE = `Usage: upnext example > pack.json

Prints a sample sequence pack (JSON, format upnext/v1) with six sequences for leads, contacts,
accounts and opportunities. Edit it, check it with 'upnext validate pack.json', try a sequence
with 'upnext simulate pack.json --sequence outbound-prospecting', then import it in the console.
`;

export const EXAMPLE_PACK_URL = new URL(
  '../lib/sequence/templates/built-in-pack.json',
  import.meta.url,
);

export async function runExample(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(USAGE);
    return 0;
  }
  if (args.length > 0) {
    io.err(`upnext example: takes no arguments, got '${args.join(' ')}'\n${USAGE}`);
    return 2;
  }
  io.out(await readFile(EXAMPLE_PACK_URL, 'utf8'));
  return 0;
}
