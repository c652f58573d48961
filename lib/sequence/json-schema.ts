/** The JSON Schema of packs, generated from the zod schema (committed as docs/sequence-pack.schema.json). */
import { z } from '../zod-mini';
import { packSchemas } from './schema';

export function packJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(packSchemas().packSchema, {
    target: 'draft-2020-12',
    io: 'input',
    unrepresentable: 'any',
  });
  return {
    ...schema,
    title: 'Upnext sequence pack (upnext/v1)',
    description:
      'Sales sequences for the Upnext browser extension. Reference: docs/sequence-format.md. Some rules (unique ids, step references, wait placement) are checked by `upnext validate` and on import, not by this schema.',
  };
}

export function packJsonSchemaText(): string {
  return `${JSON.stringify(packJsonSchema(), null, 2)}\n`;
}
