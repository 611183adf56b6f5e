// ByteSource over a Blob/File: every read is a `slice()` of the asked range, so a 10 GB file is
// never held in memory. Also a window over another source (a stored zip member).
import type { ByteSource } from '../parsers/types';
import { bytesWithSize, MAX_SINGLE_READ } from './limits';

export function blobSource(blob: Blob): ByteSource {
  return {
    size: blob.size,
    read: async (offset, length) => {
      const start = Math.max(0, Math.min(blob.size, offset));
      const end = Math.max(start, Math.min(blob.size, start + Math.max(0, length)));
      if (end === start) return new Uint8Array(0);
      if (end - start > MAX_SINGLE_READ) {
        throw new Error(
          `a read of ${bytesWithSize(end - start)} at 0x${start.toString(16)} was refused: one read may take at most ${bytesWithSize(MAX_SINGLE_READ)} (readers must read in ranges)`,
        );
      }
      return new Uint8Array(await blob.slice(start, end).arrayBuffer());
    },
  };
}

/** Bytes [start, start + size) of `inner`, addressed from 0. */
export function windowSource(inner: ByteSource, start: number, size: number): ByteSource {
  const clamped = Math.max(0, Math.min(size, inner.size - start));
  return {
    size: clamped,
    read: (offset, length) => {
      const o = Math.max(0, Math.min(clamped, offset));
      const n = Math.max(0, Math.min(clamped - o, length));
      return inner.read(start + o, n);
    },
  };
}
