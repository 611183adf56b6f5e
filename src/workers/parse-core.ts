// The pure core of a parse job: detect by content, run the parser, collect timeline rows into a
// columnar batch. The worker entry and the CLI both call this; it is tested without any worker.
import { EventsBuilder, type EventsBatch } from '../model/events-table';
import { type Detected, detect } from '../parsers/detect';
import { PARSERS } from '../parsers/registry';
import type { ByteSource, Diagnostic, ParseSummary } from '../parsers/types';

export interface ParseJobResult {
  detected: Detected;
  batch: EventsBatch | null;
  summary: ParseSummary | null;
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
  fileName: string,
  opts: ParseJobOptions = {},
): Promise<ParseJobResult> {
  const detected = await detect(src);
  if (detected.kind === 'unknown' || detected.kind === 'zip' || detected.kind === 'gzip') {
    return { detected, batch: null, summary: null, diagnostics: [], computer: '' };
  }
  const parser = PARSERS[detected.kind];
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
  return { detected, batch: builder.finish(), summary, diagnostics, computer };
}
