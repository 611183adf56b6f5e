// Memory benchmark: peak RSS of parsing one large file into columns (`parseToBatch`, the worker's
// own core) against the size of the columnar output, in a fresh child process so the baseline is
// that process alone. By default the file is a 1 GiB EVTX assembled from the real sample chunks.
//
//   tracelens bench memory [--size-mb 1024] [--file path] [--samples dir]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openFileSource } from '../../node-source';
import { SAMPLES } from '../../samples-dir';
import { parseSource } from '../../../pipeline/parse-outcome';
import { buildBigEvtx } from './evtx';

export interface MemoryChildResult {
  file: string;
  bytes: number;
  rows: number;
  ms: number;
  /** Typed-array columns of the batch (bytes). */
  columnBytes: number;
  /** UTF-16 size of the batch's strings (bytes). */
  stringBytes: number;
  baselineRss: number;
  peakRss: number;
}

/** Runs in the child: parse, measure, print one JSON line. */
export async function memoryChild(file: string): Promise<MemoryChildResult> {
  const baselineRss = process.memoryUsage().rss;
  const src = await openFileSource(file);
  const t0 = performance.now();
  const r = await parseSource(src, file);
  const ms = performance.now() - t0;
  await src.close();
  let columnBytes = 0;
  let stringBytes = 0;
  let rows = 0;
  if (r.kind === 'parsed') {
    rows = r.batch.length;
    for (const v of Object.values(r.batch)) if (ArrayBuffer.isView(v)) columnBytes += v.byteLength;
    for (const s of r.batch.strings) stringBytes += s.length * 2;
  }
  return {
    file,
    bytes: src.size,
    rows,
    ms,
    columnBytes,
    stringBytes,
    baselineRss,
    peakRss: process.resourceUsage().maxRSS * 1024,
  };
}

function arg(args: string[], name: string, dflt: string): string {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
}

const MIB = 1024 * 1024;

export async function benchMemory(args: string[], log: (line: string) => void): Promise<void> {
  const child = arg(args, '--child', '');
  if (child) {
    log(JSON.stringify(await memoryChild(child)));
    return;
  }
  const sizeMb = Number(arg(args, '--size-mb', '1024'));
  const samples = arg(args, '--samples', join(SAMPLES, 'evtx'));
  const dir = mkdtempSync(join(tmpdir(), 'tracelens-bench-mem-'));
  try {
    let file = arg(args, '--file', '');
    if (!file) {
      file = join(dir, 'big.evtx');
      const n = buildBigEvtx(file, sizeMb * MIB, samples);
      log(`built ${file}: ${n} chunks, ${statSync(file).size} bytes, from real sample chunks`);
    }
    const cli = process.argv[1];
    const r = spawnSync(process.execPath, [cli, 'bench', 'memory', '--child', file], {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
    });
    if (r.status !== 0) {
      log(`child failed (exit ${r.status}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
      return;
    }
    const m = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as MemoryChildResult;
    const out = m.columnBytes + m.stringBytes;
    const over = m.peakRss - m.baselineRss;
    log(
      `memory, parse into columns: ${(m.bytes / MIB).toFixed(0)} MiB file, ${m.rows} rows in ${(m.ms / 1000).toFixed(1)} s (${(m.bytes / 1e6 / (m.ms / 1000)).toFixed(1)} MB/s)`,
    );
    log(
      `  output ${(out / MIB).toFixed(0)} MiB (columns ${(m.columnBytes / MIB).toFixed(0)} + strings ${(m.stringBytes / MIB).toFixed(0)}); peak RSS ${(m.peakRss / MIB).toFixed(0)} MiB over a ${(m.baselineRss / MIB).toFixed(0)} MiB baseline = ${(over / out).toFixed(2)}x the output`,
    );
  } finally {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
}
