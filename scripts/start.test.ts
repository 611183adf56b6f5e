// `npm start` on a machine without apt access: the start path must never reach apt-get,
// dpkg-query or sudo, and the server must answer. `npm test`'s setup still asks apt for the
// reference tools. Fake apt-get / dpkg-query / sudo on PATH record their calls and fail.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../src/testing/samples';

const work = mkdtempSync(join(tmpdir(), 'tracelens-start-'));
const bin = join(work, 'bin');
const calls = join(work, 'calls.log');
mkdirSync(bin);
for (const tool of ['apt-get', 'dpkg-query', 'sudo']) {
  const p = join(bin, tool);
  writeFileSync(p, `#!/bin/sh\necho "${tool} $*" >> "${calls}"\nexit 1\n`);
  chmodSync(p, 0o755);
}
const env = { ...process.env, PATH: `${bin}:${dirname(process.execPath)}:/usr/bin:/bin` };
const callLog = () => (existsSync(calls) ? readFileSync(calls, 'utf8') : '');

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm start without apt', () => {
  it('package.json starts through setup-start.sh, which never calls apt, dpkg or sudo', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.start).toBe('bash scripts/setup-start.sh && npm run build && node scripts/serve.mjs');
    rmSync(calls, { force: true });
    const r = spawnSync('bash', ['scripts/setup-start.sh'], { cwd: REPO_ROOT, env, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(callLog()).toBe('');
  });

  it('serves the built file and, with TRACELENS_SERVE_ONCE=1, exits after one answer', async () => {
    const dist = join(work, 'dist');
    mkdirSync(dist, { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>TraceLens</title>');
    const child = spawn(process.execPath, ['scripts/serve.mjs'], {
      cwd: REPO_ROOT,
      env: { ...env, PORT: '0', TRACELENS_DIST: dist, TRACELENS_SERVE_ONCE: '1' },
    });
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /http:\/\/127\.0\.0\.1:\d+\//.exec(out);
        if (m) resolve(m[0]);
      });
      child.once('exit', () => reject(new Error(`server exited before printing its URL: ${out}`)));
    });
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>TraceLens</title>');
    expect(await exited).toBe(0);
    expect(callLog()).toBe('');
  });

  it("npm test's setup still asks apt for the reference tools (and stops when apt fails)", () => {
    rmSync(calls, { force: true });
    const r = spawnSync('bash', ['scripts/setup.sh'], { cwd: REPO_ROOT, env, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    const log = callLog();
    expect(log).toMatch(/dpkg-query -W -f=\S+ chromium/);
    expect(log).toMatch(/(sudo )?apt-get update -qq/);
  });
});
