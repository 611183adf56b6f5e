// The views' heavy per-case-version work, behind a message protocol so it can run in the
// analysis worker (analysis.worker.ts) or, when no worker starts, in-process with the same
// messages: a columnar copy of the events table kept in sync by appended deltas, the time order
// and facets (once per version), filter + histogram per filter change, streaming free-text
// search in time slices, and the fan-out model with its port matrix (once per version).
import { buildFanout, type FanoutModel, type PortMatrix, portMatrix } from '../analysis/fanout';
import { JoinedStrings, TableSearch } from '../analysis/search';
import {
  facets,
  filterRows,
  type Histogram,
  histogram,
  lowerBound,
  type TimelineFacets,
  type TimelineFilter,
  timeOrder,
  upperBound,
} from '../analysis/timeline';
import type { HostRegistry } from '../model/case';
import type { EventsTable } from '../model/events-table';

/** Row columns the analysis needs (ref and offset stay on the main thread). */
export const ROW_COLUMNS = [
  'timeMs',
  'tick',
  'artifact',
  'eventId',
  'source',
  'computer',
  'label',
  'summary',
  'fieldStart',
  'fieldCount',
  'file',
  'host',
] as const;
export const FIELD_COLUMNS = ['fieldKey', 'fieldValue'] as const;
export type RowColumn = (typeof ROW_COLUMNS)[number];
export type FieldColumn = (typeof FIELD_COLUMNS)[number];
type Column = EventsTable[RowColumn | FieldColumn];

/**
 * Appends rows [rowsFrom, length) and fields [fieldsFrom, fieldsLength) and strings
 * [stringsFrom, …); `reset` starts a new table. `host`, when present, replaces the whole host
 * column (host assignment rewrites it in place). `resolve[raw]` is the resolved host id of a raw
 * host id, `names[id]` its display name.
 */
export interface SyncMessage {
  type: 'sync';
  reset: boolean;
  length: number;
  fieldsLength: number;
  rowsFrom: number;
  fieldsFrom: number;
  stringsFrom: number;
  rows: Partial<Record<RowColumn, Column>>;
  fields: Partial<Record<FieldColumn, Column>>;
  /** New strings concatenated (one string clones as one copy; millions of small ones do not). */
  stringsText: string;
  /** Length in UTF-16 units of each new string in `stringsText`. */
  stringsLengths: Uint32Array;
  host?: Uint32Array;
  resolve: Int32Array;
  names: string[];
}

/** TimelineFilter with arrays instead of sets (structured-clone friendly). */
export interface FilterSpec {
  hosts?: number[];
  artifacts?: number[];
  sources?: string[];
  eventIds?: number[];
  process?: string;
  rows?: Uint32Array;
}

export interface TimelineRequest {
  type: 'timeline';
  id: number;
  filter: FilterSpec;
  timeRange: [number, number] | null;
  groupBy: 'artifact' | 'source';
  maxBins: number;
}

export interface SearchRequest {
  type: 'search';
  id: number;
  /** Searches the rows of this timeline answer (its `rows`). */
  timelineId: number;
  query: string;
}

export interface FanoutRequest {
  type: 'fanout';
  id: number;
}

export interface CancelMessage {
  type: 'cancel';
  id: number;
}

export interface PingMessage {
  type: 'ping';
  id: number;
}

export type AnalysisMessage =
  | SyncMessage
  | TimelineRequest
  | SearchRequest
  | FanoutRequest
  | CancelMessage
  | PingMessage;

export interface TimelineAnswer {
  type: 'timeline';
  id: number;
  /** Rows that pass the filter and the time range, in time order. */
  rows: Uint32Array;
  /** Rows that pass the filter (before the time range). */
  baseCount: number;
  span: [number, number] | null;
  hist: Histogram | null;
  facets: TimelineFacets;
  /** Table length this answer was computed on. */
  length: number;
  ms: number;
}

export interface SearchAnswer {
  type: 'search';
  id: number;
  rows: Uint32Array;
  scanned: number;
  total: number;
  done: boolean;
}

export interface FanoutAnswer {
  type: 'fanout';
  id: number;
  model: FanoutModel;
  matrix: PortMatrix;
  length: number;
  ms: number;
}

export interface ErrorAnswer {
  type: 'error';
  id: number;
  message: string;
}

export interface PongAnswer {
  type: 'pong';
  id: number;
}

export type AnalysisAnswer = TimelineAnswer | SearchAnswer | FanoutAnswer | ErrorAnswer | PongAnswer;

export type Post = (answer: AnalysisAnswer, transfer: Transferable[]) => void;

/** Work per search slice before yielding to the message queue (ms). */
export const SEARCH_SLICE_MS = 20;
/** Partial search results are posted at most this often (ms), the first as soon as any exist. */
export const SEARCH_PUBLISH_MS = 150;
/** Pause between idle slices that prepare search (ms); requests run in between. */
export const WARM_PAUSE_MS = 5;
/** Facet lists are cut to this many entries (drop-downs and datalists). */
export const FACET_LIMIT = 500;

