/**
 * Calendar days as `YYYY-MM-DD` strings: they compare correctly as strings, and they say
 * nothing about a time zone until `dayStartMs` places them in one.
 */
export type IsoDay = string;

const DAY_MS = 86_400_000;

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const fromUtc = (ms: number): IsoDay => {
  const d = new Date(ms);
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
};

/** `2025-03-01` → the same day; a malformed or impossible date (2025-02-30) → null. */
export function dayOf(value: string): IsoDay | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  // Date.UTC rolls 02-30 over into March: a day that does not come back unchanged is no day.
  return fromUtc(ms) === value ? value : null;
}

/** `2025-03` → its first day. */
export function monthOf(value: string): IsoDay | null {
  return /^\d{4}-\d{2}$/.test(value) ? dayOf(`${value}-01`) : null;
}

/** `2025` → its first day. */
export function yearOf(value: string): IsoDay | null {
  return /^\d{4}$/.test(value) ? dayOf(`${value}-01-01`) : null;
}

export function addDays(day: IsoDay, days: number): IsoDay {
  return fromUtc(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS);
}

/** The first day of the month after `day`'s. */
export function nextMonth(day: IsoDay): IsoDay {
  const d = new Date(`${day}T00:00:00Z`);
  return fromUtc(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1));
}

/** Whether `zone` is an IANA time zone this runtime knows (`UTC`, `Asia/Shanghai`, …). */
export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * When `day` begins in `zone`, as epoch ms. A search for `before:2025-03-01` by someone in
 * Shanghai means their midnight, eight hours before UTC's. Around a daylight-saving change
 * the offset at the guess may differ from the offset at the answer: one correction settles
 * it (a midnight that does not exist, as in zones switching at 00:00, becomes the first
 * instant after the gap).
 */
export function dayStartMs(day: IsoDay, zone: string): number {
  const wall = Date.parse(`${day}T00:00:00Z`);
  const first = wall - offsetMs(wall, zone);
  return wall - offsetMs(first, zone);
}

/** How far `zone`'s wall clock is ahead of UTC at instant `ms`. */
function offsetMs(ms: number, zone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: zone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(ms);
  const get = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((p) => p.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - (ms - (ms % 1000));
}
