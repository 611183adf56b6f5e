// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), slice-by-4 table.
const TABLE = new Uint32Array(256 * 4);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  TABLE[n] = c >>> 0;
}
for (let n = 0; n < 256; n++) {
  for (let t = 1; t < 4; t++)
    TABLE[t * 256 + n] = (TABLE[TABLE[(t - 1) * 256 + n] & 0xff] ^ (TABLE[(t - 1) * 256 + n] >>> 8)) >>> 0;
}

export function crc32(bytes: Uint8Array, start = 0, end = bytes.length, seed = 0): number {
  let c = ~seed >>> 0;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    c ^= bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    c =
      TABLE[768 + (c & 0xff)] ^
      TABLE[512 + ((c >>> 8) & 0xff)] ^
      TABLE[256 + ((c >>> 16) & 0xff)] ^
      TABLE[c >>> 24];
  }
  for (; i < end; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
