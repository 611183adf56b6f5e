// Benchmark (not a test): a large $MFT parsed with full paths in the browser's worker pool.
// Assembles an $MFT of --mb MiB (default 1024) in /tmp by repeating the records of a real sample
// with renumbered entries, base references and $FILE_NAME parent references (fixups undone and
// re-applied, as src/bench/mft-usn.ts does), opens the built dist/index.html in Chromium
// (Playwright), sets the file on the file input (a path, no copy), and polls the DOM until the
// file row is done. Reports wall time to "parsed" (set files -> row done), MB/s, entries and
// rows as the app shows them, how the file was split, and peak memory sampled every 250 ms:
// PSS and RSS summed over the Chromium processes (/proc smaps_rollup, the browser's process tree;
// PSS splits shared pages, RSS counts them once per process), the largest process, and the page's
// main-thread JS heap (CDP Performance.getMetrics; the parse workers live in the renderer process,
// so their heaps are inside its RSS, not in this figure). The load average (`uptime`) is printed
// before and after: the machine is shared.
// Usage: npm run build && node scripts/bench-mft-browser.mjs [--mb N] [--workers N] [--keep]
//   --workers N  overrides navigator.hardwareConcurrency in the page (1 = the single-job path).
import { execSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createServer } from 'vite';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(name);
  const v = i >= 0 ? Number(args[i + 1]) : Number.NaN;
  return Number.isFinite(v) && v > 0 ? v : fallback;
};
const TARGET = Math.floor(opt('--mb', 1024) * 1048576);
const WORKERS = opt('--workers', 0);
const SAMPLE = resolve('..', 'shared', 'samples', 'mft', 'ez-NIST-DFR-16__MFT.mft');
const DIST = resolve('dist', 'index.html');
if (!existsSync(DIST)) throw new Error('dist/index.html missing: run npm run build');

const server = await createServer({ server: { middlewareMode: true }, appType: 'custom', logLevel: 'error' });
const { readFileRecordHeader } = await server.ssrLoadModule('/src/parsers/mft/file-record.ts');
// Records renumbered as `npm run bench -- mft` assembles its file.
const { shiftedBlock } = await server.ssrLoadModule('/src/cli/commands/bench/mft-usn.ts');
const { parseToBatch } = await server.ssrLoadModule('/src/pipeline/parse-to-batch.ts');
const { openFileSource } = await server.ssrLoadModule('/src/cli/node-source.ts');
const { detectMftLayout, scanMftRange } = await server.ssrLoadModule('/src/parsers/mft/index.ts');

const sample = new Uint8Array(readFileSync(SAMPLE));
const rs = readFileRecordHeader(sample).allocatedSize;
const block = sample.subarray(0, Math.floor(sample.length / rs) * rs);
const perBlock = block.length / rs;
const path = join('/tmp', `tracelens-bench-browser-${process.pid}.mft`);
const fd = openSync(path, 'w');
let written = 0;
const tBuild = performance.now();
for (let k = 0; written < TARGET; k++) {
  const b = k === 0 ? block : shiftedBlock(block, rs, k * perBlock);
  writeSync(fd, b, 0, b.length, written);
  written += b.length;
}
closeSync(fd);
const mib = (n) => (n / 1048576).toFixed(0);
console.log(
  `assembled ${mib(written)} MiB $MFT (${written / rs} records of ${rs} bytes from ${SAMPLE}) in ${(performance.now() - tBuild).toFixed(0)} ms -> ${path}`,
);

/** Kilobytes of `key` in /proc/<pid>/smaps_rollup (Pss: shared pages split between sharers). */
function rollup(pid, key) {
  try {
    const m = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8').match(
      new RegExp(`^${key}:\\s+(\\d+) kB`, 'm'),
    );
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** RSS and PSS (bytes) summed over `root` and its descendants, and the largest single RSS. */
function treeMemory(root) {
  const children = new Map();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(d));
    } catch {
      /* process ended while reading */
    }
  }
  let rss = 0;
  let pss = 0;
  let largest = 0;
  const stack = [root];
  while (stack.length) {
    const p = stack.pop();
    const r = rollup(p, 'Rss');
    rss += r;
    pss += rollup(p, 'Pss');
    largest = Math.max(largest, r);
    for (const c of children.get(p) ?? []) stack.push(c);
  }
  return { rss, pss, largest };
}

