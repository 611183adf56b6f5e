// EVTX chunk header (first 512 bytes of every 64 KiB chunk). Spec: libevtx "Chunk header".
//
//   0x000  8  signature "ElfChnk\0"
//   0x008  8  first event record number
//   0x010  8  last event record number
//   0x018  8  first event record identifier
//   0x020  8  last event record identifier
//   0x028  4  header size (128)
//   0x02c  4  last event record offset
//   0x030  4  free space offset (end of the records)
//   0x034  4  CRC32 of the event records data (0x200 .. free space offset)
//   0x038 64  unknown (empty)
//   0x078  4  unknown flags
//   0x07c  4  CRC32 of bytes 0x000..0x078 and 0x080..0x200
//   0x080 256 common string offset table: 64 x uint32 chunk offsets
//   0x180 128 template pointer table: 32 x uint32 chunk offsets
import { crc32Fast as crc32 } from './crc32-fast';
import { u32le, u64le } from '../bytes/le';

export const CHUNK_SIZE = 65536;
export const CHUNK_HEADER_SIZE = 512;
export const CHUNK_SIGNATURE = 'ElfChnk\0';
export const STRING_TABLE_OFFSET = 0x80;
export const STRING_TABLE_ENTRIES = 64;
export const TEMPLATE_TABLE_OFFSET = 0x180;
export const TEMPLATE_TABLE_ENTRIES = 32;

export interface EvtxChunkHeader {
  signatureOk: boolean;
  /** True when all 512 header bytes are zero. */
  zeroed: boolean;
  firstRecordNumber: number;
  lastRecordNumber: number;
  firstRecordId: number;
  lastRecordId: number;
  headerSize: number;
  lastRecordOffset: number;
  freeSpaceOffset: number;
  storedDataCrc: number;
  flags: number;
  storedHeaderCrc: number;
  computedHeaderCrc: number;
  /** Chunk offsets of common strings (0 = unused). */
  stringOffsets: Uint32Array;
  /** Chunk offsets of template definitions (0 = unused). */
  templateOffsets: Uint32Array;
}

/** `b` holds at least CHUNK_HEADER_SIZE bytes of the chunk. */
export function readChunkHeader(b: Uint8Array): EvtxChunkHeader {
  let sig = '';
  for (let i = 0; i < 8; i++) sig += String.fromCharCode(b[i]);
  let zeroed = true;
  for (let i = 0; i < CHUNK_HEADER_SIZE; i++) {
    if (b[i] !== 0) {
      zeroed = false;
      break;
    }
  }
  const stringOffsets = new Uint32Array(STRING_TABLE_ENTRIES);
  for (let i = 0; i < STRING_TABLE_ENTRIES; i++) stringOffsets[i] = u32le(b, STRING_TABLE_OFFSET + i * 4);
  const templateOffsets = new Uint32Array(TEMPLATE_TABLE_ENTRIES);
  for (let i = 0; i < TEMPLATE_TABLE_ENTRIES; i++)
    templateOffsets[i] = u32le(b, TEMPLATE_TABLE_OFFSET + i * 4);
  return {
    signatureOk: sig === CHUNK_SIGNATURE,
    zeroed,
    firstRecordNumber: u64le(b, 0x08),
    lastRecordNumber: u64le(b, 0x10),
    firstRecordId: u64le(b, 0x18),
    lastRecordId: u64le(b, 0x20),
    headerSize: u32le(b, 0x28),
    lastRecordOffset: u32le(b, 0x2c),
    freeSpaceOffset: u32le(b, 0x30),
    storedDataCrc: u32le(b, 0x34),
    flags: u32le(b, 0x78),
    storedHeaderCrc: u32le(b, 0x7c),
    computedHeaderCrc: crc32(b, 0x80, CHUNK_HEADER_SIZE, crc32(b, 0, 0x78)),
    stringOffsets,
    templateOffsets,
  };
}

/** CRC32 of the event records data, 0x200 .. `end`. */
export function chunkDataCrc(b: Uint8Array, end: number): number {
  return crc32(b, CHUNK_HEADER_SIZE, Math.min(end, b.length));
}
