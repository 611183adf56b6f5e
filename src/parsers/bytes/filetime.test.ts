import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  filetimeFromParts,
  filetimeParts,
  isoFromFiletime,
  isoFromParts,
  isoFromTimeParts,
  partsFromIso,
} from './filetime';

/** The Date-based formatter isoFromParts replaced (EVTX's isoUtc and this file's were merged). */
function isoByDate(timeMs: number, tick: number): string {
  if (!Number.isFinite(timeMs)) return '';
  const d = new Date(timeMs);
  const y = d.getUTCFullYear();
  if (y < 0 || y > 9999) return '';
  const frac = (d.getUTCMilliseconds() * 10000 + tick).toString().padStart(7, '0');
  return `${d.toISOString().slice(0, 19)}.${frac}Z`;
}

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
  it('isoFromParts formats like Date-based formatting for years 0..9999', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -62167219200000, max: 253402300799999 }),
        fc.integer({ min: 0, max: 9999 }),
        (ms, tick) => {
          expect(isoFromParts(ms, tick)).toBe(isoByDate(ms, tick));
        },
      ),
      { numRuns: 2000 },
    );
    for (const ms of [-62167219200001, 253402300800000, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])
      expect(isoFromParts(ms, 0)).toBe('');
  });
  it('the cached second prefix never leaks into the next time', () => {
    expect(isoFromParts(1000, 5)).toBe('1970-01-01T00:00:01.0000005Z');
    expect(isoFromParts(1999, 9999)).toBe('1970-01-01T00:00:01.9999999Z');
    expect(isoFromParts(2000, 0)).toBe('1970-01-01T00:00:02.0000000Z');
    expect(isoFromParts(-1, 0)).toBe('1969-12-31T23:59:59.9990000Z');
    expect(isoFromParts(1000, 5)).toBe('1970-01-01T00:00:01.0000005Z');
  });
  it('isoFromTimeParts is empty without parts', () => {
    expect(isoFromTimeParts(undefined)).toBe('');
    expect(isoFromTimeParts({ timeMs: 0, tick: 1 })).toBe('1970-01-01T00:00:00.0000001Z');
  });
});
