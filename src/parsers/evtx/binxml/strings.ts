// UTF-16LE and ANSI string decoding tuned for Binary XML: most strings are short (names, numbers
// rendered by the template, short paths), so they are built with String.fromCharCode over a small
// reusable code-unit buffer; long strings go to TextDecoder. Lone surrogates become U+FFFD
// (Windows' XML view shows them as-is; python-evtx stops on them).
const UTF16 = new TextDecoder('utf-16le');
const LATIN1 = new TextDecoder('latin1');
const SHORT = 48;
/** Exact-length scratch arrays, so String.fromCharCode.apply never sees a resized array. */
const SCRATCH: number[][] = Array.from({ length: SHORT + 1 }, (_, n) => new Array<number>(n).fill(0));

/** Decodes `nChars` UTF-16LE code units at `o`; with `stripNul` trailing NUL units are dropped. */
export function decodeUtf16(b: Uint8Array, o: number, nChars: number, stripNul: boolean): string {
  const limit = (b.length - o) >> 1;
  if (nChars > limit) nChars = Math.max(0, limit);
  if (stripNul) {
    while (nChars > 0 && (b[o + nChars * 2 - 2] | b[o + nChars * 2 - 1]) === 0) nChars--;
  }
  if (nChars === 0) return '';
  if (nChars <= SHORT) {
    let surrogate = false;
    const units = SCRATCH[nChars];
    for (let i = 0; i < nChars; i++) {
      const c = b[o + i * 2] | (b[o + i * 2 + 1] << 8);
      if (c >= 0xd800 && c <= 0xdfff) surrogate = true;
      units[i] = c;
    }
    if (surrogate) return UTF16.decode(b.subarray(o, o + nChars * 2));
    return String.fromCharCode.apply(null, units);
  }
  return UTF16.decode(b.subarray(o, o + nChars * 2));
}

/** Single-byte string up to the first NUL, shown as Latin-1. */
export function decodeAnsi(b: Uint8Array, o: number, n: number): string {
  let end = Math.min(b.length, o + n);
  for (let i = o; i < end; i++) {
    if (b[i] === 0) {
      end = i;
      break;
    }
  }
  if (end - o <= SHORT) {
    let s = '';
    for (let i = o; i < end; i++) s += String.fromCharCode(b[i]);
    return s;
  }
  return LATIN1.decode(b.subarray(o, end));
}
