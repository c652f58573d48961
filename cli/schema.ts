/** `upnext schema`: prints the JSON Schema of sequence packs (docs/sequence-pack.schema.json). */
import { packJsonSchemaText } from '../lib/sequence/json-schema';
import type { CliIo } from './io';

const USAGE = `Usage: upnext schema > sequence-pack.schema.json

Prints the JSON Schema of sequence packs (format upnext/v1). Editors such as VS Code use it for
completion and checks while you write a pack: add "$schema": "./sequence-pack.schema.json" to it.`;

export function runSchema(args: string[], io: CliIo): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    io.out(`${USAGE}\n`);
    return Promise.resolve(0);
  }
  if (args.length > 0) {
    io.err(`upnext schema: takes no arguments, got '${args.join(' ')}'\n\n${USAGE}\n`);
    return Promise.resolve(2);
  }
  io.out(packJsonSchemaText());
  return Promise.resolve(0);
}
