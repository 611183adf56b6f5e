// Test support: Timesketch's JSONL import rules, re-implemented in TypeScript to hold our
// export against. Sources (google/timesketch):
//   timesketch/lib/utils.py  read_and_validate_jsonl, _parse_tag_field, _scrub_special_tags,
//                            FIELDS_TO_REMOVE, TIMESKETCH_FIELDS
//   data/plaso.mappings      fields typed text + keyword (no ignore_above), timesketch_label
//                            nested, datetime a date
// plus the OpenSearch limits those mappings meet (Lucene's 32766-byte term; `_`-prefixed names
// are metadata fields). A violation is a string naming the line and the rule.

/** utils.py: every line must carry these (RuntimeError "Missing field(s)" otherwise). */
export const MANDATORY = ['message', 'datetime', 'timestamp_desc'] as const;
/** utils.py FIELDS_TO_REMOVE: popped from every event, so their values would be lost. */
export const SCRUBBED = ['_id', '_type', '_index', '_source', '__ts_timeline_id'] as const;
/** data/plaso.mappings: text with a keyword sub-field and no ignore_above. */
export const KEYWORD_MAPPED: readonly string[] = (
  'application data doc_type event_type exit_status facility file_reference file_size flags ' +
  'identifier message_status message_type offset sequence_number severity source_port ' +
  'user_identifier version http_response_bytes'
).split(' ');
/** Lucene refuses a keyword term longer than this many UTF-8 bytes (the event is rejected). */
export const MAX_TERM_BYTES = 32766;

/** ISO 8601 with seconds and an explicit offset: what OpenSearch's `date` (datetime) takes. */
const ISO_DATETIME = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?(Z|[+-]\d\d:\d\d)$/;

/** utils.py _parse_tag_field; throws as json.loads would on a bad `[...]` string. */
export function parseTagField(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  const row = typeof value === 'string' ? value : String(value);
  if (row.startsWith('[') && row.endsWith(']')) {
    const parsed = JSON.parse(row);
    if (!Array.isArray(parsed)) throw new Error('tag is not a list');
    return parsed;
  }
  if (row === '-') return [];
  if (row.includes(',')) return row.split(',');
  return [row];
}

/** µs since 1970 of an ISO_DATETIME string, or null. */
export function isoMicros(s: string): number | null {
  const m = ISO_DATETIME.exec(s);
  if (!m) return null;
  const ms = Date.parse(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[8]}`);
  if (Number.isNaN(ms)) return null;
  return ms * 1000 + Number((m[7] ?? '').padEnd(6, '0').slice(0, 6));
}

const utf8 = new TextEncoder();

/** Violations of one JSONL line (1-based `lineno`), empty when Timesketch takes it unchanged. */
export function checkTimesketchLine(line: string, lineno: number): string[] {
  const bad: string[] = [];
  const at = `line ${lineno}`;
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch (e) {
    return [`${at}: not JSON (${(e as Error).message}): the import stops with DataIngestionError`];
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return [`${at}: not a JSON object`];
  const o = obj as Record<string, unknown>;
  for (const f of MANDATORY) if (!(f in o)) bad.push(`${at}: missing mandatory field ${f}`);
  for (const f of ['message', 'timestamp_desc']) {
    if (f in o && (typeof o[f] !== 'string' || o[f] === ''))
      bad.push(`${at}: ${f} is not a non-empty string`);
  }
  if ('datetime' in o) {
    const dt = typeof o.datetime === 'string' ? isoMicros(o.datetime) : null;
    if (dt === null) bad.push(`${at}: datetime ${JSON.stringify(o.datetime)} is not ISO 8601 with an offset`);
    if (!('timestamp' in o)) bad.push(`${at}: no timestamp (utils.py would re-derive it from datetime)`);
    else if (!Number.isSafeInteger(o.timestamp)) bad.push(`${at}: timestamp is not an integer of µs`);
    else if (dt !== null && o.timestamp !== dt)
      bad.push(`${at}: timestamp ${o.timestamp} is not datetime ${dt} µs`);
  }
  for (const f of SCRUBBED) if (f in o) bad.push(`${at}: field ${f} is scrubbed by the importer`);
  for (const k of Object.keys(o)) if (k.startsWith('_')) bad.push(`${at}: field ${k} starts with '_'`);
  if ('tag' in o) {
    try {
      const tags = parseTagField(o.tag).filter((x) => x);
      if (tags.some((x) => typeof x !== 'string')) bad.push(`${at}: tag holds a non-string`);
    } catch (e) {
      bad.push(`${at}: tag does not parse (${(e as Error).message})`);
    }
  }
  if ('timesketch_label' in o && (typeof o.timesketch_label !== 'object' || o.timesketch_label === null))
    bad.push(`${at}: timesketch_label is mapped nested but holds a scalar`);
  for (const f of KEYWORD_MAPPED) {
    const v = o[f];
    if (typeof v === 'string' && utf8.encode(v).length > MAX_TERM_BYTES)
      bad.push(`${at}: ${f} is a keyword field and its value is longer than ${MAX_TERM_BYTES} bytes`);
    if (v !== undefined && typeof v === 'object')
      bad.push(`${at}: ${f} is mapped as text but holds an object`);
  }
  return bad;
}

/** Violations over a whole export (first `limit` of them). */
export function checkTimesketchLines(lines: readonly string[], limit = 20): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length && out.length < limit; i++)
    out.push(...checkTimesketchLine(lines[i], i + 1));
  return out.slice(0, limit);
}
