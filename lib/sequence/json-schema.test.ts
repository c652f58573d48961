import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packJsonSchema, packJsonSchemaText } from './json-schema';

const committed = fileURLToPath(new URL('../../docs/sequence-pack.schema.json', import.meta.url));

describe('JSON Schema', () => {
  it('matches the committed docs/sequence-pack.schema.json', () => {
    const text = readFileSync(committed, 'utf8');
    expect(
      text === packJsonSchemaText(),
      'docs/sequence-pack.schema.json is out of date; regenerate it with: npx upnext schema > docs/sequence-pack.schema.json',
    ).toBe(true);
  });

  it('describes strict objects, the format and the limits', () => {
    const schema = JSON.stringify(packJsonSchema());
    expect(schema).toContain('"const":"upnext/v1"');
    expect(schema).toContain('"additionalProperties":false');
    expect(schema).toContain('"maxItems":1000');
    expect(schema).toContain('"maximum":30');
    expect(packJsonSchema()['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
  });
});
