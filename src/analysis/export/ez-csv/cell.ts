// One CSV field of an ez-csv file: bidirectional-override and isolate controls in attacker text
// are made visible (`<U+202E>`) so a file name cannot read backwards in Timeline Explorer, then
// the field goes through our RFC 4180 / formula-injection guard (../csv.ts).
import { isoFromParts } from '../../../model/time-text';
import { csvField } from '../csv';

const BIDI = /[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

export function ezField(value: string): string {
  const v = value.replace(BIDI, (c) => `<U+${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}>`);
  return csvField(v);
}

export function ezLine(values: readonly (string | number | boolean)[]): string {
  return values
    .map((v) =>
      typeof v === 'string' ? ezField(v) : v === true ? 'True' : v === false ? 'False' : String(v),
    )
    .join(',');
}

/** `2024-01-02 03:04:05.1234567` (UTC, 100 ns digits) from ms + ticks; '' without a time. */
export function ezTime(timeMs: number, tick: number): string {
  const iso = Number.isFinite(timeMs) ? isoFromParts(Math.floor(timeMs), tick) : '';
  if (!iso || iso.startsWith('0000')) return '';
  return `${iso.slice(0, 10)} ${iso.slice(11, 27)}`;
}

/** The same from our ISO form (`2024-01-02T03:04:05.1234567Z`); '' stays ''. */
export function ezTimeFromIso(iso: string): string {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)(?:\.(\d{1,7}))?Z$/.exec(iso);
  return m ? `${m[1]} ${m[2]}.${(m[3] ?? '').padEnd(7, '0')}` : '';
}
