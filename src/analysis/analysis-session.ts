// The views' heavy per-case-version work, behind a message protocol so it can run in the
// analysis worker (analysis.worker.ts) or, when no worker starts, in-process with the same
// messages: a columnar copy of the events table kept in sync by appended deltas, the time order
// and facets (once per version), filter + histogram per filter change, streaming free-text
// search in time slices, and the fan-out model with its port matrix (once per version). The
// messages themselves are in analysis-messages.ts (re-exported here for the clients).
import { buildFanout, type FanoutModel, type PortMatrix, portMatrix } from './fanout';
import { JoinedStrings, TableSearch, usesRowOrder } from './search';
import type { Histogram } from './timeline';
import type { HostRegistry } from '../model/case';
import { type EventsTable, growColumn } from '../model/events-table';
import { type IndexFilter, TimeIndex } from './timeline-index';

export * from './analysis-messages';
import {
  FIELD_COLUMNS,
  ROW_COLUMNS,
  type AnalysisMessage,
  type AnalysisStats,
  type FanoutRequest,
  type FieldColumn,
  type FilterSpec,
  type Post,
  type RowColumn,
  type SearchRequest,
  type SyncColumn,
  type SyncMessage,
  type TimelineAnswer,
  type TimelineRequest,
} from './analysis-messages';

function noStats(): AnalysisStats {
  return { syncs: 0, resets: 0, hostResends: 0, syncMs: 0, indexRuns: 0, indexMs: 0, warmMs: 0 };
}

/** Work per search slice before yielding to the message queue (ms). */
export const SEARCH_SLICE_MS = 20;
/** Partial search results are posted at most this often (ms), the first as soon as any exist. */
export const SEARCH_PUBLISH_MS = 150;
/** Pause between idle slices that prepare search (ms); requests run in between. */
export const WARM_PAUSE_MS = 5;
/** Filter answers kept for going back to a filter … */
const FILTER_CACHE_ENTRIES = 4;
/** … holding at most this many times the indexed rows in positions between them. */
const FILTER_CACHE_ROWS = 2;
/** Facet lists are cut to this many entries (drop-downs and datalists). */
export const FACET_LIMIT = 500;
/** 'auto' histograms focus on the activity window when it is narrower than this share of the span … */
export const FOCUS_RATIO = 0.125;
/** … and holds at least this share of the filtered timed rows. */
export const FOCUS_MIN_SHARE = 0.5;
/** The time index is brought up to date this long after the last sync (ms) … */
export const INDEX_IDLE_MS = 1000;
/**
 * … or, while syncs keep coming, once the rows it lacks reach this share of the rows it holds
 * (each merge is O(indexed rows), so merges at a geometric pace cost O(rows) in all) …
 */
export const INDEX_GROWTH = 0.5;
/** … or at the latest this long after the first sync it has not seen (ms). */
export const INDEX_MAX_WAIT_MS = 30_000;
/** A timeline request is answered from the indexed rows when at least this many are not yet. */
export const PARTIAL_MIN_ROWS = 200_000;

const EMPTY: Record<RowColumn | FieldColumn, () => SyncColumn> = {
  timeMs: () => new Float64Array(0),
  tick: () => new Uint16Array(0),
  artifact: () => new Uint8Array(0),
  eventId: () => new Int32Array(0),
  source: () => new Uint32Array(0),
  computer: () => new Uint32Array(0),
  label: () => new Uint32Array(0),
  summary: () => new Uint32Array(0),
  fieldStart: () => new Uint32Array(0),
  fieldCount: () => new Uint16Array(0),
  file: () => new Uint32Array(0),
  host: () => new Uint32Array(0),
  fieldKey: () => new Uint32Array(0),
  fieldValue: () => new Uint32Array(0),
};

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

interface FilterEntry {
  version: number;
  stamp: number;
  key: string;
  positions: Uint32Array;
  hists: Map<string, { hist: Histogram | null; range: [number, number] | null; outside: [number, number] }>;
  activity: [number, number] | null | undefined;
}

