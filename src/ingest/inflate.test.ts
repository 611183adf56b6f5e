import { deflateSync, gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { memorySource } from '../parsers/types';
import { InflateLimitError, inflateToMemory } from './inflate';

const MiB = 1024 * 1024;

function pattern(n: number): Uint8Array {
  const b = new Uint8Array(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    b[i] = i % 7 === 0 ? x >>> 24 : i & 0xff;
  }
  return b;
}

describe('inflateToMemory', () => {
  it('inflates a raw DEFLATE stream read in slices from an offset', async () => {
    const data = pattern(3 * MiB + 17);
    const deflated = deflateSync(data);
    const wrapped = new Uint8Array(100 + deflated.length + 50);
    wrapped.set(deflated, 100);
    const out = await inflateToMemory(memorySource(wrapped), {
      format: 'deflate',
      start: 100,
      length: deflated.length,
      declaredSize: data.length,
      label: 'member t',
    });
    expect(out.length).toBe(data.length);
    expect(Buffer.compare(Buffer.from(out), Buffer.from(data))).toBe(0);
  });

  it('inflates gzip and reports compressed progress', async () => {
    const data = pattern(MiB);
    const gz = gzipSync(data);
    const seen: number[] = [];
    const out = await inflateToMemory(memorySource(gz), {
      format: 'gzip',
      start: 0,
      length: gz.length,
      label: 'gzip stream',
      onProgress: (d) => seen.push(d),
    });
    expect(out.length).toBe(data.length);
    expect(seen.at(-1)).toBe(gz.length);
  });

  it('stops a member that inflates past its declared size', async () => {
    const deflated = deflateSync(pattern(2 * MiB));
    await expect(
      inflateToMemory(memorySource(deflated), {
        format: 'deflate',
        start: 0,
        length: deflated.length,
        declaredSize: MiB,
        label: 'zip member "x"',
      }),
    ).rejects.toThrow(
      /^zip bomb protection: zip member "x" inflates past its declared size of 1,048,576 bytes \(1\.0 MiB\): stopped after \d{1,3}(,\d{3})+ bytes inflated from \d{1,3}(,\d{3})* bytes compressed$/,
    );
  });

  it('stops a gzip stream above the ratio limit once it is large', async () => {
    const gz = gzipSync(new Uint8Array(40 * MiB), { level: 9 });
    const p = inflateToMemory(memorySource(gz), {
      format: 'gzip',
      start: 0,
      length: gz.length,
      label: 'gzip stream',
    });
    await expect(p).rejects.toBeInstanceOf(InflateLimitError);
    await expect(p).rejects.toThrow(
      /^zip bomb protection: gzip stream inflates more than 1000:1 \(\d{1,3}(,\d{3})+ bytes inflated from \d{1,3}(,\d{3})* bytes compressed\)$/,
    );
  });

  it('stops at the hard cap', async () => {
    const gz = gzipSync(pattern(3 * MiB));
    await expect(
      inflateToMemory(memorySource(gz), {
        format: 'gzip',
        start: 0,
        length: gz.length,
        label: 'g',
        maxOutput: MiB,
      }),
    ).rejects.toThrow(
      /^zip bomb protection: g inflates to more than the limit of 1,048,576 bytes \(1\.0 MiB\): stopped after 1,\d{3},\d{3} bytes inflated from \d{1,3}(,\d{3})* bytes compressed$/,
    );
  });

  it('reports a truncated stream as an error, not a hang', async () => {
    const deflated = deflateSync(pattern(MiB));
    await expect(
      inflateToMemory(memorySource(deflated.subarray(0, deflated.length >> 1)), {
        format: 'deflate',
        start: 0,
        length: deflated.length >> 1,
        label: 'member t',
      }),
    ).rejects.toThrow(/member t/);
  });
});
