// EVTX benchmark: builds a large valid EVTX by copying the real chunks of the samples behind one
// fixed file header (chunk count, last chunk number and header CRC fixed up), then times our parser
// single-threaded and across N worker threads, and the reference tools (evtxexport, evtx_dump.py)
// on a smaller file built the same way, all in the same run.
//
//   benchEvtx(['--size-mb', '200', '--small-mb', '16', '--workers', '2', '--file', 'x.evtx',
//              '--samples', '../shared/samples/evtx'], log)
//
// Workers: each worker imports `moduleUrl` (this module, or the bundle that contains it) and calls
// evtxBenchWorker(workerData). The CLI can pass `--module-url` when import.meta.url is not
// importable without side effects.
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { openFileSource } from '../../node-source';
import { crc32 } from '../../../parsers/bytes/crc32';
import {
  type EvtxRangeStats,
  evtxParser,
  mergeEvtxStats,
  newStats,
  parseEvtxChunks,
  planEvtxChunks,
} from '../../../parsers/evtx/index';
import type { Diagnostic } from '../../../parsers/types';
import { SAMPLES } from '../../samples-dir';

const CHUNK = 65536;
const HEADER = 4096;

export interface EvtxBenchWorkerData {
  path: string;
  firstChunk: number;
  endChunk: number;
  /** Touch every record's data the way toJson does (materialise values). */
  touch: boolean;
}

/** Worker body: parses a chunk range of `path`, returns counts. */
export async function evtxBenchWorker(
  data: EvtxBenchWorkerData,
): Promise<{ stats: EvtxRangeStats; ms: number }> {
  const src = await openFileSource(data.path);
  const t0 = performance.now();
  let sink = 0;
  const stats = await parseEvtxChunks(
    src,
    { fileName: data.path, diagnostics: [] },
    data.firstChunk,
    data.endChunk,
    (r) => {
      if (data.touch) sink += JSON.stringify(evtxParser.toJson(r, data.path)).length;
    },
  );
  await src.close();
  touchedBytes += sink;
  return { stats, ms: performance.now() - t0 };
}

/** Copies every valid, non-empty chunk of the EVTX samples until `targetBytes`; returns chunk count. */
export function buildBigEvtx(out: string, targetBytes: number, sampleDir = join(SAMPLES, 'evtx')): number {
  const chunks: Uint8Array[] = [];
  let header: Uint8Array | null = null;
  for (const name of readdirSync(sampleDir).sort()) {
    if (!name.endsWith('.evtx')) continue;
    const b = new Uint8Array(readFileSync(join(sampleDir, name)));
    if (header === null) header = b.slice(0, HEADER);
    for (let o = HEADER; o + CHUNK <= b.length; o += CHUNK) {
      const c = b.subarray(o, o + CHUNK);
      const sig = String.fromCharCode(...c.subarray(0, 8));
      if (sig !== 'ElfChnk\0') continue;
      const crc = crc32(c, 128, 512, crc32(c, 0, 120));
      const stored = (c[124] | (c[125] << 8) | (c[126] << 16) | (c[127] << 24)) >>> 0;
      if (crc !== stored) continue;
      chunks.push(c);
    }
  }
  if (header === null || chunks.length === 0) throw new Error(`no EVTX chunks found in ${sampleDir}`);
  const count = Math.max(1, Math.floor((targetBytes - HEADER) / CHUNK));
  const h = header.slice();
  const dv = new DataView(h.buffer);
  dv.setBigUint64(8, 0n, true);
  dv.setBigUint64(16, BigInt(count - 1), true);
  dv.setUint16(42, Math.min(count, 0xffff), true);
  dv.setUint32(120, 0, true);
  dv.setUint32(124, crc32(h, 0, 120), true);
  const fd = openSync(out, 'w');
  writeSync(fd, h);
  for (let i = 0; i < count; i++) writeSync(fd, chunks[i % chunks.length]);
  closeSync(fd);
  return count;
}

function arg(args: string[], name: string, dflt: string): string {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : dflt;
}

function mbps(bytes: number, ms: number): string {
  return (bytes / 1e6 / (ms / 1000)).toFixed(1);
}

/** Bytes of JSON produced when records are touched (keeps the work observable). */
export let touchedBytes = 0;

