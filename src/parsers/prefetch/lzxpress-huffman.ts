// LZXPRESS Huffman (LZ77+Huffman) decompression, [MS-XCA] section 2.2 (format) and 2.2.4 (processing).
//
//   block := 256-byte table of 512 4-bit code lengths (low nibble = even symbol)
//            then an MSB-first bit stream read as little-endian 16-bit words,
//            interleaved with raw bytes for long match lengths.
//   symbol  0..255   literal byte
//   symbol 256..511  match: low nibble = length - 3 (15 = extended), high nibble = offset bit count
//
// A block decodes to 65536 output bytes (the last one to what remains). Matches may reach back into
// earlier blocks (the "stream variant" used by MAM prefetch files). Decoding is table driven: one
// 2^15-entry lookup per block maps the next 15 bits to (symbol, code length).
// Never throws for bad data and never loops without producing output: every error is returned.
import type { Problem } from '../diagnostics';

/** Output bytes per block. */
export const XPRESS_BLOCK_SIZE = 65536;
/** Bytes of packed code lengths at the start of each block. */
export const XPRESS_TABLE_SIZE = 256;
export const XPRESS_SYMBOLS = 512;
export const XPRESS_MAX_CODE_LENGTH = 15;
const TABLE_BITS = 15;
/** Table entry for bit patterns no code uses: decodes as a pseudo-symbol that fails on the match path. */
const INVALID_SYMBOL = 1023;
const INVALID_ENTRY = (INVALID_SYMBOL << 4) | 1;
/** Decoding scratch reused across calls (decoding is synchronous, so never shared mid-call). */
const SCRATCH_TABLE = new Uint16Array(1 << TABLE_BITS);
const SCRATCH_LENGTHS = new Uint8Array(XPRESS_SYMBOLS);
const SCRATCH_COUNT = new Uint16Array(16);

export interface XpressResult {
  /** Buffer of the requested size; bytes past `produced` are zero when an error stopped decoding. */
  output: Uint8Array;
  /** Bytes actually decoded. */
  produced: number;
  /** Compressed bytes consumed (including the 4-byte bit look-ahead of the last block). */
  consumed: number;
  blocks: number;
  /** First problem met; its offset is inside the compressed input. */
  error: Problem | null;
}

/**
 * Builds the canonical decoding table for one block. Entry = symbol << 4 | code length; INVALID_ENTRY
 * marks a bit pattern no code uses. Returns an error description or null.
 */
function buildTable(
  input: Uint8Array,
  at: number,
  table: Uint16Array,
  lengths: Uint8Array,
): { expected: string; found: string } | null {
  const count = SCRATCH_COUNT;
  count.fill(0);
  for (let i = 0; i < XPRESS_TABLE_SIZE; i++) {
    const b = input[at + i];
    const lo = b & 15;
    const hi = b >>> 4;
    lengths[2 * i] = lo;
    lengths[2 * i + 1] = hi;
    count[lo]++;
    count[hi]++;
  }
  let used = 0;
  let kraft = 0;
  for (let len = 1; len <= XPRESS_MAX_CODE_LENGTH; len++) {
    used += count[len];
    kraft += count[len] << (TABLE_BITS - len);
  }
  if (used === 0)
    return { expected: 'at least one non-zero code length', found: 'all 512 code lengths are 0' };
  if (kraft > 1 << TABLE_BITS)
    return {
      expected: 'a prefix code (Kraft sum <= 1)',
      found: `over-subscribed code lengths (Kraft sum ${(kraft / (1 << TABLE_BITS)).toFixed(3)})`,
    };
  let pos = 0;
  for (let len = 1; len <= XPRESS_MAX_CODE_LENGTH; len++) {
    if (count[len] === 0) continue;
    const span = 1 << (TABLE_BITS - len);
    for (let sym = 0; sym < XPRESS_SYMBOLS; sym++) {
      if (lengths[sym] !== len) continue;
      table.fill((sym << 4) | len, pos, pos + span);
      pos += span;
    }
  }
  if (pos < table.length) table.fill(INVALID_ENTRY, pos);
  return null;
}

function failure(
  output: Uint8Array,
  produced: number,
  consumed: number,
  blocks: number,
  offset: number,
  field: string,
  expected: string,
  found: string,
): XpressResult {
  return { output, produced, consumed, blocks, error: { offset, field, expected, found } };
}

/**
 * Decompresses `input` (the bytes after a MAM header, or any LZXPRESS Huffman stream) into exactly
 * `outputSize` bytes. Stops at the first error and reports it with its input offset.
 */
