// Hooks that hand the views' heavy per-version work to the analysis worker
// (src/workers/analysis-client.ts): the fan-out model, timeline answers and streaming search.
// Each keeps the previous answer on screen while a newer one is computed and says so.
import { useEffect, useMemo, useState } from 'react';
import type { FanoutModel, PortMatrix } from '../../analysis/fanout';
import type { FanoutAnswer, FilterSpec, SearchAnswer, TimelineAnswer } from '../../workers/analysis-core';
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
}

export interface TimelineState {
  answer: TimelineAnswer | null;
  /** The request the shown answer belongs to. */
  request: TimelineRequestKey | null;
  computing: boolean;
}

export function useTimelineAnswer(src: CaseSource, req: TimelineRequestKey, maxBins: number): TimelineState {
  const [state, setState] = useState<TimelineState>({ answer: null, request: null, computing: true });
  useEffect(() => {
    let live = true;
    setState((s) => (s.computing ? s : { ...s, computing: true }));
    void getAnalysis()
      .timeline(src, req.filter, req.timeRange, req.groupBy, maxBins)
      .then((a) => {
        if (live && a && a.length <= src.table.length)
          setState({ answer: a, request: req, computing: false });
      });
    return () => {
      live = false;
    };
  }, [src, req, maxBins]);
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
