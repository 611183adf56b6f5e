import { describe, expect, it } from 'vitest';
import {
  calls,
  expectSplitEqualsOneParse,
  channelWorkers,
  noCounts,
  settle,
  sleep,
} from '../testing/channel-workers';
import { buildLargeEvtx, haveLargeEvtxSource, LARGE_EVTX_SOURCE } from '../testing/large-evtx';
import { requireOrSkip } from '../testing/samples';
import { EVTX_SPLIT_MIN_BYTES, planEvtxParts } from '../pipeline/evtx-parts';
import { CaseController } from './case-controller';

describe('CaseController: large EVTX split across workers', () => {
  it('parses the parts on several workers and merges them into the single-parse rows', async () => {
    if (!requireOrSkip(LARGE_EVTX_SOURCE, haveLargeEvtxSource())) return;
    const bytes = buildLargeEvtx();
    expect(bytes.length).toBeGreaterThan(EVTX_SPLIT_MIN_BYTES);
    const { counts, c } = await expectSplitEqualsOneParse('evtx', 'HOST/Store.evtx', bytes);
    expect(calls(counts, 'parse')).toBe(0);
    expect(calls(counts, 'parseEvtxPart')).toBe(planEvtxParts(bytes.length, 3).length);
    expect(counts.created).toBe(3);
    expect(c.extras[0].detail).toBe(
      `EVTX file header (chunks parsed in ${calls(counts, 'parseEvtxPart')} parts across workers)`,
    );
    c.dispose();
  }, 120_000);
});

describe('CaseController: a wedged job', () => {
  it('a file whose worker stays alive without progress fails with a clear error; the rest loads', async () => {
    const counts = noCounts();
    const c = new CaseController(
      channelWorkers(counts, {
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
