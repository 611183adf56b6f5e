// FILE record header (libfsntfs documentation "MFT entry header"; Windows
// FILE_RECORD_SEGMENT_HEADER). Offsets are from the start of the record.
//
//   0x00 u32 magic "FILE" ("BAAD" when chkdsk found a bad multi-sector transfer)
//   0x04 u16 update sequence array offset      0x06 u16 update sequence array count
//   0x08 u64 $LogFile sequence number (LSN)
//   0x10 u16 sequence number                   0x12 u16 hard link count
//   0x14 u16 first attribute offset            0x16 u16 flags (0x1 in use, 0x2 directory)
//   0x18 u32 used size                         0x1C u32 allocated size (= record size)
//   0x20 u64 base record reference (0 for a base record; else the extension's owner)
//   0x28 u16 next attribute id                 0x2C u32 entry number (NTFS 3.1+, when usaOffset >= 0x30)
import { u16le, u32le } from '../bytes/le';

export const FILE_MAGIC = 0x454c4946;
export const BAAD_MAGIC = 0x44414142;
export const FILE_RECORD_HEADER_SIZE = 0x30;
export const MFT_RECORD_IN_USE = 0x0001;
export const MFT_RECORD_IS_DIRECTORY = 0x0002;
/** Entry number of the root directory `.`. */
export const MFT_ROOT_ENTRY = 5;

/** Header of one FILE record. */
export interface FileRecordHeader {
  magic: number;
  usaOffset: number;
  usaCount: number;
  /** $LogFile sequence number, as a Number (exact below 2^53). */
  lsn: number;
  sequence: number;
  linkCount: number;
  firstAttributeOffset: number;
  flags: number;
  /** Bytes of the record in use. */
  usedSize: number;
  /** Bytes allocated for the record: the record size. */
  allocatedSize: number;
  /** Base record entry number, 0 for a base record. */
  baseEntry: number;
  baseSequence: number;
  nextAttributeId: number;
  /** Entry number stored in the record, or -1 when the record predates NTFS 3.1. */
  storedEntry: number;
}

/**
 * True when `b` starts with a FILE (or BAAD) record header whose update sequence array is
 * plausible (offset 0x28..0x1ff, 2..33 entries): the $MFT probe. Needs the 48-byte header.
 */
export function looksLikeFileRecord(b: Uint8Array): boolean {
  if (b.length < FILE_RECORD_HEADER_SIZE) return false;
  const magic = u32le(b, 0);
  if (magic !== FILE_MAGIC && magic !== BAAD_MAGIC) return false;
  const usaOffset = u16le(b, 0x04);
  const usaCount = u16le(b, 0x06);
  return usaOffset >= 0x28 && usaOffset < 0x200 && usaCount >= 2 && usaCount <= 0x21;
}

export function recordMagic(b: Uint8Array, o = 0): number {
  return b.length >= o + 4 ? u32le(b, o) : 0;
}

/** Reads the header; the caller has checked that `b` holds at least 0x30 bytes. */
export function readFileRecordHeader(b: Uint8Array): FileRecordHeader {
  const usaOffset = u16le(b, 0x04);
  return {
    magic: u32le(b, 0),
    usaOffset,
    usaCount: u16le(b, 0x06),
    lsn: u32le(b, 0x08) + u32le(b, 0x0c) * 4294967296,
    sequence: u16le(b, 0x10),
    linkCount: u16le(b, 0x12),
    firstAttributeOffset: u16le(b, 0x14),
    flags: u16le(b, 0x16),
    usedSize: u32le(b, 0x18),
    allocatedSize: u32le(b, 0x1c),
    baseEntry: u32le(b, 0x20) + u16le(b, 0x24) * 4294967296,
    baseSequence: u16le(b, 0x26),
    nextAttributeId: u16le(b, 0x28),
    storedEntry: usaOffset >= 0x30 ? u32le(b, 0x2c) : -1,
  };
}

/** True when every byte of `b[o, o + n)` is zero (a never-used MFT slot). */
export function isZeroRange(b: Uint8Array, o: number, n: number): boolean {
  const end = Math.min(b.length, o + n);
  for (let i = o; i < end; i++) if (b[i] !== 0) return false;
  return true;
}

/** Plausible record size from a header at `o` (power of two, 256..65536), else 0. */
export function recordSizeFromHeader(b: Uint8Array, o: number): number {
  if (o + FILE_RECORD_HEADER_SIZE > b.length) return 0;
  const magic = u32le(b, o);
  if (magic !== FILE_MAGIC) return 0;
  const size = u32le(b, o + 0x1c);
  if (size < 256 || size > 65536 || (size & (size - 1)) !== 0) return 0;
  const usaCount = u16le(b, o + 6);
  if (usaCount < 2 || size % (usaCount - 1) !== 0) return 0;
  return size;
}
