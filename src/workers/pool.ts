// Client side of the parse workers: a lazily started pool of at most `size` workers with a FIFO
// queue. A job gets the comlink proxy of an idle worker. Aborting a job terminates its worker (the
// only way to stop CPU-bound work) and the pool starts a fresh one for the next job. A worker that
// fails to start (error event, no answer to the start-up ping), crashes or stops sending heartbeats
// turns into an error value on that job, never a hang.
import * as Comlink from 'comlink';
import type { WorkerApi } from './api';

/** What the pool needs of a worker; `Worker` satisfies it, tests pass a MessagePort-based fake. */
export interface WorkerLike extends Comlink.Endpoint {
  terminate(): void;
}

export interface PoolOptions {
  size: number;
  create: () => WorkerLike;
  /** Start-up ping must answer within this (ms). */
  startTimeoutMs?: number;
  /** A running job must show a heartbeat (any progress message) at least this often (ms). */
  stallTimeoutMs?: number;
  /**
   * A running job whose heartbeats carry a progress mark must change that mark at least this
   * often (ms): a worker that is alive but wedged (its 1 s heartbeat repeats the same position)
   * is stopped, not left "parsing" forever.
   */
  progressTimeoutMs?: number;
  /** After this many workers in a row fail to start, queued jobs fail at once. */
  maxStartFailures?: number;
}

export type JobResult<T> = { ok: true; value: T } | { ok: false; error: string; aborted: boolean };

/**
 * The job body: call the worker through `api`; call `heartbeat` whenever the worker reports,
 * with a progress mark (e.g. `parse:1048576`) when the report carries a position. Heartbeats
 * after the job ended are ignored.
 */
export type JobTask<T> = (
  api: Comlink.Remote<WorkerApi>,
  heartbeat: (progressMark?: string | number) => void,
) => Promise<T>;

export const DEFAULT_START_TIMEOUT_MS = 10_000;
export const DEFAULT_STALL_TIMEOUT_MS = 120_000;
export const DEFAULT_PROGRESS_TIMEOUT_MS = 60_000;
export const MAX_POOL_SIZE = 8;

export function poolSizeFor(hardwareConcurrency: number | undefined): number {
  const n = Math.floor(hardwareConcurrency ?? 1);
  return Math.max(1, Math.min(MAX_POOL_SIZE, Number.isFinite(n) ? n : 1));
}

interface Slot {
  worker: WorkerLike;
  api: Comlink.Remote<WorkerApi>;
  ready: Promise<void>;
  busy: boolean;
  dead: boolean;
  /** Rejects when the worker reports an error event. */
  failed: Promise<never>;
}

interface Job {
  task: JobTask<unknown>;
  signal?: AbortSignal;
  resolve: (r: JobResult<unknown>) => void;
}

class JobFailure extends Error {
  constructor(
    message: string,
    readonly aborted = false,
    readonly killWorker = true,
  ) {
    super(message);
  }
}

