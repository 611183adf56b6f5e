// Client side of a split EVTX parse: one pool job per chunk range (evtx-split.ts), progress summed
// over the parts, one part's failure cancels the others, and the parts merge in chunk order into
// the outcome a single parse would give. Cancel (the caller's signal) reaches every part's job,
// so the pool terminates each running part's worker and drops the queued ones.
import * as Comlink from 'comlink';
import type { FileOrigin, ParseOutcome } from './api';
import { capDiagnostics } from '../pipeline/cap-diagnostics';
import { type EvtxPart, type EvtxPartResult, mergeEvtxParts, partByteRange } from '../pipeline/evtx-parts';
import type { JobResult, JobTask } from './pool';

export type JobRunner = <T>(task: JobTask<T>, signal?: AbortSignal) => Promise<JobResult<T>>;

export interface EvtxSplitRequest {
  origin: FileOrigin;
  fileName: string;
  /** File size (bytes). */
  size: number;
  parts: EvtxPart[];
  signal?: AbortSignal;
  /** Bytes done over all parts, of all parts' bytes. */
  onProgress?: (done: number, total: number) => void;
}

export async function runEvtxSplit(run: JobRunner, req: EvtxSplitRequest): Promise<JobResult<ParseOutcome>> {
  const { parts, size } = req;
  const inner = new AbortController();
  const onOuterAbort = () => inner.abort();
  if (req.signal?.aborted) inner.abort();
  req.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const ranges = parts.map((p) => partByteRange(p, size));
  const total = ranges.reduce((n, r) => n + (r.end - r.start), 0);
  const done = parts.map(() => 0);
  let failure: { error: string } | null = null;
  try {
    const results = await Promise.all(
      parts.map(async (part, i) => {
        const task: JobTask<EvtxPartResult> = (api, heartbeat) =>
          api.parseEvtxPart(
            req.origin,
            req.fileName,
            part,
            i === 0,
            Comlink.proxy((d: number, t: number, phase: 'inflate' | 'parse') => {
              heartbeat(`${phase}:${d}`);
              if (inner.signal.aborted || phase !== 'parse') return;
              done[i] = Math.min(d, t);
              req.onProgress?.(
                done.reduce((a, b) => a + b, 0),
                total,
              );
            }),
          );
        const r = await run(task, inner.signal);
        if (!r.ok && !r.aborted && !failure) {
          failure = { error: `chunks ${part.firstChunk}–${part.endChunk - 1}: ${r.error}` };
          inner.abort();
        }
        return r;
      }),
    );
    if (req.signal?.aborted) return { ok: false, error: 'cancelled', aborted: true };
    const f = failure as { error: string } | null;
    if (f) return { ok: false, error: f.error, aborted: false };
    const ok: EvtxPartResult[] = [];
    for (const r of results) {
      if (!r.ok) return { ok: false, error: r.error, aborted: r.aborted };
      ok.push(r.value);
    }
    const merged = mergeEvtxParts(ok);
    return {
      ok: true,
      value: {
        kind: 'parsed',
        artifact: 'evtx',
        detail: `EVTX file header (chunks parsed in ${parts.length} parts across workers)`,
        batch: merged.batch,
        summary: merged.summary,
        diagnostics: capDiagnostics(merged.diagnostics, req.fileName),
        computer: merged.computer,
      },
    };
  } catch (e) {
    return { ok: false, error: `could not merge the parts: ${(e as Error).message}`, aborted: false };
  } finally {
    req.signal?.removeEventListener('abort', onOuterAbort);
  }
}
