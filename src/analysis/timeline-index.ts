// The analysis worker's time index: the rows in time order (the order of timeOrder in
// src/analysis/timeline.ts) with the columns a filter and the histogram read copied into that
// order, so a filter change is a sequential pass over typed arrays instead of random reads of
// millions of rows. Appended rows are sorted on their own and merged in place from the back (no
// re-sort of the table); facet counters and the per-row process column grow with each append.
import {
  escapeRegExp,
  type Facet,
  type Histogram,
  HistogramBuilder,
  NO_HOST,
  PROCESS_FIELDS,
  type TimelineFacets,
  type TimelineFilter,
  timeOrder,
} from './timeline';
import { type EventsTable, growColumn, type Milliseconds } from '../model/events-table';

/** Event ids below this are counted in a typed array; larger ones in a Map. */
const DENSE_EVENT_IDS = 0x10000;
const PROCESS_KEYS: ReadonlySet<string> = new Set(PROCESS_FIELDS);
/** Bins over the span that `activity` counts rows in. */
export const ACTIVITY_BINS = 1024;
/** `activity` grows over bins holding at least this share of the fullest bin's rows. */
export const ACTIVITY_FLOOR = 0.01;

/** What the timeline filters on (the time range is applied separately, by binary search). */
export type IndexFilter = Omit<TimelineFilter, 'timeRange'>;

/**
 * Time-ordered copy of the filter columns. Positions [0, timed) hold rows with a time, sorted by
 * (timeMs, tick, row); positions [timed, n) the untimed rows in row order.
 */
export class TimeIndex {
  /** Rows indexed (a prefix of the table). */
  n = 0;
  /** Positions [0, timed) have a time. */
  timed = 0;
  /** Bumped whenever positions or columns change. */
  stamp = 0;
  order = new Uint32Array(0);
  time = new Float64Array(0);
  tick = new Uint16Array(0);
  art = new Uint8Array(0);
  eid = new Int32Array(0);
  src = new Uint32Array(0);
  /** Raw host column value per position. */
  host = new Uint32Array(0);
  /** Process string id per position (0 when the row has none). */
  proc = new Uint32Array(0);
  /** Process string id per row (row order). */
  private procRow = new Uint32Array(0);
  /**
   * Per string id: 1 when it is a process field name, 2 when it was seen as another field name,
   * 0 when not yet seen as a field name (only key ids are looked up, so the millions of value
   * strings are never hashed).
   */
  private procKey = new Uint8Array(0);
  private sourceCount = new Uint32Array(0);
  private procCount = new Uint32Array(0);
  private readonly sourceIds = new Set<number>();
  private readonly procIds = new Set<number>();
  private readonly idCount = new Uint32Array(DENSE_EVENT_IDS);
  private readonly bigIds = new Map<number, number>();
  private inverse: { stamp: number; pos: Uint32Array } | null = null;
  /** Reused output buffer of `filter` (fewer large allocations, less GC in the worker). */
  private scratch = new Uint32Array(0);
  private all: { stamp: number; pos: Uint32Array } | null = null;
  private facetCache: { stamp: number; facets: TimelineFacets } | null = null;

  /** Indexes rows [n, table.length) of `table` (an append-only table whose first n rows are indexed). */
  append(table: EventsTable): void {
    const n0 = this.n;
    const n1 = table.length;
    if (n1 <= n0) return;
    const d = n1 - n0;
    const delta = {
      length: d,
      timeMs: table.timeMs.subarray(n0, n1),
      tick: table.tick.subarray(n0, n1),
    } as EventsTable;
    const local = timeOrder(delta);
    this.procRow = growColumn(this.procRow, n1);
    this.count(table, n0, n1);

    const dOrder = new Uint32Array(d);
    const dTime = new Float64Array(d);
    const dTick = new Uint16Array(d);
    const dArt = new Uint8Array(d);
    const dEid = new Int32Array(d);
    const dSrc = new Uint32Array(d);
    const dHost = new Uint32Array(d);
    const dProc = new Uint32Array(d);
    let dTimed = 0;
    for (let i = 0; i < d; i++) {
      const r = local[i] + n0;
      dOrder[i] = r;
      const t = table.timeMs[r];
      dTime[i] = t;
      if (!Number.isNaN(t)) dTimed = i + 1;
      dTick[i] = table.tick[r];
      dArt[i] = table.artifact[r];
      dEid[i] = table.eventId[r];
      dSrc[i] = table.source[r];
      dHost[i] = table.host[r];
      dProc[i] = this.procRow[r];
    }

    this.order = growColumn(this.order, n1);
    this.time = growColumn(this.time, n1);
    this.tick = growColumn(this.tick, n1);
    this.art = growColumn(this.art, n1);
    this.eid = growColumn(this.eid, n1);
    this.src = growColumn(this.src, n1);
    this.host = growColumn(this.host, n1);
    this.proc = growColumn(this.proc, n1);
    const cols = [this.order, this.time, this.tick, this.art, this.eid, this.src, this.host, this.proc];
    const dCols = [dOrder, dTime, dTick, dArt, dEid, dSrc, dHost, dProc];
    const t0 = this.timed;
    const u0 = n0 - t0;
    const t1 = dTimed;
    // Untimed rows keep row order: old untimed, then new untimed, after every timed row.
    for (let c = 0; c < cols.length; c++) {
      const col = cols[c];
      if (u0 > 0 && t1 > 0) col.copyWithin(t0 + t1, t0, n0);
      (col as Uint32Array).set((dCols[c] as Uint32Array).subarray(t1), t0 + t1 + u0);
    }
    this.mergeTimed(t0, t1, dOrder, dTime, dTick, dArt, dEid, dSrc, dHost, dProc);
    this.timed = t0 + t1;
    this.n = n1;
    this.stamp++;
  }

