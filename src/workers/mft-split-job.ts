// Client side of a split $MFT parse (mft-split.ts): phase 1 runs one pool job per entry range
// (path columns back, transferred), the columns are merged here, phase 2 runs one job per range
// again with the merged columns and the batches merge in entry order into the outcome a single
// parse would give. Progress is summed over the parts of both phases (each phase reads the file
// once: half of the bar each); one part's failure cancels the others; the caller's cancel
// reaches every part's job, so the pool terminates running workers and drops queued ones.
import * as Comlink from 'comlink';
import { blobSource } from '../ingest/blob-source';
import { detectMftLayout, type MftLayout } from '../parsers/mft/index';
import type { MftPathColumns } from '../parsers/mft/path-table';
import type { Diagnostic } from '../parsers/types';
import type { FileOrigin, ParseOutcome, ProgressCallback, WorkerApi } from './api';
import { capDiagnostics } from '../pipeline/cap-diagnostics';
import type { JobRunner } from './evtx-split-job';
import {
  hasMftSignature,
  MFT_HEAD_BYTES,
  type MftPart,
  type MftPartResult,
  type MftScanResult,
  mergeMftColumns,
  mergeMftParts,
  mftPartByteRange,
  planMftParts,
} from '../pipeline/mft-parts';
import type { JobResult } from './pool';

/** A planned split: the layout (from the first FILE header) and the entry ranges. */
export interface MftSplitPlan {
  layout: MftLayout;
  /** What reading the layout reported (a single parse reports the same first). */
  layoutDiagnostics: Diagnostic[];
  parts: MftPart[];
}

/**
 * Plans a split of `blob` across `poolSize` workers: null when the head is not a FILE record,
 * or when the file gives fewer than two parts. Reads the first 64 KiB at most.
 */
export async function planMftSplit(
  blob: Blob,
  fileName: string,
  poolSize: number,
): Promise<MftSplitPlan | null> {
  const head = new Uint8Array(await blob.slice(0, MFT_HEAD_BYTES).arrayBuffer());
  if (!hasMftSignature(head)) return null;
  const layoutDiagnostics: Diagnostic[] = [];
  const layout = await detectMftLayout(blobSource(blob), { fileName, diagnostics: layoutDiagnostics });
  const parts = planMftParts(layout, poolSize);
  return parts.length < 2 ? null : { layout, layoutDiagnostics, parts };
}

export interface MftSplitRequest extends MftSplitPlan {
  origin: FileOrigin;
  fileName: string;
  signal?: AbortSignal;
  /** Bytes done over both phases and all parts, of twice the parts' bytes. */
  onProgress?: (done: number, total: number) => void;
}

type PartCall<T> = (api: Comlink.Remote<WorkerApi>, part: MftPart, progress: ProgressCallback) => Promise<T>;

export async function runMftSplit(run: JobRunner, req: MftSplitRequest): Promise<JobResult<ParseOutcome>> {
  const { parts, layout } = req;
  const inner = new AbortController();
  const onOuterAbort = () => inner.abort();
  if (req.signal?.aborted) inner.abort();
  req.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const bytes = parts.map((p) => {
    const r = mftPartByteRange(p, layout);
    return r.end - r.start;
  });
  const phaseBytes = bytes.reduce((a, b) => a + b, 0);
  const done = [parts.map(() => 0), parts.map(() => 0)];
  let failure: string | null = null;

  const phase = async <T>(index: 0 | 1, name: string, call: PartCall<T>): Promise<JobResult<T[]>> => {
    const results = await Promise.all(
      parts.map(async (part, i) => {
        const r = await run(
          (api, heartbeat) =>
            call(
              api,
              part,
              Comlink.proxy((d: number, t: number, what: 'inflate' | 'parse') => {
                heartbeat(`${name}:${what}:${d}`);
                if (inner.signal.aborted || what !== 'parse') return;
                done[index][i] = Math.min(d, t, bytes[i]);
                const sum = done[0].reduce((a, b) => a + b, 0) + done[1].reduce((a, b) => a + b, 0);
                req.onProgress?.(sum, 2 * phaseBytes);
              }),
            ),
          inner.signal,
        );
        if (!r.ok && !r.aborted && failure === null) {
          failure = `entries ${part.firstEntry}–${part.endEntry - 1} (${name}): ${r.error}`;
          inner.abort();
        }
        return r;
      }),
    );
    if (req.signal?.aborted) return { ok: false, error: 'cancelled', aborted: true };
    if (failure !== null) return { ok: false, error: failure, aborted: false };
    const ok: T[] = [];
    for (const r of results) {
      if (!r.ok) return { ok: false, error: r.error, aborted: r.aborted };
      ok.push(r.value);
    }
    return { ok: true, value: ok };
  };

  try {
    const scans = await phase<MftScanResult>(0, 'path scan', (api, part, progress) =>
      api.scanMftPart(req.origin, req.fileName, layout, part, progress),
    );
    if (!scans.ok) return scans;
    const columns: MftPathColumns = mergeMftColumns(layout, scans.value);
    scans.value.length = 0;
    const decoded = await phase<MftPartResult>(1, 'entries', (api, part, progress) =>
      api.parseMftPart(req.origin, req.fileName, layout, part, columns, progress),
    );
    if (!decoded.ok) return decoded;
    const merged = mergeMftParts(req.fileName, layout, req.layoutDiagnostics, decoded.value);
    return {
      ok: true,
      value: {
        kind: 'parsed',
        artifact: 'mft',
        detail: `FILE record (entries parsed in ${parts.length} parts across workers)`,
        batch: merged.batch,
        summary: merged.summary,
        diagnostics: capDiagnostics(merged.diagnostics, req.fileName),
        computer: '',
      },
    };
  } catch (e) {
    return { ok: false, error: `could not merge the parts: ${(e as Error).message}`, aborted: false };
  } finally {
    req.signal?.removeEventListener('abort', onOuterAbort);
  }
}
