// One large $MFT parsed in entry ranges by several workers, merged back into the batch a single
// parse would give. The parser's two passes (src/parsers/mft/parse-range.ts, libfsntfs "MFT entry")
// split the same way:
//   phase 1  each part scans [firstEntry, endEntry) into compact path columns (scanMftPart);
//            the columns are merged into one table over the whole file (mergeMftColumns);
//   phase 2  each part decodes its range with a resolver over the merged columns (parseMftPart);
//            batches are concatenated in entry order (mergeMftParts).
// Part boundaries sit on read-slice boundaries (multiples of readSize / recordSize entries), so an
// entry whose extension records lie outside its slice is emitted at the same place as in one parse.
// Pure core: no DOM, no worker plumbing; the worker entry and the split job call it.
import { EventsBuilder, type EventsBatch } from '../model/events-table';
import { detectBytes } from '../parsers/detect';
import {
  createPathColumns,
  type MftLayout,
  type MftStats,
  mergePathColumns,
  MftPathResolver,
  mftParser,
  summarizeMft,
  parseMftRange,
  scanMftRange,
} from '../parsers/mft/index';
import {
  emptyStats,
  MFT_DEFAULT_READ_SIZE,
  MFT_DROPPED_FIELD,
  MFT_MAX_DIAGNOSTICS,
} from '../parsers/mft/parse-range';
import type { MftPathColumns } from '../parsers/mft/path-table';
import { DiagnosticSink } from '../parsers/diagnostics';
import type { ByteSource, Diagnostic, ParseSummary } from '../parsers/types';
import { concatBatches } from './evtx-parts';

/** Files at least this large (bytes) are split when the pool has more than one worker. */
export const MFT_SPLIT_MIN_BYTES = 16 * 1024 * 1024;
/** Upper bound on parts of one file (each phase-2 part receives a copy of the whole columns). */
export const MFT_MAX_PARTS = 16;
/** Bytes of the head needed to recognise a FILE record header (detect.ts). */
export const MFT_HEAD_BYTES = 48;

/** An entry range [firstEntry, endEntry) of one $MFT. */
export interface MftPart {
  firstEntry: number;
  endEntry: number;
}

/** Whether `head` (the first bytes of a file) is what detection calls a $MFT. */
export function hasMftSignature(head: Uint8Array): boolean {
  return head.length >= MFT_HEAD_BYTES && detectBytes(head).kind === 'mft';
}

/** Entries per read slice for `readSize` (what parse-range.ts reads at once). */
export function sliceEntries(recordSize: number, readSize = MFT_DEFAULT_READ_SIZE): number {
  return Math.max(1, Math.floor(readSize / recordSize));
}

/**
 * Splits `layout.entryCount` entries into `parts` contiguous ranges (at most MFT_MAX_PARTS, at most
 * one per read slice), with every boundary on a multiple of the slice length. One part (or none)
 * means: do not split.
 */
export function planMftParts(layout: MftLayout, parts: number, readSize = MFT_DEFAULT_READ_SIZE): MftPart[] {
  const count = layout.entryCount;
  if (count <= 0) return [];
  const align = sliceEntries(layout.recordSize, readSize);
  const slices = Math.ceil(count / align);
  const n = Math.max(1, Math.min(slices, MFT_MAX_PARTS, Math.floor(parts)));
  const out: MftPart[] = [];
  for (let i = 0; i < n; i++) {
    const firstEntry = Math.min(count, Math.floor((i * slices) / n) * align);
    const endEntry = Math.min(count, Math.floor(((i + 1) * slices) / n) * align);
    if (endEntry > firstEntry) out.push({ firstEntry, endEntry });
  }
  return out;
}

/** Byte range [start, end) of a part inside the file. */
export function mftPartByteRange(part: MftPart, layout: MftLayout): { start: number; end: number } {
  return { start: part.firstEntry * layout.recordSize, end: part.endEntry * layout.recordSize };
}

export interface MftPartOptions {
  signal?: AbortSignal;
  /** Bytes of this part's range done, of the range's bytes. */
  onProgress?: (done: number, total: number) => void;
  readSize?: number;
}

/** Phase 1 of one part: its path columns. */
export interface MftScanResult {
  part: MftPart;
  columns: MftPathColumns;
}

function partProgress(part: MftPart, layout: MftLayout, opts: MftPartOptions) {
  const { start, end } = mftPartByteRange(part, layout);
  return (done: number) => opts.onProgress?.(Math.max(0, Math.min(end, done) - start), end - start);
}

