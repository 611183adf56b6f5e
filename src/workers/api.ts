// Messages between the app and a parse worker. The worker exposes `WorkerApi` through comlink;
// big results travel as transferred typed arrays (EventsBatch columns, demo file bytes).
import type { EventsBatch } from '../model/events-table';
import type { ArchiveMember } from '../ingest/zip-directory';
import type { ArtifactKind, Diagnostic, ParseSummary } from '../parsers/types';
import type { MftLayout } from '../parsers/mft/index';
import type { MftPathColumns } from '../parsers/mft/path-table';
import type { EvtxPart, EvtxPartResult } from './evtx-split';
import type { MftPart, MftPartResult, MftScanResult } from './mft-split';

/** Where a file's bytes come from. The worker reads them itself with Blob.slice. */
export type FileOrigin =
  | { kind: 'blob'; blob: Blob }
  /** A member of a zip archive that is itself `blob`. */
  | { kind: 'zip-member'; blob: Blob; member: ArchiveMember };

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

/** One chunk range of a large EVTX file: its own batch, statistics and diagnostics. */
export type EvtxPartOutcome = EvtxPartResult;

/** Phase 1 of a split $MFT parse: one entry range's path columns (typed arrays transferred). */
export type MftScanOutcome = MftScanResult;
/** Phase 2 of a split $MFT parse: one entry range's batch, counts and diagnostics. */
export type MftPartOutcome = MftPartResult;

export interface DemoFile {
  path: string;
  bytes: Uint8Array;
}

export interface WorkerApi {
  ping(): Promise<'pong'>;
  parse(origin: FileOrigin, fileName: string, onProgress?: ProgressCallback): Promise<ParseOutcome>;
  /**
   * Chunks [part.firstChunk, part.endChunk) of an EVTX file; `withHeader` also reads the file
   * header (one part per file does). Progress is bytes of this part's range. Throws on I/O errors.
   */
  parseEvtxPart(
    origin: FileOrigin,
    fileName: string,
    part: EvtxPart,
    withHeader: boolean,
    onProgress?: ProgressCallback,
  ): Promise<EvtxPartOutcome>;
  /**
   * Phase 1 of a split $MFT parse: entries [part.firstEntry, part.endEntry) scanned into path
   * columns. Progress is bytes of this part's range. Throws on I/O errors.
   */
  scanMftPart(
    origin: FileOrigin,
    fileName: string,
    layout: MftLayout,
    part: MftPart,
    onProgress?: ProgressCallback,
  ): Promise<MftScanOutcome>;
  /**
   * Phase 2 of a split $MFT parse: the same range decoded into rows, paths taken from `columns`
   * (the whole file's, merged from phase 1). Progress is bytes of this part's range.
   */
  parseMftPart(
    origin: FileOrigin,
    fileName: string,
    layout: MftLayout,
    part: MftPart,
    columns: MftPathColumns,
    onProgress?: ProgressCallback,
  ): Promise<MftPartOutcome>;
  /** Full record text (EVTX XML) for a row's record at `recordOffset`; null when not available. */
  recordDetail(origin: FileOrigin, fileName: string, recordOffset: number): Promise<string | null>;
  /** Whether the demo generator is part of this build. */
  demoAvailable(): Promise<{ available: boolean; variants: string[] }>;
  generateDemo(variant: string, scale: number): Promise<DemoFile[]>;
  /** The demo case as a zip in a KAPE-like layout. */
  demoZip(variant: string, scale: number): Promise<Uint8Array>;
}
