// Scenario times are integer microseconds since 1970 (exact in a double until year 2255);
// EVTX/MFT/USN writers take ISO strings with seven fractional digits.
export type Micros = number;

export function microsFromIso(iso: string): Micros {
  const m = /^(.*?)(?:\.(\d{1,7}))?Z$/.exec(iso);
  if (!m) throw new Error(`bad ISO time ${iso}`);
  return Date.parse(`${m[1]}Z`) * 1000 + Math.floor(Number((m[2] ?? '').padEnd(7, '0')) / 10);
}

/** `2026-10-14T10:02:11.1234560Z` */
export function iso7(us: Micros): string {
  const ms = Math.floor(us / 1000);
  const frac = (us - Math.floor(us / 1e6) * 1e6) * 10;
  return `${new Date(ms).toISOString().slice(0, 19)}.${String(frac).padStart(7, '0')}Z`;
}

/** Sysmon's UtcTime: `2026-10-14 10:02:11.123` */
export function sysmonTime(us: Micros): string {
  return new Date(Math.floor(us / 1000)).toISOString().slice(0, 23).replace('T', ' ');
}

export const SECOND: Micros = 1_000_000;
export const MINUTE: Micros = 60 * SECOND;
