import { describe, expect, it } from 'vitest';

import { crmDefinitionProblems } from './crm-definition';
import { parsePack } from './parse';

const definition = (url: string) => ({
  id: 'acme',
  name: 'Acme CRM',
  origins: ['https://crm.acme.example'],
  records: [{ entity: 'lead', url, part: 'path' }],
});

describe('custom CRM record patterns that backtrack catastrophically', () => {
  it.each([
    ['^/leads/(?<id>[0-9]+)$'],
    ['^/leads/(?<id>[^/?#]+)(?:/view)?$'],
    ['^#/(?:leads|contacts)/(?<id>[a-f0-9-]{36})'],
    ['/lead/(?<id>\\w+)'],
  ])('accepts %s', (url) => {
    expect(crmDefinitionProblems(definition(url))).toEqual([]);
  });

  it.each([
    ['a repeat inside a repeat', '^/(?<id>(a+)+)$'],
    ['a word list repeated', '^(?<id>(\\w+\\s?)*)$'],
  ])('refuses %s, saying why and what to write instead', (_what, url) => {
    const problems = crmDefinitionProblems(definition(url));
    expect(problems).toHaveLength(1);
    expect(problems[0]?.path).toEqual(['records', 0, 'url']);
    expect(problems[0]?.message).toMatch(/could make a CRM page freeze while matching/);
    expect(problems[0]?.message).toMatch(/"\^\/leads\/\(\?<id>\[0-9\]\+\)\$"/);
  });

  it('is the same check in a pack (upnext validate and the import)', () => {
    const result = parsePack(
      JSON.stringify({ format: 'upnext/v1', crms: [definition('^/(?<id>(a+)+)$')] }),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) {
      const url = result.problems.find((problem) => problem.path === 'crms[0].records[0].url');
      expect(url?.message).toMatch(/could make a CRM page freeze/);
    }
  });
});
