// The messages of the analysis session (analysis-session.ts): what the main thread sends
// (case sync deltas, timeline / search / fan-out requests, cancel, ping) and what comes back.
// Plain structured-clone data with typed-array columns, so the same messages cross a worker
// boundary (src/workers/analysis.worker.ts) or stay in-process.
import type { FanoutModel, PortMatrix } from './fanout';
import type { Histogram, TimelineFacets } from './timeline';
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
export type SyncColumn = EventsTable[RowColumn | FieldColumn];

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
  rows: Partial<Record<RowColumn, SyncColumn>>;
  fields: Partial<Record<FieldColumn, SyncColumn>>;
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
  /**
   * Time window the histogram covers: absent or null for the whole span of the filtered rows,
   * 'auto' for the activity window when it is under FOCUS_RATIO of the span and holds the time
   * range, or an explicit [from, to] (ms).
   */
  histRange?: [number, number] | 'auto' | null;
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
  /** [from, to] the histogram covers (ms), or null when it covers nothing. */
  histRange: [number, number] | null;
  /**
   * The busy region of the filtered timed rows (TimeIndex.activity) when it holds at least
   * FOCUS_MIN_SHARE of them (ms), else null.
   */
  activity: [number, number] | null;
  /** Filtered timed rows before and after histRange. */
  outside: [number, number];
  facets: TimelineFacets;
  /** Table rows this answer covers (the indexed prefix). */
  length: number;
  /** Rows of the table not yet indexed, so not in this answer (ask again soon when > 0). */
  pending: number;
  ms: number;
  /** What the analysis did since its previous timeline answer (benchmark and diagnostics). */
  stats: AnalysisStats;
}

/** Work counters of an AnalysisSession, reset with each timeline answer. */
export interface AnalysisStats {
  syncs: number;
  resets: number;
  hostResends: number;
  syncMs: number;
  indexRuns: number;
  indexMs: number;
  warmMs: number;
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

export type Post = (answer: AnalysisAnswer, transfer: ArrayBuffer[]) => void;
