// A split parse whose parts hang or fail, for both split kinds: cancel reaches every part, and a
// failing part fails the file with its range and stops the others.
import { describe, expect, it } from 'vitest';
import { detectMftLayout } from '../parsers/mft/index';
import { memorySource } from '../parsers/types';
import { planEvtxParts } from '../pipeline/evtx-parts';
import { planMftParts } from '../pipeline/mft-parts';
import { calls, loadWithStuckParts, type WorkerCounts } from '../testing/channel-workers';
import { buildLargeEvtx, haveLargeEvtxSource, LARGE_EVTX_SOURCE } from '../testing/large-evtx';
import { buildLargeMft } from '../testing/large-mft';
import { requireOrSkip } from '../testing/samples';

interface SplitCase {
  name: string;
  present: () => boolean;
  file: () => { path: string; bytes: Uint8Array<ArrayBuffer> };
  /** The call that hangs while the file is cancelled, and what the counts say afterwards. */
  hang: 'parseEvtxPart' | 'scanMftPart';
  afterCancel: (counts: WorkerCounts) => void;
  /** The call whose later parts fail, the reason the file fails with, and the counts. */
  fail: 'parseEvtxPart' | 'parseMftPart';
  failure: (bytes: Uint8Array<ArrayBuffer>) => Promise<string>;
  afterFailure: (counts: WorkerCounts, bytes: Uint8Array<ArrayBuffer>) => void;
}

const CASES: SplitCase[] = [
  {
    name: 'EVTX (chunk ranges)',
    present: () => requireOrSkip(LARGE_EVTX_SOURCE, haveLargeEvtxSource()),
    file: () => ({ path: 'big.evtx', bytes: buildLargeEvtx() }),
    hang: 'parseEvtxPart',
    afterCancel: (counts) => expect(calls(counts, 'parseEvtxPart')).toBe(2),
    fail: 'parseEvtxPart',
    failure: async (bytes) => {
      const parts = planEvtxParts(bytes.length, 2);
      return `chunks ${parts[1].firstChunk}–${parts[1].endChunk - 1}: disk read error`;
    },
    afterFailure: (counts, bytes) => {
      // Parts still running lost their workers; the last queued part never started.
      const parts = planEvtxParts(bytes.length, 2);
      expect(parts.length).toBe(4);
      expect(calls(counts, 'parseEvtxPart')).toBeLessThan(parts.length);
    },
  },
  {
    name: '$MFT (entry ranges, failing in phase 2)',
    present: () => true,
    file: () => ({ path: '$MFT', bytes: buildLargeMft() }),
    hang: 'scanMftPart',
    afterCancel: (counts) => expect(calls(counts, 'parseMftPart')).toBe(0),
    fail: 'parseMftPart',
    failure: async (bytes) => {
      const layout = await detectMftLayout(memorySource(bytes), { fileName: 'x', diagnostics: [] });
      const parts = planMftParts(layout, 2);
      return `entries ${parts[1].firstEntry}–${parts[1].endEntry - 1} (entries): disk read error`;
    },
    afterFailure: (counts) => {
      expect(calls(counts, 'scanMftPart')).toBe(2);
      expect(calls(counts, 'parseMftPart')).toBe(2);
    },
  },
];

describe.each(CASES)('CaseController: a split $name', (c) => {
  it('cancel stops every part: running parts lose their workers, the file is cancelled', async () => {
    if (!c.present()) return;
    const { counts, state } = await loadWithStuckParts(c.hang, c.file());
    expect(state).toEqual({ kind: 'cancelled' });
    expect(counts.terminated).toBe(2);
    c.afterCancel(counts);
  });

  it('a failing part fails the file with its range and cancels the other parts', async () => {
    if (!c.present()) return;
    const file = c.file();
    const { counts, state } = await loadWithStuckParts(c.fail, file, { fail: true });
    expect(state).toEqual({ kind: 'failed', reason: await c.failure(file.bytes) });
    expect(counts.terminated).toBeGreaterThanOrEqual(1);
    c.afterFailure(counts, file.bytes);
  });
});
