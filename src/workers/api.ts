// Messages between the app and a parse worker. The worker exposes `WorkerApi` through comlink;
// big results travel as transferred typed arrays (EventsBatch columns, demo file bytes). What
// each call does lives in src/pipeline (parse-outcome.ts); this file only names the calls.
import type { FileOrigin } from '../ingest/open-artifact';
import type { MftLayout } from '../parsers/mft/index';
import type { MftPathColumns } from '../parsers/mft/path-table';
import type { EvtxPart, EvtxPartResult } from '../pipeline/evtx-parts';
import type { MftPart, MftPartResult, MftScanResult } from '../pipeline/mft-parts';
import type { ParseOutcome, ProgressCallback } from '../pipeline/parse-outcome';

export type { FileOrigin, ParseOutcome, ProgressCallback };

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
  ): Promise<EvtxPartResult>;
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
  ): Promise<MftScanResult>;
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
  ): Promise<MftPartResult>;
  /** Full record text (EVTX XML) for a row's record at `recordOffset`; null when not available. */
  recordDetail(origin: FileOrigin, fileName: string, recordOffset: number): Promise<string | null>;
  generateDemo(variant: string, scale: number): Promise<DemoFile[]>;
  /** The demo case as a zip in a KAPE-like layout. */
  demoZip(variant: string, scale: number): Promise<Uint8Array>;
}
