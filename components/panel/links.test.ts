import { describe, expect, it } from 'vitest';

import { linkedinSearchLink } from './links';

const keywords = (href: string): string | null => new URL(href).searchParams.get('keywords');

describe('linkedinSearchLink', () => {
  it('searches by name and company', () => {
    expect(keywords(linkedinSearchLink('Ada Lovelace', 'Analytical Engines'))).toBe(
      'Ada Lovelace Analytical Engines',
    );
  });

  it.each([
    ['Mr. Marcus Lindqvist', 'Marcus Lindqvist Nordic Freight'],
    ['Dr Ada King', 'Ada King Nordic Freight'],
    ['Prof. Dr. Grace Hopper', 'Grace Hopper Nordic Freight'],
  ])('leaves the salutation out of %s', (name, expected) => {
    expect(keywords(linkedinSearchLink(name, 'Nordic Freight'))).toBe(expected);
  });

  it('encodes every part', () => {
    expect(linkedinSearchLink('A&B <x>', undefined)).toBe(
      'https://www.linkedin.com/search/results/people/?keywords=A%26B%20%3Cx%3E',
    );
  });
});
