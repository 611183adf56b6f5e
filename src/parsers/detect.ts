// The only dispatcher: decides a file's artifact type from its bytes, never from its name.
//   EVTX      "ElfFile\0" at 0
//   Prefetch  "SCCA" at 4 (plain, version at 0) or "MAM\x04" at 0 (Win10/11 compressed)
//   $MFT      "FILE" (or "BAAD") at 0 with a plausible update-sequence offset
//   $J        USN_RECORD_V2/V3/V4 header at the first non-zero 8-byte aligned position (dense scan of
//             the first 64 MiB, then page probes over the rest and the tail)
//   gzip/zip  containers, opened by the ingest layer and their members detected again
// Each format owns its probe (evtx/file-header isEvtxFileHeader, prefetch/file-header isScca,
// prefetch/mam isMamPrefetch, mft/file-record looksLikeFileRecord, usn/probe looksLikeUsnRecord and
// looksLikeUsnPage); this file only decides where to look and in which order to ask.
import { u32le } from './bytes/le';
import { isEvtxFileHeader } from './evtx/file-header';
import { looksLikeFileRecord } from './mft/file-record';
import { isScca, sccaVersion } from './prefetch/file-header';
import { isMamPrefetch, mamUnknownTypeReason } from './prefetch/mam';
import type { ArtifactKind, ByteSource } from './types';
import { looksLikeUsnPage, looksLikeUsnRecord, USN_PAGE_SIZE } from './usn/probe';

export type Detected =
  | { kind: ArtifactKind; detail: string }
  | { kind: 'gzip'; detail: string }
  | { kind: 'zip'; detail: string }
  | { kind: 'unknown'; reason: string };

const HEAD = 4096;
/** How far into a sparse $J we look for the first record before giving up (bytes). */
export const USN_SCAN_LIMIT = 64 * 1024 * 1024;

/** Bytes read from the end of a large zero-headed file when looking for $J records. */
const TAIL_WINDOW = 4 * 1024 * 1024;
/** Probe size and alignment beyond the dense scan: one NTFS page (bytes). */
export const USN_PROBE_BYTES = USN_PAGE_SIZE;
/** Most probes spread over [USN_SCAN_LIMIT, tail window) of a zero-headed file. */
export const USN_MAX_PROBES = 2048;
/** Least distance between two probes (bytes). */
const USN_MIN_PROBE_STEP = 256 * 1024;

/** gzip member header: 1f 8b (opened by the ingest layer). */
function isGzip(b: Uint8Array): boolean {
  return b[0] === 0x1f && b[1] === 0x8b;
}

/** zip local file header "PK\x03\x04" or an empty archive's end record "PK\x05\x06". */
function isZip(b: Uint8Array): boolean {
  return (
    b.length >= 4 &&
    b[0] === 0x50 &&
    b[1] === 0x4b &&
    ((b[2] === 3 && b[3] === 4) || (b[2] === 5 && b[3] === 6))
  );
}

/** Index of the first non-zero byte of `b`, -1 when all zero. */
function firstNonZero(b: Uint8Array): number {
  for (let i = 0; i < b.length; i++) if (b[i] !== 0) return i;
  return -1;
}

/**
 * Page-aligned probe offsets spread evenly over [from, to): at most USN_MAX_PROBES, at least
 * USN_MIN_PROBE_STEP apart, the last one on the last whole page before `to`.
 */
export function usnProbeOffsets(from: number, to: number): number[] {
  const first = Math.ceil(from / USN_PROBE_BYTES) * USN_PROBE_BYTES;
  const last = Math.floor((to - USN_PROBE_BYTES) / USN_PROBE_BYTES) * USN_PROBE_BYTES;
  if (last < first) return [];
  const span = last - first;
  const step = Math.max(
    USN_MIN_PROBE_STEP,
    Math.ceil(span / Math.max(1, USN_MAX_PROBES - 1) / USN_PROBE_BYTES) * USN_PROBE_BYTES,
  );
  const out: number[] = [];
  for (let o = first; o < last; o += step) out.push(o);
  out.push(last);
  return out;
}

