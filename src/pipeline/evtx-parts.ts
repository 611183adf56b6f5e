// One large EVTX file parsed in chunk ranges by several workers, merged back into the batch a
// single parse would give. Chunks are independent (libevtx "Windows XML Event Log (EVTX) format":
// 4 KiB file header, then 64 KiB chunks), so a part is a chunk range [firstChunk, endChunk).
// Parts are merged in chunk order, which is the order a single parse emits records in (a wrapped
// log keeps its oldest chunk in the middle: sorting by record id would differ from one parse).
// Pure core: no DOM, no worker plumbing; the worker entry and the case controller call it.
import { appendBatch } from '../model/case';
import { EventsBuilder, type EventsBatch, emptyTable, trimTable } from '../model/events-table';
import { StringTable } from '../model/string-table';
import { CHUNK_SIZE } from '../parsers/evtx/chunk-header';
import { FILE_HEADER_SIZE } from '../parsers/evtx/file-header';
import {
  type EvtxChunkPlan,
  type EvtxRangeStats,
  evtxChunkCount,
  evtxParser,
  mergeEvtxStats,
  newStats,
  parseEvtxChunks,
  planEvtxChunks,
  summarizeEvtx,
} from '../parsers/evtx/index';
import type { ByteSource, Diagnostic, ParseSummary } from '../parsers/types';

/** Files at least this large (bytes) are split when the pool has more than one worker. */
export const EVTX_SPLIT_MIN_BYTES = 16 * 1024 * 1024;
/** Target size of one part (bytes): 128 chunks. */
export const EVTX_PART_BYTES = 8 * 1024 * 1024;
/** Upper bound on parts of one file. */
export const EVTX_MAX_PARTS = 64;

/** A chunk range [firstChunk, endChunk) of one file. */
export interface EvtxPart {
  firstChunk: number;
  endChunk: number;
}

/**
 * Splits a file of `size` bytes into contiguous chunk ranges of about `partBytes` each (at least
 * `minParts` when there are that many chunks). One part (or none) means: do not split.
 */
export function planEvtxParts(size: number, minParts = 1, partBytes = EVTX_PART_BYTES): EvtxPart[] {
  const chunks = evtxChunkCount(size);
  if (chunks === 0) return [];
  const chunksPerPart = Math.max(1, Math.floor(partBytes / CHUNK_SIZE));
  const want = Math.max(minParts, Math.ceil(chunks / chunksPerPart));
  const n = Math.max(1, Math.min(chunks, EVTX_MAX_PARTS, want));
  const parts: EvtxPart[] = [];
  for (let i = 0; i < n; i++) {
    const firstChunk = Math.floor((i * chunks) / n);
    const endChunk = Math.floor(((i + 1) * chunks) / n);
    if (endChunk > firstChunk) parts.push({ firstChunk, endChunk });
  }
  return parts;
}

/** What one part yields. `plan` only for the part that read the file header. */
export interface EvtxPartResult {
  part: EvtxPart;
  batch: EventsBatch;
  stats: EvtxRangeStats;
  diagnostics: Diagnostic[];
  /** Events per EVTX Computer in this part, in first-seen order. */
  computers: Map<string, number>;
  plan: EvtxChunkPlan | null;
}

export interface EvtxPartOptions {
  /** Read and report the file header (the first part does). */
  withHeader: boolean;
  signal?: AbortSignal;
  /** Bytes of this part's range done, of the range's bytes. */
  onProgress?: (done: number, total: number) => void;
  readSize?: number;
}

/** Byte range [start, end) of a part inside a file of `size` bytes. */
export function partByteRange(part: EvtxPart, size: number): { start: number; end: number } {
  const start = Math.min(size, FILE_HEADER_SIZE + part.firstChunk * CHUNK_SIZE);
  const end = Math.min(size, FILE_HEADER_SIZE + part.endChunk * CHUNK_SIZE);
  return { start, end };
}

/** Parses one chunk range into its own batch, the way parseToBatch does for a whole file. */
export async function parseEvtxPart(
  src: ByteSource,
  fileName: string,
  part: EvtxPart,
  opts: EvtxPartOptions,
): Promise<EvtxPartResult> {
  const builder = new EventsBuilder();
  const diagnostics: Diagnostic[] = [];
  const computers = new Map<string, number>();
  const plan = opts.withHeader ? await planEvtxChunks(src, fileName) : null;
  const { start, end } = partByteRange(part, src.size);
  const stats = await parseEvtxChunks(
    src,
    {
      fileName,
      diagnostics,
      signal: opts.signal,
      readSize: opts.readSize,
      onProgress: (done) => opts.onProgress?.(Math.max(0, Math.min(end, done) - start), end - start),
    },
    part.firstChunk,
    part.endChunk,
    (rec) =>
      evtxParser.toEvents(rec, (e) => {
        builder.add(e);
        if (e.computer) computers.set(e.computer, (computers.get(e.computer) ?? 0) + 1);
      }),
  );
  return { part, batch: builder.finish(), stats, diagnostics, computers, plan };
}

/**
 * Concatenates batches in order, re-interning strings (first-seen order, as one builder would),
 * through the case model's own append.
 */
export function concatBatches(batches: readonly EventsBatch[]): EventsBatch {
  const strings = new StringTable();
  let t = emptyTable();
  for (const b of batches) t = appendBatch(t, strings, b, 0, () => 0);
  const { file: _file, host: _host, ...batch } = trimTable(t);
  return batch;
}

export interface EvtxMerged {
  batch: EventsBatch;
  summary: ParseSummary;
  /** Header findings first, then each part's in chunk order. */
  diagnostics: Diagnostic[];
  /** Most frequent EVTX Computer over all parts. */
  computer: string;
}

/** Merges part results (any order) into what one parse of the whole file gives. */
export function mergeEvtxParts(results: readonly EvtxPartResult[]): EvtxMerged {
  const sorted = [...results].sort((a, b) => a.part.firstChunk - b.part.firstChunk);
  const plan = sorted.find((r) => r.plan)?.plan;
  if (!plan) throw new Error('no part read the EVTX file header');
  const stats = newStats();
  const counts = new Map<string, number>();
  const diagnostics: Diagnostic[] = [...plan.diagnostics];
  for (const r of sorted) {
    mergeEvtxStats(stats, r.stats);
    for (const d of r.diagnostics) diagnostics.push(d);
    for (const [k, n] of r.computers) counts.set(k, (counts.get(k) ?? 0) + n);
  }
  let computer = '';
  let best = 0;
  for (const [c, n] of counts) {
    if (n > best) {
      best = n;
      computer = c;
    }
  }
  return {
    batch: concatBatches(sorted.map((r) => r.batch)),
    summary: summarizeEvtx(plan, stats),
    diagnostics,
    computer,
  };
}
