// Timeline index over the columnar events table: time order, filters, facets and histogram.
// Everything works on Uint32Array row-id lists (IndexIntoEventsTable) so a million rows never
// become a million objects. Pure: runs in the worker, on the main thread and in Node.
import type {
  EventsTable,
  IndexIntoEventsTable,
  IndexIntoHostTable,
  Milliseconds,
} from '../model/events-table';

/** Host column value of a row that belongs to no host. */
export const NO_HOST = 0xffffffff;
/** Field names that carry a process image or executable name, in every artifact. */
export const PROCESS_FIELDS = [
  'Image',
  'Application',
  'Executable',
  'ProcessName',
  'NewProcessName',
] as const;

const DIGIT_BITS = 16;
const DIGIT_SIZE = 1 << DIGIT_BITS;

/** Index of a string in the table's string array, or -1 (linear scan; use for a few keys only). */
export function stringIndex(table: EventsTable, s: string): number {
  return table.strings.indexOf(s);
}

function radixPass(src: Uint32Array, dst: Uint32Array, key: Uint16Array, counts: Uint32Array): boolean {
  counts.fill(0);
  const n = src.length;
  for (let i = 0; i < n; i++) counts[key[src[i]]]++;
  let sum = 0;
  let used = 0;
  for (let d = 0; d < DIGIT_SIZE; d++) {
    const c = counts[d];
    if (c) used++;
    counts[d] = sum;
    sum += c;
  }
  if (used <= 1) return false;
  for (let i = 0; i < n; i++) {
    const r = src[i];
    dst[counts[key[r]]++] = r;
  }
  return true;
}

/**
 * Row ids sorted by (timeMs, tick), stable, rows without a time (NaN) last.
 * LSD radix sort on the 100 ns offset from the earliest time, 16 bits per pass over a per-row
 * digit column: O(n) typed-array passes, no comparator calls, no per-row objects.
 */
export function timeOrder(table: EventsTable): Uint32Array {
  const n = table.length;
  const { timeMs, tick } = table;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  let timedCount = 0;
  for (let i = 0; i < n; i++) {
    const t = timeMs[i];
    if (!Number.isNaN(t)) {
      timedCount++;
      if (t < min) min = t;
      if (t > max) max = t;
    }
  }
  let a = new Uint32Array(timedCount);
  let b = new Uint32Array(timedCount);
  const out = timedCount === n ? null : new Uint32Array(n);
  let k = 0;
  let u = timedCount;
  for (let i = 0; i < n; i++) {
    if (!Number.isNaN(timeMs[i])) a[k++] = i;
    else if (out) out[u++] = i;
  }
  const span = timedCount ? Math.floor(max - min) : 0;
  const counts = new Uint32Array(DIGIT_SIZE);
  const key = new Uint16Array(n);
  const pass = () => {
    if (radixPass(a, b, key, counts)) [a, b] = [b, a];
  };
  for (let i = 0; i < timedCount; i++) key[a[i]] = tick[a[i]];
  pass();
  for (let shift = 0; shift < 64 && span >= 2 ** shift; shift += DIGIT_BITS) {
    const div = 2 ** shift;
    for (let i = 0; i < timedCount; i++) {
      const r = a[i];
      key[r] = Math.floor(Math.floor(timeMs[r] - min) / div) % DIGIT_SIZE;
    }
    pass();
  }
  if (!out) return a;
  out.set(a);
  return out;
}

/** What the timeline shows. Absent members do not filter. */
export interface TimelineFilter {
  /** Resolved host ids (after merges); rows of other hosts are dropped. */
  hosts?: ReadonlySet<IndexIntoHostTable>;
  /** Artifact codes (0 evtx, 1 prefetch, 2 mft, 3 usn). */
  artifacts?: ReadonlySet<number>;
  /** Channel / source names (EVTX Channel, 'Prefetch', '$MFT', '$UsnJrnl:$J'). */
  sources?: ReadonlySet<string>;
  eventIds?: ReadonlySet<number>;
  /** Case-insensitive substring of a process field (Image, Application, Executable, ProcessName). */
  process?: string;
  /** Only these rows (checklist evidence, heatmap cell, linked to an execution). */
  rows?: ArrayLike<IndexIntoEventsTable>;
  /** [from, to] inclusive, ms since 1970. */
  timeRange?: [Milliseconds, Milliseconds];
}

/** Maps the host column to resolved host ids (merges applied); NO_HOST stays NO_HOST. */
export type HostResolver = (raw: number) => number;

