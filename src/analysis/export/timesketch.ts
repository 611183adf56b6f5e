// Timesketch JSONL export: one JSON object per timeline row with the fields Timesketch requires
// (`message`, `datetime` ISO 8601, `timestamp_desc`), `timestamp` in microseconds, and the row's
// own fields flattened under safe keys. Spec: Timesketch docs "Import from JSON or CSV" and its
// importer, google/timesketch timesketch/lib/utils.py (read_and_validate_jsonl: mandatory fields,
// `tag` parsing, FIELDS_TO_REMOVE scrubbed) and data/plaso.mappings (typed fields). Every row is
// one that importer takes unchanged; src/testing/timesketch-rules.ts re-implements its rules.
// Pure: used by the CLI and the app.
import type { CaseFile, HostRegistry } from '../../model/case';
import { ARTIFACT_EVTX, ARTIFACT_MFT, ARTIFACT_PREFETCH, ARTIFACT_USN } from '../../model/artifact';
import { ARTIFACT_BY_CODE, type EventsTable, type IndexIntoEventsTable } from '../../model/events-table';
import { isoFromParts } from '../../model/time-text';
import type { ArtifactKind } from '../../parsers/types';

const DATA_TYPE: Record<ArtifactKind, string> = {
  evtx: 'windows:evtx:record',
  prefetch: 'windows:prefetch:execution',
  mft: 'fs:ntfs:mft',
  usn: 'fs:ntfs:usn_change',
};
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
  'timesketch_label',
]);

/** Fields data/plaso.mappings types as text + keyword (no ignore_above): exact names, so ours
 *  (`Version`, `Flags`) stay as they are, and a log's own lower-case `data` or `version` moves. */
const MAPPED = new Set([
  'application',
  'data',
  'doc_type',
  'event_type',
  'exit_status',
  'facility',
  'file_reference',
  'file_size',
  'flags',
  'identifier',
  'message_status',
  'message_type',
  'offset',
  'sequence_number',
  'severity',
  'source_port',
  'user_identifier',
  'version',
  'http_response_bytes',
]);

/** Field name Timesketch (OpenSearch) accepts: letters, digits, '_', no leading '_'; no clash. */
export function safeKey(key: string): string {
  let k = key.replace(/^@/, 'System_').replace(/[^A-Za-z0-9_]/g, '_');
  if (!k || k.startsWith('_') || RESERVED.has(k.toLowerCase()) || MAPPED.has(k)) k = `field_${k}`;
  return k;
}

/** `2026-10-14T10:02:11.123456+00:00` from ms + 100 ns ticks (the 100 ns ISO form cut to µs). */
export function isoMicros(timeMs: number, tick: number): string {
  return `${isoFromParts(Math.floor(timeMs), tick).slice(0, 26)}+00:00`;
}

function timestampDesc(artifact: number, label: string): string {
  if (artifact === ARTIFACT_EVTX) return 'Event Recorded';
  if (artifact === ARTIFACT_PREFETCH) return 'Last Run Time';
  if (artifact === ARTIFACT_USN) return 'USN Record Time';
  return label || 'Time';
}

/** ms + 100 ns ticks of our ISO form (`…T10:02:11.1234567Z`), or null. */
function isoParts(iso: string): { timeMs: number; tick: number } | null {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,7}))?Z$/.exec(iso);
  if (!m) return null;
  const base = Date.parse(`${m[1]}Z`);
  if (Number.isNaN(base)) return null;
  const ticks = Number((m[2] ?? '').padEnd(7, '0'));
  return { timeMs: base + Math.floor(ticks / 10000), tick: ticks % 10000 };
}

/** A row's own fallback time when its timeline time is missing: an $MFT entry without
 *  $STANDARD_INFORMATION still has its $FILE_NAME created time. */
function fallbackTime(
  table: EventsTable,
  row: number,
): { timeMs: number; tick: number; desc: string } | null {
  if (table.artifact[row] !== ARTIFACT_MFT) return null;
  const s = table.strings;
  const end = table.fieldStart[row] + table.fieldCount[row];
  for (let k = table.fieldStart[row]; k < end; k++) {
    if (s[table.fieldKey[k]] !== 'FnCreated') continue;
    const p = isoParts(s[table.fieldValue[k]] ?? '');
    return p ? { ...p, desc: 'FN created (no $STANDARD_INFORMATION)' } : null;
  }
  return null;
}

/**
 * Lines for rows [fromRow, toRow) in table order. Rows without any time are left out
 * (Timesketch requires `datetime`); TimesketchWriter.untimed lists them. Strings are interned,
 * so their JSON encodings are cached by index.
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
  /** Rows left out for having no time at all, in the order they were met. */
  readonly untimed: IndexIntoEventsTable[] = [];

  constructor(
    private readonly table: EventsTable,
    private readonly hosts: Pick<HostRegistry, 'name'>,
    private readonly files: readonly Pick<CaseFile, 'path'>[],
  ) {}

  /** Lines for rows[from, to); rows without any time go to `untimed`. */
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
      let timeMs = table.timeMs[row];
      let tick = table.tick[row];
      const art = table.artifact[row];
      const label = s[table.label[row]] ?? '';
      let desc = timestampDesc(art, label);
      if (!Number.isFinite(timeMs)) {
        const f = fallbackTime(table, row);
        if (!f) {
          this.untimed.push(row);
          continue;
        }
        ({ timeMs, tick, desc } = f);
      }
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
        `{"message":${message},"datetime":"${isoMicros(timeMs, tick)}",` +
        `"timestamp":${Math.floor(timeMs) * 1000 + Math.floor(tick / 10)},` +
        `"timestamp_desc":${JSON.stringify(desc)},"data_type":"${DATA_TYPE[ARTIFACT_BY_CODE[art]] ?? 'tracelens:row'}",` +
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

/** One line of the sidecar that lists rows left out of a Timesketch export (no time at all). */
export function untimedLine(
  table: EventsTable,
  files: readonly Pick<CaseFile, 'path'>[],
  row: IndexIntoEventsTable,
): string {
  const s = table.strings;
  return JSON.stringify({
    reason: 'no time',
    artifact: ARTIFACT_BY_CODE[table.artifact[row]] ?? 'unknown',
    source_file: files[table.file[row]]?.path ?? '',
    record: table.ref[row],
    label: s[table.label[row]] ?? '',
    message: s[table.summary[row]] ?? '',
  });
}
