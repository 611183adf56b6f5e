// $STANDARD_INFORMATION (type 0x10) value (libfsntfs documentation "The standard information
// attribute").
//
//   0x00 FILETIME created   0x08 FILETIME modified   0x10 FILETIME entry changed
//   0x18 FILETIME accessed  0x20 u32 file attribute flags
//   (NTFS 3.0+: 0x24 max versions, 0x28 version, 0x2C class id, 0x30 owner id,
//    0x34 security id, 0x38 u64 quota charged, 0x40 u64 update sequence number)
import { filetimeParts, type TimeParts } from '../../bytes/filetime';
import { u32le } from '../../bytes/le';

export const STANDARD_INFORMATION_MIN_SIZE = 0x24;
export const STANDARD_INFORMATION_V3_SIZE = 0x48;

/** The four NTFS timestamps of one attribute. */
export interface MftTimes {
  created: TimeParts;
  modified: TimeParts;
  /** MFT entry changed. */
  changed: TimeParts;
  accessed: TimeParts;
}

export interface StandardInformation {
  times: MftTimes;
  /** FILE_ATTRIBUTE_* flags. */
  flags: number;
  /** Security id (NTFS 3.0+), -1 when absent. */
  securityId: number;
  /** Last USN of the entry (NTFS 3.0+), -1 when absent. */
  usn: number;
}

export function readTimes(b: Uint8Array, o: number): MftTimes {
  return {
    created: filetimeParts(u32le(b, o), u32le(b, o + 4)),
    modified: filetimeParts(u32le(b, o + 8), u32le(b, o + 12)),
    changed: filetimeParts(u32le(b, o + 16), u32le(b, o + 20)),
    accessed: filetimeParts(u32le(b, o + 24), u32le(b, o + 28)),
  };
}

/** Reads the value at `o` of `length` bytes; null when too short. */
export function readStandardInformation(
  b: Uint8Array,
  o: number,
  length: number,
): StandardInformation | null {
  if (length < STANDARD_INFORMATION_MIN_SIZE || o + length > b.length) return null;
  const v3 = length >= STANDARD_INFORMATION_V3_SIZE;
  return {
    times: readTimes(b, o),
    flags: u32le(b, o + 0x20),
    securityId: v3 ? u32le(b, o + 0x34) : -1,
    usn: v3 ? u32le(b, o + 0x40) + u32le(b, o + 0x44) * 4294967296 : -1,
  };
}
