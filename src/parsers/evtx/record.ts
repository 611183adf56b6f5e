// EVTX event record framing. Spec: libevtx "Event record".
//
//   0x00  4  signature 0x00002a2a ("**\0\0")
//   0x04  4  size of the record (bytes, including this header and the trailing copy)
//   0x08  8  event record identifier
//   0x10  8  written time (FILETIME)
//   0x18  …  Binary XML event data
//   size-4 4 copy of the size
import { u32le } from '../bytes/le';
export const RECORD_SIGNATURE = 0x00002a2a;
export const RECORD_HEADER_SIZE = 24;
/** Smallest possible record: header + the trailing size copy. */
export const RECORD_MIN_SIZE = 28;

export interface EvtxRecordHeader {
  size: number;
  recordId: number;
  writtenLo: number;
  writtenHi: number;
  /** Trailing copy of the size. */
  sizeCopy: number;
}

export function recordSignatureAt(b: Uint8Array, o: number): boolean {
  return b[o] === 0x2a && b[o + 1] === 0x2a && b[o + 2] === 0 && b[o + 3] === 0;
}

export function recordSizeAt(b: Uint8Array, o: number): number {
  return u32le(b, o + 4);
}

/** Reads the header of a record whose `size` was checked to fit inside `b`. */
export function readRecordHeader(b: Uint8Array, o: number, size: number): EvtxRecordHeader {
  return {
    size,
    recordId: u32le(b, o + 8) + u32le(b, o + 12) * 4294967296,
    writtenLo: u32le(b, o + 16),
    writtenHi: u32le(b, o + 20),
    sizeCopy: u32le(b, o + size - 4),
  };
}

/** Next offset >= `from` (and < `end` - 8) holding a record signature with a plausible size. */
export function findNextRecord(b: Uint8Array, from: number, end: number): number {
  for (let o = from; o + RECORD_MIN_SIZE <= end; o++) {
    if (b[o] !== 0x2a || !recordSignatureAt(b, o)) continue;
    const size = u32le(b, o + 4);
    if (size >= RECORD_MIN_SIZE && o + size <= end && u32le(b, o + size - 4) === size) return o;
  }
  return -1;
}
