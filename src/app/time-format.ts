// The time zones the header offers. Times are UTC inside; only display changes, and all
// formatting lives in src/views/shared/time.ts.
import type { TimeZoneName } from '../views/contract';

export { formatTime, zoneLabel } from '../views/shared/time';

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
