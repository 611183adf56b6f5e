// EVTX writer: events in, a whole .evtx file out (file header block + 64 KiB chunks).
// Chunks are handed to `onChunk` as they fill, so large logs can be streamed to disk; the header
// (which needs the final chunk count and next record id) comes from `header()` at the end.
import { CHUNK_SIZE, ChunkBuilder } from './chunk-builder';
import type { EvtxEvent } from './event';
import { buildFileHeader, FILE_HEADER_BLOCK_SIZE } from './file-header';

export interface EvtxWriterOptions {
  /** EventRecordID of the first event (a rolled-over log starts high). Default 1. */
  firstRecordId?: number;
  /** Receives every finished chunk; when absent the writer keeps them for `finish()`. */
  onChunk?: (chunk: Uint8Array) => void;
  minorVersion?: number;
}

export class EvtxWriter {
  private chunk = new ChunkBuilder();
  private readonly kept: Uint8Array[] = [];
  private chunkCount = 0;
  private nextRecordId: number;
  eventCount = 0;

  constructor(private readonly opts: EvtxWriterOptions = {}) {
    this.nextRecordId = opts.firstRecordId ?? 1;
  }

  add(event: EvtxEvent): void {
    if (!this.chunk.tryAdd(event, this.nextRecordId)) {
      this.flushChunk();
      this.chunk.tryAdd(event, this.nextRecordId);
    }
    this.nextRecordId++;
    this.eventCount++;
  }

  private flushChunk(): void {
    const bytes = this.chunk.finish();
    this.chunkCount++;
    if (this.opts.onChunk) this.opts.onChunk(bytes);
    else this.kept.push(bytes);
    this.chunk = new ChunkBuilder();
  }

  /** Closes the last chunk; returns the 4096-byte file header for the whole file. */
  header(): Uint8Array {
    // An empty log still has one (empty) chunk, as Windows creates it.
    if (!this.chunk.isEmpty || this.chunkCount === 0) this.flushChunk();
    return buildFileHeader({
      chunkCount: this.chunkCount,
      nextRecordId: this.nextRecordId,
      minorVersion: this.opts.minorVersion,
    });
  }

  /** The whole file (only without `onChunk`). */
  finish(): Uint8Array {
    const head = this.header();
    const out = new Uint8Array(FILE_HEADER_BLOCK_SIZE + this.kept.length * CHUNK_SIZE);
    out.set(head, 0);
    this.kept.forEach((c, i) => {
      out.set(c, FILE_HEADER_BLOCK_SIZE + i * CHUNK_SIZE);
    });
    this.kept.length = 0;
    return out;
  }
}

export function writeEvtx(
  events: Iterable<EvtxEvent>,
  opts: Omit<EvtxWriterOptions, 'onChunk'> = {},
): Uint8Array {
  const w = new EvtxWriter(opts);
  for (const e of events) w.add(e);
  return w.finish();
}
