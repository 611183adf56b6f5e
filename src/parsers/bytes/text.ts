// String decoding helpers. UTF-16LE as Windows stores it; lone surrogates are replaced, not fatal
// (python-evtx stops on them; we do not).

const UTF16 = new TextDecoder('utf-16le');
const LATIN1 = new TextDecoder('latin1');
const UTF8 = new TextDecoder('utf-8');

/** Decodes `byteLength` bytes of UTF-16LE at `offset`. Short strings avoid TextDecoder overhead. */
export function utf16(bytes: Uint8Array, offset: number, byteLength: number): string {
  const end = Math.min(bytes.length, offset + (byteLength & ~1));
  if (end - offset <= 64) {
    let s = '';
    for (let i = offset; i + 1 < end; i += 2) s += String.fromCharCode(bytes[i] | (bytes[i + 1] << 8));
    return s.isWellFormed() ? s : s.toWellFormed();
  }
  return UTF16.decode(bytes.subarray(offset, end));
}

/** UTF-16LE up to the first NUL code unit (or `maxBytes`). */
export function utf16z(bytes: Uint8Array, offset: number, maxBytes: number): string {
  const end = Math.min(bytes.length, offset + maxBytes);
  let i = offset;
  while (i + 1 < end && (bytes[i] | bytes[i + 1]) !== 0) i += 2;
  return utf16(bytes, offset, i - offset);
}

/** Single-byte (code page, shown as Latin-1) string up to NUL or length. */
export function ansi(bytes: Uint8Array, offset: number, byteLength: number): string {
  let end = Math.min(bytes.length, offset + byteLength);
  const nul = bytes.subarray(offset, end).indexOf(0);
  if (nul >= 0) end = offset + nul;
  return LATIN1.decode(bytes.subarray(offset, end));
}

export function utf8(bytes: Uint8Array): string {
  return UTF8.decode(bytes);
}

export function hex(n: number, width = 0): string {
  return n.toString(16).padStart(width, '0');
}
