/**
 * Time-zone names: the one place that decides whether two names are one zone and which name a
 * seller sees (issue #15). IANA renamed some zones (Asia/Calcutta became Asia/Kolkata, Europe/Kiev
 * Europe/Kyiv); ICU, and so Chromium and Node, keeps the old names as its canonical ids: its zone
 * list holds only the old names and resolving a new name gives back the old one. Both names work
 * everywhere (`Intl` accepts either); we list, display and compare by the current name and store
 * whatever the seller or the admin chose. Pure: `Intl` only, no browser APIs.
 */

/**
 * The renames where ICU's canonical id is an old IANA name: old name -> current IANA name
 * (CLDR's `iana` attribute in `bcp47/timezone.xml`). IANA links that merge *different* zones with
 * the same clocks since 1970 (Europe/Amsterdam -> Europe/Brussels) are not renames and are not
 * here: they stay separate zones. The test checks each entry against the runtime.
 */
export const RENAMED_ZONES: Readonly<Record<string, string>> = {
  'Africa/Asmera': 'Africa/Asmara',
  'America/Buenos_Aires': 'America/Argentina/Buenos_Aires',
  'America/Catamarca': 'America/Argentina/Catamarca',
  'America/Coral_Harbour': 'America/Atikokan',
  'America/Cordoba': 'America/Argentina/Cordoba',
  'America/Godthab': 'America/Nuuk',
  'America/Indianapolis': 'America/Indiana/Indianapolis',
  'America/Jujuy': 'America/Argentina/Jujuy',
  'America/Louisville': 'America/Kentucky/Louisville',
  'America/Mendoza': 'America/Argentina/Mendoza',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'Europe/Kiev': 'Europe/Kyiv',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Pacific/Ponape': 'Pacific/Pohnpei',
  'Pacific/Truk': 'Pacific/Chuuk',
};

// A memo of a pure function (building an Intl.DateTimeFormat is the expensive part).
const resolved = new Map<string, string | null>();

/** The runtime's own id for `zone` (ICU's canonical id), or null when it does not know it. */
function runtimeId(zone: string): string | null {
  let id = resolved.get(zone);
  if (id === undefined) {
    try {
      id =
        zone.trim() === ''
          ? null
          : new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    } catch {
      id = null;
    }
    resolved.set(zone, id);
  }
  return id;
}

/**
 * The name to show and compare for `zone` (any spelling the runtime accepts: current, legacy,
 * any case): `Asia/Calcutta` -> `Asia/Kolkata`; null when no runtime zone has that name.
 */
export function currentZoneName(zone: string): string | null {
  const id = runtimeId(zone);
  if (id === null) return null;
  return RENAMED_ZONES[id] ?? id;
}

/**
 * Whether two names are one zone (`Asia/Calcutta` and `Asia/Kolkata` are). `null` stands for
 * "no zone chosen" and equals only itself; unknown names equal nothing.
 */
export function sameZone(a: string | null | undefined, b: string | null | undefined): boolean {
  if (a == null || b == null) return a == null && b == null;
  const current = currentZoneName(a);
  return current !== null && current === currentZoneName(b);
}

/** Every zone the runtime knows, once each, by its current name, sorted; [] where unsupported. */
export function listTimeZones(): string[] {
  let ids: string[];
  try {
    ids = Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
  const names = new Set<string>();
  for (const id of ids) names.add(RENAMED_ZONES[id] ?? id);
  return [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** How a zone is shown to people: its current name, spaces for underscores (`America/New York`). */
export function zoneLabel(zone: string): string {
  return (currentZoneName(zone) ?? zone).replaceAll('_', ' ');
}
