import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IN_CI, requireOrSkip, sampleBytes, sampleFiles } from '../testing/samples';
import { writeNumberedUsn } from '../writers/usn/write-usn';
import {
  detect,
  detectBytes,
  USN_MAX_PROBES,
  USN_PROBE_BYTES,
  USN_SCAN_LIMIT,
  usnProbeOffsets,
} from './detect';
import { chunkedSource, memorySource } from './types';
import { usnParser } from './usn/index';

const EXPECTED: Record<string, string> = { evtx: 'evtx', prefetch: 'prefetch', mft: 'mft', usn: 'usn' };

describe('detection by content', () => {
  for (const folder of Object.keys(EXPECTED)) {
    const files = sampleFiles(folder);
    it(`detects every ${folder} sample without its name, in tiny reads`, async () => {
      if (files.length === 0) {
        if (IN_CI) throw new Error(`no samples in ../shared/samples/${folder}`);
        return;
      }
      for (const path of files) {
        const bytes = sampleBytes(path);
        const d = await detect(chunkedSource(memorySource(bytes), 7));
        const want = basename(path) === 'ez-Bad__notAPrefetch.pf' ? 'unknown' : EXPECTED[folder];
        expect(d.kind, basename(path)).toBe(want);
      }
    });
  }

  it('sees gzip as a container before its content', () => {
    const gz = sampleFiles('usn').find((p) => p.endsWith('.gz'));
    if (!gz) return;
    expect(detectBytes(new Uint8Array(readFileSync(gz)).subarray(0, 64)).kind).toBe('gzip');
  });

  it('finds a USN record behind megabytes of zeros', async () => {
    const rec = sampleBytes(sampleFiles('usn').find((p) => p.endsWith('record.usn'))!);
    const big = new Uint8Array(5 * 1024 * 1024 + rec.length);
    big.set(rec, 5 * 1024 * 1024);
    const d = await detect(memorySource(big));
    expect(d).toEqual({ kind: 'usn', detail: 'USN record at 0x500000' });
  });

  it('names the compression type of a MAM header it cannot read, not "no known signature"', () => {
    for (const [type, hex] of [
      [0x05, '0x05'],
      [0xc4, '0xc4'],
    ] as const) {
      const b = new Uint8Array(64);
      b.set([0x4d, 0x41, 0x4d, type, 0x00, 0x10, 0x00, 0x00]);
      const d = detectBytes(b);
      expect(d).toEqual({
        kind: 'unknown',
        reason: `MAM header with unknown compression type ${hex} (expected 0x04 (LZXPRESS Huffman) or 0x84 (LZXPRESS Huffman with CRC-32)): not a compressed prefetch file this parser can read`,
      });
    }
    expect(detectBytes(new Uint8Array([0x4d, 0x41, 0x4d, 0x04, 0, 0x10, 0, 0])).kind).toBe('prefetch');
  });

  it('explains empty, zero-filled and unknown files', async () => {
    expect(await detect(memorySource(new Uint8Array(0)))).toEqual({
      kind: 'unknown',
      reason: 'empty file (0 bytes)',
    });
    const zeros = await detect(memorySource(new Uint8Array(10000)));
    expect(zeros.kind === 'unknown' && zeros.reason).toBe(
      'all 10000 bytes are zero: no artifact (an empty $J?)',
    );
    const text = await detect(memorySource(new TextEncoder().encode('hello, world')));
    expect(text.kind === 'unknown' && text.reason).toMatch(/first bytes 68 65 6c 6c 6f 2c 20 77/);
  });
});

describe('detection of a $J with a sparse head beyond the scan limit', () => {
  it('finds the records in the tail window', async () => {
    const rec = sampleBytes(sampleFiles('usn').find((p) => p.endsWith('plaso__UsnJrnl.raw'))!);
    const size = 80 * 1024 * 1024;
    const tailAt = size - rec.length;
    const src = {
      size,
      read: async (offset: number, length: number) => {
        const out = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
        for (let i = 0; i < rec.length; i++) {
          const p = tailAt + i - offset;
          if (p >= 0 && p < out.length) out[p] = rec[i];
        }
        return out;
      },
    };
    const d = await detect(src);
    expect(d).toEqual({
      kind: 'usn',
      detail: `sparse head, USN records near the end at 0x${tailAt.toString(16)}`,
    });
  });
});

/** A virtual file of `size` bytes: zeros except `pieces` (offset -> bytes); counts bytes read. */
function sparseSource(size: number, pieces: [number, Uint8Array][]) {
  const stats = { reads: 0, bytes: 0, largest: 0 };
  return {
    stats,
    src: {
      size,
      read: async (offset: number, length: number) => {
        const n = Math.max(0, Math.min(length, size - offset));
        stats.reads++;
        stats.bytes += n;
        stats.largest = Math.max(stats.largest, n);
        if (n > 64 * 1024 * 1024) throw new Error(`read of ${n} bytes at ${offset}`);
        const out = new Uint8Array(n);
        for (const [at, bytes] of pieces) {
          const from = Math.max(at, offset);
          const to = Math.min(at + bytes.length, offset + n);
          if (to > from) out.set(bytes.subarray(from - at, to - at), from - offset);
        }
        return out;
      },
    },
  };
}

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** `n` v2 records (~110 bytes each), page-packed as the writer lays them out. */
const usnRecords = writeNumberedUsn;

