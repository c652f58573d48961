import { describe, expect, it } from 'vitest';
import { exportPack, exportPackText } from './export';
import { parsePack } from './parse';
import { builtInPack } from './templates/built-in';
import { samplePack } from './test-support/sample-pack';
import type { Pack } from './types';

describe('exportPack', () => {
  it('round-trips the built-in pack to the same definitions', () => {
    const exported = exportPack(builtInPack().sequences);
    const result = parsePack(JSON.stringify(exported));
    expect(result.ok && result.pack.sequences).toEqual(builtInPack().sequences);
  });

  it('round-trips sequences and custom CRMs through the text form', () => {
    const pack = samplePack() as Pack;
    const result = parsePack(exportPackText(pack.sequences, pack.crms));
    expect(result).toEqual({
      ok: true,
      pack: { format: 'upnext/v1', sequences: pack.sequences, crms: pack.crms },
    });
  });

  it('puts keys in a readable order, drops undefined values and omits empty crms', () => {
    const sequence = {
      steps: [{ type: 'task', id: 't', name: undefined }],
      entity: 'lead',
      name: 'N',
      id: 's',
    } as unknown as Pack['sequences'][number];
    const pack = exportPack([sequence]);
    expect(Object.keys(pack)).toEqual(['format', 'sequences']);
    expect(Object.keys(pack.sequences[0])).toEqual(['id', 'name', 'entity', 'steps']);
    expect(Object.keys(pack.sequences[0].steps[0])).toEqual(['id', 'type']);
  });

  it('keeps the order of custom CRM field keys', () => {
    const crm = {
      id: 'c',
      name: 'C',
      origins: ['https://c.example'],
      records: [{ entity: 'lead' as const, url: '(?<id>.)', part: 'path' as const }],
      fields: { zeta: ['a'], alpha: ['b'] },
    };
    expect(Object.keys(exportPack([], [crm]).crms![0].fields!)).toEqual(['zeta', 'alpha']);
  });
});
