// EVTX file header (4096-byte block, 128 meaningful bytes), from the libyal "Windows XML Event
// Log (EVTX)" format document, section "File header".
//
//   0   "ElfFile\0"          8   first chunk number   16  last chunk number
//   24  next record id       32  header size (128)    36  minor version, 38 major version (3)
//   40  header block size (4096)   42  number of chunks   120 file flags   124 CRC32 of bytes 0..119
import { crc32 } from '../../parsers/bytes/crc32';
import { setU64 } from './chunk-builder';

export const FILE_HEADER_BLOCK_SIZE = 0x1000;
const FILE_HEADER_SIZE = 0x80;
const FILE_FLAGS_OFFSET = 120;
export const FILE_FLAG_DIRTY = 0x1;
export const FILE_FLAG_FULL = 0x2;

export interface EvtxFileHeaderSpec {
  chunkCount: number;
  nextRecordId: number;
  /** 1 for EVTX 3.1 (Windows 7 to 10 1703), 2 (default) for 3.2 (Windows 10 1709+, Windows 11). */
  minorVersion?: number;
  flags?: number;
}

export function buildFileHeader(spec: EvtxFileHeaderSpec): Uint8Array {
  if (spec.chunkCount > 0xffff) throw new Error(`too many chunks for one EVTX file: ${spec.chunkCount}`);
  const out = new Uint8Array(FILE_HEADER_BLOCK_SIZE);
  const v = new DataView(out.buffer);
  const magic = 'ElfFile\0';
  for (let i = 0; i < 8; i++) out[i] = magic.charCodeAt(i);
  setU64(v, 8, 0);
  setU64(v, 16, Math.max(spec.chunkCount - 1, 0));
  setU64(v, 24, spec.nextRecordId);
  v.setUint32(32, FILE_HEADER_SIZE, true);
  v.setUint16(36, spec.minorVersion ?? 2, true);
  v.setUint16(38, 3, true);
  v.setUint16(40, FILE_HEADER_BLOCK_SIZE, true);
  v.setUint16(42, spec.chunkCount, true);
  v.setUint32(FILE_FLAGS_OFFSET, spec.flags ?? 0, true);
  v.setUint32(124, crc32(out, 0, FILE_FLAGS_OFFSET), true);
  return out;
}
