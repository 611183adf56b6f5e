import { describe, expect, it } from 'vitest';
import { rowFields } from '../model/events-table';
import { detectMftLayout } from '../parsers/mft/index';
import { memorySource } from '../parsers/types';
import { MFT_SPLIT_MIN_BYTES, planMftParts } from '../pipeline/mft-parts';
import {
  calls,
  expectSplitEqualsOneParse,
  channelWorkers,
  noCounts,
  settle,
} from '../testing/channel-workers';
import { buildLargeMft, LARGE_MFT_NMAP } from '../testing/large-mft';
import { CaseController } from './case-controller';

describe('CaseController: large $MFT split across workers', () => {
  it('scans and parses the parts on several workers; the rows equal one parse, paths included', async () => {
    const bytes = buildLargeMft();
    expect(bytes.length).toBeGreaterThan(MFT_SPLIT_MIN_BYTES);
    const { counts, c } = await expectSplitEqualsOneParse('mft', 'HOST/C/$MFT', bytes);
    // files, \Data and its 100 folders, \Windows\Prefetch and the .pf, system entries 0..15 and 24..27
    expect(c.store.files[0].summary?.ok).toBe(17_000 + 101 + 3 + 16 + 4);
    const layout = await detectMftLayout(memorySource(bytes), { fileName: 'x', diagnostics: [] });
    expect(planMftParts(layout, 3).length).toBe(3);
    expect(calls(counts, 'parse')).toBe(0);
    expect(calls(counts, 'scanMftPart')).toBe(3);
    expect(calls(counts, 'parseMftPart')).toBe(3);
    expect(c.extras[0].detail).toBe('FILE record (entries parsed in 3 parts across workers)');
    const t = c.store.table;
    let nmapRows = 0;
    for (let row = 0; row < t.length; row++) {
      if (rowFields(t, row).Path === LARGE_MFT_NMAP) nmapRows++;
    }
    expect(nmapRows).toBe(1);
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
});
