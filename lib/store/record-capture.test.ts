import { describe, expect, it } from 'vitest';

import { applyPageRead, type PageRead, type StoredCapture } from './record-capture';

const A: StoredCapture = {
  url: 'https://crm.example/a',
  title: 'Lead A',
  name: 'Ada Lovelace',
  captured: { name: 'Ada Lovelace', jobTitle: 'VP of Marketing', phone: '+44 20 7946 0018' },
};
const read = (fields: Record<string, string>, extra: Partial<PageRead> = {}): PageRead => ({
  url: 'https://crm.example/a?x',
  title: 'Lead · Ada Lovelace',
  fields,
  edit: false,
  ...extra,
});

describe('applyPageRead', () => {
  it('replaces the captured fields with a full read and tells the engine what went', () => {
    const change = applyPageRead(A, read({ name: 'Ada Lovelace', email: 'ada@x.example' }), '1');
    expect(change.captured).toEqual({ name: 'Ada Lovelace', email: 'ada@x.example' });
    expect(change.values).toEqual({
      name: 'Ada Lovelace',
      email: 'ada@x.example',
      jobTitle: null,
      phone: null,
    });
  });

  it('keeps the known name when a full read has none, and renames when it has one', () => {
    expect(applyPageRead(A, read({ phone: '1' }), '1').name).toBe('Ada Lovelace');
    expect(applyPageRead(A, read({ name: 'Ada King' }), '1').name).toBe('Ada King');
  });

  it('changes nothing but the address when nothing was read', () => {
    const change = applyPageRead(A, read({}, { title: 'Someone else' }), '1');
    expect(change).toEqual({ ...A, url: 'https://crm.example/a?x', values: null });
  });

  it('names a first-seen record by the title, else its id', () => {
    expect(applyPageRead(null, read({}), '42').name).toBe('Lead · Ada Lovelace');
    expect(applyPageRead(null, read({}, { title: ' ' }), '42').name).toBe('42');
    expect(applyPageRead(null, read({ name: 'Ada' }), '42')).toMatchObject({
      name: 'Ada',
      captured: { name: 'Ada' },
      values: { name: 'Ada' },
    });
  });

  it('on an edit form adds what it shows, removes nothing and keeps the name', () => {
    const change = applyPageRead(
      A,
      read({ name: 'Ada Lovelace»Edit', jobTitle: 'CMO' }, { edit: true }),
      '1',
    );
    expect(change.name).toBe('Ada Lovelace');
    expect(change.captured).toEqual({ ...A.captured, jobTitle: 'CMO' });
    expect(change.values).toEqual({ jobTitle: 'CMO' });
  });
});