  /** Merges the d timed delta positions into [0, t0) from the back (stable: old rows first on ties). */
  private mergeTimed(
    t0: number,
    t1: number,
    dOrder: Uint32Array,
    dTime: Float64Array,
    dTick: Uint16Array,
    dArt: Uint8Array,
    dEid: Int32Array,
    dSrc: Uint32Array,
    dHost: Uint32Array,
    dProc: Uint32Array,
  ): void {
    const { order, time, tick, art, eid, src, host, proc } = this;
    let i = t0 - 1;
    let j = t1 - 1;
    let k = t0 + t1 - 1;
    while (j >= 0) {
      const tj = dTime[j];
      let old = false;
      if (i >= 0) {
        const ti = time[i];
        old = ti > tj || (ti === tj && tick[i] > dTick[j]);
      }
      if (old) {
        order[k] = order[i];
        time[k] = time[i];
        tick[k] = tick[i];
        art[k] = art[i];
        eid[k] = eid[i];
        src[k] = src[i];
        host[k] = host[i];
        proc[k] = proc[i];
        i--;
      } else {
        order[k] = dOrder[j];
        time[k] = tj;
        tick[k] = dTick[j];
        art[k] = dArt[j];
        eid[k] = dEid[j];
        src[k] = dSrc[j];
        host[k] = dHost[j];
        proc[k] = dProc[j];
        j--;
      }
      k--;
    }
  }

  /** Re-reads the host column (host assignment rewrites it in place). */
  rehost(hostCol: Uint32Array): void {
    const { order, host } = this;
    for (let p = 0; p < this.n; p++) host[p] = hostCol[order[p]];
    this.stamp++;
  }

  /** Process column and facet counters for rows [from, to). */
  private count(table: EventsTable, from: number, to: number): void {
    const nStrings = table.strings.length;
    this.sourceCount = growColumn(this.sourceCount, nStrings);
    this.procCount = growColumn(this.procCount, nStrings);
    this.procKey = growColumn(this.procKey, nStrings);
    const { fieldStart, fieldCount, fieldKey, fieldValue, source, eventId, strings } = table;
    const { procKey, procRow, sourceCount, procCount, idCount } = this;
    for (let r = from; r < to; r++) {
      let v = 0;
      const end = fieldStart[r] + fieldCount[r];
      for (let k = fieldStart[r]; k < end; k++) {
        const key = fieldKey[k];
        let kind = procKey[key];
        if (kind === 0) {
          kind = PROCESS_KEYS.has(strings[key]) ? 1 : 2;
          procKey[key] = kind;
        }
        if (kind === 1) {
          v = fieldValue[k];
          break;
        }
      }
      procRow[r] = v;
      if (v && procCount[v]++ === 0) this.procIds.add(v);
      const s = source[r];
      if (sourceCount[s]++ === 0) this.sourceIds.add(s);
      const e = eventId[r];
      if (e >= 0) {
        if (e < DENSE_EVENT_IDS) idCount[e]++;
        else this.bigIds.set(e, (this.bigIds.get(e) ?? 0) + 1);
      }
    }
  }

