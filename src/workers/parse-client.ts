// The app's one door to the parse workers. It owns the pool (lazy start, size from
// hardwareConcurrency) and decides how a file is parsed:
//   a Blob ≥ 16 MiB whose head is an EVTX file header → chunk ranges on several workers
//     (evtx-split-job.ts, pipeline/evtx-parts.ts), merged in chunk order;
//   a Blob ≥ 16 MiB whose head is a FILE record → entry ranges in two phases (mft-split-job.ts);
//   anything else, or a one-worker pool → one job (pipeline/parse-outcome.ts in the worker).
// Progress comes back as one percentage per file: inflating a compressed file counts for 30%,
// parsing for the rest. Cancel reaches every job of the file.
import * as Comlink from 'comlink';
import type { FileOrigin } from '../ingest/open-artifact';
import { detectBytes } from '../parsers/detect';
import { EVTX_SPLIT_MIN_BYTES, planEvtxParts } from '../pipeline/evtx-parts';
import { MFT_HEAD_BYTES, MFT_SPLIT_MIN_BYTES } from '../pipeline/mft-parts';
import type { ParseOutcome } from '../pipeline/parse-outcome';
import type { DemoFile } from './api';
import { runEvtxSplit } from './evtx-split-job';
import { planMftSplit, runMftSplit } from './mft-split-job';
import { type JobResult, type JobTask, poolSizeFor, WorkerPool, type WorkerLike } from './pool';

export type CreateWorker = () => WorkerLike;

export interface ParseClientOptions {
  size?: number;
  stallTimeoutMs?: number;
  progressTimeoutMs?: number;
}

export interface ParseFileOptions {
  signal?: AbortSignal;
  /** Percent of this file done, 0..100. */
  onProgress?: (percent: number) => void;
}

/** Share of a compressed file's progress bar spent inflating it. */
const INFLATE_SHARE = 0.3;

export class ParseClient {
  private pool: WorkerPool | null = null;

  constructor(
    private readonly createWorker: CreateWorker,
    private readonly options: ParseClientOptions = {},
  ) {}

  get poolSize(): number {
    return (
      this.pool?.size ??
      this.options.size ??
      poolSizeFor(typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : 1)
    );
  }

  dispose(): void {
    this.pool?.dispose();
    this.pool = null;
  }

  /** Parses one file, split over the pool when it is large; errors and cancel are values. */
  parseFile(origin: FileOrigin, path: string, opts: ParseFileOptions = {}): Promise<JobResult<ParseOutcome>> {
    const show = opts.onProgress ?? (() => {});
    let inflating = false;
    const task: JobTask<ParseOutcome> = (api, heartbeat) =>
      api.parse(
        origin,
        path,
        Comlink.proxy((done: number, total: number, phase: 'inflate' | 'parse') => {
          heartbeat(`${phase}:${done}`);
          const ratio = total > 0 ? Math.min(1, done / total) : 0;
          if (phase === 'inflate') inflating = true;
          const share =
            phase === 'inflate'
              ? ratio * INFLATE_SHARE
              : inflating
                ? INFLATE_SHARE + ratio * (1 - INFLATE_SHARE)
                : ratio;
          show(Math.round(share * 100));
        }),
      );
    const whole = () => this.run(task, opts.signal);
    if (
      origin.kind !== 'blob' ||
      origin.blob.size < Math.min(EVTX_SPLIT_MIN_BYTES, MFT_SPLIT_MIN_BYTES) ||
      this.poolSize < 2
    ) {
      return whole();
    }
    return this.splitIfLarge(origin.blob, path, opts.signal, show, whole);
  }

  /** The full XML of an EVTX row's record, read again from its file in a worker. */
  recordDetail(origin: FileOrigin, path: string, recordOffset: number): Promise<JobResult<string | null>> {
    return this.run((api) => api.recordDetail(origin, path, recordOffset));
  }

  generateDemo(variant: string, scale: number): Promise<JobResult<DemoFile[]>> {
    return this.run((api) => api.generateDemo(variant, scale));
  }

  demoZip(variant: string, scale: number): Promise<JobResult<Uint8Array>> {
    return this.run((api) => api.demoZip(variant, scale));
  }

  private run<T>(task: JobTask<T>, signal?: AbortSignal): Promise<JobResult<T>> {
    if (!this.pool) {
      this.pool = new WorkerPool({ ...this.options, size: this.poolSize, create: this.createWorker });
    }
    return this.pool.run(task, { signal });
  }

  private async splitIfLarge(
    blob: Blob,
    path: string,
    signal: AbortSignal | undefined,
    show: (percent: number) => void,
    whole: () => Promise<JobResult<ParseOutcome>>,
  ): Promise<JobResult<ParseOutcome>> {
    const onProgress = (done: number, total: number) =>
      show(Math.round((total > 0 ? Math.min(1, done / total) : 0) * 100));
    const runner = <T>(task: JobTask<T>, s?: AbortSignal) => this.run(task, s);
    let head: Uint8Array;
    try {
      head = new Uint8Array(await blob.slice(0, MFT_HEAD_BYTES).arrayBuffer());
    } catch {
      return whole();
    }
    const origin: FileOrigin = { kind: 'blob', blob };
    if (detectBytes(head).kind === 'evtx') {
      const parts = blob.size >= EVTX_SPLIT_MIN_BYTES ? planEvtxParts(blob.size, this.poolSize) : [];
      if (parts.length < 2) return whole();
      return runEvtxSplit(runner, { origin, fileName: path, size: blob.size, parts, signal, onProgress });
    }
    if (blob.size < MFT_SPLIT_MIN_BYTES) return whole();
    let plan: Awaited<ReturnType<typeof planMftSplit>>;
    try {
      plan = await planMftSplit(blob, path, this.poolSize);
    } catch {
      return whole();
    }
    if (!plan) return whole();
    return runMftSplit(runner, { ...plan, origin, fileName: path, signal, onProgress });
  }
}
