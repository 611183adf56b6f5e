import { describe, expect, it } from 'vitest';
import { rowFields } from '../model/events-table';
import { detectMftLayout } from '../parsers/mft/index';
import { memorySource } from '../parsers/types';
import { MFT_SPLIT_MIN_BYTES, planMftParts } from '../pipeline/mft-parts';
import { parseToBatch } from '../pipeline/parse-to-batch';
import {
  calls,
  channelWorkers,
  expectRisingPercents,
  noCounts,
  runForever,
  settle,
  sleep,
  watchPercents,
} from '../testing/channel-workers';
import { buildLargeMft, LARGE_MFT_NMAP } from '../testing/large-mft';
import { CaseController } from './case-controller';

describe('CaseController: large $MFT split across workers', () => {
  it('scans and parses the parts on several workers; the rows equal one parse, paths included', async () => {
    const bytes = buildLargeMft();
    expect(bytes.length).toBeGreaterThan(MFT_SPLIT_MIN_BYTES);
    const counts = noCounts();
    const c = new CaseController(channelWorkers(counts), { size: 3 });
    const percents = watchPercents(c);
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
    expect(calls(counts, 'parse')).toBe(0);
    expect(calls(counts, 'scanMftPart')).toBe(3);
    expect(calls(counts, 'parseMftPart')).toBe(3);
    expect(c.extras[0].detail).toBe('FILE record (entries parsed in 3 parts across workers)');
    const t = c.store.table;
    const b = single.batch;
    expect(t.length).toBe(b?.length);
    expect(Array.from(t.ref.subarray(0, t.length))).toEqual(Array.from(b?.ref ?? []));
    expect(Array.from(t.timeMs.subarray(0, t.length))).toEqual(Array.from(b?.timeMs ?? []));
    let nmapRows = 0;
    for (let row = 0; row < t.length; row++) {
      if (rowFields(t, row).Path === LARGE_MFT_NMAP) nmapRows++;
    }
    expect(nmapRows).toBe(1);
    for (const row of [0, 1, t.length >> 1, t.length - 1]) {
      expect(t.strings[t.summary[row]]).toBe(b?.strings[b.summary[row]]);
      expect(rowFields(t, row)).toEqual(b ? rowFields(b, row) : null);
    }
    expectRisingPercents(percents);
    c.dispose();
  }, 120_000);

  it('a small $MFT or a one-worker pool runs as one job', async () => {
    const counts = noCounts();
    const c = new CaseController(channelWorkers(counts), { size: 1 });
    c.addFiles([{ path: 'big/$MFT', blob: new Blob([buildLargeMft()]) }]);
    await settle(c);
    expect(c.store.files[0].state.kind).toBe('done');
    expect(c.extras[0].detail).toBe('FILE record');
    expect([calls(counts, 'parse'), calls(counts, 'scanMftPart'), calls(counts, 'parseMftPart')]).toEqual([
      1, 0, 0,
    ]);
    c.dispose();
    const counts2 = noCounts();
    const c2 = new CaseController(channelWorkers(counts2), { size: 4 });
    c2.addFiles([
      { path: 'small/$MFT', blob: new Blob([buildLargeMft().subarray(0, MFT_SPLIT_MIN_BYTES - 1024)]) },
    ]);
    await settle(c2);
    expect(c2.store.files[0].state.kind).toBe('done');
    expect([calls(counts2, 'parse'), calls(counts2, 'scanMftPart'), calls(counts2, 'parseMftPart')]).toEqual([
      1, 0, 0,
    ]);
    c2.dispose();
  }, 60_000);

  it('cancel during the path scan stops every part: workers terminated, file cancelled', async () => {
    const counts = noCounts();
    const started: number[] = [];
    const c = new CaseController(
      channelWorkers(counts, {
        scanMftPart: async (_o, _n, _l, part, p) => {
          started.push(part.firstEntry);
          return runForever(p);
        },
      }),
      { size: 2 },
    );
    c.addFiles([{ path: '$MFT', blob: new Blob([buildLargeMft()]) }]);
    for (let i = 0; i < 300 && started.length < 2; i++) await sleep(10);
    expect(started.length).toBe(2);
    c.cancelFile(0);
    await settle(c, 5_000);
    expect(c.store.files[0].state).toEqual({ kind: 'cancelled' });
    expect(counts.terminated).toBe(2);
    expect(calls(counts, 'parseMftPart')).toBe(0);
    c.dispose();
  });

  it('a part failing in phase 2 fails the file with its entry range and cancels the other part', async () => {
    const counts = noCounts();
    const c = new CaseController(
      channelWorkers(counts, {
        parseMftPart: async (_o, _n, _l, part, _columns, p) => {
          if (part.firstEntry > 0) throw new Error('disk read error');
          return runForever(p);
        },
      }),
      { size: 2 },
    );
    const bytes = buildLargeMft();
    const layout = await detectMftLayout(memorySource(bytes), { fileName: 'x', diagnostics: [] });
    const parts = planMftParts(layout, 2);
    c.addFiles([{ path: '$MFT', blob: new Blob([bytes]) }]);
    await settle(c, 10_000);
    expect(c.store.files[0].state).toEqual({
      kind: 'failed',
      reason: `entries ${parts[1].firstEntry}–${parts[1].endEntry - 1} (entries): disk read error`,
    });
    expect(calls(counts, 'scanMftPart')).toBe(2);
    expect(calls(counts, 'parseMftPart')).toBe(2);
    expect(counts.terminated).toBeGreaterThanOrEqual(1);
    expect(c.progress.running).toBe(false);
    c.dispose();
  });
});
