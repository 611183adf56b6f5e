// GUID ({XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}, upper case like Windows' XML view) and SID (S-1-…).
import { hex } from './text';
import { u16le, u32le } from './le';

export function guidAt(b: Uint8Array, o: number): string {
  const d1 = u32le(b, o);
  const d2 = u16le(b, o + 4);
  const d3 = u16le(b, o + 6);
  let tail = '';
  for (let i = 8; i < 16; i++) {
    if (i === 10) tail += '-';
    tail += hex(b[o + i], 2);
  }
  return `{${hex(d1, 8)}-${hex(d2, 4)}-${hex(d3, 4)}-${tail.slice(0, 4)}${tail.slice(4)}}`.toUpperCase();
}

/** Returns the SID string and its byte length, or null when it does not fit in `limit` bytes. */
export function sidAt(b: Uint8Array, o: number, limit: number): { sid: string; length: number } | null {
  if (limit < 8) return null;
  const revision = b[o];
  const count = b[o + 1];
  const length = 8 + count * 4;
  if (length > limit) return null;
  // 48-bit big-endian identifier authority
  let authority = 0;
  for (let i = 2; i < 8; i++) authority = authority * 256 + b[o + i];
  let s = `S-${revision}-${authority}`;
  for (let i = 0; i < count; i++) {
    const p = o + 8 + i * 4;
    s += `-${u32le(b, p)}`;
  }
  return { sid: s, length };
}