type Ctor<T> = new (n: number) => T;

function grown<T extends Column>(a: T, need: number): T {
  if (need <= a.length) return a;
  let n = Math.max(1024, a.length * 2);
  while (n < need) n *= 2;
  const b = new (a.constructor as Ctor<T>)(n);
  b.set(a);
  return b;
}

const EMPTY: Record<RowColumn | FieldColumn, () => Column> = {
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

function cutFacets(f: TimelineFacets): TimelineFacets {
  return {
    sources: f.sources.slice(0, FACET_LIMIT),
    eventIds: f.eventIds.slice(0, FACET_LIMIT),
    processes: f.processes.slice(0, FACET_LIMIT),
    span: f.span,
  };
}

/** The analysis state machine: feed it messages, it posts answers. */
export class AnalysisCore {
  private cols = new Map<string, Column>();
  private length = 0;
  private fieldsLength = 0;
  private strings: string[] = [''];
  private resolve: ArrayLike<number> = [];
  private names: string[] = [];
  /** Bumped on every sync; caches below are valid for one version. */
  private version = 0;
  private table: EventsTable | null = null;
  private order: { version: number; order: Uint32Array } | null = null;
  private facetCache: { version: number; facets: TimelineFacets } | null = null;
  private fanoutCache: { version: number; model: FanoutModel; matrix: PortMatrix } | null = null;
  private readonly ranged = new Map<number, Uint32Array>();
  private search: { id: number; cancelled: boolean } | null = null;
  /** Joined string chunks kept across searches; rebuilt for a new strings array. */
  private joined: JoinedStrings | null = null;
  private warmTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly post: Post) {
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
    if (m.reset) this.resetColumns();
    for (const k of ROW_COLUMNS) {
      const src = m.rows[k];
      if (!src) continue;
      const col = grown(this.cols.get(k) as Column, m.rowsFrom + src.length);
      (col as Uint32Array).set(src as Uint32Array, m.rowsFrom);
      this.cols.set(k, col);
    }
    for (const k of FIELD_COLUMNS) {
      const src = m.fields[k];
      if (!src) continue;
      const col = grown(this.cols.get(k) as Column, m.fieldsFrom + src.length);
      (col as Uint32Array).set(src as Uint32Array, m.fieldsFrom);
      this.cols.set(k, col);
    }
    if (m.host) {
      const col = grown(this.cols.get('host') as Column, m.host.length);
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
    this.scheduleWarm();
    if (m.reset) {
      this.ranged.clear();
      if (this.search) this.search.cancelled = true;
    }
  }

  /** Joins the string table for search in idle slices after each sync (SEARCH_SLICE_MS each). */
  private scheduleWarm(): void {
    if (this.warmTimer !== null) return;
    const slice = () => {
      this.warmTimer = null;
      if (this.joined?.strings !== this.strings) this.joined = new JoinedStrings(this.strings);
      if (!this.joined.warm(SEARCH_SLICE_MS, now)) this.warmTimer = setTimeout(slice, WARM_PAUSE_MS);
    };
    this.warmTimer = setTimeout(slice, WARM_PAUSE_MS);
  }

  /** The synced table as an EventsTable over views of the grown columns. */
  private view(): EventsTable {
    if (this.table) return this.table;
    const n = this.length;
    const f = this.fieldsLength;
    const c = <T extends Column>(k: string, len: number) => (this.cols.get(k) as T).subarray(0, len) as T;
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

  private timeOrder(): Uint32Array {
    if (this.order?.version !== this.version) {
      this.order = { version: this.version, order: timeOrder(this.view()) };
    }
    return this.order.order;
  }

  private facets(): TimelineFacets {
    if (this.facetCache?.version !== this.version) {
      this.facetCache = { version: this.version, facets: cutFacets(facets(this.view())) };
    }
    return this.facetCache.facets;
  }

  private resolveHost = (raw: number): number => (raw < this.resolve.length ? this.resolve[raw] : raw);

  private timeline(m: TimelineRequest): void {
    const t0 = now();
    const table = this.view();
    const order = this.timeOrder();
    const f: TimelineFilter = {};
    const s = m.filter;
    if (s.hosts) f.hosts = new Set(s.hosts);
    if (s.artifacts?.length) f.artifacts = new Set(s.artifacts);
    if (s.sources?.length) f.sources = new Set(s.sources);
    if (s.eventIds?.length) f.eventIds = new Set(s.eventIds);
    if (s.process?.trim()) f.process = s.process;
    if (s.rows) f.rows = s.rows;
    const base = filterRows(table, order, f, this.resolveHost);
    const span = spanOf(table, base);
    const hist = span ? histogram(table, base, span[0], span[1], m.maxBins, m.groupBy) : null;
    let rows = base;
    if (m.timeRange) {
      rows = base.slice(lowerBound(table, base, m.timeRange[0]), upperBound(table, base, m.timeRange[1]));
    }
    this.ranged.clear();
    this.ranged.set(m.id, rows);
    const answer: TimelineAnswer = {
      type: 'timeline',
      id: m.id,
      rows: rows.slice(),
      baseCount: base.length,
      span,
      hist,
      facets: this.facets(),
      length: table.length,
      ms: now() - t0,
    };
    this.post(answer, [answer.rows.buffer as ArrayBuffer]);
  }

  private startSearch(m: SearchRequest): void {
    if (this.search) this.search.cancelled = true;
    const candidates = this.ranged.get(m.timelineId);
    if (!candidates) {
      this.post({ type: 'error', id: m.id, message: 'search: stale timeline' }, []);
      return;
    }
    const state = { id: m.id, cancelled: false };
    this.search = state;
    const table = this.view();
    if (this.joined?.strings !== table.strings) this.joined = new JoinedStrings(table.strings);

    const search = new TableSearch(table, candidates, m.query, this.joined);
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
      const model = buildFanout(this.view(), hosts, this.timeOrder());
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

/**
 * The sync message that brings a receiver holding `sent` up to `src`, or null when it is
 * current. Tables only grow by appending (appendBatch), so a longer table with the same strings
 * array and the same last-sent time is sent as a delta; anything else is sent whole. A changed
 * host key resends the host column (host assignment rewrites it in place).
 */
export function buildSync(
  sent: SyncedState | null,
  src: CaseSource,
): { msg: SyncMessage; transfer: ArrayBuffer[]; sent: SyncedState } | null {
  const { table, hosts, hostsKey } = src;
  const s = sent;
  if (s && s.table === table && s.hostsKey === hostsKey) return null;
  const sameTime = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));
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
  const transfer: ArrayBuffer[] = [];
  const copy = <T extends Column>(a: T, from: number, to: number): T => {
    const c = a.slice(from, to) as T;
    transfer.push(c.buffer as ArrayBuffer);
    return c;
  };
  const rows: SyncMessage['rows'] = {};
  for (const k of ROW_COLUMNS) rows[k] = copy(table[k], rowsFrom, table.length);
  const fields: SyncMessage['fields'] = {};
  for (const k of FIELD_COLUMNS) fields[k] = copy(table[k], fieldsFrom, table.fieldsLength);
  const hostChanged = append && s ? s.hostsKey !== hostsKey : false;
  const resolve = new Int32Array(hosts.hosts.length);
  const names: string[] = [];
  for (let i = 0; i < hosts.hosts.length; i++) {
    resolve[i] = hosts.resolve(i);
    names.push(hosts.name(i));
  }
  const packed = packStrings(table.strings, stringsFrom);
  transfer.push(packed.stringsLengths.buffer as ArrayBuffer);
  const msg: SyncMessage = {
    type: 'sync',
    reset: !append,
    length: table.length,
    fieldsLength: table.fieldsLength,
    rowsFrom,
    fieldsFrom,
    stringsFrom,
    rows,
    fields,
    ...packed,
    host: hostChanged ? copy(table.host, 0, table.length) : undefined,
    resolve,
    names,
  };
  return {
    msg,
    transfer,
    sent: {
      table,
      rows: table.length,
      fields: table.fieldsLength,
      strings: table.strings.length,
      stringsRef: table.strings,
      lastTime: table.length ? table.timeMs[table.length - 1] : Number.NaN,
      hostsKey,
    },
  };
}

/** strings[from…] as one concatenated text and the length of each. */
export function packStrings(
  strings: readonly string[],
  from: number,
): { stringsText: string; stringsLengths: Uint32Array } {
  const n = Math.max(0, strings.length - from);
  const stringsLengths = new Uint32Array(n);
  const parts: string[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const s = strings[from + i];
    parts[i] = s;
    stringsLengths[i] = s.length;
  }
  return { stringsText: parts.join(''), stringsLengths };
}

/** [first, last] time of the timed rows of a time-sorted row list (untimed rows sort last). */
export function spanOf(table: EventsTable, rows: Uint32Array): [number, number] | null {
  let a = Number.NaN;
  let b = Number.NaN;
  for (let i = 0; i < rows.length; i++) {
    const t = table.timeMs[rows[i]];
    if (!Number.isNaN(t)) {
      a = t;
      break;
    }
  }
  for (let i = rows.length - 1; i >= 0; i--) {
    const t = table.timeMs[rows[i]];
    if (!Number.isNaN(t)) {
      b = t;
      break;
    }
  }
  return Number.isNaN(a) ? null : [a, b];
}