  /** Distinct sources, event ids and processes with counts (cut to `limit` entries each). */
  facets(strings: readonly string[], limit: number): TimelineFacets {
    if (this.facetCache?.stamp === this.stamp) return this.facetCache.facets;
    const byCount = <K>(a: Facet<K>, b: Facet<K>) => b.count - a.count;
    const list = (ids: Set<number>, counts: Uint32Array) =>
      [...ids]
        .sort((a, b) => a - b)
        .map((i) => ({ key: strings[i], count: counts[i] }))
        .sort(byCount)
        .slice(0, limit);
    const eventIds: Facet<number>[] = [];
    for (let e = 0; e < DENSE_EVENT_IDS; e++)
      if (this.idCount[e]) eventIds.push({ key: e, count: this.idCount[e] });
    for (const [key, count] of [...this.bigIds].sort((a, b) => a[0] - b[0])) eventIds.push({ key, count });
    const facets: TimelineFacets = {
      sources: list(this.sourceIds, this.sourceCount),
      eventIds: eventIds.slice(0, limit),
      processes: list(this.procIds, this.procCount),
      span: this.timed ? [this.time[0], this.time[this.timed - 1]] : null,
    };
    this.facetCache = { stamp: this.stamp, facets };
    return facets;
  }

  /** Position of each row (inverse of `order`), built once per stamp. */
  positions(): Uint32Array {
    if (this.inverse?.stamp !== this.stamp) {
      const pos = growColumn(this.inverse?.pos ?? new Uint32Array(0), this.n);
      for (let p = 0; p < this.n; p++) pos[this.order[p]] = p;
      this.inverse = { stamp: this.stamp, pos };
    }
    return this.inverse.pos;
  }

  /**
   * Positions (ascending, so in time order) of the rows that pass `f`. `hostCount` is the number
   * of raw host ids `resolveHost` knows (host column values below it).
   */
  filter(
    f: IndexFilter,
    strings: readonly string[],
    resolveHost: (raw: number) => number,
    hostCount: number,
  ): Uint32Array {
    const n = this.n;
    let artOk: Uint8Array | null = null;
    if (f.artifacts) {
      artOk = new Uint8Array(256);
      for (const a of f.artifacts) artOk[a & 0xff] = 1;
    }
    let srcOk: Uint8Array | null = null;
    if (f.sources) {
      srcOk = new Uint8Array(Math.max(1, this.sourceCount.length));
      for (const id of this.sourceIds) if (f.sources.has(strings[id])) srcOk[id] = 1;
    }
    let procOk: Uint8Array | null = null;
    const needle = f.process?.trim();
    if (needle) {
      const re = new RegExp(escapeRegExp(needle), 'i');
      procOk = new Uint8Array(Math.max(1, this.procCount.length));
      for (const id of this.procIds) if (re.test(strings[id])) procOk[id] = 1;
    }
    let hostOk: Uint8Array | null = null;
    const hostSet = f.hosts ?? null;
    if (hostSet) {
      hostOk = new Uint8Array(Math.max(1, hostCount));
      for (let h = 0; h < hostCount; h++) if (hostSet.has(resolveHost(h))) hostOk[h] = 1;
    }
    const ids = f.eventIds ? [...f.eventIds] : null;
    const idSet = f.eventIds ?? null;
    const id0 = ids?.[0] ?? 0;
    const oneId = ids?.length === 1;
    const { art, eid, src, host, proc } = this;
    const test = (p: number): boolean => {
      if (artOk && artOk[art[p]] === 0) return false;
      if (ids) {
        const e = eid[p];
        if (oneId ? e !== id0 : !idSet?.has(e)) return false;
      }
      if (srcOk && srcOk[src[p]] !== 1) return false;
      if (hostOk && hostSet) {
        const h = host[p];
        if (h === NO_HOST) return false;
        if (h < hostOk.length ? hostOk[h] !== 1 : !hostSet.has(resolveHost(h))) return false;
      }
      if (procOk) {
        const v = proc[p];
        if (v === 0 || procOk[v] !== 1) return false;
      }
      return true;
    };
    if (f.rows) {
      const inv = this.positions();
      const want = new Uint32Array(f.rows.length);
      let m = 0;
      for (let i = 0; i < f.rows.length; i++) {
        const r = f.rows[i];
        if (r < n) want[m++] = inv[r];
      }
      const sorted = want.subarray(0, m).sort();
      const out = new Uint32Array(m);
      let k = 0;
      for (let i = 0; i < m; i++) {
        const p = sorted[i];
        if (i > 0 && p === sorted[i - 1]) continue;
        if (test(p)) out[k++] = p;
      }
      return out.slice(0, k);
    }
    if (!artOk && !ids && !srcOk && !hostOk && !procOk) {
      if (this.all?.stamp !== this.stamp) {
        const pos = new Uint32Array(n);
        for (let p = 0; p < n; p++) pos[p] = p;
        this.all = { stamp: this.stamp, pos };
      }
      return this.all.pos;
    }
    this.scratch = growColumn(this.scratch, n);
    const out = this.scratch;
    let k = 0;
    if (ids && oneId && !artOk && !srcOk && !hostOk && !procOk) {
      for (let p = 0; p < n; p++) if (eid[p] === id0) out[k++] = p;
      return out.slice(0, k);
    }
    for (let p = 0; p < n; p++) {
      if (artOk && artOk[art[p]] === 0) continue;
      if (ids) {
        const e = eid[p];
        if (oneId ? e !== id0 : !idSet?.has(e)) continue;
      }
      if (srcOk && srcOk[src[p]] !== 1) continue;
      if (hostOk && hostSet) {
        const h = host[p];
        if (h === NO_HOST) continue;
        if (h < hostOk.length ? hostOk[h] !== 1 : !hostSet.has(resolveHost(h))) continue;
      }
      if (procOk) {
        const v = proc[p];
        if (v === 0 || procOk[v] !== 1) continue;
      }
      out[k++] = p;
    }
    return out.slice(0, k);
  }

