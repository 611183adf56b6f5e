// `tracelens bench prefetch [FOLDER] [--repeat N] [--tool-repeat N]`: files/s and MB/s of our prefetch
// parser over a folder of .pf files (default ../shared/samples/prefetch), LZXPRESS Huffman
// decompression MB/s over its MAM files, and Debian's `sccainfo` over the same folder in the same run.
// Our parser runs in-process on bytes read once; sccainfo is one process per file (that is how it
// is used), so its figure includes process start-up.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { decompressXpressHuffman } from '../../../parsers/prefetch/lzxpress-huffman';
import { prefetchParser } from '../../../parsers/prefetch/index';
import { type Diagnostic, memorySource } from '../../../parsers/types';

const DEFAULT_FOLDER = resolve(process.cwd(), '..', 'shared', 'samples', 'prefetch');

function option(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(name);
  if (i < 0 || i + 1 >= args.length) return fallback;
  const v = Number(args[i + 1]);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
}

const mb = (bytes: number, ms: number) => (bytes / 1048576 / (ms / 1000)).toFixed(1);
const perSec = (n: number, ms: number) => (n / (ms / 1000)).toFixed(0);

export async function benchPrefetch(args: string[], log: (line: string) => void): Promise<void> {
  const positional = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  const folder = resolve(positional[0] ?? DEFAULT_FOLDER);
  const repeat = option(args, '--repeat', 200);
  const toolRepeat = option(args, '--tool-repeat', 3);
  const paths = readdirSync(folder)
    .filter((n) => n.toLowerCase().endsWith('.pf'))
    .map((n) => join(folder, n))
    .filter((p) => statSync(p).isFile());
  if (paths.length === 0) {
    log(`bench prefetch: no .pf files in ${folder}`);
    return;
  }
  const files = paths.map((p) => ({ path: p, bytes: new Uint8Array(readFileSync(p)) }));
  const totalBytes = files.reduce((a, f) => a + f.bytes.length, 0);
  log(`bench prefetch: ${files.length} files, ${totalBytes} bytes in ${folder}`);

  let records = 0;
  const parseOnce = async () => {
    for (const f of files) {
      const diagnostics: Diagnostic[] = [];
      await prefetchParser.parse(memorySource(f.bytes), { fileName: f.path, diagnostics }, () => records++);
    }
  };
  await parseOnce();
  records = 0;
  let t0 = performance.now();
  let cpu0 = process.cpuUsage();
  for (let i = 0; i < repeat; i++) await parseOnce();
  const oursMs = performance.now() - t0;
  const oursCpuMs = cpuMs(process.cpuUsage(cpu0));
  log(
    `  tracelens parser : ${repeat} x ${files.length} files in ${oursMs.toFixed(0)} ms = ${perSec(repeat * files.length, oursMs)} files/s, ${mb(repeat * totalBytes, oursMs)} MB/s (input), ${records} records; CPU ${oursCpuMs.toFixed(0)} ms = ${mb(repeat * totalBytes, oursCpuMs)} MB/s`,
  );

  const mam = files
    .filter((f) => f.bytes[0] === 0x4d && f.bytes[1] === 0x41 && f.bytes[2] === 0x4d && f.bytes[3] === 4)
    .map((f) => ({ stream: f.bytes.subarray(8), size: new DataView(f.bytes.buffer).getUint32(4, true) }));
  if (mam.length > 0) {
    const outBytes = mam.reduce((a, m) => a + m.size, 0);
    const inBytes = mam.reduce((a, m) => a + m.stream.length, 0);
    let failures = 0;
    t0 = performance.now();
    cpu0 = process.cpuUsage();
    for (let i = 0; i < repeat; i++) {
      for (const m of mam) if (decompressXpressHuffman(m.stream, m.size).error) failures++;
    }
    const decMs = performance.now() - t0;
    const decCpuMs = cpuMs(process.cpuUsage(cpu0));
    log(
      `  LZXPRESS Huffman : ${repeat} x ${mam.length} MAM files in ${decMs.toFixed(0)} ms = ${mb(repeat * outBytes, decMs)} MB/s decompressed (${mb(repeat * inBytes, decMs)} MB/s compressed in), ${failures} failures; CPU ${mb(repeat * outBytes, decCpuMs)} MB/s decompressed`,
    );
  }

  const probe = spawnSync('sh', ['-c', 'command -v sccainfo']);
  if (probe.status !== 0) {
    log('  sccainfo         : not installed (apt install libscca-utils) - no reference figure');
    return;
  }
  let ok = 0;
  t0 = performance.now();
  for (let i = 0; i < toolRepeat; i++) {
    for (const f of files) if (spawnSync('sccainfo', [f.path], { stdio: 'ignore' }).status === 0) ok++;
  }
  const toolMs = performance.now() - t0;
  const toolCpu = toolCpuMs(
    files.map((f) => f.path),
    toolRepeat,
  );
  log(
    `  sccainfo         : ${toolRepeat} x ${files.length} files in ${toolMs.toFixed(0)} ms = ${perSec(toolRepeat * files.length, toolMs)} files/s, ${mb(toolRepeat * totalBytes, toolMs)} MB/s (input), ${ok / toolRepeat} files readable${toolCpu > 0 ? `; CPU ${toolCpu.toFixed(0)} ms = ${mb(toolRepeat * totalBytes, toolCpu)} MB/s` : ''}`,
  );
  const ratio = toolMs / toolRepeat / (oursMs / repeat);
  const cpuRatio =
    toolCpu > 0 ? ` (CPU time: ${(toolCpu / toolRepeat / (oursCpuMs / repeat)).toFixed(1)}x)` : '';
  log(`  speed-up         : ${ratio.toFixed(1)}x sccainfo wall clock${cpuRatio} (target >= 10x)`);
}

function cpuMs(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1000;
}

/** User+system CPU time (ms) of sccainfo children, from the shell's `times` builtin. */
function toolCpuMs(paths: string[], repeat: number): number {
  const script = `for i in $(seq ${repeat}); do for f in "$@"; do sccainfo "$f" >/dev/null 2>&1; done; done; times`;
  const r = spawnSync('bash', ['-c', script, 'bench', ...paths], { encoding: 'utf8' });
  const lines = (r.stdout ?? '').trim().split('\n');
  const children = lines[lines.length - 1]?.match(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/);
  if (!children) return -1;
  return (
    (Number(children[1]) * 60 + Number(children[2]) + Number(children[3]) * 60 + Number(children[4])) * 1000
  );
}
