// Timesketch JSONL export: one JSON object per timeline row with the fields Timesketch requires
// (`message`, `datetime` ISO 8601, `timestamp_desc`), `timestamp` in microseconds, and the row's
// own fields flattened under safe keys. Spec: Timesketch docs "Import from JSON or CSV"
// (https://timesketch.org/guides/user/import-from-json-csv/). Pure: used by the CLI and the app.
import type { CaseFile, HostRegistry } from '../../model/case';
import { ARTIFACT_BY_CODE, type EventsTable, type IndexIntoEventsTable } from '../../model/events-table';

const DATA_TYPE = ['windows:evtx:record', 'windows:prefetch:execution', 'fs:ntfs:mft', 'fs:ntfs:usn_change'];
const RESERVED = new Set([
  'message',
  'datetime',
  'timestamp',
  'timestamp_desc',
  'data_type',
  'hostname',
  'artifact',
  'event_id',
  'source',
  'source_file',
  'record',
  'label',
  'tag',
  'label_list',
]);

/** Field name Timesketch (OpenSearch) accepts: letters, digits, '_', no leading '_'; no clash. */
export function safeKey(key: string): string {
  let k = key.replace(/^@/, 'System_').replace(/[^A-Za-z0-9_]/g, '_');
  if (!k || k.startsWith('_') || RESERVED.has(k.toLowerCase())) k = `field_${k}`;
  return k;
}

/** `2026-10-14T10:02:11.123456+00:00` from ms + 100 ns ticks. */
export function isoMicros(timeMs: number, tick: number): string {
  const whole = Math.floor(timeMs);
  const d = new Date(whole);
  const micros = (((whole % 1000) + 1000) % 1000) * 1000 + Math.floor(tick / 10);
  return `${d.toISOString().slice(0, 19)}.${String(micros).padStart(6, '0')}+00:00`;
}

function timestampDesc(artifact: number, label: string): string {
  if (artifact === 0) return 'Event Recorded';
  if (artifact === 1) return 'Last Run Time';
  if (artifact === 3) return 'USN Record Time';
  return label || 'Time';
}

/**
 * Lines for rows [fromRow, toRow) in table order. Rows without a time are skipped (Timesketch
 * requires `datetime`). Strings are interned, so their JSON encodings are cached by index.
 */
export function timesketchLines(
  table: EventsTable,
  hosts: HostRegistry,
  files: CaseFile[],
  fromRow: IndexIntoEventsTable,
  toRow: IndexIntoEventsTable,
): string[] {
  const from = Math.max(0, fromRow);
  const end = Math.min(toRow, table.length);
  const rows = new Uint32Array(Math.max(0, end - from));
  for (let i = 0; i < rows.length; i++) rows[i] = from + i;
  return new TimesketchWriter(table, hosts, files).lines(rows);
}

/**
 * Timesketch lines for any list of rows (a filtered timeline, in its order), in slices: the JSON
 * encodings of strings, hosts and files are cached across calls of one writer.
 */
export class TimesketchWriter {
  private readonly valueJson = new Map<number, string>();
  private readonly keyJson = new Map<number, string>();
  private readonly hostJson = new Map<number, string>();
  private readonly fileJson = new Map<number, string>();

  constructor(
    private readonly table: EventsTable,
    private readonly hosts: Pick<HostRegistry, 'name'>,
    private readonly files: readonly Pick<CaseFile, 'path'>[],
  ) {}

  /** Lines for rows[from, to); rows without a time are skipped. */
  lines(rows: ArrayLike<IndexIntoEventsTable>, from = 0, to = rows.length): string[] {
    const { table, hosts, files, valueJson, keyJson, hostJson, fileJson } = this;
    const out: string[] = [];
    const s = table.strings;
    const enc = (i: number): string => {
      let v = valueJson.get(i);
      if (v === undefined) {
        v = JSON.stringify(s[i] ?? '');
        valueJson.set(i, v);
      }
      return v;
    };
    const end = Math.min(to, rows.length);
    for (let p = Math.max(0, from); p < end; p++) {
      const row = rows[p];
      if (row >= table.length) continue;
      const timeMs = table.timeMs[row];
      if (!Number.isFinite(timeMs)) continue;
      const art = table.artifact[row];
      const label = s[table.label[row]] ?? '';
      const eventId = table.eventId[row];
      const source = s[table.source[row]] ?? '';
      const summary = s[table.summary[row]] ?? '';
      const h = table.host[row];
      let hostname = hostJson.get(h);
      if (hostname === undefined) {
        hostname = JSON.stringify(h === 0xffffffff ? '' : hosts.name(h));
        hostJson.set(h, hostname);
      }
      const fileId = table.file[row];
      let file = fileJson.get(fileId);
      if (file === undefined) {
        file = JSON.stringify(files[fileId]?.path ?? '');
        fileJson.set(fileId, file);
      }
      const message = summary
        ? enc(table.summary[row])
        : JSON.stringify(
            [source, eventId >= 0 ? String(eventId) : '', label].filter(Boolean).join(' ') || '(no message)',
          );
      let line =
        `{"message":${message},"datetime":"${isoMicros(timeMs, table.tick[row])}",` +
        `"timestamp":${Math.floor(timeMs) * 1000 + Math.floor(table.tick[row] / 10)},` +
        `"timestamp_desc":${JSON.stringify(timestampDesc(art, label))},"data_type":"${DATA_TYPE[art] ?? 'tracelens:row'}",` +
        `"hostname":${hostname},"artifact":"${ARTIFACT_BY_CODE[art] ?? 'unknown'}","source":${enc(table.source[row])},` +
        `"source_file":${file},"record":${table.ref[row]},"label":${enc(table.label[row])}`;
      if (eventId >= 0) line += `,"event_id":${eventId}`;
      const start = table.fieldStart[row];
      const stop = start + table.fieldCount[row];
      let used: Set<string> | null = null;
      for (let k = start; k < stop; k++) {
        const ki = table.fieldKey[k];
        let key = keyJson.get(ki);
        if (key === undefined) {
          key = JSON.stringify(safeKey(s[ki] ?? ''));
          keyJson.set(ki, key);
        }
        used ??= new Set();
        while (used.has(key)) key = `"field_${key.slice(1)}`;
        used.add(key);
        line += `,${key}:${enc(table.fieldValue[k])}`;
      }
      out.push(`${line}}`);
    }
    return out;
  }
}
