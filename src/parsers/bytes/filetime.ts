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

// ISO 8601 text of (ms since 1970, 100 ns tick) without Date objects: the days-to-civil algorithm
// (H. Hinnant, "chrono-compatible low-level date algorithms"). The `YYYY-MM-DDTHH:MM:SS` part of
// the last second formatted is cached (records come in time order), so the hot path (EVTX, USN)
// costs one string concatenation per time.
const D2: string[] = [];
for (let i = 0; i < 100; i++) D2.push(i < 10 ? `0${i}` : `${i}`);
const MS_PER_DAY = 86400000;
/** First ms of year 0 and of year 10000: the range a four-digit year can show. */
const MIN_ISO_MS = -62167219200000;
const END_ISO_MS = 253402300800000;
const FRACTION_PAD = ['000000', '00000', '0000', '000', '00', '0', ''];

let lastSecond = Number.NaN;
let lastPrefix = '';

/**
 * `2019-02-13T18:01:47.5123410Z` (seven fractional digits) from whole ms since 1970 and the
 * remaining 100 ns units (0..9999); '' for NaN and outside years 0..9999.
 */
export function isoFromParts(timeMs: number, tick: number): string {
  if (Number.isNaN(timeMs) || timeMs < MIN_ISO_MS || timeMs >= END_ISO_MS) return '';
  const sec = Math.floor(timeMs / 1000);
  const frac = (timeMs - sec * 1000) * TICKS_PER_MS + tick;
  const digits =
    frac < 10
      ? 1
      : frac < 100
        ? 2
        : frac < 1000
          ? 3
          : frac < 10000
            ? 4
            : frac < 100000
              ? 5
              : frac < 1000000
                ? 6
                : 7;
  if (sec !== lastSecond) {
    lastSecond = sec;
    lastPrefix = secondPrefix(sec * 1000);
  }
  return `${lastPrefix}.${FRACTION_PAD[digits - 1]}${frac}Z`;
}

/** `YYYY-MM-DDTHH:MM:SS` of a whole-second time. */
function secondPrefix(timeMs: number): string {
  const days = Math.floor(timeMs / MS_PER_DAY);
  let msOfDay = timeMs - days * MS_PER_DAY;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  const h = Math.floor(msOfDay / 3600000);
  msOfDay -= h * 3600000;
  const mi = Math.floor(msOfDay / 60000);
  msOfDay -= mi * 60000;
  const s = Math.floor(msOfDay / 1000);
  return `${D2[(y / 100) | 0]}${D2[y % 100]}-${D2[m]}-${D2[d]}T${D2[h]}:${D2[mi]}:${D2[s]}`;
}

/** isoFromParts of optional parts: '' when there are none. */
export function isoFromTimeParts(t: TimeParts | undefined): string {
  return t ? isoFromParts(t.timeMs, t.tick) : '';
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
