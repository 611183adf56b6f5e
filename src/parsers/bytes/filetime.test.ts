import { describe, expect, it } from 'vitest';
import { filetimeFromParts, filetimeParts, isoFromFiletime, isoFromParts, partsFromIso } from './filetime';

describe('FILETIME', () => {
  it('keeps all seven fractional digits', () => {
    // 2019-02-13T18:01:47.5123410Z = 0x01D4C3C6_5C2E8B6A? computed from BigInt below
    const ticks = BigInt(Date.parse('2019-02-13T18:01:47.512Z')) * 10000n + 3410n + 116444736000000000n;
    const lo = Number(ticks & 0xffffffffn);
    const hi = Number(ticks >> 32n);
    expect(isoFromFiletime(lo, hi)).toBe('2019-02-13T18:01:47.5123410Z');
    expect(filetimeParts(lo, hi).tick).toBe(3410);
  });
  it('round-trips through ISO and halves', () => {
    for (const iso of [
      '1601-01-01T00:00:00.0000001Z',
      '2026-10-14T10:02:11.9999999Z',
      '1999-12-31T23:59:59.0000000Z',
    ]) {
      const p = partsFromIso(iso);
      const { lo, hi } = filetimeFromParts(p.timeMs, p.tick);
      expect(isoFromFiletime(lo, hi)).toBe(iso);
    }
  });
  it('treats zero as unset', () => {
    expect(Number.isNaN(filetimeParts(0, 0).timeMs)).toBe(true);
    expect(isoFromParts(Number.NaN, 0)).toBe('');
  });
});
