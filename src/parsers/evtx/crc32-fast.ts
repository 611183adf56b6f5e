// CRC-32 (IEEE, reflected 0xEDB88320), slice-by-8: the chunk header and records checksums are
// computed over every chunk, so this is on the hot path. Same results as ../bytes/crc32.ts.
const T = new Int32Array(256 * 8);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  T[n] = c;
}
for (let n = 0; n < 256; n++) {
  for (let t = 1; t < 8; t++) T[t * 256 + n] = (T[(t - 1) * 256 + n] >>> 8) ^ T[T[(t - 1) * 256 + n] & 0xff];
}

export function crc32Fast(b: Uint8Array, start: number, end: number, seed = 0): number {
  let c = ~seed;
  let i = start;
  for (; i + 8 <= end; i += 8) {
    const lo = c ^ (b[i] | (b[i + 1] << 8) | (b[i + 2] << 16) | (b[i + 3] << 24));
    c =
      T[1792 + (lo & 0xff)] ^
      T[1536 + ((lo >>> 8) & 0xff)] ^
      T[1280 + ((lo >>> 16) & 0xff)] ^
      T[1024 + (lo >>> 24)] ^
      T[768 + b[i + 4]] ^
      T[512 + b[i + 5]] ^
      T[256 + b[i + 6]] ^
      T[b[i + 7]];
  }
  for (; i < end; i++) c = T[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
