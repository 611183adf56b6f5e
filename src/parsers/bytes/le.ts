// Unchecked little-endian reads over a Uint8Array for hot loops: no DataView, no allocation, no
// bounds check. A byte past the end reads as 0 (`undefined << n` is 0), so callers check lengths
// first where that matters. Use ByteReader (reader.ts) where a failed read must name its field.

/** uint16 at `o`. */
export function u16le(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8);
}

/** int16 at `o`. */
export function i16le(b: Uint8Array, o: number): number {
  return ((b[o] | (b[o + 1] << 8)) << 16) >> 16;
}

/** uint32 at `o`. */
export function u32le(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}

/** int32 at `o`. */
export function i32le(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24);
}

/** uint64 at `o` as a Number: exact below 2^53. */
export function u64le(b: Uint8Array, o: number): number {
  return u32le(b, o) + u32le(b, o + 4) * 4294967296;
}