async function singleThread(
  path: string,
  touch: boolean,
): Promise<{ ms: number; cpuMs: number; records: number; errors: number }> {
  const src = await openFileSource(path);
  const diagnostics: Diagnostic[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const summary = await evtxParser.parse(src, { fileName: path, diagnostics }, (r) => {
    if (touch) touchedBytes += JSON.stringify(evtxParser.toJson(r, path)).length;
  });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  await src.close();
  return { ms, cpuMs: (cpu.user + cpu.system) / 1000, records: summary.ok, errors: summary.errors };
}

async function multiThread(path: string, workers: number, moduleUrl: string, touch: boolean) {
  const src = await openFileSource(path);
  const plan = await planEvtxChunks(src);
  await src.close();
  const per = Math.ceil(plan.chunkCount / workers);
  const t0 = performance.now();
  const results = await Promise.all(
    Array.from({ length: workers }, (_, w) => {
      const data: EvtxBenchWorkerData = {
        path,
        firstChunk: w * per,
        endChunk: Math.min(plan.chunkCount, (w + 1) * per),
        touch,
      };
      return new Promise<{ stats: EvtxRangeStats; ms: number }>((resolve, reject) => {
        const worker = new Worker(
          `import(${JSON.stringify(moduleUrl)}).then(async (m) => { const { parentPort, workerData } = await import('node:worker_threads'); parentPort.postMessage(await m.evtxBenchWorker(workerData)); });`,
          { eval: true, workerData: data },
        );
        worker.once('message', (m) => {
          resolve(m);
          void worker.terminate();
        });
        worker.once('error', reject);
      });
    }),
  );
  const ms = performance.now() - t0;
  const stats = results.reduce((a, r) => mergeEvtxStats(a, r.stats), newStats());
  return { ms, records: stats.ok, workerMs: results.map((r) => r.ms) };
}

function timeTool(cmd: string, args: string[], timeoutMs: number): { ms: number; ok: boolean; note: string } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: timeoutMs,
    maxBuffer: 1 << 30,
  });
  const ms = performance.now() - t0;
  if (r.error) return { ms, ok: false, note: String(r.error.message) };
  if (r.signal) return { ms, ok: false, note: `killed by ${r.signal} (timeout ${timeoutMs / 1000} s)` };
  return { ms, ok: r.status === 0, note: r.status === 0 ? '' : `exit ${r.status}` };
}

function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

export async function benchEvtx(args: string[], log: (line: string) => void): Promise<void> {
  const sizeMb = Number(arg(args, '--size-mb', '200'));
  const smallMb = Number(arg(args, '--small-mb', '16'));
  const workers = Number(arg(args, '--workers', '2'));
  const toolTimeout = Number(arg(args, '--tool-timeout-s', '300')) * 1000;
  const moduleUrl = arg(args, '--module-url', import.meta.url);
  const given = arg(args, '--file', '');
  const samples = arg(args, '--samples', join(SAMPLES, 'evtx'));
  const dir = mkdtempSync(join(tmpdir(), 'tracelens-bench-evtx-'));
  try {
    let big = given;
    if (!big) {
      big = join(dir, 'big.evtx');
      const n = buildBigEvtx(big, sizeMb * 1e6, samples);
      log(`built ${big}: ${n} chunks, ${statSync(big).size} bytes, from real sample chunks`);
    }
    const bigBytes = statSync(big).size;
    await singleThread(big, false);
    const st = await singleThread(big, false);
    log(
      `ours, 1 thread, parse only:     ${mbps(bigBytes, st.ms)} MB/s, ${(st.records / (st.ms / 1000)).toFixed(0)} records/s (${st.records} records, ${st.errors} errors, ${st.ms.toFixed(0)} ms wall; ${mbps(bigBytes, st.cpuMs)} MB per CPU-second)`,
    );
    const stj = await singleThread(big, true);
    log(
      `ours, 1 thread, + toJson:       ${mbps(bigBytes, stj.ms)} MB/s, ${(stj.records / (stj.ms / 1000)).toFixed(0)} records/s`,
    );
    if (workers > 1) {
      const mt = await multiThread(big, workers, moduleUrl, false);
      log(
        `ours, ${workers} workers, parse only:   ${mbps(bigBytes, mt.ms)} MB/s, ${(mt.records / (mt.ms / 1000)).toFixed(0)} records/s (${mt.records} records; per-worker parse ms ${mt.workerMs.map((x) => x.toFixed(0)).join(', ')})`,
      );
    }
    log(
      `load average ${loadavg()
        .map((x) => x.toFixed(1))
        .join(' ')} on ${availableParallelism()} CPUs`,
    );
    log(
      `peak RSS so far: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (file ${(bigBytes / 1048576).toFixed(0)} MiB)`,
    );
    const small = join(dir, 'small.evtx');
    buildBigEvtx(small, smallMb * 1e6, samples);
    const smallBytes = statSync(small).size;
    const ours = await singleThread(small, false);
    log(`--- same run, smaller file ${small} (${(smallBytes / 1e6).toFixed(1)} MB):`);
    log(
      `ours, 1 thread:  ${mbps(smallBytes, ours.ms)} MB/s (${ours.ms.toFixed(0)} ms, ${ours.records} records)`,
    );
    for (const [cmd, toolArgs] of [
      ['evtxexport', ['-f', 'xml', small]],
      ['evtx_dump.py', [small]],
    ] as [string, string[]][]) {
      if (!hasTool(cmd)) {
        log(`${cmd}: not installed`);
        continue;
      }
      const t = timeTool(cmd, toolArgs, toolTimeout);
      log(
        `${cmd}: ${t.ok ? `${mbps(smallBytes, t.ms)} MB/s (${(t.ms / 1000).toFixed(1)} s)` : `failed: ${t.note} after ${(t.ms / 1000).toFixed(1)} s`}`,
      );
    }
  } finally {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
}
