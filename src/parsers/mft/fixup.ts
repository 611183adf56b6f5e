// NTFS multi-sector transfer protection ("update sequence array", libfsntfs documentation
// "MFT entry – The fix-up values"). The last two bytes of every sector in a FILE record hold the
// update sequence number (USN); the real bytes are kept in the array at `usaOffset`:
//
//   usa[0] = USN, usa[1..n] = original last two bytes of sector 1..n
//
// The sector stride is recordSize / (usaCount - 1) (512 on every volume seen in practice).
import type { Problem } from '../diagnostics';
import { u16le } from '../bytes/le';

/**
 * Validates and applies the fixups of one record in place (`rec` must be a private copy).
 * Returns null when sound, or the first problem found (the record is then left half-fixed).
 */
export function applyFixups(rec: Uint8Array, usaOffset: number, usaCount: number): Problem | null {
  const size = rec.length;
  if (usaCount < 2 || usaOffset < 0x28 || usaOffset + usaCount * 2 > size || usaOffset % 2 !== 0) {
    return {
      offset: 4,
      field: 'fixup.array',
      expected: `usaOffset >= 0x28 and usaOffset + 2*usaCount <= ${size}`,
      found: `usaOffset 0x${usaOffset.toString(16)}, usaCount ${usaCount}`,
    };
  }
  const sectors = usaCount - 1;
  const stride = size / sectors;
  if (!Number.isInteger(stride) || stride < 256 || stride % 2 !== 0) {
    return {
      offset: 6,
      field: 'fixup.count',
      expected: `count - 1 dividing the record size ${size} into sectors of >= 256 bytes`,
      found: `${usaCount}`,
    };
  }
  const u0 = rec[usaOffset];
  const u1 = rec[usaOffset + 1];
  for (let i = 0; i < sectors; i++) {
    const end = (i + 1) * stride - 2;
    if (rec[end] !== u0 || rec[end + 1] !== u1) {
      return {
        offset: end,
        field: `fixup.sector[${i}]`,
        expected: `update sequence 0x${(u0 | (u1 << 8)).toString(16).padStart(4, '0')}`,
        found: `0x${u16le(rec, end).toString(16).padStart(4, '0')}`,
      };
    }
    rec[end] = rec[usaOffset + 2 + i * 2];
    rec[end + 1] = rec[usaOffset + 3 + i * 2];
  }
  return null;
}

/**
 * The inverse, for writers: saves each sector's last two bytes into the array and stamps the
 * update sequence number there. `rec` is modified in place.
 */
export function protectFixups(rec: Uint8Array, usaOffset: number, usaCount: number, usn: number): void {
  const sectors = usaCount - 1;
  const stride = rec.length / sectors;
  rec[usaOffset] = usn & 0xff;
  rec[usaOffset + 1] = (usn >> 8) & 0xff;
  for (let i = 0; i < sectors; i++) {
    const end = (i + 1) * stride - 2;
    rec[usaOffset + 2 + i * 2] = rec[end];
    rec[usaOffset + 3 + i * 2] = rec[end + 1];
    rec[end] = usn & 0xff;
    rec[end + 1] = (usn >> 8) & 0xff;
  }
}
