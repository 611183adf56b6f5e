// Helpers for tests that read ../shared/samples and run the Debian reference tools.
// Under CI=true a missing tool or sample folder is a failure; elsewhere the test is skipped
// with a clear message.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export { REPO_ROOT, SAMPLES } from '../cli/samples-dir';
import { SAMPLES } from '../cli/samples-dir';
export const IN_CI = process.env.CI === 'true';

export function hasTool(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

/** Throws under CI when something required is missing; returns false (skip) elsewhere. */
export function requireOrSkip(what: string, present: boolean): boolean {
  if (present) return true;
  if (IN_CI) throw new Error(`required for this test under CI but missing: ${what}`);
  console.warn(`SKIP: ${what} is missing on this machine`);
  return false;
}

export function sampleFiles(folder: string): string[] {
  const dir = join(SAMPLES, folder);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => !n.endsWith('.md'))
    .sort()
    .map((n) => join(dir, n));
}

/** Sample bytes, gunzipped when the stored file is gzip. */
export function sampleBytes(path: string): Uint8Array {
  const raw = readFileSync(path);
  const bytes = raw[0] === 0x1f && raw[1] === 0x8b ? gunzipSync(raw) : raw;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export function run(
  cmd: string,
  args: string[],
  opts: { maxBuffer?: number } = {},
): { stdout: string; stderr: string; status: number } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: opts.maxBuffer ?? 512 * 1024 * 1024 });
  return { stdout: r.stdout ?? '', stderr: r.stderr ?? '', status: r.status ?? -1 };
}

export { execFileSync };
