// Probes that say whether bytes are $J content: one USN_RECORD header, and one page of records.
// Used by detection (src/parsers/detect.ts), which decides where in a sparse $J to look.
// Layout: see record.ts (USN_RECORD_V2 / V3 / V4).
import { u16le, u32le } from '../bytes/le';

/** NTFS writes the journal in pages of this many bytes; records never cross a page end. */
export const USN_PAGE_SIZE = 4096;

/** True when `b[o..]` looks like a USN_RECORD header (v2, v3 or v4). */
export function looksLikeUsnRecord(b: Uint8Array, o: number): boolean {
  if (o + 8 > b.length) return false;
  const len = u32le(b, o);
  const major = u16le(b, o + 4);
  const minor = u16le(b, o + 6);
  if (len % 8 !== 0 || len < 0x38 || len > 0x10000 || minor > 1) return false;
  if (major === 2) {
    if (len < 0x3c || o + 0x3c > b.length) return major === 2 && o + 0x3c > b.length && len >= 0x3c;
    const nameLen = u16le(b, o + 0x38);
    const nameOff = u16le(b, o + 0x3a);
    return nameOff === 0x3c && nameOff + nameLen <= len;
  }
  if (major === 3) {
    if (len < 0x4c || o + 0x4c > b.length) return len >= 0x4c && o + 0x4c > b.length;
    const nameLen = u16le(b, o + 0x48);
    const nameOff = u16le(b, o + 0x4a);
    return nameOff === 0x4c && nameOff + nameLen <= len;
  }
  if (major === 4) return len >= 0x38;
  return false;
}

/**
 * Whether the records starting at `o` fill their page as a $J page is filled: a run of sound
 * USN_RECORD headers, none crossing the page end, then zero padding up to the page end (or the
 * end of `b`, for a file that ends inside the page). Pages are USN_PAGE_SIZE long, counted
 * from the start of `b`.
 */
export function looksLikeUsnPage(b: Uint8Array, o: number): boolean {
  const pageEnd = Math.min(b.length, (Math.floor(o / USN_PAGE_SIZE) + 1) * USN_PAGE_SIZE);
  let records = 0;
  while (o + 8 <= pageEnd) {
    const len = u32le(b, o);
    if (len === 0) {
      for (let i = o; i < pageEnd; i++) if (b[i] !== 0) return false;
      return records > 0;
    }
    if (!looksLikeUsnRecord(b, o)) return false;
    if (o + len > pageEnd) return pageEnd === b.length && pageEnd % USN_PAGE_SIZE !== 0 && records > 0;
    records++;
    o += len;
  }
  return records > 0;
}
