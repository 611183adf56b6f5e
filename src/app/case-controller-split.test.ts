import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import { memorySource } from '../parsers/types';
import { requireOrSkip, SAMPLES } from '../testing/samples';
import type { WorkerApi } from '../workers/api';
import { EVTX_SPLIT_MIN_BYTES, planEvtxParts } from '../pipeline/evtx-parts';
import { parseToBatch } from '../pipeline/parse-to-batch';
import type { WorkerLike } from '../workers/pool';
import { parseEvtxPartOf, parseOrigin } from '../pipeline/parse-outcome';
import { CaseController } from './case-controller';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const STORE = join(SAMPLES, 'evtx', 'museum-Win10-RathbunVM__Microsoft-Windows-Store%4Operational.evtx');

interface Counts {
  created: number;
  terminated: number;
  parts: number;
  wholes: number;
}

/** Worker stand-ins over MessageChannels running the real worker core. */
function factory(counts: Counts, api: Partial<WorkerApi> = {}) {
  return (): WorkerLike => {
    const { port1, port2 } = new MessageChannel();
    Comlink.expose(
      {
        ping: async () => 'pong',
        parse: (o, n, p) => {
          counts.wholes++;
          return parseOrigin(o, n, p);
        },
        parseEvtxPart: (o, n, part, withHeader, p) => {
          counts.parts++;
          return parseEvtxPartOf(o, n, part, withHeader, p);
        },
        ...api,
      } satisfies Partial<WorkerApi>,
      port2 as unknown as Comlink.Endpoint,
    );
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

/** The Store log's chunks written twice behind its header: 418 chunks, above the threshold. */
function bigEvtx(): Uint8Array<ArrayBuffer> {
  const src = new Uint8Array(readFileSync(STORE));
  const chunks = src.subarray(4096);
  const out = new Uint8Array(4096 + chunks.length * 2);
  out.set(src.subarray(0, 4096));
  out.set(chunks, 4096);
  out.set(chunks, 4096 + chunks.length);
  return out;
}

async function settle(c: CaseController, ms = 60_000) {
  const t0 = Date.now();
  while (c.progress.running && Date.now() - t0 < ms) await sleep(20);
}

describe('CaseController: large EVTX split across workers', () => {
  it('parses the parts on several workers and merges them into the single-parse rows', async () => {
    if (!requireOrSkip(STORE, existsSync(STORE))) return;
    const bytes = bigEvtx();
    expect(bytes.length).toBeGreaterThan(EVTX_SPLIT_MIN_BYTES);
    const counts: Counts = { created: 0, terminated: 0, parts: 0, wholes: 0 };
    const c = new CaseController(factory(counts), { size: 3 });
    const percents: number[] = [];
    const setState = c.store.setState.bind(c.store);
    c.store.setState = (id, state) => {
      if (state.kind === 'parsing') percents.push(state.percent);
      setState(id, state);
    };
    c.addFiles([{ path: 'HOST/Store.evtx', blob: new Blob([bytes]) }]);
    await settle(c);
    const f = c.store.files[0];
    const single = await parseToBatch(memorySource(bytes), 'evtx', 'HOST/Store.evtx');
    expect(f.state).toEqual({ kind: 'done', ok: single.summary?.ok, errors: single.summary?.errors });
    expect(f.summary).toEqual(single.summary);
    expect(counts.wholes).toBe(0);
    expect(counts.parts).toBe(planEvtxParts(bytes.length, 3).length);
    expect(counts.created).toBe(3);
    expect(c.extras[0].detail).toBe(
      `EVTX file header (chunks parsed in ${counts.parts} parts across workers)`,
    );
    const t = c.store.table;
    expect(t.length).toBe(single.batch?.length);
    expect(Array.from(t.ref.subarray(0, t.length))).toEqual(Array.from(single.batch?.ref ?? []));
    for (const row of [0, 1, t.length >> 1, t.length - 1]) {
      expect(t.strings[t.summary[row]]).toBe(single.batch?.strings[single.batch.summary[row]]);
    }
    expect(percents.length).toBeGreaterThan(0);
    for (let i = 1; i < percents.length; i++) expect(percents[i]).toBeGreaterThanOrEqual(percents[i - 1]);
    expect(Math.max(...percents)).toBeLessThanOrEqual(99);
    c.dispose();
  }, 120_000);

  it('cancel stops every part: running parts lose their workers, the file is cancelled', async () => {
    if (!requireOrSkip(STORE, existsSync(STORE))) return;
    const counts: Counts = { created: 0, terminated: 0, parts: 0, wholes: 0 };
    const started: number[] = [];
    const c = new CaseController(
      factory(counts, {
        parseEvtxPart: async (_o, _n, part, _h, p) => {
          counts.parts++;
          started.push(part.firstChunk);
          for (let i = 0; ; i++) {
            await sleep(10);
            await p?.(i, 1000, 'parse');
          }
        },
      }),
      { size: 2 },
    );
    c.addFiles([{ path: 'big.evtx', blob: new Blob([bigEvtx()]) }]);
    for (let i = 0; i < 200 && started.length < 2; i++) await sleep(10);
    expect(started.length).toBe(2);
    c.cancelFile(0);
    await settle(c, 5_000);
    expect(c.store.files[0].state).toEqual({ kind: 'cancelled' });
    expect(counts.terminated).toBe(2);
    expect(counts.parts).toBe(2);
    c.dispose();
  });
  it('a failing part fails the file with its chunk range and cancels the other parts', async () => {
    if (!requireOrSkip(STORE, existsSync(STORE))) return;
    const counts: Counts = { created: 0, terminated: 0, parts: 0, wholes: 0 };
    const c = new CaseController(
      factory(counts, {
        parseEvtxPart: async (_o, _n, part, _h, p) => {
          counts.parts++;
          if (part.firstChunk > 0) throw new Error('disk read error');
          for (let i = 0; ; i++) {
            await sleep(10);
            await p?.(i, 1000, 'parse');
          }
        },
      }),
      { size: 2 },
    );
    const bytes = bigEvtx();
    const parts = planEvtxParts(bytes.length, 2);
    c.addFiles([{ path: 'big.evtx', blob: new Blob([bytes]) }]);
    await settle(c, 5_000);
    expect(c.store.files[0].state).toEqual({
      kind: 'failed',
      reason: `chunks ${parts[1].firstChunk}–${parts[1].endChunk - 1}: disk read error`,
    });
    // Parts still running lost their workers; the last queued part never started.
    expect(parts.length).toBe(4);
    expect(counts.terminated).toBeGreaterThanOrEqual(1);
    expect(counts.parts).toBeLessThan(parts.length);
    c.dispose();
  });
});

describe('CaseController: a wedged job', () => {
  it('a file whose worker stays alive without progress fails with a clear error; the rest loads', async () => {
    const counts: Counts = { created: 0, terminated: 0, parts: 0, wholes: 0 };
    const c = new CaseController(
      factory(counts, {
        parse: async (_o, name, p) => {
          if (name === 'stuck.bin') {
            // The worker entry's 1 s heartbeat repeats the last position while a read never settles.
            const beat = setInterval(() => void p?.(4096, 8192, 'parse'), 5);
            await new Promise(() => {});
            clearInterval(beat);
          }
          await sleep(5);
          return { kind: 'unsupported', reason: `not an artifact: ${name}` };
        },
      }),
      { size: 2, progressTimeoutMs: 200 },
    );
    const files = ['a.bin', 'b.bin', 'stuck.bin', 'c.bin', 'd.bin'];
    c.addFiles(files.map((path) => ({ path, blob: new Blob(['x']) })));
    await settle(c, 5_000);
    expect(c.progress.running).toBe(false);
    const states = Object.fromEntries(c.store.files.map((f) => [f.path, f.state]));
    expect(states['stuck.bin']).toEqual({
      kind: 'failed',
      reason: 'worker made no progress for 0.2 s (stuck at parse:4096)',
    });
    for (const n of files.filter((f) => f !== 'stuck.bin'))
      expect(states[n]).toEqual({ kind: 'unsupported', reason: `not an artifact: ${n}` });
    expect(counts.terminated).toBe(1);
    c.dispose();
  });
});
