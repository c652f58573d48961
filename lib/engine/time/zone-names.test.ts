import { afterEach, describe, expect, it, vi } from 'vitest';

import { isValidTimeZone } from './zoned';
import { currentZoneName, listTimeZones, RENAMED_ZONES, sameZone } from './zone-names';

// Chromium and Node (ICU) still list and resolve the names these zones had before IANA renamed
// them; sellers look for the current names.
const RENAMES = [
  ['Asia/Calcutta', 'Asia/Kolkata'],
  ['Europe/Kiev', 'Europe/Kyiv'],
  ['Asia/Katmandu', 'Asia/Kathmandu'],
  ['Asia/Saigon', 'Asia/Ho_Chi_Minh'],
] as const;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('time-zone names', () => {
  it.each(RENAMES)('lists %s under its current name %s, once', (legacy, current) => {
    const zones = listTimeZones();
    expect(zones).toContain(current);
    expect(zones).not.toContain(legacy);
    expect(zones.filter((zone) => sameZone(zone, current))).toEqual([current]);
  });

  it.each(RENAMES)('%s and %s are one zone, named by its current name', (legacy, current) => {
    expect(sameZone(legacy, current)).toBe(true);
    expect(sameZone(current, legacy)).toBe(true);
    expect(currentZoneName(legacy)).toBe(current);
    expect(currentZoneName(current)).toBe(current);
  });

  it('tells different zones apart and refuses unknown names', () => {
    expect(sameZone('Europe/Berlin', 'Europe/Paris')).toBe(false);
    expect(sameZone('Asia/Kolkata', 'Asia/Karachi')).toBe(false);
    expect(sameZone(null, null)).toBe(true);
    expect(sameZone('Europe/Berlin', null)).toBe(false);
    expect(currentZoneName('Mars/Olympus_Mons')).toBeNull();
    expect(currentZoneName('')).toBeNull();
    expect(sameZone('Mars/Olympus_Mons', 'Mars/Olympus_Mons')).toBe(false);
  });

  it('keeps a name IANA still uses as it is (links to other zones are not renames)', () => {
    expect(currentZoneName('Europe/Berlin')).toBe('Europe/Berlin');
    expect(currentZoneName('Europe/Amsterdam')).toBe('Europe/Amsterdam');
    expect(currentZoneName('America/New_York')).toBe('America/New_York');
    expect(currentZoneName('UTC')).toBe('UTC');
  });

  it('every rename in the table is one zone in this runtime, and every listed name works', () => {
    for (const [legacy, current] of Object.entries(RENAMED_ZONES)) {
      expect(isValidTimeZone(current), current).toBe(true);
      expect(sameZone(legacy, current), `${legacy} = ${current}`).toBe(true);
    }
    const zones = listTimeZones();
    expect(zones.length).toBeGreaterThan(300);
    expect([...zones].sort()).toEqual(zones);
    for (const zone of zones) expect(isValidTimeZone(zone), zone).toBe(true);
    for (const legacy of Object.keys(RENAMED_ZONES)) expect(zones).not.toContain(legacy);
  });

  it('works where the runtime already lists current names (newer ICU)', () => {
    vi.spyOn(Intl, 'supportedValuesOf').mockReturnValue(['Asia/Kolkata', 'Europe/Berlin']);
    expect(listTimeZones()).toEqual(['Asia/Kolkata', 'Europe/Berlin']);
  });
});
