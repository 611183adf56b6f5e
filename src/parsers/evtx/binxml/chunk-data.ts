// The bytes of one 64 KiB chunk plus its per-chunk caches: names by offset and compiled templates
// by definition offset, and the work budget of the record being decoded. Name and template offsets
// inside Binary XML are relative to the chunk start.
// Spec: libevtx "Binary XML name" (next offset 4, hash 2, character count 2, UTF-16, NUL 2).
import { RecordBudget } from './budget';
import { BinXmlError } from './errors';
import { decodeUtf16 } from './strings';
import type { CompiledTemplate, IN_PROGRESS } from './nodes';
import { NAME_HEADER_SIZE } from './tokens';
import { u16le } from '../../bytes/le';

export class ChunkData {
  readonly names = new Map<number, string>();
  readonly templates = new Map<number, CompiledTemplate | BinXmlError | typeof IN_PROGRESS>();
  /** Expansion budget of the record being decoded or rendered (reset per record). */
  readonly budget = new RecordBudget();

  constructor(
    /** Chunk bytes (may be shorter than 64 KiB for a truncated last chunk). */
    readonly buf: Uint8Array,
    /** Absolute file offset of the chunk. */
    readonly base: number,
    readonly index: number,
  ) {}

  /** Returns the name stored at chunk offset `off`, decoding it on first use. */
  nameAt(off: number): string {
    const cached = this.names.get(off);
    if (cached !== undefined) return cached;
    const b = this.buf;
    if (off < 0 || off + NAME_HEADER_SIZE > b.length) {
      throw new BinXmlError(
        'name.offset',
        off,
        `a name inside the chunk (< 0x${b.length.toString(16)})`,
        `0x${off.toString(16)}`,
      );
    }
    const count = u16le(b, off + 6);
    if (off + NAME_HEADER_SIZE + count * 2 > b.length) {
      throw new BinXmlError(
        'name.characterCount',
        off + 6,
        `<= ${(b.length - off - NAME_HEADER_SIZE) >> 1}`,
        `${count}`,
      );
    }
    const name = decodeUtf16(b, off + NAME_HEADER_SIZE, count, false);
    this.names.set(off, name);
    return name;
  }
}
