// EVTX file header (first 4096 bytes). Spec: libevtx "Windows XML Event Log (EVTX) format",
// section "File header".
//
//   0x00  8  signature "ElfFile\0"
//   0x08  8  first chunk number
//   0x10  8  last chunk number
//   0x18  8  next record identifier
//   0x20  4  header size (128)
//   0x24  2  minor format version
//   0x26  2  major format version
//   0x28  2  header block size (4096) = offset of the first chunk
//   0x2a  2  number of chunks
//   0x2c 76  unknown (empty)
//   0x78  4  file flags (0x1 dirty, 0x2 full)
//   0x7c  4  CRC32 of bytes 0x00..0x78
import { crc32 } from '../bytes/crc32';
import { u16le, u32le } from '../bytes/le';

export const FILE_HEADER_SIZE = 4096;
export const FILE_SIGNATURE = 'ElfFile\0';
export const FILE_FLAG_DIRTY = 0x1;
export const FILE_FLAG_FULL = 0x2;
export const FILE_HEADER_CRC_RANGE = 0x78;

export interface EvtxFileHeader {
  signatureOk: boolean;
  firstChunk: number;
  lastChunk: number;
  nextRecordId: number;
  headerSize: number;
  minorVersion: number;
  majorVersion: number;
  /** Offset of the first chunk (bytes); 4096 in every known file. */
  headerBlockSize: number;
  /** Chunk count the header claims; not trusted (see chunkCount in planEvtxChunks). */
  chunkCount: number;
  flags: number;
  dirty: boolean;
  full: boolean;
  storedCrc: number;
  computedCrc: number;
}

/** True when `b` starts with the file signature "ElfFile\0" (the EVTX probe). */
export function isEvtxFileHeader(b: Uint8Array): boolean {
  if (b.length < FILE_SIGNATURE.length) return false;
  for (let i = 0; i < FILE_SIGNATURE.length; i++) if (b[i] !== FILE_SIGNATURE.charCodeAt(i)) return false;
  return true;
}

/** Reads the header from (up to) its first 128 bytes; missing bytes read as zero. */
export function readFileHeader(bytes: Uint8Array): EvtxFileHeader {
  const b = new Uint8Array(128);
  b.set(bytes.subarray(0, 128));
  const flags = u32le(b, 0x78);
  return {
    signatureOk: isEvtxFileHeader(b),
    firstChunk: u32le(b, 0x08) + u32le(b, 0x0c) * 4294967296,
    lastChunk: u32le(b, 0x10) + u32le(b, 0x14) * 4294967296,
    nextRecordId: u32le(b, 0x18) + u32le(b, 0x1c) * 4294967296,
    headerSize: u32le(b, 0x20),
    minorVersion: u16le(b, 0x24),
    majorVersion: u16le(b, 0x26),
    headerBlockSize: u16le(b, 0x28),
    chunkCount: u16le(b, 0x2a),
    flags,
    dirty: (flags & FILE_FLAG_DIRTY) !== 0,
    full: (flags & FILE_FLAG_FULL) !== 0,
    storedCrc: u32le(b, 0x7c),
    computedCrc: crc32(b, 0, FILE_HEADER_CRC_RANGE),
  };
}
