// Main-thread side of the analysis worker: keeps the worker's copy of the events table in sync
// by posting appended rows (copies of typed-array slices, transferred), and asks for the
// timeline, search and fan-out answers. Requests of one kind are latest-only: while one runs,
// newer ones replace the queued one and superseded requests resolve to null. When the worker
// fails to start (error event or no answer to the start-up ping), the same AnalysisSession runs
// in-process on this thread, so the views still work, only less smoothly.
import {
  type AnalysisAnswer,
  AnalysisSession,
  type AnalysisMessage,
  buildSync,
  type CaseSource,
  type FanoutAnswer,
  type FilterSpec,
  type SearchAnswer,
  type SyncedState,
  type SyncLimit,
  type TimelineAnswer,
  type TimelineRequest,
} from '../analysis/analysis-session';

export type { CaseSource };
import AnalysisWorker from './analysis.worker?worker&inline';

export const ANALYSIS_START_TIMEOUT_MS = 10_000;
/** Background sync: most rows / new strings per message … */
export const SYNC_SLICE: SyncLimit = { rows: 65_536, strings: 32_768 };
/** … and messages built per main-thread task until this many ms have passed. */
export const SYNC_TASK_MS = 8;

type Kind = 'timeline' | 'fanout';
interface Channel {
  running: { id: number; msg: AnalysisMessage; resolve: (a: AnalysisAnswer | null) => void } | null;
  queued: { id: number; msg: AnalysisMessage; resolve: (a: AnalysisAnswer | null) => void } | null;
}

type Transport = { post(msg: AnalysisMessage, transfer: Transferable[]): void; stop(): void };

export class AnalysisClient {
  private transport: Transport;
  private inline = false;
  private sent: SyncedState | null = null;
  private last: CaseSource | null = null;
  private nextId = 1;
  private readonly channels: Record<Kind, Channel> = {
    timeline: { running: null, queued: null },
    fanout: { running: null, queued: null },
  };
  private readonly searches = new Map<number, (a: SearchAnswer | null) => void>();
  private startTimer: ReturnType<typeof setTimeout> | undefined;
  private pumpTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(create: () => Worker | null = () => new AnalysisWorker({ name: 'tracelens-analysis' })) {
    let worker: Worker | null = null;
    try {
      worker = create();
    } catch {
      worker = null;
    }
    if (!worker) {
      this.transport = this.inlineTransport();
      this.inline = true;
      return;
    }
    const w = worker;
    w.onmessage = (e: MessageEvent<AnalysisAnswer>) => this.answer(e.data);
    w.onerror = (e) => {
      e.preventDefault?.();
      this.fallBack();
    };
    this.transport = {
      post: (msg, transfer) => w.postMessage(msg, transfer),
      stop: () => w.terminate(),
    };
    this.startTimer = setTimeout(() => this.fallBack(), ANALYSIS_START_TIMEOUT_MS);
    this.transport.post({ type: 'ping', id: 0 }, []);
  }

  /** True when the analysis runs on this thread (no worker). */
  get inProcess(): boolean {
    return this.inline;
  }

  private inlineTransport(): Transport {
    let stopped = false;
    const core = new AnalysisSession((a) => {
      if (!stopped) this.answer(a);
    });
    return {
      post: (msg) => {
        setTimeout(() => {
          if (!stopped) core.handle(msg);
        }, 0);
      },
      stop: () => {
        stopped = true;
      },
    };
  }

  private fallBack(): void {
    if (this.inline) return;
    clearTimeout(this.startTimer);
    this.transport.stop();
    this.inline = true;
    this.transport = this.inlineTransport();
    this.sent = null;
    if (this.last) this.ensure(this.last);
    for (const ch of Object.values(this.channels)) {
      if (ch.running) this.transport.post(ch.running.msg, []);
    }
    for (const [id, done] of this.searches) {
      done(null);
      this.searches.delete(id);
    }
  }

  /** Posts what the worker lacks of `src` (appended rows, new strings, host changes) now. */
  ensure(src: CaseSource): void {
    this.last = src;
    const next = buildSync(this.sent, src);
    if (!next) return;
    this.transport.post(next.msg, next.transfer);
    this.sent = next.sent;
  }

