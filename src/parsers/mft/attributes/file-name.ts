// $FILE_NAME (type 0x30) value (libfsntfs documentation "The file name attribute").
//
//   0x00 u64 parent reference (48-bit entry, 16-bit sequence)
//   0x08 FILETIME created   0x10 FILETIME modified   0x18 FILETIME entry changed
//   0x20 FILETIME accessed  0x28 u64 allocated size  0x30 u64 data size
//   0x38 u32 file attribute flags   0x3C u32 extended data (reparse tag / EA size)
//   0x40 u8 name length (UTF-16 units)   0x41 u8 namespace   0x42 name
import { utf16 } from '../../bytes/text';
import { type MftTimes, readTimes } from './standard-information';
import { u16le, u32le } from '../../bytes/le';

export const FILE_NAME_HEADER_SIZE = 0x42;
export const NAMESPACE_POSIX = 0;
export const NAMESPACE_WIN32 = 1;
export const NAMESPACE_DOS = 2;
export const NAMESPACE_WIN32_AND_DOS = 3;

export interface FileName {
  parentEntry: number;
  parentSequence: number;
  times: MftTimes;
  allocatedSize: number;
  dataSize: number;
  flags: number;
  /** 0 POSIX, 1 Win32, 2 DOS, 3 Win32 & DOS. */
  namespace: number;
  name: string;
}

/** Preference of a namespace for display: Win32 > POSIX > DOS (8.3). Higher is better. */
export function namespaceRank(ns: number): number {
  if (ns === NAMESPACE_WIN32 || ns === NAMESPACE_WIN32_AND_DOS) return 3;
  if (ns === NAMESPACE_POSIX) return 2;
  if (ns === NAMESPACE_DOS) return 1;
  return 0;
}

/** Parent reference and name only (the path-resolution pass); null when malformed. */
export function readFileNameBrief(
  b: Uint8Array,
  o: number,
  length: number,
): { parentEntry: number; parentSequence: number; namespace: number; name: string } | null {
  if (length < FILE_NAME_HEADER_SIZE || o + length > b.length) return null;
  const chars = b[o + 0x40];
  if (FILE_NAME_HEADER_SIZE + chars * 2 > length) return null;
  return {
    parentEntry: u32le(b, o) + u16le(b, o + 4) * 4294967296,
    parentSequence: u16le(b, o + 6),
    namespace: b[o + 0x41],
    name: utf16(b, o + FILE_NAME_HEADER_SIZE, chars * 2),
  };
}

/** Full value at `o` of `length` bytes; null when too short or the name runs past the value. */
export function readFileName(b: Uint8Array, o: number, length: number): FileName | null {
  if (length < FILE_NAME_HEADER_SIZE || o + length > b.length) return null;
  const chars = b[o + 0x40];
  if (FILE_NAME_HEADER_SIZE + chars * 2 > length) return null;
  return {
    parentEntry: u32le(b, o) + u16le(b, o + 4) * 4294967296,
    parentSequence: u16le(b, o + 6),
    namespace: b[o + 0x41],
    name: utf16(b, o + FILE_NAME_HEADER_SIZE, chars * 2),
    times: readTimes(b, o + 0x08),
    allocatedSize: u32le(b, o + 0x28) + u32le(b, o + 0x2c) * 4294967296,
    dataSize: u32le(b, o + 0x30) + u32le(b, o + 0x34) * 4294967296,
    flags: u32le(b, o + 0x38),
  };
}
