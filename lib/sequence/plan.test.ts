import { describe, expect, it } from 'vitest';
import { planImport } from './plan';
import { samplePack } from './test-support/sample-pack';
import type { CrmDefinition, Pack, Sequence, SequenceRecord } from './types';

const pack = samplePack() as Pack;
const [outbound, nurture] = pack.sequences as [Sequence, Sequence];

function record(definition: Sequence, extra: Partial<SequenceRecord> = {}): SequenceRecord {
  return {
    id: definition.id,
    state: 'draft',
    version: 1,
    definition,
    createdAt: 0,
    updatedAt: 0,
    source: 'user',
    ...extra,
  };
}

/** The same object with its keys in reverse order, at every level. */
function reversed<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reversed) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, item]) => [key, reversed(item)]),
  ) as T;
}

describe('planImport', () => {
  it('creates sequences that are not stored', () => {
    const plan = planImport([], pack);
    expect(plan.sequences.map((item) => [item.id, item.action])).toEqual([
      ['outbound', 'create'],
      ['nurture', 'create'],
    ]);
    expect(plan.sequences[0]).toMatchObject({ steps: 7, name: 'Outbound' });
    expect(plan.counts).toEqual({ create: 3, update: 0, unchanged: 0 });
    expect(plan.origins).toEqual(['https://crm.acme.example']);
  });

  it('leaves identical definitions unchanged, whatever their key order', () => {
    const plan = planImport([record(reversed(outbound)), record(nurture)], pack, [
      reversed(pack.crms![0]),
    ]);
    expect(plan.sequences.map((item) => item.action)).toEqual(['unchanged', 'unchanged']);
    expect(plan.crms.map((item) => item.action)).toEqual(['unchanged']);
    expect(plan.origins).toEqual([]);
  });

  it('updates changed definitions and says whether they are active', () => {
    const stored = [
      record({ ...outbound, name: 'Old name' }, { state: 'active', version: 3 }),
      record({ ...nurture, tags: ['x'] }, { state: 'inactive', source: 'policy' }),
    ];
    const plan = planImport(stored, pack);
    expect(plan.sequences[0]).toMatchObject({
      action: 'update',
      active: true,
      state: 'active',
      currentVersion: 3,
      readOnly: false,
    });
    expect(plan.sequences[1]).toMatchObject({ action: 'update', active: false, readOnly: true });
  });

  it('plans custom CRMs', () => {
    const changed: CrmDefinition = { ...pack.crms![0], name: 'Old' };
    expect(planImport([], pack, [changed]).crms).toMatchObject([
      { id: 'acme', action: 'update', origins: ['https://crm.acme.example'] },
    ]);
  });
});
