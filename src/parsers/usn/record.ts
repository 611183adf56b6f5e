// USN_RECORD_V2 / V3 / V4 (MS docs "USN_RECORD_V2/V3/V4 structure", winioctl.h; libfsntfs
// documentation "USN change journal"). Little-endian, every record 8-byte aligned.
//
//            V2                         V3                           V4 (range tracking)
//   0x00 u32 RecordLength          u32 RecordLength             u32 RecordLength
//   0x04 u16 Major (2) u16 Minor   u16 Major (3) u16 Minor      u16 Major (4) u16 Minor
//   0x08 u64 FileReferenceNumber   128-bit FileReferenceNumber  128-bit FileReferenceNumber
//   0x10 u64 ParentFileReference   0x18 128-bit Parent          0x18 128-bit Parent
//   0x18 i64 Usn                   0x28 i64 Usn                 0x28 i64 Usn
//   0x20 FILETIME TimeStamp        0x30 FILETIME TimeStamp      0x30 u32 Reason  0x34 u32 SourceInfo
//   0x28 u32 Reason                0x38 u32 Reason              0x38 u32 RemainingExtents
//   0x2C u32 SourceInfo            0x3C u32 SourceInfo          0x3C u16 NumberOfExtents
//   0x30 u32 SecurityId            0x40 u32 SecurityId          0x3E u16 ExtentSize (16)
//   0x34 u32 FileAttributes        0x44 u32 FileAttributes      0x40 extents: {i64 Offset, i64 Length}
//   0x38 u16 FileNameLength        0x48 u16 FileNameLength
//   0x3A u16 FileNameOffset (0x3C) 0x4A u16 FileNameOffset (0x4C)
//   0x3C FileName (UTF-16)         0x4C FileName
//
// For NTFS the 128-bit ids of V3/V4 hold the 64-bit file reference in their low half
// (48-bit entry, 16-bit sequence); the full id is kept as hex.
import { filetimeParts, type TimeParts } from '../bytes/filetime';
import type { Problem } from '../diagnostics';
import { utf16 } from '../bytes/text';
import { u16le, u32le, u64le } from '../bytes/le';

export const USN_V2_HEADER_SIZE = 0x3c;
export const USN_V3_HEADER_SIZE = 0x4c;
export const USN_V4_HEADER_SIZE = 0x40;
export const USN_V4_EXTENT_SIZE = 0x10;
/** Longest record accepted: a V3 header plus 255 UTF-16 units, rounded; V4 with 4096 extents. */
export const USN_MAX_RECORD_SIZE = 0x10040;

export interface UsnExtent {
  /** Byte offset of the modified range in the file. */
  offset: number;
  /** Length of the range in bytes. */
  length: number;
}

export interface UsnRecord {
  /** Byte offset of the record in the $J file. */
  offset: number;
  /** Record length in bytes. */
  length: number;
  /** Major version: 2, 3 or 4 (4 = range-tracking record, no name or time). */
  version: number;
  minorVersion: number;
  usn: number;
  /** UTC; timeMs NaN for V4 records (they carry no time). */
  time: TimeParts;
  entry: number;
  sequence: number;
  parentEntry: number;
  parentSequence: number;
  /** Full file id as hex: 16 digits (V2) or 32 digits (V3/V4), most significant first. */
  fileId: string;
  parentFileId: string;
  reasons: number;
  sourceInfo: number;
  /** -1 for V4. */
  securityId: number;
  /** FILE_ATTRIBUTE_* (0 for V4). */
  attributes: number;
  /** '' for V4. */
  name: string;
  /** Full path when resolved against an $MFT, else null. */
  path: string | null;
  /** V4 only. */
  extents: UsnExtent[];
  remainingExtents: number;
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}
/** `bytes` (8 or 16) little-endian bytes as hex, most significant first. */
function hexWord(b: Uint8Array, o: number, bytes: number): string {
  const low = hex8(u32le(b, o + 4)) + hex8(u32le(b, o));
  return bytes === 8 ? low : hex8(u32le(b, o + 12)) + hex8(u32le(b, o + 8)) + low;
}

export function minRecordSize(major: number): number {
  if (major === 2) return USN_V2_HEADER_SIZE;
  if (major === 3) return USN_V3_HEADER_SIZE;
  if (major === 4) return USN_V4_HEADER_SIZE;
  return 0;
}

/**
 * Checks the header at `b[o..]`; `avail` bytes are readable from `o`. Returns null when the
 * record is sound and fully inside `avail`, else the first problem.
 */
