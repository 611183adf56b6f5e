import { basename } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detect } from '../parsers/detect';
import { detectMftLayout } from '../parsers/mft/index';
import { MFT_MAX_DIAGNOSTICS } from '../parsers/mft/parse-range';
import { type Diagnostic, memorySource } from '../parsers/types';
import { requireOrSkip, sampleBytes, sampleFiles } from '../testing/samples';
import { buildMftFromPaths, type PathFileSpec } from '../writers/mft/write-mft';
import {
  hasMftSignature,
  MFT_MAX_PARTS,
  mergeMftColumns,
  mergeMftParts,
  parseMftPart,
  planMftParts,
  scanMftPart,
  sliceEntries,
} from './mft-parts';
import { parseToBatch } from './parse-to-batch';

const SAMPLE_FILES = sampleFiles('mft');

async function splitAndMerge(bytes: Uint8Array, parts: number, readSize: number) {
  const src = memorySource(bytes);
  const layoutDiagnostics: Diagnostic[] = [];
  const layout = await detectMftLayout(src, { fileName: 'x.mft', diagnostics: layoutDiagnostics });
  const plan = planMftParts(layout, parts, readSize);
  const progress: [number, number][] = [];
  const onProgress = (d: number, t: number) => progress.push([d, t]);
  // Parts finish in any order; both merges put them back in entry order.
  const scans = await Promise.all(
    plan.map((p) => scanMftPart(src, 'x.mft', layout, p, { readSize, onProgress })).reverse(),
  );
  const columns = mergeMftColumns(layout, scans);
  const results = await Promise.all(
    plan.map((p) => parseMftPart(src, 'x.mft', layout, p, columns, { readSize, onProgress })).reverse(),
  );
  for (const [d, t] of progress) {
    expect(d).toBeGreaterThanOrEqual(0);
    expect(d).toBeLessThanOrEqual(t);
  }
  const merged = mergeMftParts('x.mft', layout, layoutDiagnostics, results);
  const single = await parseToBatch(src, 'mft', 'x.mft', { readSize });
  return { plan, merged, single, layout, detected: await detect(src) };
}

/** A generated volume: 40 folders of 60 files (one deleted each), deep paths, unicode names. */
function generatedMft(): { bytes: Uint8Array; path: string } {
  const files: PathFileSpec[] = [];
  for (let d = 0; d < 40; d++) {
    for (let f = 0; f < 60; f++) {
      files.push({
        path: `\\Users\\analyst\\Projekt-${d}\\Ordner ä${d % 7}\\tief\\datei-${f}.txt`,
        size: 100 + f,
        inUse: f !== 13,
        times: {
          created: `2024-03-${String(1 + (f % 28)).padStart(2, '0')}T10:${String(d).padStart(2, '0')}:00.1234567Z`,
        },
      });
    }
  }
  files.push({
    path: '\\Windows\\Prefetch\\NMAP.EXE-7F3A2C11.pf',
    size: 4096,
    times: { created: '2024-05-01T12:00:00.0000000Z' },
  });
  return { bytes: buildMftFromPaths(files).bytes, path: '\\Windows\\Prefetch\\NMAP.EXE-7F3A2C11.pf' };
}

describe('planMftParts', () => {
  it('covers every entry once, in order, with boundaries on read-slice multiples', () => {
    const layout = { recordSize: 1024, entryCount: 100_003 };
    const parts = planMftParts(layout, 3);
    expect(parts.length).toBe(3);
    expect(parts[0].firstEntry).toBe(0);
    expect(parts[2].endEntry).toBe(100_003);
    for (let i = 1; i < parts.length; i++) {
      expect(parts[i].firstEntry).toBe(parts[i - 1].endEntry);
      expect(parts[i].firstEntry % sliceEntries(1024)).toBe(0);
    }
    expect(sliceEntries(1024)).toBe(4096);
    expect(sliceEntries(4096, 4096 * 7 + 5)).toBe(7);
    expect(planMftParts({ recordSize: 1024, entryCount: 5000 }, 8).length).toBe(2);
    expect(planMftParts({ recordSize: 1024, entryCount: 10_000_000 }, 64).length).toBe(MFT_MAX_PARTS);
    expect(planMftParts({ recordSize: 1024, entryCount: 0 }, 4)).toEqual([]);
  });

  it('recognises a FILE record head as detection does, and nothing else', async () => {
    const { bytes } = generatedMft();
    expect(hasMftSignature(bytes.subarray(0, 48))).toBe(true);
    expect(hasMftSignature(bytes.subarray(0, 47))).toBe(false);
    expect(hasMftSignature(new TextEncoder().encode('ElfFile\0'.padEnd(64, '\0')))).toBe(false);
    const broken = bytes.slice(0, 48);
    broken[4] = 0;
    broken[5] = 0;
    expect(hasMftSignature(broken)).toBe(false);
  });
});

