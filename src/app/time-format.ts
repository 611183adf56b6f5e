// Display of UTC instants in the chosen time zone. Times are UTC inside; only display changes.
import type { TimeZoneName } from '../views/contract';

export const COMMON_TIME_ZONES: readonly TimeZoneName[] = [
  'UTC',
  'Asia/Tokyo',
  'Asia/Seoul',
  'Asia/Shanghai',
  'Asia/Singapore',
  'Asia/Kolkata',
  'Asia/Dubai',
  'Europe/London',
  'Europe/Paris',
  'Europe/Berlin',
  'Europe/Moscow',
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Sao_Paulo',
  'Australia/Sydney',
  'Pacific/Auckland',
];

export function browserTimeZone(): TimeZoneName {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

/** The zones offered: UTC first, the browser's own zone, then the common ones. */
export function timeZoneChoices(): TimeZoneName[] {
  const local = browserTimeZone();
  return [...new Set<TimeZoneName>(['UTC', local, ...COMMON_TIME_ZONES])];
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(tz: TimeZoneName): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone: tz,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'shortOffset',
    });
    formatters.set(tz, f);
  }
  return f;
}

/**
 * `2019-02-13 18:01:47.512 UTC` (or `… GMT+9` in another zone). With `tick` (100 ns units within
 * the millisecond) the fraction has 7 digits, as Windows shows FILETIMEs.
 */
export function formatTime(ms: number, tz: TimeZoneName, tick?: number): string {
  if (!Number.isFinite(ms)) return '—';
  const frac =
    tick === undefined
      ? String(((ms % 1000) + 1000) % 1000).padStart(3, '0')
      : `${String(((ms % 1000) + 1000) % 1000).padStart(3, '0')}${String(tick).padStart(4, '0')}`;
  if (tz === 'UTC') {
    const iso = new Date(ms).toISOString();
    return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${frac} UTC`;
  }
  const parts: Record<string, string> = {};
  for (const p of formatterFor(tz).formatToParts(new Date(ms))) parts[p.type] = p.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}.${frac} ${parts.timeZoneName ?? tz}`;
}

/** Short zone label for the header: `UTC`, `Asia/Tokyo (GMT+9)`. */
export function zoneLabel(tz: TimeZoneName): string {
  if (tz === 'UTC') return 'UTC';
  const part = formatterFor(tz)
    .formatToParts(new Date())
    .find((p) => p.type === 'timeZoneName');
  return part ? `${tz} (${part.value})` : tz;
}
