// What a parse worker does, without the worker plumbing: open a FileOrigin as a ByteSource
// (Blob slices; zip members and gzip streams inflated with limits), run the parse core, and
// shape the outcome. Testable in Node (Blob is global there).
import { zipSync } from 'fflate';
import { blobSource, windowSource } from '../ingest/blob-source';
import { InflateLimitError, inflateToMemory } from '../ingest/inflate';
import { formatBytes } from '../ingest/limits';
import { listArchive, memberDataOffset, METHOD_STORED } from '../ingest/zip-directory';
import { type ByteSource, memorySource } from '../parsers/types';
import type { MftLayout } from '../parsers/mft/index';
import type { MftPathColumns } from '../parsers/mft/path-table';
import type {
  DemoFile,
  EvtxPartOutcome,
  FileOrigin,
  MftPartOutcome,
  MftScanOutcome,
  ParseOutcome,
  ProgressCallback,
} from './api';
import { capDiagnostics } from './cap-diagnostics';
import { type EvtxPart, parseEvtxPart } from './evtx-split';
import { type MftPart, parseMftPart, scanMftPart } from './mft-split';
import { parseToBatch } from './parse-core';

/** The scenario writer's entry point, when it is part of the build. */
export type GenerateDemoCase = (opts: { variant: string; scale: number }) => DemoFile[] | Promise<DemoFile[]>;
/** The EVTX parser's record renderer, when it is part of the build. */
export type RenderRecordXml = (src: ByteSource, recordOffset: number, fileName: string) => Promise<string>;

export interface WorkerCoreDeps {
  generateDemoCase?: GenerateDemoCase;
  demoVariants?: string[];
  renderRecordXml?: RenderRecordXml;
}

export async function openOrigin(
  origin: FileOrigin,
  fileName: string,
  onProgress?: ProgressCallback,
): Promise<ByteSource> {
  const whole = blobSource(origin.blob);
  if (origin.kind === 'blob') return whole;
  const m = origin.member;
  const dataStart = await memberDataOffset(whole, m);
  if (m.method === METHOD_STORED) return windowSource(whole, dataStart, m.compressedSize);
  const bytes = await inflateToMemory(whole, {
    format: 'deflate',
    start: dataStart,
    length: m.compressedSize,
    declaredSize: m.uncompressedSize,
    label: `zip member "${m.path}"`,
    onProgress: (d, t) => onProgress?.(d, t, 'inflate'),
  });
  if (bytes.length !== m.uncompressedSize) {
    throw new Error(
      `${fileName}: inflated ${bytes.length} bytes, the archive declares ${m.uncompressedSize} (corrupt member)`,
    );
  }
  return memorySource(bytes);
}

export async function parseOrigin(
  origin: FileOrigin,
  fileName: string,
  onProgress?: ProgressCallback,
): Promise<ParseOutcome> {
  try {
    let src = await openOrigin(origin, fileName, onProgress);
    const parseProgress = (d: number, t: number) => onProgress?.(d, t, 'parse');
    let r = await parseToBatch(src, fileName, { onProgress: parseProgress });
    let via = '';
    if (r.detected.kind === 'zip') {
      if (origin.kind === 'zip-member') {
        return {
          kind: 'unsupported',
          reason: 'zip archive inside a zip archive: extract the outer archive first',
        };
      }
      const listing = await listArchive(src);
      if (listing.refused) return { kind: 'failed', reason: listing.refused, container: 'zip' };
      return { kind: 'archive', members: listing.members, skipped: listing.skipped };
    }
    if (r.detected.kind === 'gzip') {
      const bytes = await inflateToMemory(src, {
        format: 'gzip',
        start: 0,
        length: src.size,
        label: 'gzip stream',
        onProgress: (d, t) => onProgress?.(d, t, 'inflate'),
      });
      src = memorySource(bytes);
      r = await parseToBatch(src, fileName, { onProgress: parseProgress });
      via = `gzip (${formatBytes(bytes.length)} inflated) → `;
      if (r.detected.kind === 'zip' || r.detected.kind === 'gzip') {
        return {
          kind: 'unsupported',
          reason: `gzip stream contains a ${r.detected.kind} archive: nested archives are not opened`,
        };
      }
    }
    const d = r.detected;
    if (d.kind === 'unknown') return { kind: 'unsupported', reason: via ? `${via}${d.reason}` : d.reason };
    if (d.kind === 'zip' || d.kind === 'gzip' || !r.batch || !r.summary) {
      return { kind: 'unsupported', reason: `${d.kind}: not parsed` };
    }
    return {
      kind: 'parsed',
      artifact: d.kind,
      detail: `${via}${d.detail}`,
      batch: r.batch,
      summary: r.summary,
      diagnostics: capDiagnostics(r.diagnostics, fileName),
      computer: r.computer,
    };
  } catch (e) {
    if (e instanceof InflateLimitError) return { kind: 'failed', reason: e.message };
    const err = e as Error;
    return {
      kind: 'failed',
      reason: err?.message ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(e),
    };
  }
}

/** One chunk range of an EVTX file, parsed into its own batch (see evtx-split.ts). */
export async function parseEvtxPartOf(
  origin: FileOrigin,
  fileName: string,
  part: EvtxPart,
  withHeader: boolean,
  onProgress?: ProgressCallback,
): Promise<EvtxPartOutcome> {
  const src = await openOrigin(origin, fileName, onProgress);
  return parseEvtxPart(src, fileName, part, {
    withHeader,
    onProgress: (d, t) => onProgress?.(d, t, 'parse'),
  });
}

/** Phase 1 of a split $MFT parse: one entry range's path columns (see mft-split.ts). */
export async function scanMftPartOf(
  origin: FileOrigin,
  fileName: string,
  layout: MftLayout,
  part: MftPart,
  onProgress?: ProgressCallback,
): Promise<MftScanOutcome> {
  const src = await openOrigin(origin, fileName, onProgress);
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
): Promise<MftPartOutcome> {
  const src = await openOrigin(origin, fileName, onProgress);
  return parseMftPart(src, fileName, layout, part, columns, {
    onProgress: (d, t) => onProgress?.(d, t, 'parse'),
  });
}

export async function recordDetailOf(
  deps: WorkerCoreDeps,
  origin: FileOrigin,
  fileName: string,
  recordOffset: number,
): Promise<string | null> {
  if (!deps.renderRecordXml) return null;
  let src = await openOrigin(origin, fileName);
  const head = await src.read(0, 2);
  if (head[0] === 0x1f && head[1] === 0x8b) {
    src = memorySource(
      await inflateToMemory(src, { format: 'gzip', start: 0, length: src.size, label: 'gzip stream' }),
    );
  }
  return deps.renderRecordXml(src, recordOffset, fileName);
}

/** Demo case as a zip with a KAPE-like layout (`<HOST>/C/Windows/...`). */
export function zipDemo(files: DemoFile[]): Uint8Array {
  const tree: Record<string, Uint8Array> = {};
  for (const f of files) tree[f.path.replace(/^\/+/, '')] = f.bytes;
  return zipSync(tree, { level: 6 });
}
