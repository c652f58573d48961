import { describe, expect, it } from 'vitest';

import { parseRecordKey, recordKey } from './record-ref';

describe('recordKey', () => {
  it('is crm|entity|id, the key stored in IndexedDB since version 1', () => {
    expect(recordKey({ crm: 'zoho', entity: 'lead', id: '1' })).toBe('zoho|lead|1');
    expect(recordKey({ crm: 'dynamics', entity: 'opportunity', id: 'a|b' })).toBe(
      'dynamics|opportunity|a|b',
    );
  });

  it('reads back every key it makes, ids with separators included', () => {
    for (const ref of [
      { crm: 'zoho', entity: 'lead', id: '1' },
      { crm: 'copper', entity: 'contact', id: 'a|b' },
      { crm: 'acme-crm', entity: 'account', id: '' },
      { crm: 'hubspot', entity: 'opportunity', id: '0-3/12:4' },
    ] as const) {
      expect(parseRecordKey(recordKey(ref))).toEqual(ref);
    }
  });

  it.each(['', 'zoho', 'zoho|lead', '|lead|1', 'zoho|ticket|1', 'zoho:lead:1'])(
    'refuses %j',
    (key) => {
      expect(parseRecordKey(key)).toBeNull();
    },
  );
});
