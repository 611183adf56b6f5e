// Test oracle for the analysis worker's time index (src/analysis/timeline-index.ts) and the
// analysis session: the same filter, facets and histogram computed directly over the events
// table, row by row, with no index, cache or incremental state. Tests compare the index's
// answers with these; nothing outside tests may import this file.
import type { EventsTable, Milliseconds } from '../model/events-table';
import {
  escapeRegExp,
  type Facet,
  type Histogram,
  HistogramBuilder,
  type HostResolver,
  NO_HOST,
  PROCESS_FIELDS,
  type TimelineFacets,
  type TimelineFilter,
} from '../analysis/timeline';

/** Event ids below this are counted in a typed array; larger ones in a Map. */
const DENSE_EVENT_IDS = 0x10000;

/** Flags over the string table: 1 where the string contains `needle` (case-insensitive). */
function matchStringsContaining(strings: readonly string[], needle: string): Uint8Array {
  const flags = new Uint8Array(strings.length);
  const re = new RegExp(escapeRegExp(needle), 'i');
  for (let i = 0; i < strings.length; i++) if (re.test(strings[i])) flags[i] = 1;
  return flags;
}

/**
 * String index of each row's process field (Image, Application, Executable, ProcessName,
 * NewProcessName; the first present), 0 when none.
 */
function processColumn(table: EventsTable): Uint32Array {
  const keys = new Uint8Array(table.strings.length);
  for (const k of PROCESS_FIELDS) {
    const i = table.strings.indexOf(k);
    if (i >= 0) keys[i] = 1;
  }
  const col = new Uint32Array(table.length);
  const { fieldStart, fieldCount, fieldKey, fieldValue } = table;
  for (let r = 0; r < table.length; r++) {
    const end = fieldStart[r] + fieldCount[r];
    for (let k = fieldStart[r]; k < end; k++) {
      if (keys[fieldKey[k]] === 1) {
        col[r] = fieldValue[k];
        break;
      }
    }
  }
  return col;
}

/** Row ids of `order` (time-sorted or any order) that pass `filter`, in the same order. */
export function filterRows(
  table: EventsTable,
  order: Uint32Array,
  filter: TimelineFilter,
  resolveHost: HostResolver = (h) => h,
): Uint32Array {
  const explicit = filter.rows ? new Uint8Array(table.length) : null;
  if (explicit && filter.rows) {
    for (let i = 0; i < filter.rows.length; i++) {
      const r = filter.rows[i];
      if (r < table.length) explicit[r] = 1;
    }
  }
  let sourceOk: Uint8Array | null = null;
  if (filter.sources) {
    sourceOk = new Uint8Array(table.strings.length);
    for (const s of filter.sources) {
      const i = table.strings.indexOf(s);
      if (i >= 0) sourceOk[i] = 1;
    }
  }
  const processValues = filter.process?.trim()
    ? matchStringsContaining(table.strings, filter.process.trim())
    : null;
  const procOf = processValues ? processColumn(table) : null;
  let artifactOk: Uint8Array | null = null;
  if (filter.artifacts) {
    artifactOk = new Uint8Array(256);
    for (const a of filter.artifacts) artifactOk[a & 0xff] = 1;
  }
  const tr = filter.timeRange;
  const out: number[] = [];
  const { artifact, eventId, source, host, timeMs } = table;
  for (let p = 0; p < order.length; p++) {
    const r = order[p];
    if (explicit && explicit[r] === 0) continue;
    if (artifactOk && artifactOk[artifact[r]] === 0) continue;
    if (filter.eventIds && !filter.eventIds.has(eventId[r])) continue;
    if (sourceOk && sourceOk[source[r]] === 0) continue;
    if (tr && !(timeMs[r] >= tr[0] && timeMs[r] <= tr[1])) continue;
    if (filter.hosts && (host[r] === NO_HOST || !filter.hosts.has(resolveHost(host[r])))) continue;
    if (procOf && processValues) {
      const v = procOf[r];
      if (v === 0 || processValues[v] !== 1) continue;
    }
    out.push(r);
  }
  return Uint32Array.from(out);
}

/** Distinct sources, event ids and process values of `rows` (all rows when absent) with counts. */
export function facets(table: EventsTable, rows?: Uint32Array): TimelineFacets {
  const nStrings = table.strings.length;
  const sourceCount = new Uint32Array(nStrings);
  const procCount = new Uint32Array(nStrings);
  const idCount = new Uint32Array(DENSE_EVENT_IDS);
  const bigIds = new Map<number, number>();
  const procOf = processColumn(table);
  const { source, eventId, timeMs } = table;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  const n = rows ? rows.length : table.length;
  for (let p = 0; p < n; p++) {
    const r = rows ? rows[p] : p;
    sourceCount[source[r]]++;
    const e = eventId[r];
    if (e >= 0) {
      if (e < DENSE_EVENT_IDS) idCount[e]++;
      else bigIds.set(e, (bigIds.get(e) ?? 0) + 1);
    }
    const t = timeMs[r];
    if (t < min) min = t;
    if (t > max) max = t;
    const v = procOf[r];
    if (v) procCount[v]++;
  }
  const byCount = <K>(a: Facet<K>, b: Facet<K>) => b.count - a.count;
  const sources: Facet<string>[] = [];
  const processes: Facet<string>[] = [];
  for (let i = 0; i < nStrings; i++) {
    if (sourceCount[i]) sources.push({ key: table.strings[i], count: sourceCount[i] });
    if (procCount[i]) processes.push({ key: table.strings[i], count: procCount[i] });
  }
  const eventIds: Facet<number>[] = [];
  for (let e = 0; e < DENSE_EVENT_IDS; e++) if (idCount[e]) eventIds.push({ key: e, count: idCount[e] });
  for (const [key, count] of [...bigIds].sort((a, b) => a[0] - b[0])) eventIds.push({ key, count });
  return {
    sources: sources.sort(byCount),
    eventIds,
    processes: processes.sort(byCount),
    span: min <= max ? [min, max] : null,
  };
}

/** Stacked histogram of the `rows` whose time is in [from, to], grouped by artifact or source. */
export function histogram(
  table: EventsTable,
  rows: Uint32Array,
  from: Milliseconds,
  to: Milliseconds,
  maxBins: number,
  groupBy: 'artifact' | 'source',
): Histogram {
  const h = new HistogramBuilder(from, to, maxBins, groupBy, table.strings);
  const keyCol = groupBy === 'artifact' ? table.artifact : table.source;
  for (let p = 0; p < rows.length; p++) {
    const r = rows[p];
    const t = table.timeMs[r];
    if (t >= h.start && t <= to) h.add(keyCol[r], t);
  }
  return h.finish();
}
