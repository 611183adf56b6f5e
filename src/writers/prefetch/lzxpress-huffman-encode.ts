// LZXPRESS Huffman (LZ77+Huffman) compression, [MS-XCA] section 2.1 (compression) and 2.2 (format).
//
// Per 64 KiB of input: a 256-byte table of 4-bit code lengths (canonical, length-limited to 15 bits)
// and an MSB-first bit stream of little-endian 16-bit words with raw length bytes interleaved.
// LZ77 is a greedy hash-chain matcher; matches reach back up to 65535 bytes (also into earlier
// blocks, as MAM prefetch streams do) but never run past the end of their own block.
//
// Word placement mirrors the decoder: it holds two words ahead, so when the first bit of word j is
// written, a slot for word j+1 is reserved at the end of the output; raw length bytes are appended
// after whatever slots are reserved at that moment.
import {
  XPRESS_BLOCK_SIZE,
  XPRESS_SYMBOLS,
  XPRESS_TABLE_SIZE,
} from '../../parsers/prefetch/lzxpress-huffman';

export const ENCODE_MAX_CODE_LENGTH = 15;
export const MIN_MATCH = 3;
export const MAX_OFFSET = 65535;
const HASH_BITS = 15;
const CHAIN_DEPTH = 24;
/** A match this long ends the chain search (keeps repetitive input from going quadratic). */
const NICE_LENGTH = 512;
const EOF_SYMBOL = 256;

/** Canonical Huffman code lengths (1..maxLen, 0 = unused) for the given symbol frequencies. */
export function huffmanLengths(freq: Uint32Array, maxLen = ENCODE_MAX_CODE_LENGTH): Uint8Array {
  const n = freq.length;
  const lengths = new Uint8Array(n);
  const f = Array.from(freq);
  for (;;) {
    const syms: number[] = [];
    for (let s = 0; s < n; s++) if (f[s] > 0) syms.push(s);
    if (syms.length === 0) return lengths;
    if (syms.length === 1) {
      lengths[syms[0]] = 1;
      return lengths;
    }
    syms.sort((a, b) => f[a] - f[b] || a - b);
    // Two-queue Huffman: leaves (sorted) and internal nodes (created in non-decreasing weight order).
    const m = syms.length;
    const weight = new Float64Array(2 * m);
    const parent = new Int32Array(2 * m).fill(-1);
    for (let i = 0; i < m; i++) weight[i] = f[syms[i]];
    let leaf = 0;
    let inner = m;
    let next = m;
    const pick = (): number => {
      if (leaf < m && (inner >= next || weight[leaf] <= weight[inner])) return leaf++;
      return inner++;
    };
    while (next < 2 * m - 1) {
      const a = pick();
      const b = pick();
      weight[next] = weight[a] + weight[b];
      parent[a] = next;
      parent[b] = next;
      next++;
    }
    const depth = new Uint8Array(2 * m);
    let maxDepth = 0;
    for (let i = 2 * m - 3; i >= 0; i--) {
      depth[i] = depth[parent[i]] + 1;
      if (i < m && depth[i] > maxDepth) maxDepth = depth[i];
    }
    if (maxDepth <= maxLen) {
      for (let i = 0; i < m; i++) lengths[syms[i]] = depth[i];
      return lengths;
    }
    for (const s of syms) f[s] = (f[s] + 1) >>> 1;
  }
}

/** Canonical codes from lengths: ordered by (length, symbol), as the decoder assigns them. */
export function canonicalCodes(lengths: Uint8Array): Uint16Array {
  const codes = new Uint16Array(lengths.length);
  let code = 0;
  for (let len = 1; len <= ENCODE_MAX_CODE_LENGTH; len++) {
    for (let s = 0; s < lengths.length; s++) {
      if (lengths[s] === len) codes[s] = code++;
    }
    code <<= 1;
  }
  return codes;
}

class StreamWriter {
  out: Uint8Array;
  len = 0;
  private cur = 0;
  private next = -1;
  private acc = 0;
  private accBits = 0;

  constructor(capacity: number) {
    this.out = new Uint8Array(Math.max(1024, capacity));
  }

  private ensure(extra: number): void {
    if (this.len + extra <= this.out.length) return;
    const grown = new Uint8Array(Math.max(this.out.length * 2, this.len + extra + 1024));
    grown.set(this.out.subarray(0, this.len));
    this.out = grown;
  }

  private reserveWord(): number {
    this.ensure(2);
    const at = this.len;
    this.out[at] = 0;
    this.out[at + 1] = 0;
    this.len += 2;
    return at;
  }

  startBlock(table: Uint8Array): void {
    this.ensure(XPRESS_TABLE_SIZE + 4);
    this.out.set(table, this.len);
    this.len += XPRESS_TABLE_SIZE;
    this.cur = this.reserveWord();
    this.next = this.reserveWord();
    this.acc = 0;
    this.accBits = 0;
  }

  bits(value: number, count: number): void {
    while (count > 0) {
      if (this.next < 0) this.next = this.reserveWord();
      const take = Math.min(count, 16 - this.accBits);
      const part = (value >>> (count - take)) & ((1 << take) - 1);
      this.acc = (this.acc << take) | part;
      this.accBits += take;
      count -= take;
      if (this.accBits === 16) {
        this.out[this.cur] = this.acc & 0xff;
        this.out[this.cur + 1] = (this.acc >>> 8) & 0xff;
        this.cur = this.next;
        this.next = -1;
        this.acc = 0;
        this.accBits = 0;
      }
    }
  }