describe('detection of huge zero-filled files', () => {
  it('reads only bounded ranges of a 10 GB all-zero file and explains it', async () => {
    const { src, stats } = sparseSource(10 * GiB, []);
    const d = await detect(src);
    expect(d).toEqual({
      kind: 'unknown',
      reason: `first 64 MiB are zero, so are ${usnProbeOffsets(USN_SCAN_LIMIT, 10 * GiB - 4 * MiB).length} pages probed over the rest and the last 4096 KiB: no artifact found`,
    });
    expect(stats.largest).toBeLessThanOrEqual(4 * MiB + 4096 + MiB);
    // Head page, dense scan (64 MiB in 1 MiB reads overlapping by a page), probes (8 MiB), tail (4 MiB).
    const dense = 4096 + USN_SCAN_LIMIT + (USN_SCAN_LIMIT / MiB) * 4096;
    expect(stats.bytes).toBeLessThanOrEqual(dense + USN_MAX_PROBES * USN_PROBE_BYTES + 4 * MiB);
  });

  it('probe offsets are page aligned, in order, spread to the end, at most USN_MAX_PROBES', () => {
    const p = usnProbeOffsets(USN_SCAN_LIMIT, 10 * GiB - 4 * MiB);
    expect(p.length).toBeLessThanOrEqual(USN_MAX_PROBES);
    expect(p.length).toBeGreaterThanOrEqual(USN_MAX_PROBES - 1);
    expect(p[0]).toBe(USN_SCAN_LIMIT);
    expect(p[p.length - 1]).toBe(10 * GiB - 4 * MiB - USN_PROBE_BYTES);
    for (let i = 1; i < p.length; i++) {
      expect(p[i] % USN_PROBE_BYTES).toBe(0);
      expect(p[i]).toBeGreaterThan(p[i - 1]);
      expect(p[i] - p[i - 1]).toBeLessThanOrEqual(Math.ceil((10 * GiB) / (USN_MAX_PROBES - 1)));
    }
    expect(usnProbeOffsets(100, 4096 + 50)).toEqual([]);
    expect(usnProbeOffsets(0, 300 * 1024)).toEqual([0, 256 * 1024, 300 * 1024 - 4096]);
  });
});

describe('sparse $J detection by page probes', () => {
  it('finds records in the middle of a 10 GB file (zeros before and after them)', async () => {
    // 8 MiB of records (a small journal; the default maximum is 32 MiB): wider than the probe step.
    const recs = usnRecords(80_000);
    expect(recs.length).toBeGreaterThan((10 * GiB) / (USN_MAX_PROBES - 1));
    const at = 5 * GiB + 123 * 4096;
    const { src, stats } = sparseSource(10 * GiB, [[at, recs]]);
    const d = await detect(src);
    expect(d.kind).toBe('usn');
    const found = Number.parseInt((d.kind === 'usn' && d.detail.split('0x')[1]) || '', 16);
    expect(d.kind === 'usn' && d.detail).toMatch(/^sparse head, USN records found by probing at 0x/);
    expect(found).toBeGreaterThanOrEqual(at);
    expect(found).toBeLessThan(at + recs.length);
    expect(stats.bytes).toBeLessThan(USN_SCAN_LIMIT + USN_MAX_PROBES * USN_PROBE_BYTES);
    // The old limits (first 64 MiB, last 4 MiB) saw only zeros here. The parser (over a smaller
    // file of the same shape) then finds every record.
    const small = sparseSource(300 * MiB, [[150 * MiB, recs]]).src;
    expect((await detect(small)).kind).toBe('usn');
    const parsed: number[] = [];
    await usnParser.parse(small, { fileName: 'J', diagnostics: [] }, (r) => {
      if (r.version === 2) parsed.push(r.entry);
    });
    expect(parsed.length).toBe(80_000);
  }, 60_000);

  it('finds the real sample journal 300 MiB into a 2 GB file with a zero tail', async () => {
    const gz = sampleFiles('usn').find((p) => p.endsWith('.gz'));
    if (!requireOrSkip('the gzip $J sample', !!gz)) return;
    const raw = sampleBytes(gz as string);
    let first = 0;
    while (first < raw.length && raw[first] === 0) first++;
    const body = raw.subarray(first & ~4095);
    const at = 300 * MiB;
    const { src } = sparseSource(2 * GiB, [[at, body]]);
    const d = await detect(src);
    expect(d.kind).toBe('usn');
  });

  it('rejects every non-USN sample and random bytes placed behind a 100 MiB zero head', async () => {
    const others = [...sampleFiles('evtx'), ...sampleFiles('prefetch'), ...sampleFiles('mft')];
    if (!requireOrSkip('evtx/prefetch/mft samples', others.length > 0)) return;
    // Even samples sit in the tail window of a 100 MiB file, odd ones under a probe of a 1 GiB file.
    const probeAt = usnProbeOffsets(USN_SCAN_LIMIT, GiB - 4 * MiB)[100];
    for (const [i, path] of others.entries()) {
      const bytes = sampleBytes(path);
      const [size, at] = i % 2 === 0 ? [100 * MiB + bytes.length, 100 * MiB] : [GiB, probeAt];
      const { src, stats } = sparseSource(size, [[at, bytes]]);
      const d = await detect(src);
      expect(d.kind, `${basename(path)} at ${at} in ${size} bytes`).toBe('unknown');
      expect(d.kind === 'unknown' && d.reason, basename(path)).toMatch(
        /^zero-filled start, then unrecognised bytes at 0x/,
      );
      expect(stats.bytes).toBeLessThan(USN_SCAN_LIMIT * 1.2);
    }
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 8, maxLength: 20_000 }),
        fc.integer({ min: 0, max: 2000 }),
        async (junk, page) => {
          fc.pre(junk.some((x) => x !== 0));
          const { src } = sparseSource(3 * GiB, [[USN_SCAN_LIMIT + page * 4096 * 311, junk]]);
          const d = await detect(src);
          expect(d.kind).not.toBe('usn');
        },
      ),
      { numRuns: 20 },
    );
  }, 60_000);
});
