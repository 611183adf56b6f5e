import fc from 'fast-check';
import { deflateSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { memorySource } from '../parsers/types';
import { MAX_ARCHIVE_INFLATED } from './limits';
import { craftZip, storedMember } from '../testing/zip-craft';
import { listArchive, memberDataOffset, METHOD_DEFLATE, METHOD_STORED } from './zip-directory';

const MiB = 1024 * 1024;
const enc = new TextEncoder();

describe('listArchive', () => {
  it('lists the members of a zip written by fflate with paths, methods and sizes', async () => {
    const zip = zipSync({
      'HOST1/C/Windows/Prefetch/A.pf': [enc.encode('a'.repeat(5000)), { level: 6 }],
      'HOST1/C/$MFT': [enc.encode('mft bytes'), { level: 0 }],
      'HOST1/empty-dir/': new Uint8Array(0),
    });
    const l = await listArchive(memorySource(zip));
    expect(l.refused).toBe('');
    const byPath = new Map(l.members.map((m) => [m.path, m]));
    expect([...byPath.keys()].sort()).toEqual(['HOST1/C/$MFT', 'HOST1/C/Windows/Prefetch/A.pf']);
    expect(byPath.get('HOST1/C/Windows/Prefetch/A.pf')).toMatchObject({
      method: METHOD_DEFLATE,
      uncompressedSize: 5000,
    });
    const mft = byPath.get('HOST1/C/$MFT')!;
    expect(mft).toMatchObject({ method: METHOD_STORED, uncompressedSize: 9, compressedSize: 9 });
    const at = await memberDataOffset(memorySource(zip), mft);
    expect(new TextDecoder().decode(zip.subarray(at, at + 9))).toBe('mft bytes');
  });

  it('refuses overlapping members (many directory entries sharing one local header)', async () => {
    const data = deflateSync(new Uint8Array(MiB));
    const zip = craftZip([{ name: 'z.bin', data, method: 8, declaredSize: MiB, crc: 0 }], {
      aliasesOfFirst: 3,
    });
    const l = await listArchive(memorySource(zip));
    expect(l.refused).toMatch(/zip bomb protection: member ".*" overlaps member/);
    expect(l.members).toEqual([]);
  });

  it('refuses an archive whose members declare more than the total inflate limit', async () => {
    const data = deflateSync(new Uint8Array(1024));
    const big = Math.floor(MAX_ARCHIVE_INFLATED / 3) + 1;
    const members = [0, 1, 2, 3].map((i) => ({
      name: `m${i}`,
      data,
      method: 8 as const,
      declaredSize: big,
      crc: 0,
    }));
    const l = await listArchive(memorySource(craftZip(members)));
    expect(l.refused).toBe(
      `zip bomb protection: members would inflate to ${(4 * big).toLocaleString('en-US')} bytes in total, above the limit of 4,294,967,296 bytes (4.00 GiB)`,
    );
    expect(4 * big).toBe(5_726_623_064);
  });

  it('skips a member whose declared ratio is bomb-like and keeps the others', async () => {
    const zeros = new Uint8Array(20 * MiB);
    const data = deflateSync(zeros, { level: 9 });
    const zip = craftZip([
      { name: 'zeros.bin', data, method: 8, declaredSize: zeros.length, crc: 0 },
      storedMember('ok.txt', enc.encode('fine')),
    ]);
    const l = await listArchive(memorySource(zip));
    expect(l.refused).toBe('');
    expect(l.members.map((m) => m.path)).toEqual(['ok.txt']);
    expect(l.skipped).toHaveLength(1);
    expect(l.skipped[0].reason).toBe(
      `zip bomb protection: member would inflate ${Math.round(zeros.length / data.length)}:1 (20,971,520 bytes (20.0 MiB) from ${data.length.toLocaleString('en-US')} bytes), above the 1000:1 limit`,
    );
  });

  it('lists encrypted and unknown-method members as skipped with the reason', async () => {
    const zip = craftZip([storedMember('a.txt', enc.encode('x')), storedMember('b.txt', enc.encode('y'))]);
    // central directory entries: flip method of the second to 14 (LZMA), encrypt the first.
    const cd = zip.length - 22 - (46 + 5) * 2;
    zip[cd + 8] |= 1;
    zip[cd + 46 + 5 + 10] = 14;
    const l = await listArchive(memorySource(zip));
    expect(l.skipped.map((s) => s.reason)).toEqual([
      'encrypted member: not opened',
      'compression method 14 is not supported (stored/deflate only)',
    ]);
  });

  it('reads the zip64 end-of-central-directory record when the classic one is saturated', async () => {
    const zip = craftZip([
      storedMember('HOST/C/$MFT', enc.encode('FILE0')),
      storedMember('b.txt', enc.encode('bb')),
    ]);
    const dv = new DataView(zip.buffer);
    const eocd = zip.length - 22;
    const cdSize = dv.getUint32(eocd + 12, true);
    const cdOffset = dv.getUint32(eocd + 16, true);
    const z64 = new Uint8Array(56 + 20 + 22);
    const w = new DataView(z64.buffer);
    w.setUint32(0, 0x06064b50, true);
    w.setBigUint64(4, 44n, true);
    w.setBigUint64(24, 2n, true);
    w.setBigUint64(32, 2n, true);
    w.setBigUint64(40, BigInt(cdSize), true);
    w.setBigUint64(48, BigInt(cdOffset), true);
    w.setUint32(56, 0x07064b50, true);
    w.setBigUint64(56 + 8, BigInt(eocd), true);
    w.setUint32(56 + 16, 1, true);
    const e = 76;
    w.setUint32(e, 0x06054b50, true);
    w.setUint16(e + 8, 0xffff, true);
    w.setUint16(e + 10, 0xffff, true);
    w.setUint32(e + 12, 0xffffffff, true);
    w.setUint32(e + 16, 0xffffffff, true);
    const out = new Uint8Array(eocd + z64.length);
    out.set(zip.subarray(0, eocd));
    out.set(z64, eocd);
    const l = await listArchive(memorySource(out));
    expect(l.refused).toBe('');
    expect(l.members.map((m) => [m.path, m.uncompressedSize])).toEqual([
      ['HOST/C/$MFT', 5],
      ['b.txt', 2],
    ]);
  });

  it('refuses a file without an end-of-central-directory record', async () => {
    const l = await listArchive(memorySource(enc.encode('PK\x03\x04 truncated archive')));
    expect(l.refused).toMatch(/no end-of-central-directory record/);
  });

  it('never throws on truncated or bit-flipped archives', async () => {
    const zip = zipSync({ 'a/b.txt': enc.encode('hello world '.repeat(50)), 'c.bin': new Uint8Array(300) });
    await fc.assert(
      fc.asyncProperty(fc.nat(zip.length), fc.nat(zip.length * 8), async (cut, bit) => {
        const copy = zip.slice(0, Math.max(cut, 1));
        const i = bit >> 3;
        if (i < copy.length) copy[i] ^= 1 << (bit & 7);
        const l = await listArchive(memorySource(copy));
        expect(typeof l.refused).toBe('string');
      }),
      { numRuns: 200 },
    );
  });
});
