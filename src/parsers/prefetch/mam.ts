// MAM container of Windows 10/11 compressed prefetch files, from the libscca "Windows Prefetch File
// (PF) format" document, section "Compressed Prefetch file - MAM file format".
//
//   0  4  "MAM" + 0x04 (LZXPRESS Huffman); 0x84 = same with a CRC-32 at offset 8
//   4  4  total uncompressed size
//   8  4  (only when byte 3 has 0x80) CRC-32 of header (checksum zeroed) + compressed data
//   ..    LZXPRESS Huffman stream ([MS-XCA] 2.2), 64 KiB output blocks
import { crc32 } from '../bytes/crc32';
import { DiagnosticSink } from '../diagnostics';
import type { Diagnostic } from '../types';
import { decompressXpressHuffman, XPRESS_BLOCK_SIZE, XPRESS_TABLE_SIZE } from './lzxpress-huffman';
import { u32le } from '../bytes/le';

export const MAM_HEADER_SIZE = 8;
export const MAM_CRC_HEADER_SIZE = 12;
/** Compression format nibble in byte 3: 4 = LZXPRESS Huffman. */
export const MAM_FORMAT_XPRESS_HUFFMAN = 4;
export const MAM_FLAG_CRC = 0x80;
/** Largest uncompressed size we accept (real prefetch files are well below 2 MiB). */
export const MAM_MAX_UNCOMPRESSED = 64 * 1024 * 1024;
/** Unread compressed bytes tolerated after the declared size is reached (Windows leaves 0 or 2). */
export const MAM_TRAILING_SLACK = 8;

/** "MAM" at 0: a compressed container, whatever its format byte (decompressMam checks that). */
export function isMam(b: Uint8Array): boolean {
  return b.length >= 4 && b[0] === 0x4d && b[1] === 0x41 && b[2] === 0x4d;
}

/** "MAM\x04" or "MAM\x84" at 0: a container this parser decompresses (the compressed prefetch probe). */
export function isMamPrefetch(b: Uint8Array): boolean {
  return (
    isMam(b) && (b[3] === MAM_FORMAT_XPRESS_HUFFMAN || b[3] === (MAM_FLAG_CRC | MAM_FORMAT_XPRESS_HUFFMAN))
  );
}

/** The compression type bytes (byte 3) this parser decompresses, as hex for messages. */
export const MAM_KNOWN_TYPES_TEXT = '0x04 (LZXPRESS Huffman) or 0x84 (LZXPRESS Huffman with CRC-32)';

function hexByte(x: number): string {
  return `0x${x.toString(16).padStart(2, '0')}`;
}

/**
 * Detection's reason for "MAM" with a compression type byte we do not decompress
 * ("MAM header with unknown compression type 0x05 …"); '' when `b` is not such a header.
 */
export function mamUnknownTypeReason(b: Uint8Array): string {
  if (!isMam(b) || isMamPrefetch(b)) return '';
  return `MAM header with unknown compression type ${hexByte(b[3])} (expected ${MAM_KNOWN_TYPES_TEXT}): not a compressed prefetch file this parser can read`;
}

export interface MamResult {
  /** Decompressed SCCA bytes, or null when nothing usable came out. */
  data: Uint8Array | null;
  /** Uncompressed size declared in the header (bytes), -1 when the header is unreadable. */
  declaredSize: number;
  blocks: number;
}

/** Decompresses a MAM file. Problems go to `diagnostics`; never throws. */
export function decompressMam(bytes: Uint8Array, fileName: string, diagnostics: Diagnostic[]): MamResult {
  const diag = new DiagnosticSink(fileName, diagnostics);
  if (bytes.length < MAM_HEADER_SIZE || !isMam(bytes)) {
    diag.report('error', 0, 'mam.header', 'MAM signature and 8-byte header', `${bytes.length} bytes`);
    return { data: null, declaredSize: -1, blocks: 0 };
  }
  const format = bytes[3] & 0x0f;
  const hasCrc = (bytes[3] & MAM_FLAG_CRC) !== 0;
  if (format !== MAM_FORMAT_XPRESS_HUFFMAN || (bytes[3] & 0x70) !== 0) {
    diag.report(
      'error',
      3,
      'mam.compressionType',
      MAM_KNOWN_TYPES_TEXT,
      `unknown compression type ${hexByte(bytes[3])}`,
      'MAM header with an unknown compression type',
    );
    return { data: null, declaredSize: -1, blocks: 0 };
  }
  const declaredSize = u32le(bytes, 4);
  const dataStart = hasCrc ? MAM_CRC_HEADER_SIZE : MAM_HEADER_SIZE;
  if (declaredSize === 0 || declaredSize > MAM_MAX_UNCOMPRESSED) {
    diag.report('error', 4, 'mam.uncompressedSize', `1..${MAM_MAX_UNCOMPRESSED} bytes`, `${declaredSize}`);
    return { data: null, declaredSize, blocks: 0 };
  }
  if (bytes.length < dataStart) {
    diag.report('error', 0, 'mam.header', `${dataStart}-byte header`, `${bytes.length} bytes`);
    return { data: null, declaredSize, blocks: 0 };
  }
  const maxBlocks = Math.floor((bytes.length - dataStart) / (XPRESS_TABLE_SIZE + 4));
  if (declaredSize > maxBlocks * XPRESS_BLOCK_SIZE) {
    diag.report(
      'error',
      4,
      'mam.uncompressedSize',
      `at most ${maxBlocks * XPRESS_BLOCK_SIZE} bytes (${maxBlocks} blocks fit in ${bytes.length - dataStart} compressed bytes)`,
      `${declaredSize}`,
    );
    return { data: null, declaredSize, blocks: 0 };
  }
  if (hasCrc) {
    const stored = u32le(bytes, 8);
    const head = bytes.slice(0, MAM_CRC_HEADER_SIZE);
    head.fill(0, 8, 12);
    const computed = crc32(bytes, dataStart, bytes.length, crc32(head));
    if (computed !== stored)
      diag.report(
        'warning',
        8,
        'mam.crc32',
        `0x${stored.toString(16).padStart(8, '0')}`,
        `0x${computed.toString(16).padStart(8, '0')}`,
      );
  }
  const r = decompressXpressHuffman(bytes.subarray(dataStart), declaredSize);
  if (r.error) {
    diag.report(
      'error',
      dataStart + r.error.offset,
      `mam.${r.error.field}`,
      r.error.expected,
      r.error.found,
      `decompressed ${r.produced} of ${declaredSize} declared bytes`,
    );
    return {
      data: r.produced >= 84 ? r.output.subarray(0, r.produced) : null,
      declaredSize,
      blocks: r.blocks,
    };
  }
  const trailing = bytes.length - dataStart - r.consumed;
  if (trailing > MAM_TRAILING_SLACK) {
    diag.report(
      'warning',
      dataStart + r.consumed,
      'mam.uncompressedSize',
      `the compressed stream to end after ${declaredSize} declared bytes`,
      `${trailing} more compressed bytes (declared size too small?)`,
    );
  }
  return { data: r.output, declaredSize, blocks: r.blocks };
}
