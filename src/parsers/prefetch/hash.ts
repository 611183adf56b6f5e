// SCCA prefetch hash functions, from the libscca "Windows Prefetch File (PF) format" document,
// section "Calculating the prefetch hash". Each hashes the UTF-16LE bytes (no BOM, no terminator)
// of the upper-cased device path of the executable, e.g. `\DEVICE\HARDDISKVOLUME2\TOOLS\NMAP\NMAP.EXE`.
//   XP     Windows XP / 2003
//   Vista  Windows Vista and Windows 10/11
//   2008   Windows 2008, 7, 8, 8.1, 2012
// All arithmetic is modulo 2^32 (Math.imul keeps it exact).

export type PrefetchHashVariant = 'xp' | 'vista' | '2008';

/** Upper-cases one UTF-16 code unit at a time (as RtlUpcaseUnicodeString does: no length changes). */
export function upcaseWindows(path: string): string {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const ch = path[i];
    const up = ch.toUpperCase();
    out += up.length === 1 ? up : ch;
  }
  return out;
}

function utf16leBytes(path: string): Uint8Array {
  const s = upcaseWindows(path);
  const b = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    b[2 * i] = c & 0xff;
    b[2 * i + 1] = c >>> 8;
  }
  return b;
}

export function prefetchHashXp(path: string): number {
  const b = utf16leBytes(path);
  let h = 0;
  for (let i = 0; i < b.length; i++) h = (Math.imul(h, 37) + b[i]) >>> 0;
  h = Math.imul(h, 314159269) >>> 0;
  if (h > 0x80000000) h = 0x100000000 - h;
  return (h % 1000000007) >>> 0;
}

export function prefetchHashVista(path: string): number {
  const b = utf16leBytes(path);
  let h = 314159;
  for (let i = 0; i < b.length; i++) h = (Math.imul(h, 37) + b[i]) >>> 0;
  return h;
}

export function prefetchHash2008(path: string): number {
  const b = utf16leBytes(path);
  let h = 314159;
  let i = 0;
  const n = b.length;
  while (i + 8 < n) {
    let v = Math.imul(b[i + 1], 37);
    v = Math.imul(v + b[i + 2], 37);
    v = Math.imul(v + b[i + 3], 37);
    v = Math.imul(v + b[i + 4], 37);
    v = Math.imul(v + b[i + 5], 37);
    v = Math.imul(v + b[i + 6], 37);
    v = (v + Math.imul(b[i], 442596621) + b[i + 7]) | 0;
    h = (v - Math.imul(h, 803794207)) >>> 0;
    i += 8;
  }
  for (; i < n; i++) h = (Math.imul(h, 37) + b[i]) >>> 0;
  return h;
}

/** 8 upper-case hex digits, as in prefetch file names. */
export function hashHex(n: number): string {
  return (n >>> 0).toString(16).toUpperCase().padStart(8, '0');
}

/** Tries every variant; returns the one whose hash equals `hash`, or null. */
export function matchPrefetchHash(path: string, hash: number): PrefetchHashVariant | null {
  const want = hash >>> 0;
  if (prefetchHashVista(path) === want) return 'vista';
  if (prefetchHash2008(path) === want) return '2008';
  if (prefetchHashXp(path) === want) return 'xp';
  return null;
}
