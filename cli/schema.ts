/** `upnext schema`: prints the JSON Schema of sequence packs (docs/sequence-pack.schema.json). */
import { packJsonSchemaText } from '../lib/sequence/json-schema';

export function runSchema(args: string[]): Promise<number> {
  if (args.length > 0) {
    process.stderr.write(
      `upnext schema: takes no arguments\nUsage: upnext schema > docs/sequence-pack.schema.json\n`,
    );
    return Promise.resolve(2);
  }
  process.stdout.write(packJsonSchemaText());
  return Promise.resolve(0);
}