describe('split $MFT parse + merge equals one parse', () => {
  it('every sample in ../shared/samples/mft, in 4 parts of 8-record slices', async () => {
    if (!requireOrSkip('../shared/samples/mft', SAMPLE_FILES.length > 0)) return;
    let withExtensions = 0;
    let withErrors = 0;
    for (const path of SAMPLE_FILES) {
      const bytes = sampleBytes(path);
      const rs = bytes[0x1c] | (bytes[0x1d] << 8) | (bytes[0x1e] << 16);
      const { plan, merged, single } = await splitAndMerge(bytes, 4, 8 * rs);
      expect(plan.length, basename(path)).toBe(4);
      const b = single.batch;
      expect(b, basename(path)).not.toBeNull();
      expect(merged.batch.length, basename(path)).toBe(b?.length);
      expect(Array.from(merged.batch.ref), basename(path)).toEqual(Array.from(b?.ref ?? []));
      expect(merged.batch, basename(path)).toEqual(b);
      expect(merged.summary, basename(path)).toEqual(single.summary);
      expect(merged.diagnostics, basename(path)).toEqual(single.diagnostics);
      if (Number(single.summary?.info.extension) > 0) withExtensions++;
      if ((single.summary?.errors ?? 0) > 0) withErrors++;
    }
    // velociraptor (entries 39, 40 extend a base) and ez-xw (BAAD, torn records) are among them.
    expect(withExtensions).toBeGreaterThanOrEqual(2);
    expect(withErrors).toBeGreaterThanOrEqual(1);
  });

  it('a generated $MFT with 2,500 entries in 3 parts of 64-record slices: paths resolved across parts', async () => {
    const { bytes, path } = generatedMft();
    const { plan, merged, single } = await splitAndMerge(bytes, 3, 64 * 1024);
    expect(plan.length).toBe(3);
    expect(merged.batch).toEqual(single.batch);
    expect(merged.summary).toEqual(single.summary);
    expect(merged.summary.ok).toBeGreaterThan(2400);
    const t = merged.batch;
    const paths = new Set<string>();
    for (let r = 0; r < t.length; r++) {
      for (let k = t.fieldStart[r]; k < t.fieldStart[r] + t.fieldCount[r]; k++) {
        if (t.strings[t.fieldKey[k]] === 'Path') paths.add(t.strings[t.fieldValue[k]]);
      }
    }
    expect(paths.has(path)).toBe(true);
    expect(paths.has('\\Users\\analyst\\Projekt-39\\Ordner ä4\\tief\\datei-59.txt')).toBe(true);
    expect([...paths].some((p) => p.startsWith('\\$Orphan'))).toBe(false);
  });

  it('past the per-file diagnostics cap, the merged parts report what one parse reports', async () => {
    const files: PathFileSpec[] = Array.from({ length: 25_000 }, (_, i) => ({
      path: `\\d\\f-${i}.txt`,
      size: i,
      times: { created: '2024-01-01T00:00:00.0000000Z' },
    }));
    const bytes = buildMftFromPaths(files).bytes.slice();
    // A torn second sector in every record: one fixup finding per entry, more than the cap in
    // each of the two parts as well as in the whole file.
    for (let o = 0; o + 1024 <= bytes.length; o += 1024) bytes[o + 1022] ^= 0xff;
    const { merged, single } = await splitAndMerge(bytes, 2, 64 * 1024);
    const last = single.diagnostics[single.diagnostics.length - 1];
    expect(last).toMatchObject({ field: 'mft', message: 'further diagnostics dropped' });
    expect(single.diagnostics.length).toBe(MFT_MAX_DIAGNOSTICS + 1);
    expect(merged.diagnostics).toEqual(single.diagnostics);
  });

  it('any part count and slice size gives the single-parse batch (ez-xw: BAAD, torn, extension)', async () => {
    const path = SAMPLE_FILES.find((p) => basename(p) === 'ez-xw__MFT.mft');
    if (!requireOrSkip('ez-xw__MFT.mft', !!path)) return;
    const bytes = sampleBytes(path as string);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 64 }),
        async (parts, per) => {
          const { merged, single } = await splitAndMerge(bytes, parts, per * 1024);
          expect(merged.batch).toEqual(single.batch);
          expect(merged.summary).toEqual(single.summary);
          expect(merged.diagnostics).toEqual(single.diagnostics);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('bit flips and truncations: the split never throws and still equals one parse', async () => {
    const path = SAMPLE_FILES.find((p) => basename(p) === 'velociraptor-test.ntfs.dd__MFT.mft');
    if (!requireOrSkip('velociraptor-test.ntfs.dd__MFT.mft', !!path)) return;
    const original = sampleBytes(path as string);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(original.length - 1), fc.integer({ min: 0, max: 7 })), {
          minLength: 1,
          maxLength: 40,
        }),
        fc.integer({ min: 1, max: original.length }),
        fc.integer({ min: 2, max: 6 }),
        async (flips, keep, parts) => {
          const bytes = original.slice(0, keep);
          for (const [at, bit] of flips) if (at < bytes.length) bytes[at] ^= 1 << bit;
          const { merged, single, detected } = await splitAndMerge(bytes, parts, 4 * 1024);
          if (detected.kind !== 'mft') return;
          expect(merged.batch).toEqual(single.batch);
          expect(merged.summary).toEqual(single.summary);
          expect(merged.diagnostics).toEqual(single.diagnostics);
        },
      ),
      { numRuns: 25 },
    );
  });
});
