// Bounds-checked little-endian reads over a DataView that honours byteOffset. Each read carries a
// field label so a failure names the field, the absolute offset, and expected vs found.

export class BoundsError extends Error {
  constructor(
    readonly field: string,
    readonly offset: number,
    readonly need: number,
    readonly have: number,
  ) {
    super(`${field}: need ${need} bytes at 0x${offset.toString(16)}, only ${Math.max(0, have)} available`);
    this.name = 'BoundsError';
  }
}

export class ByteReader {
  readonly view: DataView;
  readonly bytes: Uint8Array;
  /** Absolute offset of bytes[0] in the file, for diagnostics. */
  readonly base: number;

  constructor(bytes: Uint8Array, base = 0) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.base = base;
  }

  get length(): number {
    return this.bytes.length;
  }

  check(offset: number, size: number, field: string): void {
    if (offset < 0 || offset + size > this.bytes.length) {
      throw new BoundsError(field, this.base + offset, size, this.bytes.length - offset);
    }
  }

  u8(o: number, field = 'u8'): number {
    this.check(o, 1, field);
    return this.bytes[o];
  }
  u16(o: number, field = 'u16'): number {
    this.check(o, 2, field);
    return this.view.getUint16(o, true);
  }
  u32(o: number, field = 'u32'): number {
    this.check(o, 4, field);
    return this.view.getUint32(o, true);
  }
  i32(o: number, field = 'i32'): number {
    this.check(o, 4, field);
    return this.view.getInt32(o, true);
  }
  /** uint64 as a Number; exact below 2^53. */
  u64(o: number, field = 'u64'): number {
    this.check(o, 8, field);
    return this.view.getUint32(o, true) + this.view.getUint32(o + 4, true) * 4294967296;
  }
  u64big(o: number, field = 'u64'): bigint {
    this.check(o, 8, field);
    return this.view.getBigUint64(o, true);
  }
  sub(o: number, size: number, field = 'bytes'): Uint8Array {
    this.check(o, size, field);
    return this.bytes.subarray(o, o + size);
  }
}

/** Reads every byte of [offset, offset+length) from a source, looping over short reads. */
export async function readFully(
  src: { size: number; read(o: number, l: number): Promise<Uint8Array> },
  offset: number,
  length: number,
): Promise<Uint8Array> {
  const want = Math.max(0, Math.min(length, src.size - offset));
  const first = await src.read(offset, want);
  if (first.length >= want) return first;
  const out = new Uint8Array(want);
  out.set(first, 0);
  let done = first.length;
  while (done < want) {
    const piece = await src.read(offset + done, want - done);
    if (piece.length === 0) break;
    out.set(piece, done);
    done += piece.length;
  }
  return out.subarray(0, done);
}
