// Hooks that hand the views' heavy per-version work to the analysis worker
// (src/workers/analysis-client.ts): the fan-out model, timeline answers and streaming search.
// Each keeps the previous answer on screen while a newer one is computed and says so.
import { useEffect, useMemo, useState } from 'react';
import type { FanoutModel, PortMatrix } from '../../analysis/fanout';
import type { Histogram } from '../../analysis/timeline';
import type { FanoutAnswer, FilterSpec, SearchAnswer, TimelineAnswer } from '../../analysis/analysis-session';
export { FOCUS_RATIO } from '../../analysis/analysis-session';
import { type CaseSource, getAnalysis } from '../../workers/analysis-client';
import type { CaseView } from '../contract';
import { hostsKey } from './case-cache';

/** 'worker' or 'in-process' (no worker started): shown as a data attribute for tests. */
export function analysisWhere(): 'worker' | 'in-process' {
  return getAnalysis().inProcess ? 'in-process' : 'worker';
}

/** The table, hosts and host key of a case view; stable across progress ticks. */
export function useCaseSource(view: CaseView): CaseSource {
  const key = hostsKey(view);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the key stands for the host mapping
  return useMemo(() => ({ table: view.table, hosts: view.hosts, hostsKey: key }), [view.table, key]);
}

/**
 * Keeps the analysis worker's copy of the case current while files load (appended rows sent in
 * small background slices), so the first view that asks finds it there. The app shell calls it.
 */
export function useAnalysisSync(view: CaseView): void {
  const src = useCaseSource(view);
  useEffect(() => {
    if (src.table.length) getAnalysis().prefetch(src);
  }, [src]);
}

export interface FanoutState {
  model: FanoutModel | null;
  matrix: PortMatrix | null;
  /** True while a newer model than the one shown is being computed. */
  computing: boolean;
  ms: number;
}

export function useFanout(src: CaseSource): FanoutState {
  const [state, setState] = useState<FanoutState>({ model: null, matrix: null, computing: true, ms: 0 });
  useEffect(() => {
    let live = true;
    setState((s) => (s.computing ? s : { ...s, computing: true }));
    void getAnalysis()
      .fanout(src)
      .then((a: FanoutAnswer | null) => {
        if (live && a) setState({ model: a.model, matrix: a.matrix, computing: false, ms: a.ms });
      });
    return () => {
      live = false;
    };
  }, [src]);
  return state;
}

export interface TimelineRequestKey {
  filter: FilterSpec;
  timeRange: [number, number] | null;
  groupBy: 'artifact' | 'source';
  /** 'auto': the histogram focuses on the activity window when it is narrow; null: whole span. */
  histRange?: 'auto' | null;
}

/**
 * `value`, but a new one only after the browser painted the render that brought it: a heavy
 * child (the recharts histogram) then renders in a later task instead of delaying the rows that
 * came with it. The first value is returned at once.
 */
export function useAfterPaint<T>(value: T): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (Object.is(shown, value)) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setShown(() => value), 0);
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [value, shown]);
  return shown;
}

/** True when two histograms have the same bins and counts. */
export function sameHistogram(a: Histogram | null, b: Histogram | null): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  if (a.start !== b.start || a.step !== b.step || a.bins !== b.bins) return false;
  if (a.groups.length !== b.groups.length) return false;
  for (let g = 0; g < a.groups.length; g++) {
    if (a.groups[g] !== b.groups[g]) return false;
    const x = a.counts[g];
    const y = b.counts[g];
    for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  }
  return true;
}

export interface TimelineState {
  answer: TimelineAnswer | null;
  /** The request the shown answer belongs to. */
  request: TimelineRequestKey | null;
  computing: boolean;
}

/** Pause before asking again when an answer covered only the rows indexed so far (ms). */
const PENDING_RETRY_MS = 300;

export function useTimelineAnswer(src: CaseSource, req: TimelineRequestKey, maxBins: number): TimelineState {
  const [state, setState] = useState<TimelineState>({ answer: null, request: null, computing: true });
  const [retry, setRetry] = useState(0);
  // biome-ignore lint/correctness/useExhaustiveDependencies: retry re-asks for a partial answer
  useEffect(() => {
    let live = true;
    let again: ReturnType<typeof setTimeout> | undefined;
    setState((s) => (s.computing ? s : { ...s, computing: true }));
    void getAnalysis()
      .timeline(src, req.filter, req.timeRange, req.groupBy, maxBins, req.histRange ?? null)
      .then((a) => {
        if (!live || !a || a.length > src.table.length) return;
        // An unchanged histogram keeps its object, so the chart does not redraw on a brush move.
        setState((s) => {
          const prev = s.answer?.hist ?? null;
          const hist = sameHistogram(prev, a.hist) ? prev : a.hist;
          return { answer: { ...a, hist }, request: req, computing: a.pending > 0 };
        });
        if (a.pending > 0) again = setTimeout(() => setRetry((n) => n + 1), PENDING_RETRY_MS);
      });
    return () => {
      live = false;
      clearTimeout(again);
    };
  }, [src, req, maxBins, retry]);
  return state;
}

export interface SearchState {
  query: string;
  rows: Uint32Array | null;
  scanned: number;
  total: number;
  done: boolean;
}

const IDLE: SearchState = { query: '', rows: null, scanned: 0, total: 0, done: true };

/** Streams the matches of `query` among the rows of timeline answer `timelineId` (worker). */
export function useWorkerSearch(timelineId: number, total: number, query: string): SearchState {
  const [state, setState] = useState<SearchState>(IDLE);
  useEffect(() => {
    const q = query.trim();
    if (!q || timelineId < 0) {
      setState(IDLE);
      return;
    }
    setState({ query: q, rows: new Uint32Array(0), scanned: 0, total, done: false });
    return getAnalysis().search(timelineId, q, (a: SearchAnswer | null) => {
      if (!a) setState((s) => ({ ...s, done: true }));
      else setState({ query: q, rows: a.rows, scanned: a.scanned, total: a.total, done: a.done });
    });
  }, [timelineId, total, query]);
  return state;
}
