import * as Comlink from 'comlink';
import { describe, expect, it } from 'vitest';
import { batchTransferables, rowFields } from '../model/events-table';
import { detectMftLayout } from '../parsers/mft/index';
import { memorySource } from '../parsers/types';
import type { WorkerApi } from '../workers/api';
import { MFT_SPLIT_MIN_BYTES, mftColumnsTransferables, planMftParts } from '../pipeline/mft-parts';
import { parseToBatch } from '../pipeline/parse-to-batch';
import type { WorkerLike } from '../workers/pool';
import { parseMftPartOf, parseOrigin, scanMftPartOf } from '../pipeline/parse-outcome';
import { buildMftFromPaths, type PathFileSpec } from '../writers/mft/write-mft';
import { CaseController } from './case-controller';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const NMAP = '\\Windows\\Prefetch\\NMAP.EXE-7F3A2C11.pf';

interface Counts {
  created: number;
  terminated: number;
  scans: number;
  parts: number;
  wholes: number;
}

/** Worker stand-ins over MessageChannels running the real worker core, transferring as parse.worker.ts does. */
function factory(counts: Counts, api: Partial<WorkerApi> = {}) {
  return (): WorkerLike => {
    const { port1, port2 } = new MessageChannel();
    Comlink.expose(
      {
        ping: async () => 'pong',
        parse: async (o, n, p) => {
          counts.wholes++;
          const out = await parseOrigin(o, n, p);
          return out.kind === 'parsed' ? Comlink.transfer(out, batchTransferables(out.batch)) : out;
        },
        scanMftPart: async (o, n, layout, part, p) => {
          counts.scans++;
          const out = await scanMftPartOf(o, n, layout, part, p);
          return Comlink.transfer(out, mftColumnsTransferables(out.columns));
        },
        parseMftPart: async (o, n, layout, part, columns, p) => {
          counts.parts++;
          const out = await parseMftPartOf(o, n, layout, part, columns, p);
          return Comlink.transfer(out, batchTransferables(out.batch));
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

let cached: Uint8Array<ArrayBuffer> | null = null;
/** 17,000 files in 100 folders (every 50th deleted) and the nmap prefetch file: ~17 MiB. */
function bigMft(): Uint8Array<ArrayBuffer> {
  if (cached) return cached;
  const files: PathFileSpec[] = [];
  for (let i = 0; i < 17_000; i++) {
    files.push({
      path: `\\Data\\folder-${i % 100}\\file-${i}.txt`,
      size: i,
      inUse: i % 50 !== 7,
      times: {
        created: '2024-01-01T00:00:00.0000000Z',
        modified: `2024-02-01T00:00:${String(i % 60).padStart(2, '0')}.5000000Z`,
      },
    });
  }
  files.push({ path: NMAP, size: 8192, times: { created: '2024-05-01T12:00:00.0000000Z' } });
  const b = buildMftFromPaths(files).bytes;
  cached = new Uint8Array(b.buffer as ArrayBuffer, b.byteOffset, b.byteLength);
  return cached;
}

async function settle(c: CaseController, ms = 60_000) {
  const t0 = Date.now();
  while (c.progress.running && Date.now() - t0 < ms) await sleep(20);
}

const zero = (): Counts => ({ created: 0, terminated: 0, scans: 0, parts: 0, wholes: 0 });

describe('CaseController: large $MFT split across workers', () => {
  it('scans and parses the parts on several workers; the rows equal one parse, paths included', async () => {
    const bytes = bigMft();
    expect(bytes.length).toBeGreaterThan(MFT_SPLIT_MIN_BYTES);
    const counts = zero();
    const c = new CaseController(factory(counts), { size: 3 });
    const percents: number[] = [];
    const setState = c.store.setState.bind(c.store);
    c.store.setState = (id, state) => {
      if (state.kind === 'parsing') percents.push(state.percent);
      setState(id, state);
    };
    c.addFiles([{ path: 'HOST/C/$MFT', blob: new Blob([bytes]) }]);
    await settle(c);
    const f = c.store.files[0];
    const single = await parseToBatch(memorySource(bytes), 'mft', 'HOST/C/$MFT');
    expect(f.state).toEqual({ kind: 'done', ok: single.summary?.ok, errors: single.summary?.errors });
    expect(f.summary).toEqual(single.summary);
    // files, \Data and its 100 folders, \Windows\Prefetch and the .pf, system entries 0..15 and 24..27
    expect(single.summary?.ok).toBe(17_000 + 101 + 3 + 16 + 4);
    const layout = await detectMftLayout(memorySource(bytes), { fileName: 'x', diagnostics: [] });
    const parts = planMftParts(layout, 3);
    expect(parts.length).toBe(3);
    expect(counts.wholes).toBe(0);
    expect(counts.scans).toBe(3);
    expect(counts.parts).toBe(3);
    expect(c.extras[0].detail).toBe('FILE record (entries parsed in 3 parts across workers)');
    const t = c.store.table;
    const b = single.batch;
    expect(t.length).toBe(b?.length);
    expect(Array.from(t.ref.subarray(0, t.length))).toEqual(Array.from(b?.ref ?? []));
    expect(Array.from(t.timeMs.subarray(0, t.length))).toEqual(Array.from(b?.timeMs ?? []));
    let nmapRows = 0;
    for (let row = 0; row < t.length; row++) {
      if (rowFields(t, row).Path === NMAP) nmapRows++;
    }
    expect(nmapRows).toBe(1);
    for (const row of [0, 1, t.length >> 1, t.length - 1]) {
      expect(t.strings[t.summary[row]]).toBe(b?.strings[b.summary[row]]);
      expect(rowFields(t, row)).toEqual(b ? rowFields(b, row) : null);
    }
    expect(percents.length).toBeGreaterThan(0);
    for (let i = 1; i < percents.length; i++) expect(percents[i]).toBeGreaterThanOrEqual(percents[i - 1]);
    expect(Math.max(...percents)).toBeLessThanOrEqual(99);
    c.dispose();
  }, 120_000);

  it('a small $MFT or a one-worker pool runs as one job', async () => {
    const counts = zero();
    const c = new CaseController(factory(counts), { size: 1 });
    c.addFiles([{ path: 'big/$MFT', blob: new Blob([bigMft()]) }]);
    await settle(c);
    expect(c.store.files[0].state.kind).toBe('done');
    expect(c.extras[0].detail).toBe('FILE record');
    expect([counts.wholes, counts.scans, counts.parts]).toEqual([1, 0, 0]);
    c.dispose();
    const counts2 = zero();
    const c2 = new CaseController(factory(counts2), { size: 4 });
    c2.addFiles([{ path: 'small/$MFT', blob: new Blob([bigMft().subarray(0, MFT_SPLIT_MIN_BYTES - 1024)]) }]);
    await settle(c2);
    expect(c2.store.files[0].state.kind).toBe('done');
    expect([counts2.wholes, counts2.scans, counts2.parts]).toEqual([1, 0, 0]);
    c2.dispose();
  }, 60_000);

  it('cancel during the path scan stops every part: workers terminated, file cancelled', async () => {
    const counts = zero();
    const started: number[] = [];
    const c = new CaseController(
      factory(counts, {
        scanMftPart: async (_o, _n, _l, part, p) => {
          counts.scans++;
          started.push(part.firstEntry);
          for (let i = 0; ; i++) {
            await sleep(10);
            await p?.(i, 1000, 'parse');
          }
        },
      }),
      { size: 2 },
    );
    c.addFiles([{ path: '$MFT', blob: new Blob([bigMft()]) }]);
    for (let i = 0; i < 300 && started.length < 2; i++) await sleep(10);
    expect(started.length).toBe(2);
    c.cancelFile(0);
    await settle(c, 5_000);
    expect(c.store.files[0].state).toEqual({ kind: 'cancelled' });
    expect(counts.terminated).toBe(2);
    expect(counts.parts).toBe(0);
    c.dispose();
  });

  it('a part failing in phase 2 fails the file with its entry range and cancels the other part', async () => {
    const counts = zero();
    const c = new CaseController(
      factory(counts, {
        parseMftPart: async (_o, _n, _l, part, _columns, p) => {
          counts.parts++;
          if (part.firstEntry > 0) throw new Error('disk read error');
          for (let i = 0; ; i++) {
            await sleep(10);
            await p?.(i, 1000, 'parse');
          }
        },
      }),
      { size: 2 },
    );
    const bytes = bigMft();
    const layout = await detectMftLayout(memorySource(bytes), { fileName: 'x', diagnostics: [] });
    const parts = planMftParts(layout, 2);
    c.addFiles([{ path: '$MFT', blob: new Blob([bytes]) }]);
    await settle(c, 10_000);
    expect(c.store.files[0].state).toEqual({
      kind: 'failed',
      reason: `entries ${parts[1].firstEntry}–${parts[1].endEntry - 1} (entries): disk read error`,
    });
    expect(counts.scans).toBe(2);
    expect(counts.parts).toBe(2);
    expect(counts.terminated).toBeGreaterThanOrEqual(1);
    expect(c.progress.running).toBe(false);
    c.dispose();
  });
});