const { chromium } = await import('@playwright/test');
const { CHROMIUM_ARGS, CHROMIUM_PATH } = await import('./chromium.mjs');
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: [...CHROMIUM_ARGS, `--tracelens-bench=${process.pid}`],
});
/** The browser process: the one whose command line carries our marker switch. */
function findBrowserPid() {
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
      if (cmd.includes(`--tracelens-bench=${process.pid}`) && !cmd.includes('--type=')) return Number(d);
    } catch {
      /* gone */
    }
  }
  return 0;
}
const browserPid = findBrowserPid();
try {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  if (WORKERS > 0) {
    await context.addInitScript(
      `Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => ${WORKERS} });`,
    );
  }
  const page = await context.newPage();
  await page.route(/^(https?|wss?|ftp):/i, (r) => r.abort());
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await page.goto(pathToFileURL(DIST).href);
  await page.getByRole('banner').waitFor();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const heapUsed = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  };
  const workers = await page.evaluate(() => navigator.hardwareConcurrency);
  const load0 = execSync('uptime').toString().trim();
  const none = { rss: 0, pss: 0, largest: 0 };
  const idle = browserPid ? treeMemory(browserPid) : none;
  const peak = { ...idle };
  let peakHeap = await heapUsed();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const m = browserPid ? treeMemory(browserPid) : none;
      peak.rss = Math.max(peak.rss, m.rss);
      peak.pss = Math.max(peak.pss, m.pss);
      peak.largest = Math.max(peak.largest, m.largest);
      try {
        peakHeap = Math.max(peakHeap, await heapUsed());
      } catch {
        /* page busy or closing */
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  })();
  const t0 = performance.now();
  await page.getByTestId('file-input').setInputFiles(path);
  const row = page.getByTestId('file-row');
  await row.waitFor();
  await page.waitForFunction(
    () => {
      const r = document.querySelector('[data-testid="file-row"]');
      const s = r?.getAttribute('data-state');
      return s === 'done' || s === 'failed' || s === 'cancelled' || s === 'unsupported';
    },
    null,
    { timeout: 3_600_000, polling: 200 },
  );
  const ms = performance.now() - t0;
  const parsePeak = { ...peak, heap: peakHeap };
  await page.waitForFunction(() => !document.querySelector('[data-testid="cancel-all"]'), null, {
    timeout: 600_000,
    polling: 200,
  });
  const settledMs = performance.now() - t0;
  // Keep sampling while the views' analysis worker takes its copy of the case table.
  await new Promise((r) => setTimeout(r, 8000));
  sampling = false;
  await sampler;
  const state = await row.getAttribute('data-state');
  const text = ((await row.textContent()) ?? '').replace(/\s+/g, ' ').trim();
  const detail = (await row.locator('td.path').getAttribute('title')) ?? '';
  const events = ((await page.getByTestId('summary-events').textContent()) ?? '').trim();
  const load1 = execSync('uptime').toString().trim();
  const line = (label, v) => console.log(`  ${label.padEnd(52)} ${v}`);
  console.log(`\n$MFT in the browser (Chromium ${browser.version()}, pool of ${workers} workers)`);
  line('file', `${mib(written)} MiB, ${written / rs} records`);
  line('state', state);
  line('row', text.slice(0, 160));
  line('detection / split', detail);
  line('events in the case (rows)', events);
  line('set files -> row done', `${ms.toFixed(0)} ms`);
  line('MB/s (file bytes / time to done)', (written / 1048576 / (ms / 1000)).toFixed(1));
  line('set files -> loading finished', `${settledMs.toFixed(0)} ms`);
  const after = browserPid ? treeMemory(browserPid) : none;
  const trio = (k) => `${mib(idle[k])} / ${mib(parsePeak[k])} / ${mib(peak[k])} / ${mib(after[k])} MiB`;
  line('memory columns', 'idle / peak until row done / peak until 8 s after / after');
  line('Chromium PSS, all processes', trio('pss'));
  line('Chromium RSS, all processes', trio('rss'));
  line('largest single process RSS', trio('largest'));
  line('memory sampling', 'every 250 ms from /proc/<pid>/smaps_rollup');
  line(
    'main-thread JS heap used: until done / peak (CDP)',
    `${mib(parsePeak.heap)} / ${mib(peakHeap)} MiB (sampled)`,
  );
  line('main-thread JS heap used, after', `${mib(await heapUsed())} MiB`);
  line('load before', load0);
  line('load after', load1);
  if (errors.length) line('page errors', errors.slice(0, 5).join(' | '));
} finally {
  await browser.close();
}
try {
  // The compact output for the same file, measured in Node: the path columns (pass 1) and the
  // columnar batch one parse gives (typed arrays up to their length + UTF-16 of its strings).
  const src = await openFileSource(path);
  const diagnostics = [];
  const layout = await detectMftLayout(src, { fileName: path, diagnostics });
  const cols = await scanMftRange(src, { fileName: path, diagnostics }, layout, 0, layout.entryCount);
  let colBytes = 0;
  for (const k of [
    'sequence',
    'state',
    'parentEntry',
    'parentSequence',
    'nameIndex',
    'nameRank',
    'baseEntry',
  ])
    colBytes += cols[k].byteLength;
  let nameChars = 0;
  for (const n of cols.names) nameChars += n.length;
  const t = performance.now();
  const r = await parseToBatch(src, path);
  const nodeMs = performance.now() - t;
  await src.close();
  const b = r.batch;
  let typed = 0;
  for (const [k, v] of Object.entries(b)) {
    if (!ArrayBuffer.isView(v)) continue;
    const n = k === 'fieldKey' || k === 'fieldValue' ? b.fieldsLength : b.length;
    typed += n * v.BYTES_PER_ELEMENT;
  }
  let chars = 0;
  for (const x of b.strings) chars += x.length;
  const line = (label, v) => console.log(`  ${label.padEnd(52)} ${v}`);
  console.log('\nCompact output of the same file (Node, one parseToBatch)');
  line(
    'path columns (pass 1)',
    `${mib(colBytes)} MiB typed arrays + ${cols.names.length} names (${mib(nameChars * 2)} MiB UTF-16)`,
  );
  line('batch', `${b.length} rows, ${b.fieldsLength} fields, ${b.strings.length} strings`);
  line('batch typed arrays / strings (UTF-16)', `${mib(typed)} MiB / ${mib(chars * 2)} MiB`);
  line('Node parseToBatch time (same load)', `${nodeMs.toFixed(0)} ms`);
} finally {
  await server.close();
  if (!args.includes('--keep')) unlinkSync(path);
}
