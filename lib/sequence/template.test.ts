import { describe, expect, it } from 'vitest';
import { mergeFields, renderTemplate } from './template';

describe('renderTemplate', () => {
  it.each([
    ['Hi {{firstName}},', { firstName: 'Ada' }, {}, 'Hi Ada,', []],
    [
      'Hi {{ firstName }} from {{  seller.name }}',
      { firstName: 'Ada' },
      { name: 'Sam' },
      'Hi Ada from Sam',
      [],
    ],
    ['{{leadScore}} / {{vip}}', { leadScore: 42, vip: false }, {}, '42 / false', []],
    ['Hi {{firstName}} at {{company}}', { firstName: '' }, {}, 'Hi  at ', ['firstName', 'company']],
    ['{{seller.name}} and {{seller.name}}', {}, {}, ' and ', ['seller.name']],
    ['{{custom_key-2}}', { 'custom_key-2': 'ok' }, {}, 'ok', []],
    ['{{ }} and {firstName} stay', { firstName: 'Ada' }, {}, '{{ }} and {firstName} stay', []],
    ['{{toString}}', {}, {}, '', ['toString']],
  ])('%j', (text, fields, seller, expected, empty) => {
    expect(renderTemplate(text, fields, seller)).toEqual({ text: expected, emptyFields: empty });
  });

  it('lists merge fields', () => {
    expect(mergeFields('{{a}} {{ b }} {{a}} {{seller.name}}')).toEqual(['a', 'b', 'seller.name']);
  });
});
