// Timeline index over the columnar events table: time order, filters, facets and histogram.
// Everything works on Uint32Array row-id lists (IndexIntoEventsTable) so a million rows never
// become a million objects. Pure: runs in the worker, on the main thread and in Node.
import { ARTIFACT_COUNT, artifactName } from '../model/artifact';
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
  /** Artifact codes (src/model/artifact.ts). */
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

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
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

/**
 * Builds a Histogram over [from, to]: the bin width snapped by `niceStep`, groups in the order
 * their first row is added, named by artifact (`$MFT`) or by source string (`(none)` when empty).
 */
export class HistogramBuilder {
  readonly start: Milliseconds;
  readonly step: Milliseconds;
  readonly bins: number;
  private readonly groupIndex: Int32Array;
  private readonly groups: string[] = [];
  private readonly counts: Uint32Array[] = [];

  constructor(
    from: Milliseconds,
    to: Milliseconds,
    maxBins: number,
    private readonly groupBy: 'artifact' | 'source',
    private readonly strings: readonly string[],
  ) {
    this.step = niceStep(from, to, maxBins);
    this.start = Math.floor(from / this.step) * this.step;
    this.bins = Math.max(1, Math.floor((to - this.start) / this.step) + 1);
    this.groupIndex = new Int32Array(groupBy === 'artifact' ? 256 : Math.max(1, strings.length)).fill(-1);
  }

  /** Counts one row: `key` is its artifact code or source string id, `t` its time (>= start). */
  add(key: number, t: Milliseconds): void {
    let g = this.groupIndex[key];
    if (g < 0) {
      g = this.groups.length;
      this.groupIndex[key] = g;
      this.groups.push(
        this.groupBy === 'artifact' ? artifactName(key, String(key)) : this.strings[key] || '(none)',
      );
      this.counts.push(new Uint32Array(this.bins));
    }
    this.counts[g][Math.min(this.bins - 1, Math.floor((t - this.start) / this.step))]++;
  }

  finish(): Histogram {
    const { start, step, bins, groups, counts } = this;
    return { start, step, bins, groups, counts };
  }
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
    const key = ((h + 1) * ARTIFACT_COUNT + table.artifact[r]) * 0x100000000 + table.source[r];
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