export function checkUsnRecord(b: Uint8Array, o: number, avail: number): Problem | null {
  if (avail < 8) return { offset: 0, field: 'record.header', expected: '8 bytes', found: `${avail} bytes` };
  const length = u32le(b, o);
  const major = u16le(b, o + 4);
  const minor = u16le(b, o + 6);
  const min = minRecordSize(major);
  if (min === 0 || minor > 1) {
    return { offset: 4, field: 'record.version', expected: '2.0, 3.0 or 4.0', found: `${major}.${minor}` };
  }
  if (length < min || length % 8 !== 0 || length > USN_MAX_RECORD_SIZE) {
    return {
      offset: 0,
      field: 'record.length',
      expected: `multiple of 8 in 0x${min.toString(16)}..0x${USN_MAX_RECORD_SIZE.toString(16)}`,
      found: `0x${length.toString(16)}`,
    };
  }
  if (length > avail) {
    return {
      offset: 0,
      field: 'record.length',
      expected: `<= ${avail} bytes left in the file`,
      found: `${length}`,
    };
  }
  if (major === 4) {
    const n = u16le(b, o + 0x3c);
    const size = u16le(b, o + 0x3e);
    if ((n > 0 && size !== USN_V4_EXTENT_SIZE) || USN_V4_HEADER_SIZE + n * USN_V4_EXTENT_SIZE > length) {
      return {
        offset: 0x3c,
        field: 'record.extents',
        expected: `extents of 16 bytes inside the record (0x${length.toString(16)})`,
        found: `${n} extents of ${size} bytes`,
      };
    }
    return null;
  }
  const nameLength = u16le(b, o + min - 4);
  const nameOffset = u16le(b, o + min - 2);
  if (nameOffset !== min) {
    return {
      offset: min - 2,
      field: 'record.fileNameOffset',
      expected: `0x${min.toString(16)}`,
      found: `0x${nameOffset.toString(16)}`,
    };
  }
  if (nameLength % 2 !== 0 || nameOffset + nameLength > length) {
    return {
      offset: min - 4,
      field: 'record.fileNameLength',
      expected: `even, name inside the record (<= ${length - nameOffset} bytes)`,
      found: `${nameLength}`,
    };
  }
  return null;
}

/** Decodes a record that passed checkUsnRecord. `fileOffset` is its absolute offset. */
export function readUsnRecord(b: Uint8Array, o: number, fileOffset: number): UsnRecord {
  const length = u32le(b, o);
  const version = u16le(b, o + 4);
  const v2 = version === 2;
  const idOff = o + 8;
  const parentOff = v2 ? o + 0x10 : o + 0x18;
  const idBytes = v2 ? 8 : 16;
  const r: UsnRecord = {
    offset: fileOffset,
    length,
    version,
    minorVersion: u16le(b, o + 6),
    usn: u64le(b, o + (v2 ? 0x18 : 0x28)),
    time: { timeMs: Number.NaN, tick: 0 },
    entry: u32le(b, idOff) + u16le(b, idOff + 4) * 4294967296,
    sequence: u16le(b, idOff + 6),
    parentEntry: u32le(b, parentOff) + u16le(b, parentOff + 4) * 4294967296,
    parentSequence: u16le(b, parentOff + 6),
    fileId: hexWord(b, idOff, idBytes),
    parentFileId: hexWord(b, parentOff, idBytes),
    reasons: 0,
    sourceInfo: 0,
    securityId: -1,
    attributes: 0,
    name: '',
    path: null,
    extents: [],
    remainingExtents: 0,
  };
  if (version === 4) {
    r.reasons = u32le(b, o + 0x30);
    r.sourceInfo = u32le(b, o + 0x34);
    r.remainingExtents = u32le(b, o + 0x38);
    const n = u16le(b, o + 0x3c);
    for (let i = 0; i < n; i++) {
      const e = o + USN_V4_HEADER_SIZE + i * USN_V4_EXTENT_SIZE;
      r.extents.push({ offset: u64le(b, e), length: u64le(b, e + 8) });
    }
    return r;
  }
  const t = v2 ? o + 0x20 : o + 0x30;
  r.time = filetimeParts(u32le(b, t), u32le(b, t + 4));
  r.reasons = u32le(b, t + 8);
  r.sourceInfo = u32le(b, t + 12);
  r.securityId = u32le(b, t + 16);
  r.attributes = u32le(b, t + 20);
  const nameLength = u16le(b, t + 24);
  r.name = utf16(b, t + 28, nameLength);
  return r;
}
