// What a parse job gives back, errors as values: a FileOrigin opened, unwrapped and detected by
// ingest/open-artifact.ts, then parsed (parse-to-batch.ts) into a `ParseOutcome`. The parse worker
// is a thin comlink entry over these functions; they are pure and tested in Node (Blob is global).
import type { ArchiveMember } from '../ingest/zip-directory';
import { InflateLimitError } from '../ingest/inflate';
import { type FileOrigin, openArtifact, openOrigin } from '../ingest/open-artifact';
import { listArchive } from '../ingest/zip-directory';
import type { EventsBatch } from '../model/events-table';
import { engineErrorText } from '../parsers/diagnostics';
import { renderRecordXml } from '../parsers/evtx/index';
import type { MftLayout } from '../parsers/mft/index';
import type { MftPathColumns } from '../parsers/mft/path-table';
import type { ArtifactKind, ByteSource, Diagnostic, ParseSummary } from '../parsers/types';
import { capDiagnostics } from './cap-diagnostics';
import { type EvtxPart, type EvtxPartResult, parseEvtxPart } from './evtx-parts';
import { type MftPart, type MftPartResult, type MftScanResult, parseMftPart, scanMftPart } from './mft-parts';
import { parseToBatch } from './parse-to-batch';

export type ParseOutcome =
  | {
      kind: 'parsed';
      artifact: ArtifactKind;
      /** How detection recognised it ("EVTX file header"; "gzip → USN record at 0x0"). */
      detail: string;
      batch: EventsBatch;
      summary: ParseSummary;
      diagnostics: Diagnostic[];
      /** Most frequent EVTX Computer, '' for other artifacts. */
      computer: string;
    }
  | { kind: 'unsupported'; reason: string }
  | {
      kind: 'archive';
      members: ArchiveMember[];
      /** Members listed but not opened, with the reason. */
      skipped: { path: string; reason: string }[];
    }
  /** `container` is set when the file was recognised as an archive before it failed. */
  | { kind: 'failed'; reason: string; container?: 'zip' | 'gzip' };

/** Progress of one job: bytes done of total, and what is happening. */
export type ProgressCallback = (done: number, total: number, phase: 'inflate' | 'parse') => void;

export interface ParseSourceOptions {
  /** The source is a zip member (a zip inside it is refused). */
  insideZip?: boolean;
  /** Cap on a gzip stream's inflated bytes (default: ingest/limits.ts). */
  maxInflated?: number;
  signal?: AbortSignal;
  onProgress?: ProgressCallback;
  readSize?: number;
}

/**
 * Detects, unwraps and parses one source. A zip archive comes back as `archive` with its
 * listing; `diagnostics` are capped per file. Never throws for bad data.
 */
export async function parseSource(
  src: ByteSource,
  fileName: string,
  opts: ParseSourceOptions = {},
): Promise<ParseOutcome> {
  const onProgress = opts.onProgress;
  try {
    const opened = await openArtifact(src, {
      insideZip: opts.insideZip,
      maxInflated: opts.maxInflated,
      onInflate: (d, t) => onProgress?.(d, t, 'inflate'),
    });
    if (opened.kind === 'unsupported') return opened;
    if (opened.kind === 'zip') {
      const listing = await listArchive(opened.src);
      if (listing.refused) return { kind: 'failed', reason: listing.refused, container: 'zip' };
      return { kind: 'archive', members: listing.members, skipped: listing.skipped };
    }
    const r = await parseToBatch(opened.src, opened.artifact, fileName, {
      signal: opts.signal,
      readSize: opts.readSize,
      onProgress: (d, t) => onProgress?.(d, t, 'parse'),
    });
    return {
      kind: 'parsed',
      artifact: opened.artifact,
      detail: opened.detail,
      batch: r.batch,
      summary: r.summary,
      diagnostics: capDiagnostics(r.diagnostics, fileName),
      computer: r.computer,
    };
  } catch (e) {
    return failedOutcome(e, fileName);
  }
}

/** A FileOrigin (a dropped Blob or a zip member) opened and parsed. Never throws for bad data. */
export async function parseOrigin(
  origin: FileOrigin,
  fileName: string,
  onProgress?: ProgressCallback,
): Promise<ParseOutcome> {
  let src: ByteSource;
  try {
    src = await openOrigin(origin, fileName, (d, t) => onProgress?.(d, t, 'inflate'));
  } catch (e) {
    return failedOutcome(e, fileName);
  }
  return parseSource(src, fileName, { insideZip: origin.kind === 'zip-member', onProgress });
}

/** A failed file's reason; an engine error (RangeError …) is told in our words, never its own. */
function failedOutcome(e: unknown, fileName: string): ParseOutcome {
  if (e instanceof InflateLimitError) return { kind: 'failed', reason: e.message };
  const engine = engineErrorText(e);
  if (engine) return { kind: 'failed', reason: `${fileName}: ${engine}` };
  const err = e as Error;
  return {
    kind: 'failed',
    reason: err?.message ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(e),
  };
}

/** One chunk range of an EVTX file, parsed into its own batch (see evtx-parts.ts). */
export async function parseEvtxPartOf(
  origin: FileOrigin,
  fileName: string,
  part: EvtxPart,
  withHeader: boolean,
  onProgress?: ProgressCallback,
): Promise<EvtxPartResult> {
  const src = await openOrigin(origin, fileName, (d, t) => onProgress?.(d, t, 'inflate'));
  return parseEvtxPart(src, fileName, part, {
    withHeader,
    onProgress: (d, t) => onProgress?.(d, t, 'parse'),
  });
}

/** Phase 1 of a split $MFT parse: one entry range's path columns (see mft-parts.ts). */
export async function scanMftPartOf(
  origin: FileOrigin,
  fileName: string,
  layout: MftLayout,
  part: MftPart,
  onProgress?: ProgressCallback,
): Promise<MftScanResult> {
  const src = await openOrigin(origin, fileName, (d, t) => onProgress?.(d, t, 'inflate'));
  return scanMftPart(src, fileName, layout, part, { onProgress: (d, t) => onProgress?.(d, t, 'parse') });
}

/** Phase 2 of a split $MFT parse: one entry range's rows, paths from the merged columns. */
export async function parseMftPartOf(
  origin: FileOrigin,
  fileName: string,
  layout: MftLayout,
  part: MftPart,
  columns: MftPathColumns,
  onProgress?: ProgressCallback,
): Promise<MftPartResult> {
  const src = await openOrigin(origin, fileName, (d, t) => onProgress?.(d, t, 'inflate'));
  return parseMftPart(src, fileName, layout, part, columns, {
    onProgress: (d, t) => onProgress?.(d, t, 'parse'),
  });
}

/**
 * The full XML of the EVTX record at `recordOffset`, read again from the file through the same
 * open → unwrap → detect path as the parse; null when the file is not an EVTX log.
 */
export async function recordDetailOf(
  origin: FileOrigin,
  fileName: string,
  recordOffset: number,
): Promise<string | null> {
  const src = await openOrigin(origin, fileName);
  const opened = await openArtifact(src, { insideZip: origin.kind === 'zip-member' });
  if (opened.kind !== 'artifact' || opened.artifact !== 'evtx') return null;
  return renderRecordXml(opened.src, recordOffset, fileName);
}