function describeError(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  if (typeof e === 'object' && e && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}

export class WorkerPool {
  readonly size: number;
  private readonly opts: Required<PoolOptions>;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private startFailures = 0;
  private lastStartError = '';
  private disposed = false;

  constructor(opts: PoolOptions) {
    this.size = Math.max(1, Math.min(MAX_POOL_SIZE, Math.floor(opts.size)));
    this.opts = {
      startTimeoutMs: DEFAULT_START_TIMEOUT_MS,
      stallTimeoutMs: DEFAULT_STALL_TIMEOUT_MS,
      progressTimeoutMs: DEFAULT_PROGRESS_TIMEOUT_MS,
      maxStartFailures: 3,
      ...opts,
    };
  }

  /** Workers currently alive (started lazily, at most `size`). */
  get workerCount(): number {
    return this.slots.length;
  }

  get queued(): number {
    return this.queue.length;
  }

  run<T>(task: JobTask<T>, opts: { signal?: AbortSignal } = {}): Promise<JobResult<T>> {
    return new Promise<JobResult<T>>((resolve) => {
      if (this.disposed) {
        resolve({ ok: false, error: 'worker pool was shut down', aborted: false });
        return;
      }
      const job: Job = {
        task: task as JobTask<unknown>,
        signal: opts.signal,
        resolve: resolve as (r: JobResult<unknown>) => void,
      };
      opts.signal?.addEventListener(
        'abort',
        () => {
          const i = this.queue.indexOf(job);
          if (i >= 0) {
            this.queue.splice(i, 1);
            resolve({ ok: false, error: 'cancelled', aborted: true });
          }
        },
        { once: true },
      );
      this.queue.push(job);
      this.pump();
    });
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.slots.splice(0)) this.kill(s);
    for (const j of this.queue.splice(0))
      j.resolve({ ok: false, error: 'worker pool was shut down', aborted: false });
  }

  private pump(): void {
    while (this.queue.length > 0) {
      if (this.startFailures >= this.opts.maxStartFailures) {
        const msg = `workers fail to start (${this.lastStartError})`;
        for (const j of this.queue.splice(0)) j.resolve({ ok: false, error: msg, aborted: false });
        return;
      }
      let slot = this.slots.find((s) => !s.busy && !s.dead);
      if (!slot) {
        if (this.slots.length >= this.size) return;
        slot = this.start();
        if (!slot) continue;
      }
      const job = this.queue.shift()!;
      if (job.signal?.aborted) {
        job.resolve({ ok: false, error: 'cancelled', aborted: true });
        continue;
      }
      slot.busy = true;
      void this.execute(slot, job);
    }
  }

  private start(): Slot | undefined {
    let worker: WorkerLike;
    try {
      worker = this.opts.create();
    } catch (e) {
      this.startFailures++;
      this.lastStartError = `worker could not be created: ${describeError(e)}`;
      const job = this.queue.shift();
      job?.resolve({ ok: false, error: this.lastStartError, aborted: false });
      return undefined;
    }
    let onError: (ev: Event) => void = () => {};
    const failed = new Promise<never>((_, reject) => {
      onError = (ev: Event) => {
        const msg = (ev as ErrorEvent).message;
        reject(new JobFailure(`worker crashed${msg ? `: ${msg}` : ''}`));
      };
    });
    failed.catch(() => {});
    worker.addEventListener('error', onError);
    worker.addEventListener('messageerror', onError);
    const api = Comlink.wrap<WorkerApi>(worker);
    const slot: Slot = { worker, api, busy: false, dead: false, failed, ready: Promise.resolve() };
    let startTimer: ReturnType<typeof setTimeout> | undefined;
    slot.ready = Promise.race([
      api.ping().then(() => undefined),
      failed,
      new Promise<never>((_, reject) => {
        startTimer = setTimeout(
          () =>
            reject(
              new Error(
                `worker did not answer its start-up ping within ${this.opts.startTimeoutMs / 1000} s`,
              ),
            ),
          this.opts.startTimeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(startTimer));
    slot.ready.catch(() => {});
    this.slots.push(slot);
    return slot;
  }

  private kill(slot: Slot): void {
    slot.dead = true;
    try {
      slot.worker.terminate();
    } catch {
      // already gone
    }
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
  }

  private async execute(slot: Slot, job: Job): Promise<void> {
    const cleanups: (() => void)[] = [];
    let result: JobResult<unknown>;
    try {
      try {
        await withAbort(slot.ready, job.signal, cleanups);
        this.startFailures = 0;
      } catch (e) {
        if (e instanceof JobFailure && e.aborted) throw e;
        this.startFailures++;
        this.lastStartError = describeError(e);
        throw new JobFailure(`worker failed to start: ${describeError(e)}`);
      }
      let stallTimer: ReturnType<typeof setTimeout> | undefined;
      let progressTimer: ReturnType<typeof setTimeout> | undefined;
      let ended = false;
      let mark: string | number | undefined;
      let heartbeat: (m?: string | number) => void = () => {};
      const { stallTimeoutMs, progressTimeoutMs } = this.opts;
      const stalled = new Promise<never>((_, reject) => {
        const armStall = () => {
          if (stallTimer !== undefined) clearTimeout(stallTimer);
          stallTimer = setTimeout(
            () =>
              reject(new JobFailure(`worker stopped answering (no progress for ${stallTimeoutMs / 1000} s)`)),
            stallTimeoutMs,
          );
        };
        const armProgress = () => {
          if (progressTimer !== undefined) clearTimeout(progressTimer);
          progressTimer = setTimeout(
            () =>
              reject(
                new JobFailure(
                  `worker made no progress for ${progressTimeoutMs / 1000} s${mark === undefined ? '' : ` (stuck at ${mark})`}`,
                ),
              ),
            progressTimeoutMs,
          );
        };
        armStall();
        armProgress();
        heartbeat = (m) => {
          if (ended) return;
          armStall();
          if (m === undefined || m !== mark) {
            mark = m;
            armProgress();
          }
        };
      });
      stalled.catch(() => {});
      cleanups.push(() => {
        ended = true;
        if (stallTimer !== undefined) clearTimeout(stallTimer);
        if (progressTimer !== undefined) clearTimeout(progressTimer);
      });
      const work = job
        .task(slot.api, (m) => heartbeat(m))
        .catch((e) => {
          throw new JobFailure(describeError(e), false, false);
        });
      const value = await withAbort(Promise.race([work, slot.failed, stalled]), job.signal, cleanups);
      result = { ok: true, value };
    } catch (e) {
      const f = e instanceof JobFailure ? e : new JobFailure(describeError(e));
      result = { ok: false, error: f.message, aborted: f.aborted };
      if (f.killWorker) this.kill(slot);
    } finally {
      for (const c of cleanups) c();
    }
    slot.busy = false;
    job.resolve(result);
    this.pump();
  }
}

function withAbort<T>(p: Promise<T>, signal: AbortSignal | undefined, cleanups: (() => void)[]): Promise<T> {
  if (!signal) return p;
  if (signal.aborted) return Promise.reject(new JobFailure('cancelled', true));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new JobFailure('cancelled', true));
    signal.addEventListener('abort', onAbort, { once: true });
    cleanups.push(() => signal.removeEventListener('abort', onAbort));
    p.then(resolve, reject);
  });
}
