import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requireOrSkip, sampleBytes, sampleFiles } from '../../testing/samples';
import { compressXpressHuffman } from '../../writers/prefetch/lzxpress-huffman-encode';
import { u32le as u32 } from '../bytes/le';
import { decompressXpressHuffman, XPRESS_BLOCK_SIZE } from './lzxpress-huffman';

const compressedSamples = () =>
  sampleFiles('prefetch')
    .map((path) => ({ path, bytes: sampleBytes(path) }))
    .filter((s) => s.bytes[0] === 0x4d && s.bytes[1] === 0x41 && s.bytes[2] === 0x4d);

describe('LZXPRESS Huffman decompression of real MAM samples', () => {
  it('decodes every compressed sample to exactly its declared size, one table per 64 KiB block', () => {
    const samples = compressedSamples();
    if (!requireOrSkip('compressed prefetch samples', samples.length > 0)) return;
    expect(samples.length).toBeGreaterThanOrEqual(11);
    let multiBlock = 0;
    for (const { path, bytes } of samples) {
      const declared = u32(bytes, 4);
      const r = decompressXpressHuffman(bytes.subarray(8), declared);
      expect(r.error, path).toBeNull();
      expect(r.produced, path).toBe(declared);
      expect(r.blocks, path).toBe(Math.ceil(declared / XPRESS_BLOCK_SIZE));
      expect(String.fromCharCode(...r.output.subarray(4, 8)), path).toBe('SCCA');
      expect([30, 31], path).toContain(u32(r.output, 0));
      expect(u32(r.output, 12), `${path} SCCA file size`).toBe(declared);
      expect(bytes.length - 8 - r.consumed, `${path} unread tail`).toBeLessThanOrEqual(2);
      if (r.blocks > 1) multiBlock++;
    }
    expect(multiBlock).toBeGreaterThanOrEqual(3);
  });
});

describe('LZXPRESS Huffman decompression errors', () => {
  const good = compressXpressHuffman(new TextEncoder().encode('abcabcabcabc hello hello hello '.repeat(50)));
  const size = 31 * 50;

  it('round-trips the encoder output', () => {
    const r = decompressXpressHuffman(good, size);
    expect(r.error).toBeNull();
    expect(new TextDecoder().decode(r.output)).toBe('abcabcabcabc hello hello hello '.repeat(50));
  });

  it('reports an all-zero Huffman table', () => {
    const bad = good.slice();
    bad.fill(0, 0, 256);
    const r = decompressXpressHuffman(bad, size);
    expect(r.error?.field).toBe('block[0].huffmanTable');
    expect(r.error?.found).toContain('all 512 code lengths are 0');
  });

  it('reports an over-subscribed Huffman table', () => {
    const bad = good.slice();
    bad.fill(0x11, 0, 256);
    const r = decompressXpressHuffman(bad, size);
    expect(r.error?.field).toBe('block[0].huffmanTable');
    expect(r.error?.found).toContain('over-subscribed');
  });

  it('reports a stream that ends before the declared size', () => {
    const r = decompressXpressHuffman(good, size + 70000);
    expect(r.error).not.toBeNull();
    expect(r.produced).toBeGreaterThanOrEqual(size);
    expect(r.produced).toBeLessThan(size + 70000);
  });

  it('reports a back reference before the start of the output', () => {
    // One-symbol-per-length table: symbol 256 + (15 << 4) (offset with 15 extra bits) gets code '0'.
    const table = new Uint8Array(256 + 8);
    const sym = 256 + (15 << 4);
    table[sym >> 1] = 1 << ((sym & 1) * 4);
    table[0] = 1; // literal 0: code '0'; the match symbol gets code '1'
    table[257] = 0x80; // first bit 1
    const r = decompressXpressHuffman(table, 100);
    expect(r.error?.field).toBe('block[0].matchOffset');
  });

  it('handles an empty output without reading anything', () => {
    const r = decompressXpressHuffman(new Uint8Array(0), 0);
    expect(r.error).toBeNull();
    expect(r.produced).toBe(0);
  });
});

describe('LZXPRESS Huffman decompression never throws or hangs', () => {
  const sample = compressedSamples()[0]?.bytes;

  it('on random bytes', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 0, maxLength: 2000 }),
        fc.integer({ min: 0, max: 200000 }),
        (b, n) => {
          const r = decompressXpressHuffman(b, n);
          expect(r.produced).toBeLessThanOrEqual(n);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('on bit flips and truncations of a real stream', () => {
    if (!requireOrSkip('compressed prefetch sample', sample !== undefined)) return;
    const declared = u32(sample!, 4);
    const stream = sample!.subarray(8);
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: stream.length * 8 - 1 }), { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 0, max: stream.length }),
        (flips, cut) => {
          const b = stream.slice(0, cut);
          for (const f of flips) if (f >> 3 < b.length) b[f >> 3] ^= 1 << (f & 7);
          const r = decompressXpressHuffman(b, declared);
          expect(r.produced).toBeLessThanOrEqual(declared);
          if (cut < stream.length / 2) expect(r.error).not.toBeNull();
        },
      ),
      { numRuns: 150 },
    );
  });
});