export async function scanMftPart(
  src: ByteSource,
  fileName: string,
  layout: MftLayout,
  part: MftPart,
  opts: MftPartOptions = {},
): Promise<MftScanResult> {
  const columns = await scanMftRange(
    src,
    {
      fileName,
      diagnostics: [],
      signal: opts.signal,
      readSize: opts.readSize,
      onProgress: partProgress(part, layout, opts),
    },
    layout,
    part.firstEntry,
    part.endEntry,
  );
  return { part, columns };
}

/** The typed arrays of `c`, for Comlink.transfer. */
export function mftColumnsTransferables(c: MftPathColumns): ArrayBuffer[] {
  return [c.sequence, c.state, c.parentEntry, c.parentSequence, c.nameIndex, c.nameRank, c.baseEntry].map(
    (a) => a.buffer as ArrayBuffer,
  );
}

/** The columns over the whole file, from the parts' columns (any order). */
export function mergeMftColumns(layout: MftLayout, scans: readonly MftScanResult[]): MftPathColumns {
  const into = createPathColumns(0, layout.entryCount);
  const sorted = [...scans].sort((a, b) => a.part.firstEntry - b.part.firstEntry);
  for (const s of sorted) mergePathColumns(into, s.columns);
  return into;
}

/** Phase 2 of one part: its rows, counts and diagnostics. */
export interface MftPartResult {
  part: MftPart;
  batch: EventsBatch;
  stats: MftStats;
  diagnostics: Diagnostic[];
}

/** Decodes one entry range into its own batch with paths from the whole file's columns. */
export async function parseMftPart(
  src: ByteSource,
  fileName: string,
  layout: MftLayout,
  part: MftPart,
  columns: MftPathColumns,
  opts: MftPartOptions = {},
): Promise<MftPartResult> {
  const builder = new EventsBuilder();
  const diagnostics: Diagnostic[] = [];
  const stats = await parseMftRange(
    src,
    {
      fileName,
      diagnostics,
      signal: opts.signal,
      readSize: opts.readSize,
      onProgress: partProgress(part, layout, opts),
    },
    part.firstEntry,
    part.endEntry,
    (e) => mftParser.toEvents(e, (ev) => builder.add(ev)),
    { layout, resolver: new MftPathResolver(columns) },
  );
  return { part, batch: builder.finish(), stats, diagnostics };
}

function minTime(a: number, b: number): number {
  if (Number.isNaN(a)) return b;
  if (Number.isNaN(b)) return a;
  return Math.min(a, b);
}

function maxTime(a: number, b: number): number {
  if (Number.isNaN(a)) return b;
  if (Number.isNaN(b)) return a;
  return Math.max(a, b);
}

/** Adds `b` into `a` (counts summed, time range widened). */
export function mergeMftStats(a: MftStats, b: MftStats): void {
  for (const k of Object.keys(a) as (keyof MftStats)[]) {
    if (k === 'firstTimeMs') a.firstTimeMs = minTime(a.firstTimeMs, b.firstTimeMs);
    else if (k === 'lastTimeMs') a.lastTimeMs = maxTime(a.lastTimeMs, b.lastTimeMs);
    else a[k] += b[k];
  }
}

function isDroppedMarker(d: Diagnostic): boolean {
  return d.offset === -1 && d.field === MFT_DROPPED_FIELD && d.severity === 'warning';
}

/**
 * The parts' diagnostics as one parse over the whole file reports them: in entry order, capped
 * at the parser's per-file limit, with one "further diagnostics dropped" marker at the end.
 */
function mergeDiagnostics(fileName: string, sorted: readonly MftPartResult[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  const sink = new DiagnosticSink(fileName, out, MFT_MAX_DIAGNOSTICS);
  for (const r of sorted) {
    for (const d of r.diagnostics) if (!isDroppedMarker(d)) sink.add(d);
    sink.countDropped(r.stats.diagnosticsDropped);
  }
  sink.reportDropped(MFT_DROPPED_FIELD);
  return out;
}

export interface MftMerged {
  batch: EventsBatch;
  summary: ParseSummary;
  stats: MftStats;
  /** Layout findings first, then each part's in entry order. */
  diagnostics: Diagnostic[];
}

/** Merges part results (any order) into what one parse of the whole file gives. */
export function mergeMftParts(
  fileName: string,
  layout: MftLayout,
  layoutDiagnostics: readonly Diagnostic[],
  results: readonly MftPartResult[],
): MftMerged {
  const sorted = [...results].sort((a, b) => a.part.firstEntry - b.part.firstEntry);
  const stats = emptyStats();
  for (const r of sorted) mergeMftStats(stats, r.stats);
  return {
    batch: concatBatches(sorted.map((r) => r.batch)),
    summary: summarizeMft(layout, stats),
    stats,
    diagnostics: [...layoutDiagnostics, ...mergeDiagnostics(fileName, sorted)],
  };
}
