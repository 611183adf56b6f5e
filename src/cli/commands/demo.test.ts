import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDemoCase } from '../../writers/scenario/demo-case';
import { runDemo } from './demo';

const dir = mkdtempSync(join(tmpdir(), 'tracelens-demo-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function listFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(root, p).split('\\').join('/'));
    }
  };
  walk(root);
  return out.sort();
}

describe('tracelens demo', () => {
  it('writes exactly the files generateDemoCase returns, byte for byte', async () => {
    const lines: string[] = [];
    const out = join(dir, 'no-sysmon');
    const code = await runDemo(['--out', out, '--variant', 'no-sysmon', '--seed', '5'], (s) => lines.push(s));
    expect(code).toBe(0);
    const expected = generateDemoCase({ variant: 'no-sysmon', seed: 5 });
    expect(listFiles(out)).toEqual(expected.map((f) => f.path).sort());
    for (const f of expected)
      expect(Buffer.compare(readFileSync(join(out, f.path)), Buffer.from(f.bytes)), f.path).toBe(0);
    expect(lines.at(-1)).toMatch(/demo case 'no-sysmon' \(scale 1\): \d+ files, [\d.]+ MB in [\d.]+ s/);
    expect(lines.some((l) => l.startsWith('WS01: ') && l.includes('generated in'))).toBe(true);
  });

  it('rejects a missing --out, an unknown variant and a bad scale', async () => {
    const err: string[] = [];
    expect(await runDemo([], (s) => err.push(s))).toBe(2);
    expect(await runDemo(['--out', dir, '--variant', 'nope'], (s) => err.push(s))).toBe(2);
    expect(await runDemo(['--out', dir, '--scale', '-1'], (s) => err.push(s))).toBe(2);
    expect(err.join('\n')).toMatch(
      /--out DIR is required[\s\S]*unknown --variant nope[\s\S]*--scale must be a positive number/,
    );
  });

  it.runIf(process.env.TRACELENS_DEMO_BENCH)(
    'bench: writes a large case (TRACELENS_DEMO_BENCH=scale)',
    async () => {
      const out = join(dir, 'bench');
      const t0 = performance.now();
      const code = await runDemo(['--out', out, '--scale', String(process.env.TRACELENS_DEMO_BENCH)], (s) =>
        console.log(s),
      );
      expect(code).toBe(0);
      const bytes = listFiles(out).reduce((n, f) => n + statSync(join(out, f)).size, 0);
      console.log(
        `bench: ${(bytes / 1e9).toFixed(2)} GB in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
      );
      rmSync(out, { recursive: true, force: true });
    },
    3_600_000,
  );
});
