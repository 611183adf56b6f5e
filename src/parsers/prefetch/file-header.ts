// SCCA file header (84 bytes), libscca "Windows Prefetch File (PF) format", section "File header".
//
//   0   4  format version (17, 23, 26, 30, 31)
//   4   4  "SCCA"
//   8   4  unknown (0x0f, 0x11)
//   12  4  file size (bytes, uncompressed)
//   16 60  executable file name, UTF-16LE, NUL-terminated, at most 29 characters
//   76  4  prefetch hash
//   80  4  unknown flags
import { u32le } from '../bytes/le';
import type { ByteReader } from '../bytes/reader';
import { utf16z } from '../bytes/text';

export const SCCA_HEADER_SIZE = 84;
export const SCCA_SIGNATURE = 0x41434353; // "SCCA" little-endian
export const SCCA_EXECUTABLE_OFFSET = 16;
export const SCCA_EXECUTABLE_BYTES = 60;
export const SCCA_HASH_OFFSET = 76;

export interface SccaFileHeader {
  version: number;
  /** File size the header declares (bytes). */
  fileSize: number;
  executable: string;
  hash: number;
  flags: number;
}

/** True when `b` starts with a plain SCCA header ("SCCA" at 4): the uncompressed prefetch probe. */
export function isScca(b: Uint8Array): boolean {
  return b.length >= 8 && b[4] === 0x53 && b[5] === 0x43 && b[6] === 0x43 && b[7] === 0x41;
}

/** Format version at offset 0 of an SCCA header (unchecked). */
export function sccaVersion(b: Uint8Array): number {
  return u32le(b, 0);
}

export function readFileHeader(r: ByteReader): SccaFileHeader {
  r.check(0, SCCA_HEADER_SIZE, 'header');
  return {
    version: r.u32(0, 'header.version'),
    fileSize: r.u32(12, 'header.fileSize'),
    executable: utf16z(r.bytes, SCCA_EXECUTABLE_OFFSET, SCCA_EXECUTABLE_BYTES),
    hash: r.u32(SCCA_HASH_OFFSET, 'header.hash'),
    flags: r.u32(80, 'header.flags'),
  };
}