export function detectBytes(b: Uint8Array): Detected {
  if (b.length === 0) return { kind: 'unknown', reason: 'empty file (0 bytes)' };
  if (isEvtxFileHeader(b)) return { kind: 'evtx', detail: 'EVTX file header' };
  if (isScca(b)) return { kind: 'prefetch', detail: `SCCA version ${sccaVersion(b)}` };
  if (isMamPrefetch(b)) return { kind: 'prefetch', detail: 'MAM\\x04 compressed prefetch' };
  if (looksLikeFileRecord(b)) return { kind: 'mft', detail: 'FILE record' };
  if (isGzip(b)) return { kind: 'gzip', detail: 'gzip stream' };
  if (isZip(b)) return { kind: 'zip', detail: 'zip archive' };
  // USN: first non-zero 8-byte aligned word must start a record.
  let o = 0;
  while (o + 8 <= b.length && u32le(b, o) === 0 && u32le(b, o + 4) === 0) o += 8;
  if (o + 8 <= b.length && looksLikeUsnRecord(b, o))
    return { kind: 'usn', detail: `USN record at 0x${o.toString(16)}` };
  const mam = mamUnknownTypeReason(b);
  if (mam) return { kind: 'unknown', reason: mam };
  const magic = Array.from(b.subarray(0, 8), (x) => x.toString(16).padStart(2, '0')).join(' ');
  return {
    kind: 'unknown',
    reason: `not EVTX, Prefetch, $MFT or $J: first bytes ${magic} match no known signature`,
  };
}

/**
 * Detects from a source. A $J may start with megabytes (or gigabytes) of zeros: after a zero
 * head we scan the first USN_SCAN_LIMIT bytes in 1 MiB steps, word by word, for the first
 * non-zero aligned word; beyond that, at most USN_MAX_PROBES page probes spread over the file and
 * the last 4 MiB are read, so a 10 GB file costs ~76 MiB of reads, never the whole file.
 */
export async function detect(src: ByteSource): Promise<Detected> {
  if (src.size === 0) return { kind: 'unknown', reason: 'empty file (0 bytes)' };
  const head = await src.read(0, Math.min(HEAD, src.size));
  let zeroHead = true;
  for (let i = 0; i < head.length; i++) {
    if (head[i] !== 0) {
      zeroHead = false;
      break;
    }
  }
  if (!zeroHead) return detectBytes(head);
  const STEP = 1 << 20;
  for (let pos = head.length; pos < src.size && pos < USN_SCAN_LIMIT; pos += STEP) {
    const block = await src.read(pos, Math.min(STEP + 4096, src.size - pos));
    const words = new Uint32Array(block.buffer, block.byteOffset, block.length >> 2);
    let w = 0;
    if (block.byteOffset % 4 === 0) {
      while (w < words.length && words[w] === 0) w++;
    } else {
      while (w * 4 < block.length && u32le(block, w * 4) === 0) w++;
    }
    if (w * 4 < block.length) {
      const o = (w * 4) & ~7;
      if (looksLikeUsnRecord(block, o))
        return { kind: 'usn', detail: `USN record at 0x${(pos + o).toString(16)}` };
      return {
        kind: 'unknown',
        reason: `zero-filled start, then unrecognised bytes at 0x${(pos + o).toString(16)}`,
      };
    }
  }
  if (src.size <= USN_SCAN_LIMIT)
    return { kind: 'unknown', reason: `all ${src.size} bytes are zero: no artifact (an empty $J?)` };
  // Beyond the dense scan: page probes spread over the file, in file order, then the tail window
  // (a live $J keeps its records at the end). The first non-zero bytes met decide.
  const tailFrom = Math.max(USN_SCAN_LIMIT, src.size - TAIL_WINDOW);
  const tailStart = tailFrom - (tailFrom % USN_PROBE_BYTES);
  const probes = usnProbeOffsets(USN_SCAN_LIMIT, tailStart);
  const decide = (b: Uint8Array, base: number, where: string): Detected | null => {
    const nz = firstNonZero(b);
    if (nz < 0) return null;
    const o = nz & ~7;
    if (looksLikeUsnPage(b, o))
      return { kind: 'usn', detail: `sparse head, USN records ${where} at 0x${(base + o).toString(16)}` };
    return {
      kind: 'unknown',
      reason: `zero-filled start, then unrecognised bytes at 0x${(base + nz).toString(16)} (not a page of USN records)`,
    };
  };
  for (const at of probes) {
    const found = decide(await src.read(at, USN_PROBE_BYTES), at, 'found by probing');
    if (found) return found;
  }
  const tail = decide(await src.read(tailStart, src.size - tailStart), tailStart, 'near the end');
  if (tail) return tail;
  return {
    kind: 'unknown',
    reason: `first ${USN_SCAN_LIMIT / 1048576} MiB are zero, so are ${probes.length} pages probed over the rest and the last ${(src.size - tailStart) >>> 10} KiB: no artifact found`,
  };
}
