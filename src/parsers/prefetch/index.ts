// Prefetch parser entry point: reads the whole .pf (they are small), decompresses MAM, parses SCCA
// versions 17/23/26/30/31 and emits one PrefetchRecord. Never throws for bad data.
import { readFully } from '../bytes/reader';
import { DiagnosticSink } from '../diagnostics';
import { type ArtifactParser, checkAbort, type ParseSummary } from '../types';
import { hashHex } from './hash';
import { parsePrefetchBytes } from './parse-prefetch';
import { type PrefetchRecord, prefetchToEvents, prefetchToJson } from './record';

export type { PrefetchRecord } from './record';
export type { PrefetchVolume } from './volumes';
export { parsePrefetchBytes } from './parse-prefetch';

/** Largest .pf we read (bytes); real ones are below 2 MiB. */
export const PREFETCH_MAX_FILE_SIZE = 64 * 1024 * 1024;

export const prefetchParser: ArtifactParser<PrefetchRecord> = {
  kind: 'prefetch',
  async parse(src, ctx, onRecord): Promise<ParseSummary> {
    const summary: ParseSummary = {
      artifact: 'prefetch',
      ok: 0,
      errors: 0,
      firstTimeMs: Number.NaN,
      lastTimeMs: Number.NaN,
      info: {},
    };
    checkAbort(ctx.signal);
    if (src.size > PREFETCH_MAX_FILE_SIZE) {
      DiagnosticSink.of(ctx).report(
        'error',
        -1,
        'file.size',
        `at most ${PREFETCH_MAX_FILE_SIZE} bytes for a prefetch file`,
        `${src.size}`,
      );
      summary.errors = 1;
      return summary;
    }
    const bytes = await readFully(src, 0, src.size);
    checkAbort(ctx.signal);
    const before = ctx.diagnostics.length;
    const rec = parsePrefetchBytes(bytes, ctx.fileName, ctx.diagnostics);
    ctx.onProgress?.(src.size, src.size);
    const errors = ctx.diagnostics.slice(before).filter((d) => d.severity === 'error').length;
    summary.errors = rec ? errors : Math.max(1, errors);
    if (!rec) return summary;
    summary.ok = 1;
    let first = Number.POSITIVE_INFINITY;
    let last = Number.NEGATIVE_INFINITY;
    for (const t of rec.lastRunTimes) {
      if (t.timeMs < first) first = t.timeMs;
      if (t.timeMs > last) last = t.timeMs;
    }
    if (Number.isFinite(first)) summary.firstTimeMs = first;
    if (Number.isFinite(last)) summary.lastTimeMs = last;
    summary.info = {
      version: rec.version,
      compressed: rec.compressed,
      executable: rec.executable,
      hash: hashHex(rec.hash),
      layout: rec.layout,
    };
    onRecord(rec);
    return summary;
  },
  toJson: prefetchToJson,
  toEvents: prefetchToEvents,
};
