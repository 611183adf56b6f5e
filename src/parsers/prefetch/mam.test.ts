import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLES, requireOrSkip, sampleBytes } from '../../testing/samples';
import { crc32 } from '../bytes/crc32';
import type { Diagnostic } from '../types';
import { writePrefetch } from '../../writers/prefetch/write-prefetch';
import { decompressMam } from './mam';
import { parsePrefetchBytes } from './parse-prefetch';

const CHROME = join(SAMPLES, 'prefetch', 'ez-Win10__CHROME.EXE-B3BA7868.pf');
const CALC = join(SAMPLES, 'prefetch', 'ez-Win10__CALC.EXE-3FBEF7FD.pf');
const have = () =>
  requireOrSkip(
    'Win10 MAM prefetch samples',
    (() => {
      try {
        sampleBytes(CHROME);
        sampleBytes(CALC);
        return true;
      } catch {
        return false;
      }
    })(),
  );

const GENERATED = {
  version: 30 as const,
  executable: 'NMAP.EXE',
  hash: 0x1234abcd,
  runCount: 1,
  lastRunTimes: ['2024-05-01T10:00:00.0000000Z'],
  volumes: [
    { devicePath: '\\VOLUME{01d834b54842fb73-1a484cb6}', serial: 1, created: '2022-03-10T19:30:21.0000000Z' },
  ],
  files: ['\\VOLUME{01d834b54842fb73-1a484cb6}\\NMAP.EXE'],
  directories: [],
};

function withSize(b: Uint8Array, size: number): Uint8Array {
  const c = b.slice();
  new DataView(c.buffer).setUint32(4, size, true);
  return c;
}

describe('MAM container', () => {
  it('decompresses a two-block file to its declared 116042 bytes', () => {
    if (!have()) return;
    const d: Diagnostic[] = [];
    const r = decompressMam(sampleBytes(CHROME), 'chrome', d);
    expect(d).toEqual([]);
    expect(r.declaredSize).toBe(116042);
    expect(r.blocks).toBe(2);
    expect(r.data?.length).toBe(116042);
  });

  it('names an unknown compression type byte and the two it knows', () => {
    for (const type of [0x05, 0xc4]) {
      const b = writePrefetch({ ...GENERATED, compress: true });
      b[3] = type;
      const d: Diagnostic[] = [];
      expect(decompressMam(b, 'x.pf', d).data).toBeNull();
      const hex = `0x${type.toString(16).padStart(2, '0')}`;
      expect(d[0]).toMatchObject({
        severity: 'error',
        file: 'x.pf',
        offset: 3,
        field: 'mam.compressionType',
        expected: '0x04 (LZXPRESS Huffman) or 0x84 (LZXPRESS Huffman with CRC-32)',
        found: `unknown compression type ${hex}`,
      });
      const p: Diagnostic[] = [];
      expect(parsePrefetchBytes(b, 'x.pf', p)).toBeNull();
      expect(p[0]).toMatchObject({ field: 'mam.compressionType', found: `unknown compression type ${hex}` });
    }
  });

  it('rejects a zero or absurd declared size', () => {
    if (!have()) return;
    for (const size of [0, 0xffffffff]) {
      const d: Diagnostic[] = [];
      expect(decompressMam(withSize(sampleBytes(CALC), size), 'x', d).data).toBeNull();
      expect(d[0]).toMatchObject({
        severity: 'error',
        offset: 4,
        field: 'mam.uncompressedSize',
        found: `${size}`,
      });
    }
  });

  it('rejects a declared size no stream of this length can reach, before allocating it', () => {
    if (!have()) return;
    const d: Diagnostic[] = [];
    expect(decompressMam(withSize(sampleBytes(CALC), 30_000_000), 'x', d).data).toBeNull();
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ severity: 'error', offset: 4, field: 'mam.uncompressedSize' });
    expect(d[0].expected).toContain('42 blocks fit in 11086 compressed bytes');
  });

  it('reports a declared size larger than the stream holds', () => {
    if (!have()) return;
    const d: Diagnostic[] = [];
    decompressMam(withSize(sampleBytes(CALC), 47848 + 65536), 'x', d);
    expect(d.some((x) => x.severity === 'error' && x.field.startsWith('mam.block['))).toBe(true);
  });

  it('reports a declared size smaller than the stream holds', () => {
    if (!have()) return;
    const d: Diagnostic[] = [];
    const r = decompressMam(withSize(sampleBytes(CHROME), 65536), 'x', d);
    expect(r.data?.length).toBe(65536);
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({ severity: 'warning', field: 'mam.uncompressedSize' });
  });

  it('reads the MAM\\x84 variant with a CRC-32 and flags a wrong one', () => {
    if (!have()) return;
    const plain = sampleBytes(CALC);
    const b = new Uint8Array(plain.length + 4);
    b.set(plain.subarray(0, 8), 0);
    b[3] = 0x84;
    b.set(plain.subarray(8), 12);
    const head = b.slice(0, 12);
    const crc = crc32(b, 12, b.length, crc32(head));
    new DataView(b.buffer).setUint32(8, crc, true);
    const ok: Diagnostic[] = [];
    expect(decompressMam(b, 'x', ok).data?.length).toBe(47848);
    expect(ok).toEqual([]);
    b[8] ^= 1;
    const bad: Diagnostic[] = [];
    expect(decompressMam(b, 'x', bad).data?.length).toBe(47848);
    expect(bad[0]).toMatchObject({ severity: 'warning', offset: 8, field: 'mam.crc32' });
  });

  it('reports a corrupt Huffman table with its absolute offset', () => {
    if (!have()) return;
    const b = sampleBytes(CALC).slice();
    b.fill(0x11, 8, 8 + 256);
    const d: Diagnostic[] = [];
    expect(decompressMam(b, 'x', d).data).toBeNull();
    expect(d[0]).toMatchObject({ severity: 'error', offset: 8, field: 'mam.block[0].huffmanTable' });
  });
});