  /**
   * Sends what the worker lacks of `src` in the background while files load: slices of at most
   * SYNC_SLICE rows or strings, in main-thread tasks of about SYNC_TASK_MS, so opening a view
   * later costs no big copy. Only with a worker (the in-process fallback syncs on demand).
   */
  prefetch(src: CaseSource): void {
    this.last = src;
    if (this.inline || this.pumpTimer !== null) return;
    this.pumpTimer = setTimeout(this.pump, 0);
  }

  private readonly pump = (): void => {
    this.pumpTimer = null;
    const src = this.last;
    if (!src || this.inline) return;
    const t0 = performance.now();
    for (;;) {
      const next = buildSync(this.sent, src, SYNC_SLICE);
      if (!next) return;
      this.transport.post(next.msg, next.transfer);
      this.sent = next.sent;
      if (performance.now() - t0 >= SYNC_TASK_MS) break;
    }
    this.pumpTimer = setTimeout(this.pump, 0);
  };

  private request<A extends AnalysisAnswer>(
    kind: Kind,
    make: (id: number) => AnalysisMessage,
  ): Promise<A | null> {
    const ch = this.channels[kind];
    const id = this.nextId++;
    const msg = make(id);
    return new Promise<A | null>((resolve) => {
      const entry = { id, msg, resolve: resolve as (a: AnalysisAnswer | null) => void };
      if (ch.running) {
        ch.queued?.resolve(null);
        ch.queued = entry;
        return;
      }
      ch.running = entry;
      this.transport.post(msg, []);
    });
  }

  /** Filter + histogram + facets; null when a newer timeline request superseded this one. */
  timeline(
    src: CaseSource,
    filter: FilterSpec,
    timeRange: [number, number] | null,
    groupBy: 'artifact' | 'source',
    maxBins: number,
    histRange: TimelineRequest['histRange'] = null,
  ): Promise<TimelineAnswer | null> {
    this.ensure(src);
    return this.request<TimelineAnswer>('timeline', (id) => ({
      type: 'timeline',
      id,
      filter,
      timeRange,
      groupBy,
      maxBins,
      histRange,
    }));
  }

  fanout(src: CaseSource): Promise<FanoutAnswer | null> {
    this.ensure(src);
    return this.request<FanoutAnswer>('fanout', (id) => ({ type: 'fanout', id }));
  }

  /**
   * Streams the rows of timeline answer `timelineId` that contain `query`; `onProgress` gets
   * partial and final results (null on failure). Returns a cancel function.
   */
  search(timelineId: number, query: string, onProgress: (a: SearchAnswer | null) => void): () => void {
    const id = this.nextId++;
    this.searches.set(id, onProgress);
    this.transport.post({ type: 'search', id, timelineId, query }, []);
    return () => {
      if (!this.searches.delete(id)) return;
      this.transport.post({ type: 'cancel', id }, []);
    };
  }

  private answer(a: AnalysisAnswer): void {
    if (a.type === 'pong') {
      clearTimeout(this.startTimer);
      return;
    }
    if (a.type === 'search' || (a.type === 'error' && this.searches.has(a.id))) {
      const cb = this.searches.get(a.id);
      if (!cb) return;
      if (a.type === 'error' || a.done) this.searches.delete(a.id);
      cb(a.type === 'search' ? a : null);
      return;
    }
    for (const ch of Object.values(this.channels)) {
      if (ch.running?.id !== a.id) continue;
      const done = ch.running;
      ch.running = null;
      if (ch.queued) {
        done.resolve(null);
        ch.running = ch.queued;
        ch.queued = null;
        this.transport.post(ch.running.msg, []);
      } else done.resolve(a.type === 'error' ? null : a);
      return;
    }
  }
}

let shared: AnalysisClient | null = null;

/** The page's analysis client, started on first use. */
export function getAnalysis(): AnalysisClient {
  shared ??= new AnalysisClient();
  return shared;
}
