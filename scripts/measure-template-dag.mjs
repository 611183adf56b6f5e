// Measurement (not a test): hostile EVTX files whose one odd record is a template DAG (T0
// `<Data Name="x">A</Data>`, each Tk two instances of Tk-1, so 2^K nodes), between sound records,
// parsed by the built CLI. Prints, per file, wall time, peak RSS (the child's
// process.resourceUsage().maxRSS at exit, else the last /proc/PID/status VmHWM seen), output lines
// and the CLI's summary line. Files: K=16 with the repeated name `x`, K=22 with distinct names.
// Usage: npm run build:cli && node scripts/measure-template-dag.mjs [--cli PATH/bin/tracelens.mjs]
//   [--timeout SECONDS (default 180)] [--keep]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createServer } from 'vite';

const args = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const CLI = resolve(arg('--cli', 'bin/tracelens.mjs'));
const TIMEOUT_S = Number(arg('--timeout', '180'));
const KEEP = args.includes('--keep');

const server = await createServer({
  server: { middlewareMode: true },
  appType: 'custom',
  logLevel: 'silent',
});
const load = (p) => server.ssrLoadModule(p);
const { templateDag, dagEventSchema, soundEvent: sound } = await load('/src/writers/evtx/template-dag.ts');
const { writeEvtx } = await load('/src/writers/evtx/write-evtx.ts');
await server.close();

/** 20 sound records, the DAG record, 20 sound records (one chunk). */
function dagFile(k, distinct) {
  const dag = templateDag(k, distinct);
  const odd = { ...sound(1000), schema: dagEventSchema('dag', [dag[k]]), values: [] };
  const events = [];
  for (let i = 0; i < 20; i++) events.push(sound(i));
  events.push(odd);
  for (let i = 20; i < 40; i++) events.push(sound(i));
  return writeEvtx(events);
}

const RSS_HOOK =
  'data:text/javascript,import{writeSync}from"node:fs";process.on("exit",()=>writeSync(2,"maxRSS_KiB="+process.resourceUsage().maxRSS+"\\n"))';

function measure(path) {
  return new Promise((done) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(process.execPath, ['--import', RSS_HOOK, CLI, 'parse', path], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lines = 0;
    let err = '';
    let hwm = 0;
    child.stdout.on('data', (b) => {
      for (const c of b) if (c === 10) lines++;
    });
    child.stderr.on('data', (b) => {
      err += b;
    });
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) hwm = Math.max(hwm, Number(m[1]));
      } catch {}
    }, 100);
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, TIMEOUT_S * 1000);
    child.on('close', () => {
      clearInterval(poll);
      clearTimeout(timer);
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      const rss = /maxRSS_KiB=(\d+)/.exec(err);
      const peakKiB = rss ? Number(rss[1]) : hwm;
      const summary = err.split('\n').find((l) => /: evtx: \d+ ok/.test(l)) ?? '';
      done({ ms, peakKiB, lines, killed, summary: summary.replace(/^.*: evtx: /, '') });
    });
  });
}

const dir = mkdtempSync(join(tmpdir(), 'tracelens-dag-'));
try {
  const cases = [
    ['K=16, repeated name x', 'dag-k16-same.evtx', 16, false],
    ['K=22, distinct names', 'dag-k22-distinct.evtx', 22, true],
  ];
  console.log(`CLI ${CLI}; per-file kill after ${TIMEOUT_S} s`);
  for (const [label, name, k, distinct] of cases) {
    const path = join(dir, name);
    const bytes = dagFile(k, distinct);
    writeFileSync(path, bytes);
    const r = await measure(path);
    const time = r.killed ? `killed after ${(r.ms / 1000).toFixed(1)} s` : `${(r.ms / 1000).toFixed(2)} s`;
    console.log(
      `${label} (${bytes.length} bytes): wall ${time}, peak RSS ${(r.peakKiB / 1024).toFixed(0)} MiB, ${r.lines} output lines${r.summary ? `, ${r.summary}` : ''}`,
    );
  }
} finally {
  if (KEEP) console.log(`files kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