  byte(v: number): void {
    this.ensure(1);
    this.out[this.len++] = v & 0xff;
  }

  endBlock(): void {
    if (this.accBits > 0) {
      const w = (this.acc << (16 - this.accBits)) & 0xffff;
      this.out[this.cur] = w & 0xff;
      this.out[this.cur + 1] = w >>> 8;
      this.acc = 0;
      this.accBits = 0;
    }
  }
}

/** Compresses `input` into an LZXPRESS Huffman stream (no container header). */
export function compressXpressHuffman(input: Uint8Array): Uint8Array {
  const n = input.length;
  const head = new Int32Array(1 << HASH_BITS).fill(-1);
  const prev = new Int32Array(XPRESS_BLOCK_SIZE).fill(-1);
  const w = new StreamWriter(n + (n >> 3) + 512);
  const tokLen = new Uint32Array(XPRESS_BLOCK_SIZE);
  const tokVal = new Uint32Array(XPRESS_BLOCK_SIZE);
  const hash = (p: number) =>
    ((input[p] << 10) ^ (input[p + 1] << 5) ^ input[p + 2]) & ((1 << HASH_BITS) - 1);
  const insert = (p: number) => {
    if (p + 2 >= n) return;
    const h = hash(p);
    prev[p & (XPRESS_BLOCK_SIZE - 1)] = head[h];
    head[h] = p;
  };

  let pos = 0;
  do {
    const blockEnd = Math.min(n, pos + XPRESS_BLOCK_SIZE);
    const last = blockEnd === n;
    let count = 0;
    const freq = new Uint32Array(XPRESS_SYMBOLS);
    while (pos < blockEnd) {
      let bestLen = 0;
      let bestOff = 0;
      if (pos + MIN_MATCH <= blockEnd) {
        const maxLen = blockEnd - pos;
        let cand = head[hash(pos)];
        let depth = CHAIN_DEPTH;
        while (cand >= 0 && depth-- > 0) {
          const off = pos - cand;
          if (off > MAX_OFFSET || off <= 0) break;
          if (input[cand + bestLen] === input[pos + bestLen]) {
            let l = 0;
            while (l < maxLen && input[cand + l] === input[pos + l]) l++;
            if (l > bestLen) {
              bestLen = l;
              bestOff = off;
              if (l === maxLen || l >= NICE_LENGTH) break;
            }
          }
          const nx = prev[cand & (XPRESS_BLOCK_SIZE - 1)];
          if (nx >= cand) break;
          cand = nx;
        }
      }
      if (bestLen >= MIN_MATCH) {
        tokLen[count] = bestLen;
        tokVal[count] = bestOff;
        const offBits = 31 - Math.clz32(bestOff);
        freq[256 + (offBits << 4) + Math.min(bestLen - MIN_MATCH, 15)]++;
        count++;
        const end = pos + bestLen;
        for (; pos < end; pos++) insert(pos);
      } else {
        tokLen[count] = 0;
        tokVal[count] = input[pos];
        freq[input[pos]]++;
        count++;
        insert(pos);
        pos++;
      }
    }
    if (last) freq[EOF_SYMBOL]++;
    if (count === 0 || freq.reduce((a, b) => a + (b > 0 ? 1 : 0), 0) < 2) {
      // A one-symbol code is legal for our decoder but not for every reader: add a second symbol.
      freq[freq[EOF_SYMBOL] > 0 ? 0 : EOF_SYMBOL]++;
    }
    const lengths = huffmanLengths(freq);
    const codes = canonicalCodes(lengths);
    const table = new Uint8Array(XPRESS_TABLE_SIZE);
    for (let i = 0; i < XPRESS_TABLE_SIZE; i++) table[i] = lengths[2 * i] | (lengths[2 * i + 1] << 4);
    w.startBlock(table);
    for (let t = 0; t < count; t++) {
      const len = tokLen[t];
      if (len === 0) {
        const s = tokVal[t];
        w.bits(codes[s], lengths[s]);
        continue;
      }
      const off = tokVal[t];
      const offBits = 31 - Math.clz32(off);
      const l = len - MIN_MATCH;
      const sym = 256 + (offBits << 4) + Math.min(l, 15);
      w.bits(codes[sym], lengths[sym]);
      if (l >= 15) {
        if (l - 15 < 255) {
          w.byte(l - 15);
        } else {
          w.byte(255);
          if (l <= 0xffff) {
            w.byte(l & 0xff);
            w.byte(l >>> 8);
          } else {
            w.byte(0);
            w.byte(0);
            w.byte(l & 0xff);
            w.byte((l >>> 8) & 0xff);
            w.byte((l >>> 16) & 0xff);
            w.byte(l >>> 24);
          }
        }
      }
      if (offBits > 0) w.bits(off - (1 << offBits), offBits);
    }
    if (last) w.bits(codes[EOF_SYMBOL], lengths[EOF_SYMBOL]);
    w.endBlock();
  } while (pos < n);
  return w.out.slice(0, w.len);
}