/** The analysis state machine: feed it messages, it posts answers. */
export class AnalysisSession {
  private cols = new Map<string, SyncColumn>();
  private length = 0;
  private fieldsLength = 0;
  private strings: string[] = [''];
  private resolve: ArrayLike<number> = [];
  private names: string[] = [];
  /** Bumped on every sync; caches below are valid for one version. */
  private version = 0;
  private table: EventsTable | null = null;
  private index = new TimeIndex();
  private hostDirty = false;
  private indexTimer: ReturnType<typeof setTimeout> | null = null;
  private indexWaitFrom = 0;
  /** Recent filtered positions with their histograms, newest first: a filter set back answers without a pass. */
  private filterCache: FilterEntry[] = [];
  private stats = noStats();
  private fanoutCache: { version: number; model: FanoutModel; matrix: PortMatrix } | null = null;
  /** The rows of the latest timeline answer, as filtered positions of the time index. */
  private readonly ranged = new Map<
    number,
    { positions: Uint32Array; from: number; to: number; stamp: number }
  >();
  private search: { id: number; cancelled: boolean } | null = null;
  /** Joined string chunks kept across searches; rebuilt for a new strings array. */
  private joined: JoinedStrings | null = null;
  private warmTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly post: Post,
    /** Unindexed rows from which a timeline request gets a partial answer (PARTIAL_MIN_ROWS). */
    private readonly partialMinRows = PARTIAL_MIN_ROWS,
  ) {
    this.resetColumns();
  }

  handle(msg: AnalysisMessage): void {
    try {
      switch (msg.type) {
        case 'sync':
          this.sync(msg);
          break;
        case 'timeline':
          this.timeline(msg);
          break;
        case 'search':
          this.startSearch(msg);
          break;
        case 'fanout':
          this.fanout(msg);
          break;
        case 'cancel':
          if (this.search?.id === msg.id) this.search.cancelled = true;
          break;
        case 'ping':
          this.post({ type: 'pong', id: msg.id }, []);
          break;
      }
    } catch (e) {
      const id = 'id' in msg ? msg.id : -1;
      this.post({ type: 'error', id, message: e instanceof Error ? e.message : String(e) }, []);
    }
  }

  private resetColumns(): void {
    for (const k of [...ROW_COLUMNS, ...FIELD_COLUMNS]) this.cols.set(k, EMPTY[k]());
    this.length = 0;
    this.fieldsLength = 0;
    this.strings = [''];
  }

  private sync(m: SyncMessage): void {
    const t0 = now();
    this.stats.syncs++;
    if (m.reset) this.stats.resets++;
    if (m.host) this.stats.hostResends++;
    if (m.reset) this.resetColumns();
    for (const k of ROW_COLUMNS) {
      const src = m.rows[k];
      if (!src) continue;
      const col = growColumn(this.cols.get(k) as SyncColumn, m.rowsFrom + src.length);
      (col as Uint32Array).set(src as Uint32Array, m.rowsFrom);
      this.cols.set(k, col);
    }
    for (const k of FIELD_COLUMNS) {
      const src = m.fields[k];
      if (!src) continue;
      const col = growColumn(this.cols.get(k) as SyncColumn, m.fieldsFrom + src.length);
      (col as Uint32Array).set(src as Uint32Array, m.fieldsFrom);
      this.cols.set(k, col);
    }
    if (m.host) {
      const col = growColumn(this.cols.get('host') as SyncColumn, m.host.length);
      (col as Uint32Array).set(m.host, 0);
      this.cols.set('host', col);
    }
    this.strings.length = m.stringsFrom;
    let at = 0;
    for (let i = 0; i < m.stringsLengths.length; i++) {
      const end = at + m.stringsLengths[i];
      this.strings.push(m.stringsText.slice(at, end));
      at = end;
    }
    this.length = m.length;
    this.fieldsLength = m.fieldsLength;
    this.resolve = m.resolve;
    this.names = m.names;
    this.version++;
    this.table = null;
    if (m.reset) {
      this.index = new TimeIndex();
      this.hostDirty = false;
    } else if (m.host) this.hostDirty = true;
    this.scheduleIndex();
    if (m.reset) {
      this.ranged.clear();
      if (this.search) this.search.cancelled = true;
    }
    this.stats.syncMs += now() - t0;
  }

  /**
   * Brings the time index and facets up to date once syncs pause (INDEX_IDLE_MS), or while they
   * keep coming once the index lacks INDEX_GROWTH of its rows (or INDEX_MAX_WAIT_MS passed), then
   * prepares search; requests made before that do it themselves.
   */
  private scheduleIndex(): void {
    const t = now();
    if (this.indexTimer !== null) {
      const behind = this.length - this.index.n >= Math.max(1, this.index.n * INDEX_GROWTH);
      if (behind || t - this.indexWaitFrom >= INDEX_MAX_WAIT_MS) return;
      clearTimeout(this.indexTimer);
    } else this.indexWaitFrom = t;
    this.indexTimer = setTimeout(this.prepare, INDEX_IDLE_MS);
  }

  /** Runs the scheduled index update as the next task. */
  private indexSoon(): void {
    if (this.indexTimer !== null) clearTimeout(this.indexTimer);
    this.indexWaitFrom = now();
    this.indexTimer = setTimeout(this.prepare, 0);
  }

  /** Index, facets and row → position map up to date, then search preparation in slices. */
  private readonly prepare = (): void => {
    this.indexTimer = null;
    const ix = this.ensureIndex();
    ix.facets(this.strings, FACET_LIMIT);
    ix.positions();
    this.scheduleWarm();
  };

  private ensureIndex(): TimeIndex {
    const table = this.view();
    if (!this.hostDirty && this.index.n >= table.length) return this.index;
    const t0 = now();
    if (this.hostDirty) {
      this.index.rehost(table.host);
      this.hostDirty = false;
    }
    if (this.index.n < table.length) this.index.append(table);
    this.stats.indexRuns++;
    this.stats.indexMs += now() - t0;
    return this.index;
  }

  /** Joins the string table for search in idle slices after each sync (SEARCH_SLICE_MS each). */
  private scheduleWarm(): void {
    if (this.warmTimer !== null) return;
    const slice = () => {
      const t0 = now();
      this.warmTimer = null;
      if (this.joined?.strings !== this.strings) this.joined = new JoinedStrings(this.strings);
      if (!this.joined.warm(SEARCH_SLICE_MS, now)) this.warmTimer = setTimeout(slice, WARM_PAUSE_MS);
      this.stats.warmMs += now() - t0;
    };
    this.warmTimer = setTimeout(slice, WARM_PAUSE_MS);
  }

  /** The synced table as an EventsTable over views of the grown columns. */
  private view(): EventsTable {
    if (this.table) return this.table;
    const n = this.length;
    const f = this.fieldsLength;
    const c = <T extends SyncColumn>(k: string, len: number) => (this.cols.get(k) as T).subarray(0, len) as T;
    this.table = {
      length: n,
      timeMs: c('timeMs', n),
      tick: c('tick', n),
      artifact: c('artifact', n),
      eventId: c('eventId', n),
      source: c('source', n),
      computer: c('computer', n),
      label: c('label', n),
      summary: c('summary', n),
      ref: new Float64Array(0),
      offset: new Float64Array(0),
      fieldStart: c('fieldStart', n),
      fieldCount: c('fieldCount', n),
      fieldsLength: f,
      fieldKey: c('fieldKey', f),
      fieldValue: c('fieldValue', f),
      strings: this.strings,
      file: c('file', n),
      host: c('host', n),
    };
    return this.table;
  }

  private resolveHost = (raw: number): number => (raw < this.resolve.length ? this.resolve[raw] : raw);

  private filtered(s: FilterSpec): FilterEntry {
    const key = filterKey(s);
    const ix = this.index;
    const current = (e: FilterEntry) => e.version === this.version && e.stamp === ix.stamp;
    const at = this.filterCache.findIndex((e) => current(e) && e.key === key);
    if (at >= 0) {
      const hit = this.filterCache[at];
      this.filterCache.splice(at, 1);
      this.filterCache.unshift(hit);
      return hit;
    }
    const f: IndexFilter = {};
    if (s.hosts) f.hosts = new Set(s.hosts);
    if (s.artifacts?.length) f.artifacts = new Set(s.artifacts);
    if (s.sources?.length) f.sources = new Set(s.sources);
    if (s.eventIds?.length) f.eventIds = new Set(s.eventIds);
    if (s.process?.trim()) f.process = s.process;
    if (s.rows) f.rows = s.rows;
    const positions = ix.filter(f, this.strings, this.resolveHost, this.resolve.length);
    const entry: FilterEntry = {
      version: this.version,
      stamp: ix.stamp,
      key,
      positions,
      hists: new Map(),
      activity: undefined,
    };
    // Keep a few, holding at most FILTER_CACHE_ROWS × the rows in positions between them.
    const keep = [entry];
    let held = positions.length;
    for (const e of this.filterCache) {
      if (keep.length >= FILTER_CACHE_ENTRIES || !current(e)) continue;
      if (held + e.positions.length > FILTER_CACHE_ROWS * Math.max(1, ix.n)) continue;
      held += e.positions.length;
      keep.push(e);
    }
    this.filterCache = keep;
    return entry;
  }

  private timeline(m: TimelineRequest): void {
    const t0 = now();
    // A large unindexed tail (the worker is still catching up with a load) is answered from the
    // rows indexed so far, marked `pending`, and indexed right after; the view asks again.
    const lag = this.length - this.index.n;
    const partial = this.index.n > 0 && lag >= this.partialMinRows;
    let ix: TimeIndex;
    if (partial) {
      ix = this.index;
      if (this.hostDirty) {
        ix.rehost(this.view().host);
        this.hostDirty = false;
      }
      this.indexSoon();
    } else ix = this.ensureIndex();
    const entry = this.filtered(m.filter);
    const { positions } = entry;
    const span = ix.span(positions);
    if (entry.activity === undefined) {
      const act = span ? ix.activity(positions) : null;
      const timed = ix.timedCount(positions);
      const inside = act ? ix.bound(positions, act[1], true) - ix.bound(positions, act[0]) : 0;
      entry.activity = act && inside >= timed * FOCUS_MIN_SHARE ? act : null;
    }
    const activity = entry.activity;
    let window = span;
    const want = m.histRange;
    if (span && Array.isArray(want)) window = [Math.max(span[0], want[0]), Math.min(span[1], want[1])];
    else if (span && want === 'auto' && activity) {
      const narrow = activity[1] - activity[0] < (span[1] - span[0]) * FOCUS_RATIO;
      const tr = m.timeRange;
      const holds = !tr || (tr[0] >= activity[0] && tr[1] <= activity[1]);
      if (narrow && holds) window = activity;
    }
    if (window && window[0] > window[1]) window = null;
    const hkey = `${m.groupBy}|${m.maxBins}|${window?.[0]}|${window?.[1]}`;
    let h = entry.hists.get(hkey);
    if (!h) {
      const hist = window
        ? ix.histogram(positions, this.strings, window[0], window[1], m.maxBins, m.groupBy)
        : null;
      const timed = ix.timedCount(positions);
      const outside: [number, number] = window
        ? [ix.bound(positions, window[0]), timed - ix.bound(positions, window[1], true)]
        : [0, 0];
      h = { hist, range: window, outside };
      entry.hists.set(hkey, h);
    }
    let from = 0;
    let to = positions.length;
    if (m.timeRange) {
      from = ix.bound(positions, m.timeRange[0]);
      to = Math.max(from, ix.bound(positions, m.timeRange[1], true));
    }
    const rows = ix.rowsAt(positions, from, to);
    this.ranged.clear();
    this.ranged.set(m.id, { positions, from, to, stamp: ix.stamp });
    const answer: TimelineAnswer = {
      type: 'timeline',
      id: m.id,
      rows,
      baseCount: positions.length,
      span,
      hist: h.hist,
      histRange: h.range,
      activity,
      outside: h.outside,
      facets: ix.facets(this.strings, FACET_LIMIT),
      length: ix.n,
      pending: this.length - ix.n,
      ms: now() - t0,
      stats: this.stats,
    };
    this.stats = noStats();
    this.post(answer, [answer.rows.buffer as ArrayBuffer]);
  }

  private startSearch(m: SearchRequest): void {
    if (this.search) this.search.cancelled = true;
    const answered = this.ranged.get(m.timelineId);
    if (!answered || answered.stamp !== this.index.stamp) {
      this.post({ type: 'error', id: m.id, message: 'search: stale timeline' }, []);
      return;
    }
    const state = { id: m.id, cancelled: false };
    this.search = state;
    const table = this.view();
    const candidates = this.index.rowsAt(answered.positions, answered.from, answered.to);
    if (this.joined?.strings !== table.strings) this.joined = new JoinedStrings(table.strings);

    // The candidates follow the time index's positions: with them (copied, as an append during
    // the search moves positions) the row-order pass shows its matches as it finds them. A short
    // candidate list is walked in time order and needs none.
    const n = this.index.n;
    const ranks = usesRowOrder(candidates.length, table.length)
      ? { rank: this.index.positions().slice(0, n), order: this.index.order.slice(0, n) }
      : null;
    const search = new TableSearch(table, candidates, m.query, this.joined, ranks);
    let lastPublish = now();
    let published = false;
    const run = () => {
      if (state.cancelled) return;
      const t0 = now();
      let done = false;
      while (!done && now() - t0 < SEARCH_SLICE_MS) done = search.step(20_000, 20_000);
      const p = search.progress();
      const t = now();
      if (done || t - lastPublish >= SEARCH_PUBLISH_MS || (!published && p.rows.length > 0)) {
        lastPublish = t;
        published = true;
        const rows = p.rows.slice();
        this.post({ type: 'search', id: m.id, rows, scanned: p.scanned, total: p.total, done }, [
          rows.buffer as ArrayBuffer,
        ]);
      }
      if (done) {
        if (this.search === state) this.search = null;
      } else setTimeout(run, 0);
    };
    run();
  }

  private fanout(m: FanoutRequest): void {
    const t0 = now();
    if (this.fanoutCache?.version !== this.version) {
      const hosts = {
        resolve: (raw: number) => this.resolveHost(raw),
        name: (id: number) => this.names[id] ?? `host ${id}`,
      };
      const ix = this.ensureIndex();
      const model = buildFanout(this.view(), hosts, ix.order.slice(0, ix.n));
      this.fanoutCache = { version: this.version, model, matrix: portMatrix(model) };
    }
    const { model, matrix } = this.fanoutCache;
    this.post({ type: 'fanout', id: m.id, model, matrix, length: this.length, ms: now() - t0 }, []);
  }
}

