import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { requireOrSkip, sampleBytes, sampleFiles } from '../../testing/samples';
import { decompressXpressHuffman, XPRESS_BLOCK_SIZE } from '../../parsers/prefetch/lzxpress-huffman';
import { decompressMam } from '../../parsers/prefetch/mam';
import type { Diagnostic } from '../../parsers/types';
import { canonicalCodes, compressXpressHuffman, huffmanLengths } from './lzxpress-huffman-encode';
import { compressMam } from './mam-encode';

/** Byte equality without vitest's slow element-wise deep compare of large typed arrays. */
function same(a: Uint8Array | null | undefined, b: Uint8Array): boolean {
  return (
    !!a && Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length))
  );
}

function roundTrip(plain: Uint8Array): Uint8Array {
  const r = decompressXpressHuffman(compressXpressHuffman(plain), plain.length);
  expect(r.error).toBeNull();
  return r.output;
}

function lcg(n: number, seed: number, alphabet = 256): Uint8Array {
  const b = new Uint8Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    b[i] = (x >>> 24) % alphabet;
  }
  return b;
}

describe('Huffman code construction', () => {
  it('limits code lengths to 15 bits on a Fibonacci-skewed distribution', () => {
    const freq = new Uint32Array(512);
    let a = 1;
    let b = 1;
    for (let s = 0; s < 40; s++) {
      freq[s] = a;
      [a, b] = [b, Math.min(a + b, 1e9)];
    }
    const lengths = huffmanLengths(freq);
    expect(Math.max(...lengths)).toBe(15);
    let kraft = 0;
    for (const l of lengths) if (l > 0) kraft += 2 ** -l;
    expect(kraft).toBeLessThanOrEqual(1);
    expect(lengths.filter((l) => l > 0)).toHaveLength(40);
  });

  it('assigns canonical codes in (length, symbol) order', () => {
    const lengths = new Uint8Array(512);
    lengths[65] = 1;
    lengths[3] = 2;
    lengths[300] = 2;
    expect([...canonicalCodes(lengths)].filter((_, s) => lengths[s] > 0)).toEqual([0b10, 0b0, 0b11]);
  });
});

describe('LZXPRESS Huffman encoder round trip', () => {
  it('empty, one byte, all zeros, one run across many blocks, incompressible', () => {
    expect(roundTrip(new Uint8Array(0))).toEqual(new Uint8Array(0));
    expect(roundTrip(new Uint8Array([7]))).toEqual(new Uint8Array([7]));
    expect(same(roundTrip(new Uint8Array(200_000)), new Uint8Array(200_000))).toBe(true);
    const rnd = lcg(3 * XPRESS_BLOCK_SIZE + 17, 1);
    expect(same(roundTrip(rnd), rnd)).toBe(true);
  });

  it('long matches use the 1- and 3-byte length escapes', () => {
    const b = new Uint8Array(150_000);
    b.set(lcg(300, 9), 0);
    for (let i = 300; i < b.length; i++) b[i] = b[i - 300];
    const out = compressXpressHuffman(b);
    expect(out.length).toBeLessThan(1200);
    expect(same(roundTrip(b), b)).toBe(true);
  });

  it('round-trips random compressible data (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 140_000 }),
        fc.integer({ min: 1, max: 256 }),
        fc.integer(),
        (n, alphabet, seed) => {
          const b = lcg(n, seed, alphabet);
          expect(same(roundTrip(b), b)).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('round-trips every decompressed prefetch sample, through MAM and back', () => {
    const files = sampleFiles('prefetch');
    if (!requireOrSkip('prefetch samples', files.length > 0)) return;
    for (const path of files) {
      let plain = sampleBytes(path);
      if (plain[0] === 0x4d) plain = decompressMam(plain, path, []).data!;
      const mam = compressMam(plain);
      const d: Diagnostic[] = [];
      const back = decompressMam(mam, path, d);
      expect(d, path).toEqual([]);
      expect(same(back.data, plain), path).toBe(true);
    }
  });
});
