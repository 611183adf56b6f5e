import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evtxChunkCount } from '../parsers/evtx/index';
import { memorySource } from '../parsers/types';
import { requireOrSkip, SAMPLES, sampleBytes } from '../testing/samples';
import { existsSync } from 'node:fs';
import { concatBatches, EVTX_PART_BYTES, mergeEvtxParts, parseEvtxPart, planEvtxParts } from './evtx-parts';
import { parseToBatch } from './parse-to-batch';

const STORE = join(SAMPLES, 'evtx', 'museum-Win10-RathbunVM__Microsoft-Windows-Store%4Operational.evtx');
const BAD_CHUNK = join(SAMPLES, 'evtx', 'omerbenamram-evtx__sample_with_a_bad_chunk_magic.evtx');

describe('planEvtxParts', () => {
  it('covers every chunk once, in order, in about partBytes pieces', () => {
    const size = 4096 + 1000 * 65536 + 10;
    expect(evtxChunkCount(size)).toBe(1001);
    const parts = planEvtxParts(size);
    expect(parts.length).toBe(Math.ceil(1001 / (EVTX_PART_BYTES / 65536)));
    expect(parts[0].firstChunk).toBe(0);
    expect(parts[parts.length - 1].endChunk).toBe(1001);
    for (let i = 1; i < parts.length; i++) expect(parts[i].firstChunk).toBe(parts[i - 1].endChunk);
    expect(planEvtxParts(4096 + 3 * 65536, 8).length).toBe(3);
    expect(planEvtxParts(4096, 4)).toEqual([]);
    expect(planEvtxParts(4096 + 20 * 65536, 4).map((p) => p.endChunk - p.firstChunk)).toEqual([5, 5, 5, 5]);
  });
});

async function splitAndMerge(path: string, minParts: number) {
  const bytes = sampleBytes(path);
  const src = memorySource(bytes);
  const parts = planEvtxParts(bytes.length, minParts, Number.POSITIVE_INFINITY);
  expect(parts.length).toBe(Math.min(minParts, evtxChunkCount(bytes.length)));
  const progress: [number, number][] = [];
  // Parts finish in any order; the merge puts them back in chunk order.
  const results = await Promise.all(
    parts
      .map((part, i) =>
        parseEvtxPart(src, 'x.evtx', part, {
          withHeader: i === 0,
          readSize: 3 * 65536,
          onProgress: (d, t) => progress.push([d, t]),
        }),
      )
      .reverse(),
  );
  for (const [d, t] of progress) expect(d).toBeLessThanOrEqual(t);
  const merged = mergeEvtxParts(results);
  const single = await parseToBatch(src, 'evtx', 'x.evtx', { readSize: 3 * 65536 });
  return { merged, single, results };
}

describe('split EVTX parse + merge equals one parse', () => {
  it('Store log in 5 parts: same rows, record ids in the same order, same fields and summary', async () => {
    if (!requireOrSkip(STORE, existsSync(STORE))) return;
    const { merged, single, results } = await splitAndMerge(STORE, 5);
    expect(results.length).toBe(5);
    expect(results.every((r) => r.batch.length > 0)).toBe(true);
    const b = single.batch!;
    expect(b.length).toBeGreaterThan(1000);
    expect(merged.batch.length).toBe(b.length);
    expect(Array.from(merged.batch.ref)).toEqual(Array.from(b.ref));
    expect(merged.batch).toEqual(b);
    expect(merged.summary).toEqual(single.summary);
    expect(merged.diagnostics).toEqual(single.diagnostics);
    expect(merged.computer).toBe(single.computer);
  });

  it('a file with a bad chunk: diagnostics and counts merge to the single-parse values', async () => {
    if (!requireOrSkip(BAD_CHUNK, existsSync(BAD_CHUNK))) return;
    const { merged, single } = await splitAndMerge(BAD_CHUNK, 4);
    expect(single.diagnostics.some((d) => d.severity === 'error')).toBe(true);
    expect(merged.batch).toEqual(single.batch);
    expect(merged.summary).toEqual(single.summary);
    expect(merged.diagnostics).toEqual(single.diagnostics);
  });

  it('concatBatches of one batch is that batch', async () => {
    if (!requireOrSkip(STORE, existsSync(STORE))) return;
    const single = await parseToBatch(memorySource(sampleBytes(STORE)), 'evtx', 's.evtx');
    expect(concatBatches([single.batch!])).toEqual(single.batch);
  });
});