export function decompressXpressHuffman(input: Uint8Array, outputSize: number): XpressResult {
  const out = new Uint8Array(Math.max(0, outputSize));
  const inLen = input.length;
  const table = SCRATCH_TABLE;
  const lengths = SCRATCH_LENGTHS;
  let inPos = 0;
  let outPos = 0;
  let blocks = 0;

  while (outPos < outputSize) {
    const blockField = `block[${blocks}]`;
    if (inPos + XPRESS_TABLE_SIZE + 4 > inLen) {
      return failure(
        out,
        outPos,
        Math.min(inPos, inLen),
        blocks,
        inPos,
        `${blockField}.huffmanTable`,
        `${XPRESS_TABLE_SIZE + 4} bytes (code lengths and first bits) for the next block`,
        `${Math.max(0, inLen - inPos)} bytes left with ${outputSize - outPos} output bytes still to decode`,
      );
    }
    const bad = buildTable(input, inPos, table, lengths);
    if (bad)
      return failure(
        out,
        outPos,
        Math.min(inPos, inLen),
        blocks,
        inPos,
        `${blockField}.huffmanTable`,
        bad.expected,
        bad.found,
      );
    blocks++;
    inPos += XPRESS_TABLE_SIZE;
    let bits = ((input[inPos] | (input[inPos + 1] << 8)) << 16) | input[inPos + 2] | (input[inPos + 3] << 8);
    inPos += 4;
    let extra = 16;
    const blockEnd = Math.min(outputSize, outPos + XPRESS_BLOCK_SIZE);

    while (outPos < blockEnd) {
      const entry = table[bits >>> 17];
      const len = entry & 15;
      bits <<= len;
      extra -= len;
      if (extra < 0) {
        if (inPos + 2 > inLen) {
          if (inPos >= inLen + 4)
            return failure(
              out,
              outPos,
              Math.min(inPos, inLen),
              blocks,
              inLen,
              `${blockField}.bitStream`,
              'more compressed bytes',
              'end of input',
            );
          inPos += 2;
        } else {
          bits |= (input[inPos] | (input[inPos + 1] << 8)) << -extra;
          inPos += 2;
        }
        extra += 16;
      }
      const sym = entry >>> 4;
      if (sym < 256) {
        out[outPos++] = sym;
        continue;
      }
      if (sym === INVALID_SYMBOL) {
        return failure(
          out,
          outPos,
          Math.min(inPos, inLen),
          blocks,
          inPos,
          `${blockField}.symbol`,
          'a bit pattern assigned by the Huffman table',
          'an unassigned code (incomplete or corrupt table)',
        );
      }
      let matchLen = sym & 15;
      const offsetBits = (sym >>> 4) & 15;
      if (matchLen === 15) {
        if (inPos >= inLen)
          return failure(
            out,
            outPos,
            Math.min(inPos, inLen),
            blocks,
            inPos,
            `${blockField}.matchLength`,
            '1 length byte',
            'end of input',
          );
        matchLen = input[inPos++];
        if (matchLen === 255) {
          if (inPos + 2 > inLen)
            return failure(
              out,
              outPos,
              Math.min(inPos, inLen),
              blocks,
              inPos,
              `${blockField}.matchLength`,
              '2 length bytes',
              'end of input',
            );
          matchLen = input[inPos] | (input[inPos + 1] << 8);
          inPos += 2;
          if (matchLen === 0) {
            if (inPos + 4 > inLen)
              return failure(
                out,
                outPos,
                Math.min(inPos, inLen),
                blocks,
                inPos,
                `${blockField}.matchLength`,
                '4 length bytes',
                'end of input',
              );
            matchLen =
              (input[inPos] |
                (input[inPos + 1] << 8) |
                (input[inPos + 2] << 16) |
                (input[inPos + 3] << 24)) >>>
              0;
            inPos += 4;
          }
          if (matchLen < 15)
            return failure(
              out,
              outPos,
              Math.min(inPos, inLen),
              blocks,
              inPos - 2,
              `${blockField}.matchLength`,
              'an extended length >= 15',
              `${matchLen}`,
            );
          matchLen -= 15;
        }
        matchLen += 15;
      }
      matchLen += 3;
      let offset = 1 << offsetBits;
      if (offsetBits > 0) {
        offset += bits >>> (32 - offsetBits);
        bits <<= offsetBits;
        extra -= offsetBits;
        if (extra < 0) {
          if (inPos + 2 > inLen) {
            if (inPos >= inLen + 4)
              return failure(
                out,
                outPos,
                Math.min(inPos, inLen),
                blocks,
                inLen,
                `${blockField}.bitStream`,
                'more compressed bytes',
                'end of input',
              );
            inPos += 2;
          } else {
            bits |= (input[inPos] | (input[inPos + 1] << 8)) << -extra;
            inPos += 2;
          }
          extra += 16;
        }
      }
      if (offset > outPos) {
        return failure(
          out,
          outPos,
          Math.min(inPos, inLen),
          blocks,
          inPos,
          `${blockField}.matchOffset`,
          `a back reference within the ${outPos} bytes decoded so far`,
          `offset ${offset}`,
        );
      }
      if (matchLen > outputSize - outPos) {
        return failure(
          out,
          outPos,
          Math.min(inPos, inLen),
          blocks,
          inPos,
          `${blockField}.matchLength`,
          `at most ${outputSize - outPos} bytes (declared size ${outputSize})`,
          `${matchLen}`,
        );
      }
      let src = outPos - offset;
      const end = outPos + matchLen;
      if (offset >= matchLen && matchLen > 32) {
        out.copyWithin(outPos, src, src + matchLen);
        outPos = end;
      } else {
        while (outPos < end) out[outPos++] = out[src++];
      }
    }
  }
  return { output: out, produced: outPos, consumed: Math.min(inPos, inLen), blocks, error: null };
}