export interface CaseSource {
  table: EventsTable;
  hosts: Pick<HostRegistry, 'hosts' | 'resolve' | 'name'>;
  /** Changes whenever host names, merges or file → host assignments change (hostsKey). */
  hostsKey: string;
}

/** What the receiving side already holds. */
export interface SyncedState {
  table: EventsTable;
  rows: number;
  fields: number;
  strings: number;
  stringsRef: string[];
  lastTime: number;
  hostsKey: string;
}

/** Most new strings or rows one sync message carries (background sync in slices). */
export interface SyncLimit {
  rows: number;
  strings: number;
}

/**
 * The sync message that brings a receiver holding `sent` closer to `src` (all the way without
 * `limit`), or null when it is current. Tables only grow by appending (appendBatch), so a longer
 * table with the same strings array and the same last-sent time is sent as a delta; anything
 * else is sent whole. A changed host key resends the host column (host assignment rewrites it
 * in place). With `limit`, new strings go first (up to limit.strings per message), then rows
 * (up to limit.rows) with the fields they use, so every row a receiver holds refers only to
 * strings and fields it holds.
 */
export function buildSync(
  sent: SyncedState | null,
  src: CaseSource,
  limit?: SyncLimit,
): { msg: SyncMessage; transfer: ArrayBuffer[]; sent: SyncedState } | null {
  const { table, hosts, hostsKey } = src;
  const s = sent;
  const sameTime = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));
  if (
    s &&
    s.hostsKey === hostsKey &&
    s.rows === table.length &&
    s.fields === table.fieldsLength &&
    s.strings === table.strings.length &&
    s.stringsRef === table.strings &&
    (s.table === table || s.rows === 0 || sameTime(table.timeMs[s.rows - 1], s.lastTime))
  )
    return null;
  const append =
    !!s &&
    table.length >= s.rows &&
    table.fieldsLength >= s.fields &&
    table.strings === s.stringsRef &&
    table.strings.length >= s.strings &&
    (s.rows === 0 || sameTime(table.timeMs[s.rows - 1], s.lastTime));
  const rowsFrom = append && s ? s.rows : 0;
  const fieldsFrom = append && s ? s.fields : 0;
  const stringsFrom = append && s ? s.strings : 0;
  let rowsTo = table.length;
  let fieldsTo = table.fieldsLength;
  let stringsTo = table.strings.length;
  if (limit && stringsTo - stringsFrom > limit.strings) {
    stringsTo = stringsFrom + Math.max(1, limit.strings);
    rowsTo = rowsFrom;
    fieldsTo = fieldsFrom;
  } else if (limit && rowsTo - rowsFrom > limit.rows) {
    rowsTo = rowsFrom + Math.max(1, limit.rows);
    fieldsTo = fieldsFrom;
    for (let r = rowsFrom; r < rowsTo; r++) {
      const e = table.fieldStart[r] + table.fieldCount[r];
      if (e > fieldsTo) fieldsTo = e;
    }
    fieldsTo = Math.min(fieldsTo, table.fieldsLength);
  }
  const transfer: ArrayBuffer[] = [];
  const copy = <T extends SyncColumn>(a: T, from: number, to: number): T => {
    const c = a.slice(from, to) as T;
    transfer.push(c.buffer as ArrayBuffer);
    return c;
  };
  const rows: SyncMessage['rows'] = {};
  for (const k of ROW_COLUMNS) rows[k] = copy(table[k], rowsFrom, rowsTo);
  const fields: SyncMessage['fields'] = {};
  for (const k of FIELD_COLUMNS) fields[k] = copy(table[k], fieldsFrom, fieldsTo);
  const hostChanged = append && s ? s.hostsKey !== hostsKey : false;
  const resolve = new Int32Array(hosts.hosts.length);
  const names: string[] = [];
  for (let i = 0; i < hosts.hosts.length; i++) {
    resolve[i] = hosts.resolve(i);
    names.push(hosts.name(i));
  }
  const packed = packStrings(table.strings, stringsFrom, stringsTo);
  transfer.push(packed.stringsLengths.buffer as ArrayBuffer);
  const msg: SyncMessage = {
    type: 'sync',
    reset: !append,
    length: rowsTo,
    fieldsLength: fieldsTo,
    rowsFrom,
    fieldsFrom,
    stringsFrom,
    rows,
    fields,
    ...packed,
    host: hostChanged ? copy(table.host, 0, rowsTo) : undefined,
    resolve,
    names,
  };
  return {
    msg,
    transfer,
    sent: {
      table,
      rows: rowsTo,
      fields: fieldsTo,
      strings: stringsTo,
      stringsRef: table.strings,
      lastTime: rowsTo ? table.timeMs[rowsTo - 1] : Number.NaN,
      hostsKey,
    },
  };
}

/** strings[from, to) as one concatenated text and the length of each. */
export function packStrings(
  strings: readonly string[],
  from: number,
  to = strings.length,
): { stringsText: string; stringsLengths: Uint32Array } {
  const n = Math.max(0, Math.min(to, strings.length) - from);
  const stringsLengths = new Uint32Array(n);
  const parts: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const s = strings[from + i];
    parts[i] = s;
    stringsLengths[i] = s.length;
  }
  return { stringsText: parts.join(''), stringsLengths };
}

/** Cache key of a filter spec (explicit rows by count and hash). */
export function filterKey(s: FilterSpec): string {
  let rows = '';
  if (s.rows) {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.rows.length; i++) h = Math.imul(h ^ s.rows[i], 0x01000193);
    rows = `${s.rows.length}:${h >>> 0}`;
  }
  return JSON.stringify([s.hosts, s.artifacts, s.sources, s.eventIds, s.process?.trim() || '', rows]);
}
