// Times as UTC ISO 8601 text, for reports, reasons, exports and copy values. The 100 ns form is
// the parsers' own (src/parsers/bytes/filetime.ts); zone-aware display formats are in
// src/views/shared/time.ts.

/** `2019-02-13T18:01:47.5123410Z` from ms since 1970 and 100 ns ticks; '' for NaN. */
export { isoFromParts } from '../parsers/bytes/filetime';

/** `2026-10-14T10:02:11Z` (seconds precision); `(no time)` when not finite. */
export function isoSeconds(ms: number): string {
  if (!Number.isFinite(ms)) return '(no time)';
  return `${new Date(ms).toISOString().slice(0, 19)}Z`;
}

/** `2026-10-14T10:02:11Z–10:04:03Z`, the date written once when both ends share it. */
export function timeRange(a: number, b: number): string {
  if (!Number.isFinite(a) || !Number.isFinite(b)) return '(no time)';
  const x = isoSeconds(a);
  const y = isoSeconds(b);
  return x.slice(0, 10) === y.slice(0, 10) ? `${x}–${y.slice(11)}` : `${x}–${y}`;
}
