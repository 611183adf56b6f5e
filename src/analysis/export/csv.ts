// CSV export of timeline rows (RFC 4180: comma-separated, CRLF line ends, fields quoted when they
// hold a comma, quote, CR or LF, quotes doubled). Event data is attacker-controlled, so a value
// that a spreadsheet would run as a formula (leading =, +, -, @, tab or CR) is prefixed with a
// single quote (OWASP "CSV injection"); the raw value stays in the JSONL exports.
// Pure: used by the app's timeline export and by tests.
import { isoFromParts } from '../../parsers/bytes/filetime';
import type { CaseFile, HostRegistry } from '../../model/case';
import { ARTIFACT_BY_CODE, type EventsTable, type IndexIntoEventsTable } from '../../model/events-table';

export const CSV_HEADER = [
  'time_utc',
  'host',
  'artifact',
  'source',
  'event_id',
  'label',
  'summary',
  'source_file',
  'record',
  'fields',
] as const;

/** One CSV field: neutralised against formula execution, quoted when needed. */
export function csvField(value: string): string {
  let v = value;
  if (/^[=+\-@\t\r]/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/**
 * Timeline rows as CSV lines (without line ends), in the order of `rows`. `fields` holds every
 * named value of the row as `key=value` pairs joined with `; `. Times are UTC with 100 ns digits;
 * rows without a time have an empty time.
 */
export class CsvWriter {
  private readonly cache = new Map<number, string>();
  private readonly hostCache = new Map<number, string>();

  constructor(
    private readonly table: EventsTable,
    private readonly hosts: Pick<HostRegistry, 'name'>,
    private readonly files: readonly Pick<CaseFile, 'path'>[],
  ) {}

  header(): string {
    return CSV_HEADER.join(',');
  }

  lines(rows: ArrayLike<IndexIntoEventsTable>, from = 0, to = rows.length): string[] {
    const { table: t, cache, hostCache } = this;
    const s = t.strings;
    const str = (i: number): string => {
      let v = cache.get(i);
      if (v === undefined) {
        v = csvField(s[i] ?? '');
        cache.set(i, v);
      }
      return v;
    };
    const out: string[] = [];
    const end = Math.min(to, rows.length);
    for (let p = Math.max(0, from); p < end; p++) {
      const r = rows[p];
      if (r >= t.length) continue;
      const h = t.host[r];
      let host = hostCache.get(h);
      if (host === undefined) {
        host = csvField(h === 0xffffffff ? '' : this.hosts.name(h));
        hostCache.set(h, host);
      }
      const time = Number.isNaN(t.timeMs[r]) ? '' : isoFromParts(t.timeMs[r], t.tick[r]);
      const pairs: string[] = [];
      const e = t.fieldStart[r] + t.fieldCount[r];
      for (let k = t.fieldStart[r]; k < e; k++) pairs.push(`${s[t.fieldKey[k]]}=${s[t.fieldValue[k]]}`);
      out.push(
        [
          time,
          host,
          ARTIFACT_BY_CODE[t.artifact[r]] ?? 'unknown',
          str(t.source[r]),
          t.eventId[r] >= 0 ? String(t.eventId[r]) : '',
          str(t.label[r]),
          str(t.summary[r]),
          csvField(this.files[t.file[r]]?.path ?? ''),
          String(t.ref[r]),
          csvField(pairs.join('; ')),
        ].join(','),
      );
    }
    return out;
  }
}
