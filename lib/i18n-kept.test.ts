import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

import { keepBrowserAnswers, t } from './i18n';

// A file of its own: once kept, the answers stay kept for the module's life (a content script's).
describe('keepBrowserAnswers', () => {
  afterEach(() => vi.restoreAllMocks());

  it("asks the browser once per message and substitutions, and always keeps the browser's answer over the bundle", () => {
    keepBrowserAnswers();
    const getMessage = vi
      .spyOn(fakeBrowser.i18n, 'getMessage')
      .mockImplementation((key: string, subs?: string | string[]) =>
        key === 'complete' ? 'Erledigen' : key === 'dueIn' ? `Fällig in ${String(subs?.[0])}` : '',
      );
    expect(t('complete')).toBe('Erledigen');
    expect(t('complete')).toBe('Erledigen');
    expect(t('dueIn', '2 Stunden')).toBe('Fällig in 2 Stunden');
    expect(t('dueIn', '3 Stunden')).toBe('Fällig in 3 Stunden');
    expect(t('dueIn', '2 Stunden')).toBe('Fällig in 2 Stunden');
    expect(getMessage.mock.calls.map(([key]) => key)).toEqual(['complete', 'dueIn', 'dueIn']);
  });

  it('does not keep an empty answer: the bundled English stands in, and a later answer is used', () => {
    keepBrowserAnswers();
    const getMessage = vi.spyOn(fakeBrowser.i18n, 'getMessage').mockReturnValue('');
    expect(t('skip')).toBe('Skip');
    getMessage.mockReturnValue('Überspringen');
    expect(t('skip')).toBe('Überspringen');
  });
});