  /** Rows at positions[from, to). */
  rowsAt(positions: Uint32Array, from = 0, to = positions.length): Uint32Array {
    if (positions.length === this.n) return this.order.slice(from, to);
    const out = new Uint32Array(Math.max(0, to - from));
    const { order } = this;
    for (let i = from; i < to; i++) out[i - from] = order[positions[i]];
    return out;
  }

  /**
   * First index in `positions` whose time is >= t, or > t when `inclusive` (then it is the end of
   * the positions whose time is <= t). Binary search; untimed positions sort last.
   */
  bound(positions: Uint32Array, t: Milliseconds, inclusive = false): number {
    let lo = 0;
    let hi = positions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.time[positions[mid]];
      if (v < t || (inclusive && v === t)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Number of timed positions in `positions` (they come first). */
  timedCount(positions: Uint32Array): number {
    let lo = 0;
    let hi = positions.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (positions[mid] < this.timed) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** [first, last] time of the timed positions, or null. */
  span(positions: Uint32Array): [Milliseconds, Milliseconds] | null {
    const m = this.timedCount(positions);
    return m ? [this.time[positions[0]], this.time[positions[m - 1]]] : null;
  }

  /**
   * The busy region around the densest part of the span: the timed positions are counted in
   * ACTIVITY_BINS equal bins over their span; from the fullest bin the window grows over
   * neighbouring bins while they hold at least ACTIVITY_FLOOR of its count. Returns the first and
   * last row time inside, or null when there are no timed positions.
   */
  activity(positions: Uint32Array): [Milliseconds, Milliseconds] | null {
    const m = this.timedCount(positions);
    if (!m) return null;
    const time = this.time;
    const t0 = time[positions[0]];
    const t1 = time[positions[m - 1]];
    if (!(t1 > t0)) return [t0, t1];
    const width = (t1 - t0) / ACTIVITY_BINS;
    const counts = new Uint32Array(ACTIVITY_BINS);
    for (let i = 0; i < m; i++)
      counts[Math.min(ACTIVITY_BINS - 1, Math.floor((time[positions[i]] - t0) / width))]++;
    let peak = 0;
    for (let b = 1; b < ACTIVITY_BINS; b++) if (counts[b] > counts[peak]) peak = b;
    const floor = Math.max(1, counts[peak] * ACTIVITY_FLOOR);
    let lo = peak;
    let hi = peak;
    while (lo > 0 && counts[lo - 1] >= floor) lo--;
    while (hi < ACTIVITY_BINS - 1 && counts[hi + 1] >= floor) hi++;
    let first = 0;
    for (let b = 0; b < lo; b++) first += counts[b];
    let last = first - 1;
    for (let b = lo; b <= hi; b++) last += counts[b];
    return [time[positions[first]], time[positions[last]]];
  }

  /**
   * Stacked histogram of the positions whose time is in [from, to] (the tests' oracle is
   * `histogram` in src/testing/timeline-oracle.ts).
   */
  histogram(
    positions: Uint32Array,
    strings: readonly string[],
    from: Milliseconds,
    to: Milliseconds,
    maxBins: number,
    groupBy: 'artifact' | 'source',
  ): Histogram {
    const h = new HistogramBuilder(from, to, maxBins, groupBy, strings);
    const a = this.bound(positions, h.start);
    const b = this.bound(positions, to, true);
    const keyCol = groupBy === 'artifact' ? this.art : this.src;
    const time = this.time;
    for (let i = a; i < b; i++) {
      const p = positions[i];
      h.add(keyCol[p], time[p]);
    }
    return h.finish();
  }
}
