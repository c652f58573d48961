/** Reading a managed policy and merging seller defaults: pure, no storage. */
import { describe, expect, it } from 'vitest';

import { DEFAULT_SETTINGS } from '@/lib/store/settings';

import { parsePolicy, withSellerDefaults } from './apply-policy';

const ACME = {
  id: 'acme',
  name: 'Acme CRM',
  origins: ['https://CRM.acme.example/'],
  records: [{ entity: 'lead', url: '^/leads/(?<id>[0-9]+)$', part: 'path' }],
};
const PACK_URL = 'https://intranet.example/upnext/pack.json';

describe('parsePolicy', () => {
  it('reads a complete policy and normalises origins', () => {
    const policy = parsePolicy({
      customCrms: [ACME],
      instances: [{ origin: 'http://mycrm/Contoso', crm: 'dynamics365' }],
      sequencePackUrl: PACK_URL,
      sellerDefaults: {
        timeZone: 'Europe/Paris',
        workingHours: { days: ['mon', 'tue'], start: '08:00', end: '16:00' },
        notifications: true,
      },
    });
    expect(policy).toEqual({
      present: true,
      customCrms: [{ ...ACME, origins: ['https://crm.acme.example'] }],
      instances: [{ origin: 'http://mycrm', crm: 'dynamics365' }],
      sequencePackUrl: PACK_URL,
      sellerDefaults: {
        timeZone: 'Europe/Paris',
        workingHours: { days: ['mon', 'tue'], start: '08:00', end: '16:00' },
        notifications: true,
      },
      problems: [],
    });
  });

  it('ignores bad entries one by one and says why', () => {
    const policy = parsePolicy({
      customCrms: [ACME, { ...ACME }, { ...ACME, id: 'x', records: [] }, 'nope'],
      instances: [
        { origin: 'ftp://x', crm: 'espocrm' },
        { origin: 'http://y', crm: 'nope' },
      ],
      sequencePackUrl: 'file:///etc/passwd',
      sellerDefaults: { timeZone: 'Mars/Olympus' },
    });
    expect(policy.customCrms).toHaveLength(1);
    expect(policy.instances).toEqual([]);
    expect(policy.sequencePackUrl).toBeNull();
    expect(policy.sellerDefaults).toEqual({});
    expect(policy.problems).toEqual([
      'customCrms[1] ignored: the id is used twice.',
      "customCrms[2] ignored: Custom CRM 'x' lists no record patterns.",
      'customCrms[3] ignored: not an object',
      "instances[0] ignored: 'ftp://x' is not an http(s) address.",
      expect.stringMatching(/^instances\[1\] ignored: crm: /),
      "sequencePackUrl ignored: 'file:///etc/passwd' is not an http(s) address.",
      expect.stringMatching(/^sellerDefaults ignored: timeZone: Unknown time zone/),
    ]);
  });

  it.each(['Asia/Kolkata', 'Asia/Calcutta', 'Europe/Kyiv', 'Europe/Kiev'])(
    'accepts the zone %s as written',
    (zone) => {
      const policy = parsePolicy({ sellerDefaults: { timeZone: zone } });
      expect(policy.problems).toEqual([]);
      expect(policy.sellerDefaults).toEqual({ timeZone: zone });
    },
  );

  it.each([undefined, null, {}, 'x'])('reads %j as no policy', (raw) => {
    expect(parsePolicy(raw)).toMatchObject({ present: false, problems: [] });
  });
});

describe('withSellerDefaults', () => {
  const hours = { days: ['mon' as const], start: '08:00', end: '12:00' };

  it('fills values the seller never set', () => {
    expect(
      withSellerDefaults(undefined, { timeZone: 'Europe/Paris', workingHours: hours }, {}),
    ).toEqual({
      settings: { timeZone: 'Europe/Paris', workingHours: hours },
      applied: { timeZone: 'Europe/Paris', workingHours: hours },
    });
  });

  it("keeps the seller's own choices, and replaces values policy set before", () => {
    const stored = {
      ...DEFAULT_SETTINGS,
      timeZone: 'Asia/Tokyo',
      notifications: true,
      workingHours: { days: ['tue' as const], start: '10:00', end: '11:00' },
    };
    const result = withSellerDefaults(
      stored,
      { timeZone: 'Europe/Paris', notifications: false, workingHours: hours },
      { workingHours: { days: ['tue'], start: '10:00', end: '11:00' } },
    );
    expect(result.settings).toEqual({ ...stored, workingHours: hours });
    expect(result.applied).toEqual({ workingHours: hours });
  });

  it('compares zones as zones: an old and a current name of what policy set are not the seller’s own', () => {
    // Policy set Europe/Kiev; the settings form shows it as Europe/Kyiv and may save that name.
    const stored = { ...DEFAULT_SETTINGS, timeZone: 'Europe/Kyiv' };
    const result = withSellerDefaults(
      stored,
      { timeZone: 'Europe/Warsaw' },
      { timeZone: 'Europe/Kiev' },
    );
    expect(result.settings.timeZone).toBe('Europe/Warsaw');
    expect(result.applied).toEqual({ timeZone: 'Europe/Warsaw' });
  });
});
