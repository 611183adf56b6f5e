// Test support: parse-worker stand-ins over MessageChannels that answer with the real worker
// calls (src/workers/parse-worker-api.ts, transfers included), count what they were asked, and
// can replace single calls (a part that hangs, one that fails). Plus helpers to wait for a case
// controller and to watch its progress.
import * as Comlink from 'comlink';
import { expect } from 'vitest';
import { CaseController } from '../app/case-controller';
import { rowFields } from '../model/events-table';
import { type ArtifactKind, memorySource } from '../parsers/types';
import { parseToBatch } from '../pipeline/parse-to-batch';
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

type PartCall = 'parseEvtxPart' | 'scanMftPart' | 'parseMftPart';

/**
 * Loads `file` on a controller of two workers whose `method` (one split part's call) never ends;
 * with `fail`, parts after the first throw "disk read error" instead, else the file is cancelled
 * once both workers run a part. Returns the counts and the file's final state.
 */
export async function loadWithStuckParts(
  method: PartCall,
  file: { path: string; bytes: Uint8Array<ArrayBuffer> },
  opts: { fail?: boolean } = {},
): Promise<{ counts: WorkerCounts; state: unknown }> {
  const counts = noCounts();
  let started = 0;
  const stuck = async (...args: unknown[]) => {
    started++;
    const part = args.find(
      (a) => typeof a === 'object' && a !== null && ('firstChunk' in a || 'firstEntry' in a),
    ) as { firstChunk?: number; firstEntry?: number } | undefined;
    if (opts.fail && ((part?.firstChunk ?? 0) > 0 || (part?.firstEntry ?? 0) > 0))
      throw new Error('disk read error');
    return runForever(args[args.length - 1] as ProgressCallback | undefined);
  };
  const c = new CaseController(channelWorkers(counts, { [method]: stuck }), { size: 2 });
  c.addFiles([{ path: file.path, blob: new Blob([file.bytes]) }]);
  if (!opts.fail) {
    for (let i = 0; i < 300 && started < 2; i++) await sleep(10);
    expect(started).toBe(2);
    c.cancelFile(0);
  }
  await settle(c, 10_000);
  const state = c.store.files[0].state;
  expect(c.progress.running).toBe(false);
  c.dispose();
  return { counts, state };
}

/**
 * Loads `bytes` as `path` on a controller of three workers and checks it against one parse of the
 * same bytes: the file's state and summary, every row's ref and time, the summary text and fields
 * of sample rows, and progress that only rises. Returns the counts and the controller (dispose it).
 */
export async function expectSplitEqualsOneParse(
  kind: ArtifactKind,
  path: string,
  bytes: Uint8Array<ArrayBuffer>,
): Promise<{ counts: WorkerCounts; c: CaseController }> {
  const counts = noCounts();
  const c = new CaseController(channelWorkers(counts), { size: 3 });
  const percents = watchPercents(c);
  c.addFiles([{ path, blob: new Blob([bytes]) }]);
  await settle(c);
  const f = c.store.files[0];
  const single = await parseToBatch(memorySource(bytes), kind, path);
  expect(f.state).toEqual({ kind: 'done', ok: single.summary.ok, errors: single.summary.errors });
  expect(f.summary).toEqual(single.summary);
  const t = c.store.table;
  const b = single.batch;
  expect(t.length).toBe(b.length);
  expect(Array.from(t.ref.subarray(0, t.length))).toEqual(Array.from(b.ref));
  expect(Array.from(t.timeMs.subarray(0, t.length))).toEqual(Array.from(b.timeMs));
  for (const row of [0, 1, t.length >> 1, t.length - 1]) {
    expect(t.strings[t.summary[row]]).toBe(b.strings[b.summary[row]]);
    expect(rowFields(t, row)).toEqual(rowFields(b, row));
  }
  expectRisingPercents(percents);
  return { counts, c };
}
