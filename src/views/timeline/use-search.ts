// Runs a TableSearch in small slices off the critical path (setTimeout between slices) and
// publishes partial results as they stream in.
import { useEffect, useState } from 'react';
import { TableSearch } from '../../analysis/search';
import type { EventsTable } from '../../model/events-table';

/** Work per slice before yielding (ms). */
const SLICE_MS = 12;
/** Minimum interval between partial-result renders (ms). */
const PUBLISH_MS = 120;

export interface SearchState {
  query: string;
  rows: Uint32Array | null;
  scanned: number;
  total: number;
  done: boolean;
}

const IDLE: SearchState = { query: '', rows: null, scanned: 0, total: 0, done: true };

export function useStreamingSearch(table: EventsTable, candidates: Uint32Array, query: string): SearchState {
  const [state, setState] = useState<SearchState>(IDLE);
  useEffect(() => {
    const q = query.trim();
    if (!q) {
      setState(IDLE);
      return;
    }
    const search = new TableSearch(table, candidates, q);
    let cancelled = false;
    let lastPublish = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    setState({ query: q, rows: new Uint32Array(0), scanned: 0, total: candidates.length, done: false });
    const run = () => {
      if (cancelled) return;
      const t0 = performance.now();
      let done = false;
      while (!done && performance.now() - t0 < SLICE_MS) done = search.step(20_000, 20_000);
      const now = performance.now();
      if (done || now - lastPublish > PUBLISH_MS) {
        lastPublish = now;
        const p = search.progress();
        setState({ query: q, rows: p.rows.slice(), scanned: p.scanned, total: p.total, done });
      }
      if (!done) timer = setTimeout(run, 0);
    };
    timer = setTimeout(run, 0);
    return () => {
      cancelled = true;
      if (timer) clearTimeout(timer);
    };
  }, [table, candidates, query]);
  return state;
}
