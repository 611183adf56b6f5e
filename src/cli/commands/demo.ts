// tracelens demo --out DIR [--variant NAME] [--scale N] [--seed N]
// Writes the built-in demo case (src/writers/scenario) host by host, so memory holds one host's
// files at a time, and reports sizes and timings on stderr.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DEMO_HOSTS, DEMO_VARIANTS } from '../../writers/scenario/demo-scenario';
import { generateDemoHost } from '../../writers/scenario/demo-case';

const USAGE = `usage: tracelens demo --out DIR [--variant NAME] [--scale N] [--seed N]
variants: ${DEMO_VARIANTS.map((v) => v.id).join(', ')}`;

function takeFlag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
}

function mb(n: number): string {
  return `${(n / 1048576).toFixed(1)} MB`;
}

export async function runDemo(args: string[], stderr: (s: string) => void): Promise<number> {
  const rest = [...args];
  const out = takeFlag(rest, '--out');
  const variant = takeFlag(rest, '--variant') ?? 'default';
  const scaleText = takeFlag(rest, '--scale') ?? '1';
  const seedText = takeFlag(rest, '--seed');
  if (rest.includes('--help') || rest.includes('-h')) {
    stderr(USAGE);
    return 0;
  }
  if (!out || rest.length > 0) {
    stderr(
      rest.length > 0
        ? `unexpected arguments: ${rest.join(' ')}\n${USAGE}`
        : `--out DIR is required\n${USAGE}`,
    );
    return 2;
  }
  if (!DEMO_VARIANTS.some((v) => v.id === variant)) {
    stderr(`unknown --variant ${variant}\n${USAGE}`);
    return 2;
  }
  const scale = Number(scaleText);
  if (!Number.isFinite(scale) || scale <= 0) {
    stderr(`--scale must be a positive number, got ${scaleText}`);
    return 2;
  }
  const seed = seedText === undefined ? undefined : Number(seedText);
  if (seed !== undefined && !Number.isInteger(seed)) {
    stderr(`--seed must be an integer, got ${seedText}`);
    return 2;
  }
  const t0 = performance.now();
  let total = 0;
  let count = 0;
  for (const host of DEMO_HOSTS) {
    const h0 = performance.now();
    const files = generateDemoHost(host, { variant, scale, seed });
    const generatedMs = performance.now() - h0;
    let hostBytes = 0;
    for (const f of files) {
      const path = join(out, ...f.path.split('/'));
      await mkdir(dirname(path), { recursive: true });
      await writeFile(path, f.bytes);
      hostBytes += f.bytes.length;
      if (!f.path.includes('/Prefetch/') || f.bytes.length > 1 << 20)
        stderr(`  ${f.path}  ${mb(f.bytes.length)}`);
    }
    const pf = files.filter((f) => f.path.includes('/Prefetch/')).length;
    stderr(
      `${host}: ${files.length} files (${pf} prefetch), ${mb(hostBytes)}; generated in ${(generatedMs / 1000).toFixed(1)} s, written in ${((performance.now() - h0 - generatedMs) / 1000).toFixed(1)} s`,
    );
    total += hostBytes;
    count += files.length;
  }
  const secs = (performance.now() - t0) / 1000;
  stderr(
    `demo case '${variant}' (scale ${scale}): ${count} files, ${mb(total)} in ${secs.toFixed(1)} s -> ${out}`,
  );
  return 0;
}
