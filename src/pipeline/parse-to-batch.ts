// Parses a detected artifact into a columnar batch: the parser for its kind, every timeline row
// into an EventsBuilder, and the most frequent EVTX Computer (the file's host name). The parse
// worker and the CLI both call it after ingest/open-artifact.ts has detected the kind; it is
// pure (no DOM, no worker) and tested in Node.
import { EventsBuilder, type EventsBatch } from '../model/events-table';
import { PARSERS } from '../parsers/registry';
import type { ArtifactKind, ByteSource, Diagnostic, ParseSummary } from '../parsers/types';

export interface ParseJobResult {
  batch: EventsBatch;
  summary: ParseSummary;
  diagnostics: Diagnostic[];
  /** Most frequent EVTX Computer, '' for other artifacts. */
  computer: string;
}

export interface ParseJobOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  readSize?: number;
}

export async function parseToBatch(
  src: ByteSource,
  kind: ArtifactKind,
  fileName: string,
  opts: ParseJobOptions = {},
): Promise<ParseJobResult> {
  const parser = PARSERS[kind];
  const builder = new EventsBuilder();
  const diagnostics: Diagnostic[] = [];
  const computers = new Map<string, number>();
  const summary = await parser.parse(
    src,
    { fileName, diagnostics, signal: opts.signal, onProgress: opts.onProgress, readSize: opts.readSize },
    (rec) =>
      parser.toEvents(rec, (e) => {
        builder.add(e);
        if (e.computer) computers.set(e.computer, (computers.get(e.computer) ?? 0) + 1);
      }),
  );
  let computer = '';
  let best = 0;
  for (const [c, n] of computers) {
    if (n > best) {
      best = n;
      computer = c;
    }
  }
  return { batch: builder.finish(), summary, diagnostics, computer };
}
