// FILETIME: 100 ns intervals since 1601-01-01 UTC, as two little-endian uint32 halves.
// Kept exact: an ISO string carries all seven fractional digits, like Windows' XML view.

/** 100 ns ticks between 1601-01-01 and 1970-01-01. */
export const FILETIME_UNIX_EPOCH_TICKS = 116444736000000000n;
const TICKS_PER_MS = 10000;
/** 2^32 ticks expressed in ms, for the split-halves arithmetic. */
const HI_MS = 4294967296 / TICKS_PER_MS;
const EPOCH_MS_1601 = -11644473600000;

export interface TimeParts {
  /** ms since 1970, floor. NaN when the FILETIME is zero (not set). */
  timeMs: number;
  /** remaining 100 ns units, 0..9999 */
  tick: number;
}

/** Converts a FILETIME given as (low, high) uint32 halves without BigInt. */
export function filetimeParts(lo: number, hi: number): TimeParts {
  if (lo === 0 && hi === 0) return { timeMs: Number.NaN, tick: 0 };
  // ticks = hi * 2^32 + lo; split into ms and sub-ms exactly.
  const hiTicksRem = (hi % TICKS_PER_MS) * 4294967296; // < 2^46, exact
  const hiMs = Math.floor(hi / TICKS_PER_MS) * 4294967296; // ms contribution, exact integer
  const rest = hiTicksRem + lo; // < 2^47, exact
  const ms = hiMs + Math.floor(rest / TICKS_PER_MS);
  const tick = rest % TICKS_PER_MS;
  void HI_MS;
  return { timeMs: ms + EPOCH_MS_1601, tick };
}

export function readFiletime(view: DataView, offset: number): TimeParts {
  return filetimeParts(view.getUint32(offset, true), view.getUint32(offset + 4, true));
}

/** `2019-02-13T18:01:47.5123410Z`; empty string for NaN. */
export function isoFromParts(timeMs: number, tick: number): string {
  if (!Number.isFinite(timeMs)) return '';
  const d = new Date(timeMs);
  const y = d.getUTCFullYear();
  if (y < 0 || y > 9999) return '';
  const ms = d.getUTCMilliseconds();
  const frac = (ms * TICKS_PER_MS + tick).toString().padStart(7, '0');
  return `${d.toISOString().slice(0, 19)}.${frac}Z`;
}

export function isoFromFiletime(lo: number, hi: number): string {
  const p = filetimeParts(lo, hi);
  return isoFromParts(p.timeMs, p.tick);
}

/** Parses `…T…(.fffffff)Z` back into parts (for tests and for writers). */
export function partsFromIso(iso: string): TimeParts {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,7}))?Z$/.exec(iso);
  if (!m) return { timeMs: Number.NaN, tick: 0 };
  const base = Date.parse(`${m[1]}Z`);
  const frac = (m[2] ?? '').padEnd(7, '0');
  const ticks = Number(frac);
  return { timeMs: base + Math.floor(ticks / TICKS_PER_MS), tick: ticks % TICKS_PER_MS };
}

/** FILETIME halves from parts (writers). */
export function filetimeFromParts(timeMs: number, tick: number): { lo: number; hi: number } {
  const ticks = BigInt(Math.round(timeMs)) * 10000n + BigInt(tick) + FILETIME_UNIX_EPOCH_TICKS;
  return { lo: Number(ticks & 0xffffffffn), hi: Number(ticks >> 32n) };
}
