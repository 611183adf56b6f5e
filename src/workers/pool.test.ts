import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkerApi } from './api';
import { poolSizeFor, WorkerPool, type WorkerLike } from './pool';

interface Fake {
  created: number;
  terminated: number;
  ports: WorkerLike[];
}

/** A worker stand-in: a MessagePort with a comlink-exposed API on the other end. */
function fakeFactory(api: () => Partial<WorkerApi>, fake: Fake): () => WorkerLike {
  return () => {
    const { port1, port2 } = new MessageChannel();
    Comlink.expose(api(), port2 as unknown as Comlink.Endpoint);
    fake.created++;
    const w = port1 as unknown as WorkerLike;
    w.terminate = () => {
      fake.terminated++;
      port1.close();
      port2.close();
    };
    fake.ports.push(w);
    return w;
  };
}

const pools: WorkerPool[] = [];
afterEach(() => {
  for (const p of pools.splice(0)) p.dispose();
});

function pool(
  api: () => Partial<WorkerApi>,
  opts: Partial<ConstructorParameters<typeof WorkerPool>[0]> = {},
) {
  const fake: Fake = { created: 0, terminated: 0, ports: [] };
  const p = new WorkerPool({ size: 2, create: fakeFactory(api, fake), ...opts });
  pools.push(p);
  return { p, fake };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('poolSizeFor', () => {
  it('follows hardwareConcurrency within 1..8', () => {
    expect(poolSizeFor(undefined)).toBe(1);
    expect(poolSizeFor(0)).toBe(1);
    expect(poolSizeFor(2)).toBe(2);
    expect(poolSizeFor(64)).toBe(8);
  });
});

describe('WorkerPool', () => {
  it('starts workers lazily, never more than its size, and queues the rest', async () => {
    let running = 0;
    let peak = 0;
    const { p, fake } = pool(() => ({
      ping: async () => 'pong',
      generateDemo: async () => {
        running++;
        peak = Math.max(peak, running);
        await sleep(20);
        running--;
        return [];
      },
    }));
    expect(fake.created).toBe(0);
    const results = await Promise.all(
      Array.from({ length: 7 }, () => p.run((api) => api.generateDemo('x', 1))),
    );
    expect(results.every((r) => r.ok)).toBe(true);
    expect(fake.created).toBe(2);
    expect(peak).toBe(2);
  });

  it('turns a worker-side exception into an error value and keeps the worker', async () => {
    const { p, fake } = pool(() => ({
      ping: async () => 'pong',
      generateDemo: async () => {
        throw new Error('no generator');
      },
    }));
    const r = await p.run((api) => api.generateDemo('x', 1));
    expect(r).toEqual({ ok: false, error: 'no generator', aborted: false });
    expect(fake.terminated).toBe(0);
  });

  it('abort terminates the running worker, and the next job gets a fresh one', async () => {
    const { p, fake } = pool(
      () => ({
        ping: async () => 'pong',
        generateDemo: () => new Promise(() => {}),
        demoZip: async () => new Uint8Array([1, 2, 3]),
      }),
      { size: 1 },
    );
    const ac = new AbortController();
    const hung = p.run((api) => api.generateDemo('x', 1), { signal: ac.signal });
    const queued = new AbortController();
    const waiting = p.run((api) => api.generateDemo('x', 1), { signal: queued.signal });
    await sleep(30);
    queued.abort();
    expect(await waiting).toEqual({ ok: false, error: 'cancelled', aborted: true });
    ac.abort();
    expect(await hung).toEqual({ ok: false, error: 'cancelled', aborted: true });
    expect(fake.terminated).toBe(1);
    const next = await p.run((api) => api.demoZip('x', 1));
    expect(next.ok && Array.from(next.value)).toEqual([1, 2, 3]);
    expect(fake.created).toBe(2);
  });

  it('a worker that never answers its start-up ping becomes an error, not a hang', async () => {
    const { p } = pool(() => ({ ping: () => new Promise(() => {}) }), { startTimeoutMs: 50, size: 1 });
    const r = await p.run((api) => api.generateDemo('x', 1));
    expect(r).toMatchObject({ ok: false, aborted: false });
    expect(!r.ok && r.error).toMatch(
      /worker failed to start: worker did not answer its start-up ping within 0\.05 s/,
    );
  });

  it('after repeated start failures, queued jobs fail at once', async () => {
    const { p, fake } = pool(() => ({ ping: () => new Promise(() => {}) }), {
      startTimeoutMs: 30,
      size: 1,
      maxStartFailures: 2,
    });
    const rs = await Promise.all(Array.from({ length: 6 }, () => p.run((api) => api.generateDemo('x', 1))));
    expect(rs.every((r) => !r.ok)).toBe(true);
    expect(fake.created).toBe(2);
    expect(!rs[5].ok && rs[5].error).toMatch(/workers fail to start/);
  });

  it('a worker that throws an error event mid-job is reported as crashed and replaced', async () => {
    const { p, fake } = pool(
      () => ({
        ping: async () => 'pong',
        generateDemo: () => new Promise(() => {}),
        demoZip: async () => new Uint8Array(1),
      }),
      { size: 1 },
    );
    const job = p.run((api) => api.generateDemo('x', 1));
    await sleep(30);
    const ev = new Event('error');
    Object.defineProperty(ev, 'message', { value: 'out of memory' });
    (fake.ports[0] as unknown as EventTarget).dispatchEvent(ev);
    expect(await job).toEqual({ ok: false, error: 'worker crashed: out of memory', aborted: false });
    expect((await p.run((api) => api.demoZip('x', 1))).ok).toBe(true);
    expect(fake.created).toBe(2);
  });

  it('a job without heartbeats past the stall timeout is stopped; heartbeats keep it alive', async () => {
    const { p } = pool(
      () => ({
        ping: async () => 'pong',
        parse: async (_o: unknown, _n: string, onProgress?: (d: number, t: number, p: 'parse') => void) => {
          for (let i = 0; i < 10; i++) {
            await sleep(80);
            await onProgress?.(i, 6, 'parse');
          }
          return { kind: 'unsupported' as const, reason: 'test' };
        },
        generateDemo: () => new Promise(() => {}),
      }),
      { stallTimeoutMs: 400 },
    );
    const alive = await p.run<unknown>(
      (api, beat) =>
        api.parse(
          { kind: 'blob', blob: new Blob([]) },
          'f',
          Comlink.proxy(() => beat()),
        ) as Promise<unknown>,
    );
    expect(alive).toEqual({ ok: true, value: { kind: 'unsupported', reason: 'test' } });
    const stalled = await p.run((api) => api.generateDemo('x', 1));
    expect(stalled).toEqual({
      ok: false,
      error: 'worker stopped answering (no progress for 0.4 s)',
      aborted: false,
    });
  });

  it('a worker that keeps its heartbeat but never advances is stopped with a clear error', async () => {
    // The worker entry re-sends its last position every second while the parse is pending, so a
    // wedged parse (a read that never settles) looks alive; only a changing position is progress.
    const { p, fake } = pool(
      () => ({
        ping: async () => 'pong',
        parse: async (_o: unknown, _n: string, onProgress?: (d: number, t: number, p: 'parse') => void) => {
          await onProgress?.(10, 100, 'parse');
          const beat = setInterval(() => void onProgress?.(10, 100, 'parse'), 10);
          await new Promise((resolve) => setTimeout(resolve, 5_000));
          clearInterval(beat);
          return { kind: 'unsupported' as const, reason: 'late' };
        },
        demoZip: async () => new Uint8Array([7]),
      }),
      { size: 1, stallTimeoutMs: 4_000, progressTimeoutMs: 400 },
    );
    const r = await p.run<unknown>(
      (api, beat) =>
        api.parse(
          { kind: 'blob', blob: new Blob([]) },
          'f',
          Comlink.proxy((d: number, _t: number, phase: string) => beat(`${phase}:${d}`)),
        ) as Promise<unknown>,
    );
    expect(r).toEqual({
      ok: false,
      error: 'worker made no progress for 0.4 s (stuck at parse:10)',
      aborted: false,
    });
    expect(fake.terminated).toBe(1);
    const next = await p.run((api) => api.demoZip('x', 1));
    expect(next.ok && Array.from(next.value)).toEqual([7]);
  });

  it('a changing position keeps a slow job alive past the progress timeout', async () => {
    const { p } = pool(
      () => ({
        ping: async () => 'pong',
        parse: async (_o: unknown, _n: string, onProgress?: (d: number, t: number, p: 'parse') => void) => {
          for (let i = 0; i < 10; i++) {
            await sleep(80);
            await onProgress?.(i, 8, 'parse');
          }
          return { kind: 'unsupported' as const, reason: 'slow but moving' };
        },
      }),
      { progressTimeoutMs: 400 },
    );
    const r = await p.run<unknown>(
      (api, beat) =>
        api.parse(
          { kind: 'blob', blob: new Blob([]) },
          'f',
          Comlink.proxy((d: number) => beat(d)),
        ) as Promise<unknown>,
    );
    expect(r).toEqual({ ok: true, value: { kind: 'unsupported', reason: 'slow but moving' } });
  });

  it('a worker that cannot be created fails that job with the reason', async () => {
    const p = new WorkerPool({
      size: 1,
      create: () => {
        throw new Error('blocked by CSP');
      },
    });
    pools.push(p);
    expect(await p.run((api) => api.ping())).toEqual({
      ok: false,
      error: 'worker could not be created: blocked by CSP',
      aborted: false,
    });
  });
});
