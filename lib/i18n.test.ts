import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

import catalogue from '../public/_locales/en/messages.json';
import { t } from './i18n';

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
});
