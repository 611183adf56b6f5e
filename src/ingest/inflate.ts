// Streaming inflate (raw DEFLATE for zip members, gzip for .gz files) with fflate, reading the
// compressed bytes in Blob-slice ranges and refusing output that grows past its limits.
// Spec: RFC 1951 (DEFLATE), RFC 1952 (gzip); fflate does the decoding.
import { Gunzip, Inflate } from 'fflate';
import { engineErrorText } from '../parsers/diagnostics';
import { type ByteSource, checkAbort } from '../parsers/types';
import {
  bytesWithSize,
  exactBytes,
  INFLATE_PUSH_BYTES,
  MAX_MEMBER_INFLATED,
  MAX_RATIO,
  RATIO_MIN_BYTES,
  READ_SLICE_BYTES,
} from './limits';

export class InflateLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InflateLimitError';
  }
}

export interface InflateOptions {
  format: 'deflate' | 'gzip';
  /** Absolute offset and length of the compressed bytes in `src`. */
  start: number;
  length: number;
  /** Inflated size the container declares (zip member); output past it is refused. */
  declaredSize?: number;
  /** Hard cap on inflated bytes (default MAX_MEMBER_INFLATED). */
  maxOutput?: number;
  /** What to call the stream in messages ("member x.evtx", "gzip stream"). */
  label: string;
  signal?: AbortSignal;
  onProgress?: (compressedDone: number, compressedTotal: number) => void;
}

/** Inflates into one contiguous buffer. Throws InflateLimitError for bombs, Error for corrupt data. */
export async function inflateToMemory(src: ByteSource, opts: InflateOptions): Promise<Uint8Array> {
  const cap = Math.min(opts.maxOutput ?? MAX_MEMBER_INFLATED, opts.declaredSize ?? Number.POSITIVE_INFINITY);
  const chunks: Uint8Array[] = [];
  let produced = 0;
  let consumed = 0;
  let limitError: InflateLimitError | null = null;
  let ended = false;
  const onData = (chunk: Uint8Array, final: boolean) => {
    if (final) ended = true;
    if (limitError) return;
    produced += chunk.length;
    if (produced > cap) {
      limitError = new InflateLimitError(
        opts.declaredSize !== undefined && produced > opts.declaredSize
          ? `zip bomb protection: ${opts.label} inflates past its declared size of ${bytesWithSize(opts.declaredSize)}: stopped after ${exactBytes(produced)} inflated from ${exactBytes(consumed)} compressed`
          : `zip bomb protection: ${opts.label} inflates to more than the limit of ${bytesWithSize(cap)}: stopped after ${exactBytes(produced)} inflated from ${exactBytes(consumed)} compressed`,
      );
      return;
    }
    if (produced > RATIO_MIN_BYTES && produced / Math.max(1, consumed) > MAX_RATIO) {
      limitError = new InflateLimitError(
        `zip bomb protection: ${opts.label} inflates more than ${MAX_RATIO}:1 (${exactBytes(produced)} inflated from ${exactBytes(consumed)} compressed)`,
      );
      return;
    }
    chunks.push(chunk);
  };
  const stream = opts.format === 'gzip' ? new Gunzip(onData) : new Inflate(onData);
  const end = opts.start + opts.length;
  for (let pos = opts.start; pos < end && !limitError; ) {
    checkAbort(opts.signal);
    const slice = await src.read(pos, Math.min(READ_SLICE_BYTES, end - pos));
    if (slice.length === 0) break;
    for (let p = 0; p < slice.length && !limitError; p += INFLATE_PUSH_BYTES) {
      const piece = slice.subarray(p, Math.min(slice.length, p + INFLATE_PUSH_BYTES));
      consumed += piece.length;
      const last = pos + p + piece.length >= end;
      try {
        stream.push(piece, last);
      } catch (e) {
        const engine = engineErrorText(e);
        if (engine) throw new Error(`${opts.label}: inflating near compressed byte ${consumed}: ${engine}`);
        throw new Error(
          `${opts.label}: corrupt compressed data near compressed byte ${consumed}: ${(e as Error).message}`,
        );
      }
    }
    pos += slice.length;
    opts.onProgress?.(pos - opts.start, opts.length);
  }
  if (limitError) throw limitError;
  if (!ended && opts.format === 'deflate') {
    throw new Error(`${opts.label}: compressed data ends before the end of the DEFLATE stream (truncated)`);
  }
  const out = new Uint8Array(produced);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
