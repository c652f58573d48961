import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

import catalogue from '../public/_locales/en/messages.json';
import { t, tCount } from './i18n';

describe('t', () => {
  it('falls back to the bundled English catalogue, with substitutions', () => {
    expect(t('complete')).toBe('Complete');
    expect(t('dueIn', '2 hours')).toBe('Due in 2 hours');
    expect(t('setFieldTo', 'Status', 'Qualified')).toBe('Set Status to Qualified');
    expect(t('upcoming', 3)).toBe('Upcoming (3)');
  });

  it('uses browser.i18n when it has the message', () => {
    const spy = vi.spyOn(fakeBrowser.i18n, 'getMessage').mockReturnValue('Erledigen');
    expect(t('complete')).toBe('Erledigen');
    spy.mockReturnValue('');
    expect(t('complete')).toBe('Complete');
    spy.mockRestore();
  });

  it('keeps the manifest keys, and every key is a valid message name', () => {
    for (const key of ['extName', 'extDescription', 'actionTitle'])
      expect(catalogue).toHaveProperty(key);
    for (const key of Object.keys(catalogue)) expect(key).toMatch(/^[A-Za-z0-9_@]+$/);
  });

  it('counts through Intl.PluralRules in the UI language', () => {
    expect(tCount('sequenceCount', 1)).toBe('1 sequence');
    expect(tCount('sequenceCount', 0)).toBe('0 sequences');
    expect(tCount('recordsWereCount', 2)).toBe('2 records were');
    const language = vi.spyOn(fakeBrowser.i18n, 'getUILanguage').mockReturnValue('pl');
    const getMessage = vi
      .spyOn(fakeBrowser.i18n, 'getMessage')
      .mockImplementation((key: string, subs?: string | string[]) =>
        key === 'stepCount_few' ? `${String(subs?.[0])} kroki` : '',
      );
    // Polish: 3 is "few", 5 is "many"; a form the catalogue lacks falls back to "other".
    expect(tCount('stepCount', 3)).toBe('3 kroki');
    expect(tCount('stepCount', 5)).toBe('5 steps');
    // The count is formatted for the UI language too.
    expect(tCount('stepCount', 12_000)).toBe(`${new Intl.NumberFormat('pl').format(12_000)} steps`);
    getMessage.mockRestore();
    language.mockRestore();
  });
});
