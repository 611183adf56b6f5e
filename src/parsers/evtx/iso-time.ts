// Fast UTC ISO 8601 formatting of (ms since 1970, 100 ns tick) without Date objects: the
// days-to-civil algorithm (H. Hinnant, "chrono-compatible low-level date algorithms"). The
// `YYYY-MM-DDTHH:MM:SS` part of the last second formatted is cached (records come in time order).
const D2: string[] = [];
for (let i = 0; i < 100; i++) D2.push(i < 10 ? `0${i}` : `${i}`);
const MS_PER_DAY = 86400000;
const FRACTION_PAD = ['000000', '00000', '0000', '000', '00', '0', ''];

let lastSecond = Number.NaN;
let lastPrefix = '';

/** `YYYY-MM-DDTHH:MM:SS.fffffffZ`; '' outside years 0..9999 or for NaN. */
export function isoUtc(timeMs: number, tick: number): string {
  if (Number.isNaN(timeMs) || timeMs < -62167219200000 || timeMs >= 253402300800000) return '';
  const sec = Math.floor(timeMs / 1000);
  const frac = (timeMs - sec * 1000) * 10000 + tick;
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
