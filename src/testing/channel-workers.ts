// Test support: parse-worker stand-ins over MessageChannels that answer with the real worker
// calls (src/workers/parse-worker-api.ts, transfers included), count what they were asked, and
// can replace single calls (a part that hangs, one that fails). Plus helpers to wait for a case
// controller and to watch its progress.
import * as Comlink from 'comlink';
import { expect } from 'vitest';
import type { CaseController } from '../app/case-controller';
import type { ProgressCallback, WorkerApi } from '../workers/api';
import { createParseWorkerApi } from '../workers/parse-worker-api';
import type { WorkerLike } from '../workers/pool';

export interface WorkerCounts {
  created: number;
  terminated: number;
  /** Calls per WorkerApi method. */
  calls: Record<string, number>;
}

export const noCounts = (): WorkerCounts => ({ created: 0, terminated: 0, calls: {} });

export const calls = (counts: WorkerCounts, name: keyof WorkerApi): number => counts.calls[name] ?? 0;

export function channelWorkers(counts: WorkerCounts, overrides: Partial<WorkerApi> = {}): () => WorkerLike {
  return () => {
    const { port1, port2 } = new MessageChannel();
    const api: Record<string, unknown> = { ...createParseWorkerApi(), ...overrides };
    for (const [name, fn] of Object.entries(api)) {
      api[name] = (...args: unknown[]) => {
        counts.calls[name] = (counts.calls[name] ?? 0) + 1;
        return (fn as (...a: unknown[]) => unknown)(...args);
      };
    }
    Comlink.expose(api, port2 as unknown as Comlink.Endpoint);
    counts.created++;
    const w = port1 as unknown as WorkerLike;
    w.terminate = () => {
      counts.terminated++;
      port1.close();
      port2.close();
    };
    return w;
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A call that reports progress every 10 ms and never ends (a part still running when cancelled). */
export async function runForever(onProgress?: ProgressCallback): Promise<never> {
  for (let i = 0; ; i++) {
    await sleep(10);
    await onProgress?.(i, 1000, 'parse');
  }
}

/** Waits until the controller has no file loading (or `ms` passed). */
export async function settle(c: CaseController, ms = 60_000): Promise<void> {
  const t0 = Date.now();
  while (c.progress.running && Date.now() - t0 < ms) await sleep(20);
}

/** Records every percentage the controller shows while files parse. */
export function watchPercents(c: CaseController): number[] {
  const percents: number[] = [];
  const setState = c.store.setState.bind(c.store);
  c.store.setState = (id, state) => {
    if (state.kind === 'parsing') percents.push(state.percent);
    setState(id, state);
  };
  return percents;
}

/** Progress was shown, never went back and stayed below 100 until the file was done. */
export function expectRisingPercents(percents: number[]): void {
  expect(percents.length).toBeGreaterThan(0);
  for (let i = 1; i < percents.length; i++) expect(percents[i]).toBeGreaterThanOrEqual(percents[i - 1]);
  expect(Math.max(...percents)).toBeLessThanOrEqual(99);
}