/** First position in `order` whose row time is >= t (binary search; untimed rows sort last). */
export function lowerBound(table: EventsTable, order: Uint32Array, t: Milliseconds): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = table.timeMs[order[mid]];
    if (v < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Position after the last row in `order` whose time is <= t. */
export function upperBound(table: EventsTable, order: Uint32Array, t: Milliseconds): number {
  let lo = 0;
  let hi = order.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const v = table.timeMs[order[mid]];
    if (v <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Flags over the string table: 1 where the string contains `needle` (case-insensitive). */
export function matchStringsContaining(strings: readonly string[], needle: string): Uint8Array {
  const flags = new Uint8Array(strings.length);
  const re = new RegExp(escapeRegExp(needle), 'i');
  for (let i = 0; i < strings.length; i++) if (re.test(strings[i])) flags[i] = 1;
  return flags;
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Row ids of `order` (time-sorted or any order) that pass `filter`, in the same order.
 * O(rows); the process filter tests each distinct string once.
 */
export function filterRows(
  table: EventsTable,
  order: Uint32Array,
  filter: TimelineFilter,
  resolveHost: HostResolver = (h) => h,
): Uint32Array {
  let from = 0;
  let to = order.length;
  if (filter.timeRange && order.length === table.length && isTimeSorted(table, order)) {
    from = lowerBound(table, order, filter.timeRange[0]);
    to = upperBound(table, order, filter.timeRange[1]);
  }
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
      const i = stringIndex(table, s);
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
  const ids = filter.eventIds ? [...filter.eventIds] : null;
  const id0 = ids?.[0] ?? 0;
  const oneId = ids?.length === 1;
  let hostOk: Uint8Array | null = null;
  if (filter.hosts) {
    let maxRaw = -1;
    for (let i = from; i < to; i++) {
      const h = table.host[order[i]];
      if (h !== NO_HOST && h > maxRaw) maxRaw = h;
    }
    hostOk = new Uint8Array(maxRaw + 2);
    for (let h = 0; h <= maxRaw; h++) if (filter.hosts.has(resolveHost(h))) hostOk[h] = 1;
  }
  const tr = filter.timeRange;
  const out = new Uint32Array(to - from);
  let n = 0;
  const { artifact, eventId, source, host, timeMs } = table;
  for (let p = from; p < to; p++) {
    const r = order[p];
    if (explicit && explicit[r] === 0) continue;
    if (artifactOk && artifactOk[artifact[r]] === 0) continue;
    if (ids) {
      const e = eventId[r];
      if (oneId ? e !== id0 : !filter.eventIds?.has(e)) continue;
    }
    if (sourceOk && sourceOk[source[r]] === 0) continue;
    if (tr && !(timeMs[r] >= tr[0] && timeMs[r] <= tr[1])) continue;
    if (hostOk) {
      const h = host[r];
      if (h === NO_HOST || hostOk[h] !== 1) continue;
    }
    if (procOf && processValues) {
      const v = procOf[r];
      if (v === 0 || processValues[v] !== 1) continue;
    }
    out[n++] = r;
  }
  return out.slice(0, n);
}

const processColumns = new WeakMap<EventsTable, Uint32Array>();

/**
 * String index of each row's process field (Image, Application, Executable, ProcessName,
 * NewProcessName; the first present), 0 when none. Cached per table object.
 */
export function processColumn(table: EventsTable): Uint32Array {
  const hit = processColumns.get(table);
  if (hit && hit.length === table.length) return hit;
  const keys = new Uint8Array(table.strings.length);
  for (const k of PROCESS_FIELDS) {
    const i = stringIndex(table, k);
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
  processColumns.set(table, col);
  return col;
}

function isTimeSorted(table: EventsTable, order: Uint32Array): boolean {
  const step = Math.max(1, Math.floor(order.length / 64));
  let prev = Number.NEGATIVE_INFINITY;
  for (let p = 0; p < order.length; p += step) {
    const t = table.timeMs[order[p]];
    if (Number.isNaN(t)) continue;
    if (t < prev) return false;
    prev = t;
  }
  return true;
}

export interface Facet<K> {
  key: K;
  count: number;
}

/** Distinct channels/sources, event ids and process values with row counts (filter options). */
export interface TimelineFacets {
  sources: Facet<string>[];
  eventIds: Facet<number>[];
  processes: Facet<string>[];
  /** [min, max] time of timed rows, or null when no row has a time. */
  span: [Milliseconds, Milliseconds] | null;
}

/** Event ids below this are counted in a typed array; larger ones in a Map. */
const DENSE_EVENT_IDS = 0x10000;

/** O(rows) with typed-array counters (no per-row Map operations or objects). */
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

/** Stacked time histogram: counts[group][bin]. `groupOf` maps a row to a group index. */
export interface Histogram {
  start: Milliseconds;
  /** Bin width in ms. */
  step: Milliseconds;
  bins: number;
  groups: string[];
  counts: Uint32Array[];
}

/** Bin widths the histogram snaps to (ms): 1 s … 30 days. */
export const NICE_STEPS: readonly number[] = [
  1e3, 2e3, 5e3, 10e3, 15e3, 30e3, 60e3, 120e3, 300e3, 600e3, 900e3, 1800e3, 3600e3, 7200e3, 10800e3, 21600e3,
  43200e3, 86400e3, 172800e3, 604800e3, 2592000e3,
];

/** Smallest nice step that covers [from, to] in at most `maxBins` bins. */
export function niceStep(from: Milliseconds, to: Milliseconds, maxBins: number): Milliseconds {
  const span = Math.max(1, to - from);
  for (const s of NICE_STEPS) if (span / s <= maxBins) return s;
  const last = NICE_STEPS[NICE_STEPS.length - 1];
  return Math.ceil(span / maxBins / last) * last;
}

export function histogram(
  table: EventsTable,
  rows: Uint32Array,
  from: Milliseconds,
  to: Milliseconds,
  maxBins: number,
  groupBy: 'artifact' | 'source',
): Histogram {
  const step = niceStep(from, to, maxBins);
  const start = Math.floor(from / step) * step;
  const bins = Math.max(1, Math.floor((to - start) / step) + 1);
  const groupIndex = new Int32Array(groupBy === 'artifact' ? 256 : table.strings.length).fill(-1);
  const groups: string[] = [];
  const counts: Uint32Array[] = [];
  const ARTIFACT_NAMES = ['EVTX', 'Prefetch', '$MFT', 'USN'];
  const keyCol = groupBy === 'artifact' ? table.artifact : table.source;
  const timeMs = table.timeMs;
  for (let p = 0; p < rows.length; p++) {
    const r = rows[p];
    const t = timeMs[r];
    if (!(t >= start && t <= to)) continue;
    const key = keyCol[r];
    let g = groupIndex[key];
    if (g < 0) {
      g = groups.length;
      groupIndex[key] = g;
      groups.push(
        groupBy === 'artifact' ? (ARTIFACT_NAMES[key] ?? String(key)) : table.strings[key] || '(none)',
      );
      counts.push(new Uint32Array(bins));
    }
    const b = Math.min(bins - 1, Math.floor((t - start) / step));
    counts[g][b]++;
  }
  return { start, step, bins, groups, counts };
}

/** Position of `row` in `rows`, or -1. */
export function positionOf(rows: Uint32Array, row: IndexIntoEventsTable): number {
  return rows.indexOf(row);
}

/** Rows per (host, artifact, source) with their time span: which logs and artifacts a host has. */
export interface CoverageEntry {
  /** Resolved host id, -1 for rows without a host. */
  host: IndexIntoHostTable;
  artifact: number;
  source: string;
  count: number;
  /** NaN when no row of the group has a time. */
  first: Milliseconds;
  last: Milliseconds;
}

export function coverage(table: EventsTable, resolveHost: HostResolver = (h) => h): CoverageEntry[] {
  const groups = new Map<number, CoverageEntry>();
  const hostCache = new Map<number, number>();
  for (let r = 0; r < table.length; r++) {
    const raw = table.host[r];
    let h = hostCache.get(raw);
    if (h === undefined) {
      h = raw === NO_HOST ? -1 : resolveHost(raw);
      hostCache.set(raw, h);
    }
    const key = ((h + 1) * 4 + table.artifact[r]) * 0x100000000 + table.source[r];
    let g = groups.get(key);
    if (!g) {
      g = {
        host: h,
        artifact: table.artifact[r],
        source: table.strings[table.source[r]],
        count: 0,
        first: Number.NaN,
        last: Number.NaN,
      };
      groups.set(key, g);
    }
    g.count++;
    const t = table.timeMs[r];
    if (!Number.isNaN(t)) {
      if (!(t >= g.first)) g.first = t;
      if (!(t <= g.last)) g.last = t;
    }
  }
  return [...groups.values()].sort(
    (a, b) => a.host - b.host || a.artifact - b.artifact || a.source.localeCompare(b.source),
  );
}
