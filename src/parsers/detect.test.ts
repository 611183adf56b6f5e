import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { describe, expect, it } from 'vitest';
import { IN_CI, sampleBytes, sampleFiles } from '../test-support';
import { detect, detectBytes } from './detect';
import { chunkedSource, memorySource } from './types';

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

describe('detection of huge zero-filled files', () => {
  it('reads only bounded ranges of a 10 GB all-zero file and explains it', async () => {
    const size = 10 * 1024 * 1024 * 1024;
    let largest = 0;
    const src = {
      size,
      read: async (offset: number, length: number) => {
        const n = Math.max(0, Math.min(length, size - offset));
        largest = Math.max(largest, n);
        if (n > 64 * 1024 * 1024) throw new Error(`read of ${n} bytes at ${offset}`);
        return new Uint8Array(n);
      },
    };
    const d = await detect(src);
    expect(d).toEqual({ kind: 'unknown', reason: 'first 64 MiB are zero: no artifact found' });
    expect(largest).toBeLessThanOrEqual(4 * 1024 * 1024 + 4096 + 1024 * 1024);
  });
});
