// Benchmark of the views' analysis core (not a test): builds synthetic events tables of 1M and
// 5M rows directly as columns (20% of rows are Sysmon 3 / 5156 / 5152 connection events of a
// port scan plus background traffic) and times what the views do per interaction:
// time order (once per case version), a filter change, the first streamed search results, a
// full search, the fan-out aggregation (once per version) and one heat-map re-binning (zoom).
// With --folder DIR (e.g. a `tracelens demo --scale 530 --out DIR` case of ~5.9M events) or
// --ui-only (built-in demo case), opens the built dist/index.html in Chromium (Playwright), drops
// the folder on the folder input (paths, no copy) and times in the page, with performance.now()
// and requestAnimationFrame polling until the DOM shows the result: first timeline render,
// scroll frame times (p50/p95/max over 180 frames of scrollbar moves, then of wheel steps) and
// scroll jumps, filter changes, search first results and completion, heat-map first render
// and metric redraws, the longest main-thread task of each, and memory (CDP JS heap, Chromium
// RSS). --profile adds the main thread's top self times of each step (build with
// `npx vite build --minify false` for readable names).
// Usage: node scripts/bench-views.mjs [rows...] [--ui | --ui-only | --folder DIR] [--profile]
// (default: the synthetic 1M and 5M analysis core only; run `npm run build` first for the UI)
// TypeScript sources are loaded through Vite's SSR module loader; nothing is written.
import { createServer } from 'vite';

const args = process.argv.slice(2);
const withUi = args.includes('--ui') || args.includes('--ui-only') || args.includes('--folder');
const folderAt = args.indexOf('--folder');
const folder = folderAt >= 0 ? args[folderAt + 1] : null;
const sizes = args
  .filter((_a, i) => i !== folderAt + 1 || folderAt < 0)
  .map(Number)
  .filter((n) => n > 0);
if (!sizes.length && !args.includes('--ui-only') && !folder) sizes.push(1_000_000, 5_000_000);

const server = await createServer({ server: { middlewareMode: true }, appType: 'custom', logLevel: 'error' });
const timeline = await server.ssrLoadModule('/src/analysis/timeline.ts');
const search = await server.ssrLoadModule('/src/analysis/search.ts');
const fanout = await server.ssrLoadModule('/src/analysis/fanout.ts');
const { HostRegistry } = await server.ssrLoadModule('/src/model/case.ts');
const core = await server.ssrLoadModule('/src/analysis/analysis-session.ts');

function lcg(seed) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function buildTable(n) {
  const r = lcg(42);
  const strings = [''];
  const index = new Map([['', 0]]);
  const intern = (s) => {
    let i = index.get(s);
    if (i === undefined) {
      i = strings.length;
      strings.push(s);
      index.set(s, i);
    }
    return i;
  };
  const FIELDS_PER_ROW = 8;
  const t = {
    length: n,
    timeMs: new Float64Array(n),
    tick: new Uint16Array(n),
    artifact: new Uint8Array(n),
    eventId: new Int32Array(n),
    source: new Uint32Array(n),
    computer: new Uint32Array(n),
    label: new Uint32Array(n),
    summary: new Uint32Array(n),
    ref: new Float64Array(n),
    offset: new Float64Array(n),
    fieldStart: new Uint32Array(n),
    fieldCount: new Uint16Array(n),
    fieldsLength: n * FIELDS_PER_ROW,
    fieldKey: new Uint32Array(n * FIELDS_PER_ROW),
    fieldValue: new Uint32Array(n * FIELDS_PER_ROW),
    strings,
    file: new Uint32Array(n),
    host: new Uint32Array(n),
  };
  const sysmon = intern('Microsoft-Windows-Sysmon/Operational');
  const security = intern('Security');
  const k = [
    'Image',
    'Protocol',
    'Initiated',
    'SourceIp',
    'SourcePort',
    'DestinationIp',
    'DestinationPort',
    'User',
  ].map(intern);
  const ks = [
    'Application',
    'Protocol',
    'Direction',
    'SourceAddress',
    'SourcePort',
    'DestAddress',
    'DestPort',
    'ProcessID',
  ].map(intern);
  const images = Array.from({ length: 400 }, (_, i) => intern(`C:\\Program Files\\App${i}\\app${i}.exe`));
  const nmap = intern('C:\\Tools\\nmap\\nmap.exe');
  const ws = intern('10.0.0.10');
  const srv = intern('10.0.0.20');
  const remotes = Array.from({ length: 300 }, (_, i) => intern(`192.0.2.${i % 250}`));
  const ports = Array.from({ length: 65536 }, (_, i) => String(i));
  const t0 = Date.UTC(2026, 9, 14, 8, 0, 0);
  for (let i = 0; i < n; i++) {
    t.timeMs[i] = t0 + Math.floor(r() * 4 * 3600_000);
    t.tick[i] = Math.floor(r() * 10000);
    t.host[i] = r() < 0.5 ? 0 : 1;
    t.computer[i] = intern(t.host[i] ? 'SRV01.corp.local' : 'WS01.corp.local');
    const f0 = i * FIELDS_PER_ROW;
    t.fieldStart[i] = f0;
    t.fieldCount[i] = FIELDS_PER_ROW;
    const conn = r() < 0.2;
    if (conn) {
      const scan = r() < 0.5;
      const sec = r() < 0.5;
      t.eventId[i] = sec ? (r() < 0.5 ? 5156 : 5152) : 3;
      t.source[i] = sec ? security : sysmon;
      t.host[i] = scan && t.eventId[i] === 5152 ? 1 : 0;
      const port = scan ? Math.floor(r() * 1000) + 1 : 443;
      const dst = scan ? srv : remotes[Math.floor(r() * remotes.length)];
      const keys = sec ? ks : k;
      const vals = [
        scan ? nmap : images[Math.floor(r() * images.length)],
        intern(sec ? '6' : 'tcp'),
        intern(sec ? (t.eventId[i] === 5152 ? '%%14592' : '%%14593') : 'true'),
        t.eventId[i] === 5152 ? ws : ws,
        intern(ports[40000 + Math.floor(r() * 20000)]),
        dst,
        intern(ports[port]),
        intern('CORP\\alice'),
      ];
      for (let j = 0; j < FIELDS_PER_ROW; j++) {
        t.fieldKey[f0 + j] = keys[j];
        t.fieldValue[f0 + j] = vals[j];
      }
      t.label[i] = intern('Network connection');
      t.summary[i] = intern(`${strings[vals[0]]} -> ${strings[dst]}:${port}`);
    } else {
      t.eventId[i] = 4624 + Math.floor(r() * 8);
      t.source[i] = security;
      for (let j = 0; j < FIELDS_PER_ROW; j++) {
        t.fieldKey[f0 + j] = k[j];
        t.fieldValue[f0 + j] =
          j === 0 ? images[Math.floor(r() * images.length)] : intern(`v${j}-${Math.floor(r() * 5000)}`);
      }
      t.label[i] = intern('Logon');
      t.summary[i] = intern(`logon ${Math.floor(r() * 200000)}`);
    }
  }
  return t;
}

function time(label, fn) {
  const a = performance.now();
  const v = fn();
  const ms = performance.now() - a;
  console.log(`  ${label.padEnd(44)} ${ms.toFixed(1).padStart(9)} ms`);
  return v;
}

for (const n of sizes) {
  console.log(`\n${n.toLocaleString('en-US')} rows`);
  const t = time('build synthetic table (not a view cost)', () => buildTable(n));
  console.log(
    `  strings ${t.strings.length.toLocaleString('en-US')}, fields ${t.fieldsLength.toLocaleString('en-US')}`,
  );
  const hosts = new HostRegistry();
  hosts.getOrAdd('WS01');
  hosts.getOrAdd('SRV01');
  const order = time('timeOrder (once per case version)', () => timeline.timeOrder(t));
  const all = order;
  time('search "10.0.0.20": first step with results', () => {
    const s = new search.TableSearch(t, all, '10.0.0.20');
    while (!s.step(20_000, 20_000) && s.progress().rows.length === 0) {}
    return s.progress().rows.length;
  });
  time('search "10.0.0.20": complete', () => search.searchRows(t, all, '10.0.0.20').length);
  const m = time('fan-out aggregation (once per case version)', () => fanout.buildFanout(t, hosts, order));
  console.log(`  connections ${m.length.toLocaleString('en-US')}, pairs ${m.pairs.length}`);
  time('heat-map re-binning (zoom, 200 buckets)', () => fanout.binFanout(m, m.span[0], m.span[1], 200));
  time('heat-map re-binning (zoom to 10 min)', () =>
    fanout.binFanout(m, m.span[0], m.span[0] + 600_000, 200),
  );
  time('port matrix', () => fanout.portMatrix(m));

  // The analysis worker's path (AnalysisSession, run here in Node): what a view waits for.
  const answers = [];
  const c = new core.AnalysisSession((a) => answers.push(a));
  const src = { table: t, hosts, hostsKey: 'k' };
  let sent = null;
  time('worker: sync in 64 Ki-row slices (both sides, one thread)', () => {
    for (;;) {
      const next = core.buildSync(sent, src, { rows: 65_536, strings: 32_768 });
      if (!next) break;
      sent = next.sent;
      c.handle(next.msg);
    }
  });
  let id = 1;
  const ask = (label, filter, timeRange = null, histRange = 'auto') => {
    const my = id++;
    time(label, () =>
      c.handle({ type: 'timeline', id: my, filter, timeRange, groupBy: 'artifact', maxBins: 160, histRange }),
    );
    const a = answers.find((x) => x.id === my);
    if (a?.type !== 'timeline') throw new Error(a?.message ?? 'no answer');
    return a;
  };
  const first = ask('worker: time index + first timeline answer (idle work)', {});
  console.log(`  rows ${first.rows.length.toLocaleString('en-US')}, hist ${first.hist?.bins} bins`);
  ask('worker: filter change: host + event id', { hosts: [0], eventIds: [3] });
  ask('worker: filter change: event id 5152', { eventIds: [5152] });
  ask('worker: filter change: process "nmap"', { process: 'nmap' });
  ask('worker: filter change: none (all rows)', {});
  const span = first.span;
  ask('worker: time range change (same filter)', {}, [span[0], span[0] + (span[1] - span[0]) / 3]);
  const evidence = Uint32Array.from({ length: 2000 }, (_, i) => (i * 2503) % n);
  ask('worker: explicit rows (2,000 linked rows)', { rows: evidence });
  const last = ask('worker: all rows again (for search)', {});
  for (const q of ['10.0.0.20', 'nmap.exe', 'no such text']) {
    time(`worker: search "${q}": first step with results`, () => {
      const s = new search.TableSearch(t, last.rows, q);
      while (!s.step(20_000, 20_000) && s.progress().rows.length === 0) {}
      return s.progress().rows.length;
    });
  }
}
await server.close();

if (withUi) {
  const { chromium } = await import('@playwright/test');
  const { CHROMIUM_ARGS, CHROMIUM_PATH } = await import('./chromium.mjs');
  const { pathToFileURL } = await import('node:url');
  const { resolve } = await import('node:path');
  const { execSync } = await import('node:child_process');
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--enable-precise-memory-info'],
  });
  // bypassCSP: the timing probes below build functions in the page (the app's CSP forbids eval).
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
  const page = await context.newPage();
  await page.route(/^(https?|wss?):/i, (r) => r.abort());
  page.on('pageerror', (e) => console.log(`  page error: ${e.message}`));
  await page.goto(pathToFileURL(resolve('dist/index.html')).href);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
    }).observe({ type: 'longtask' });
  });
  const line = (label, v) => console.log(`  ${label.padEnd(58)} ${v}`);
  const ms = (v) => `${Math.round(v).toLocaleString('en-US').padStart(9)} ms`;
  const t0 = Date.now();
  if (folder) {
    console.log(`\nUI with the folder ${folder} dropped on the folder input (paths, no copy)`);
    await page.getByTestId('folder-input').setInputFiles(folder);
  } else {
    console.log('\nUI with the built-in demo case');
    await page.getByTestId('load-demo').click();
  }
  await page.waitForTimeout(2000);
  await page.waitForFunction(
    () =>
      !document.querySelector(
        '[data-testid="file-row"][data-state="queued"], [data-testid="file-row"][data-state="parsing"], [data-testid="cancel-all"]',
      ),
    null,
    { timeout: 3_600_000, polling: 1000 },
  );
  // Ingestion may still append batches after the last file row settles: wait for a stable count.
  let total = '';
  for (let same = 0; same < 3; ) {
    await page.waitForTimeout(1000);
    const now = (await page.getByTestId('summary-events').textContent()) ?? '';
    same = now === total ? same + 1 : 0;
    total = now;
  }
  line(`load and parse (${total} events, not a view cost)`, ms(Date.now() - t0));
  await page.waitForTimeout(1000);

  // --profile: the main thread's top self times during each measured step.
  const profiling = args.includes('--profile');
  const profileStart = async () => {
    if (!profiling) return;
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
    await cdp.send('Profiler.start');
  };
  const profileStop = async () => {
    if (!profiling) return;
    const { profile } = await cdp.send('Profiler.stop');
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const self = new Map();
    profile.samples.forEach((id, i) => {
      const f = byId.get(id).callFrame;
      const k = `${f.functionName || '(anonymous)'} ${f.url.slice(-24)}:${f.lineNumber}`;
      self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0));
    });
    const top = [...self].sort((a, b) => b[1] - a[1]).slice(0, 12);
    for (const [k, us] of top) line(`    main-thread self time: ${k}`.slice(0, 58), ms(us / 1000));
  };
  // Runs `act` in the page, then polls every animation frame until `done` holds; returns the ms
  // from the action to the first frame where it holds, and the longest main-thread task meanwhile.
  const measure = async (label, act, done, arg) => {
    await profileStart();
    const r = await page.evaluate(
      async ({ act, done, arg }) => {
        const A = new Function('arg', `return (${act})(arg);`);
        const D = new Function('arg', `return (${done})(arg);`);
        const from = window.__longTasks.length;
        const start = performance.now();
        A(arg);
        await new Promise((resolve, reject) => {
          const tick = () => {
            if (D(arg)) resolve();
            else if (performance.now() - start > 600_000) reject(new Error('timeout'));
            else requestAnimationFrame(tick);
          };
          requestAnimationFrame(tick);
        });
        const elapsed = performance.now() - start;
        const longest = Math.max(0, ...window.__longTasks.slice(from).map((x) => x[1]));
        return { elapsed, longest };
      },
      { act: act.toString(), done: done.toString(), arg },
    );
    line(label, `${ms(r.elapsed)}   (longest main-thread task ${Math.round(r.longest)} ms)`);
    await profileStop();
    return r;
  };

  await measure(
    'open timeline tab -> first render with rows',
    () => {
      window.__openAt = performance.now();
      window.__firstRowsAt = undefined;
      document.querySelector('[data-testid="tab-timeline"]').click();
    },
    () => {
      const c = document.querySelector('[data-testid="timeline-count"]');
      if (window.__firstRowsAt === undefined && document.querySelector('.tlv-grid-row'))
        window.__firstRowsAt = performance.now();
      return (
        !!c &&
        / of /.test(c.textContent) &&
        c.getAttribute('data-busy') === 'false' &&
        !!document.querySelector('.tlv-grid-row')
      );
    },
  );
  const firstRows = await page.evaluate(() => (window.__firstRowsAt ?? Number.NaN) - window.__openAt);
  line('  first rows on screen (an answer may cover the indexed rows only)', ms(firstRows));
  const note = await page
    .getByTestId('histogram-window')
    .textContent({ timeout: 2000 })
    .catch(() => '(whole span, no note)');
  line('histogram window', note.slice(0, 200));
  const where = await page.locator('section[aria-label="Timeline"]').getAttribute('data-analysis');
  line('analysis runs in', where);
  const workerMs = async () => {
    const c = page.getByTestId('timeline-count');
    line('  of which computing the answer in the worker', `${await c.getAttribute('data-worker-ms')} ms`);
    line('  worker work before it', `${await c.getAttribute('data-worker-stats')}`);
  };
  await workerMs();

  // Scroll smoothness: 180 frames, each moves the grid body by 600 px.
  await profileStart();
  const scroll = await page.evaluate(async () => {
    const el = document.querySelector('.tlv-grid-body');
    const frames = [];
    let last = performance.now();
    for (let i = 0; i < 180; i++) {
      el.scrollTop += 600;
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      frames.push(now - last);
      last = now;
    }
    // Wheel steps of 100 px (the grid moves its unscaled offset itself in a very long list).
    const wheel = [];
    last = performance.now();
    for (let i = 0; i < 180; i++) {
      el.dispatchEvent(new WheelEvent('wheel', { deltaY: 100, bubbles: true, cancelable: true }));
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      wheel.push(now - last);
      last = now;
    }
    wheel.sort((a, b) => a - b);
    const jump = [];
    for (const f of [0.5, 0.9, 0.1, 1]) {
      const a = performance.now();
      el.scrollTop = f * (el.scrollHeight - el.clientHeight);
      await new Promise((r) => requestAnimationFrame(r));
      await new Promise((r) => requestAnimationFrame(r));
      jump.push(performance.now() - a);
    }
    frames.sort((a, b) => a - b);
    return {
      p50: frames[Math.floor(frames.length * 0.5)],
      p95: frames[Math.floor(frames.length * 0.95)],
      max: frames[frames.length - 1],
      jump: Math.max(...jump),
      wheel: [
        wheel[Math.floor(wheel.length * 0.5)],
        wheel[Math.floor(wheel.length * 0.95)],
        wheel[wheel.length - 1],
      ],
      rows: document.querySelectorAll('.tlv-grid-row').length,
    };
  });
  line(
    'scroll 180 frames x 600 px: frame time p50 / p95 / max',
    `${scroll.p50.toFixed(1)} / ${scroll.p95.toFixed(1)} / ${scroll.max.toFixed(1)} ms (${scroll.rows} rows in DOM)`,
  );
  await profileStop();
  line(
    'wheel 180 frames x 100 px: frame time p50 / p95 / max',
    `${scroll.wheel.map((v) => v.toFixed(1)).join(' / ')} ms`,
  );
  line('scroll jumps to 50%, 90%, 10%, end: worst two-frame time', ms(scroll.jump));

  const setInput = (label, value) =>
    `const el = [...document.querySelectorAll('section[aria-label="Timeline"] label')].find((l) => l.textContent.trim().startsWith(${JSON.stringify(label)}))?.querySelector('input');
     const set = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set;
     set.call(el, ${JSON.stringify(value)});
     el.dispatchEvent(new Event('input', { bubbles: true }));`;
  const settled = (arg) => {
    const c = document.querySelector('[data-testid="timeline-count"]');
    return c.getAttribute('data-busy') === 'false' && c.textContent !== arg;
  };
  const countText = () => page.getByTestId('timeline-count').textContent();
  let before = await countText();
  await measure(
    'filter change: event id 5152 -> rows shown',
    new Function(setInput('Event id', '5152')),
    settled,
    before,
  );
  line('  count', await countText());
  await workerMs();
  before = await countText();
  await measure(
    'filter change: event id cleared -> rows shown',
    new Function(setInput('Event id', '')),
    settled,
    before,
  );
  before = await countText();
  await measure(
    'filter change: process "nmap" -> rows shown',
    new Function(setInput('Process', 'nmap')),
    settled,
    before,
  );
  line('  count', await countText());
  before = await countText();
  await measure(
    'filter change: process cleared -> rows shown',
    new Function(setInput('Process', '')),
    settled,
    before,
  );
  await page.waitForTimeout(500);
  before = await countText();
  await measure(
    'search "nmap.exe": first results shown (incl. typing debounce)',
    new Function(setInput('Search', 'nmap.exe')),
    (arg) => {
      const c = document.querySelector('[data-testid="timeline-count"]');
      return c.textContent !== arg && !/^0 of/.test(c.textContent) && !/^computing/.test(c.textContent);
    },
    before,
  );
  await measure(
    'search "nmap.exe": complete',
    () => {},
    () => document.querySelector('[data-testid="timeline-count"]').getAttribute('data-busy') === 'false',
  );
  line('  count', await countText());
  await page.evaluate(new Function(setInput('Search', '')));
  await page.waitForTimeout(800);

  await measure(
    'open heat-map tab -> fan-out drawn (aggregation in the worker)',
    () => {
      document.querySelector('[data-testid="tab-heatmap"]').click();
    },
    () =>
      !!document.querySelector('[data-testid="heatmap-legend"]') ||
      !!document.querySelector('[data-testid="heatmap-empty"]'),
  );
  const summary = await page
    .getByTestId('heatmap-summary')
    .textContent()
    .catch(() => '(no connections)');
  line('  heat map', summary);
  for (const [metric, unit] of [
    ['Connections', 'connection events per'],
    ['Dropped packets', 'dropped packets'],
    ['Distinct ports', 'distinct destination ports per'],
  ]) {
    await measure(
      `heat map redraw: metric -> ${metric}`,
      new Function(
        `[...document.querySelectorAll('input[name="tlv-metric"]')].find((i) => i.parentElement.textContent.trim() === ${JSON.stringify(metric)}).click();`,
      ),
      (arg) => {
        const l = document.querySelector('[data-testid="heatmap-legend"]');
        if (!l?.textContent.includes(arg)) return false;
        if (!window.__drawn) {
          window.__drawn = true;
          return false;
        }
        window.__drawn = false;
        return true;
      },
      unit,
    );
  }
  const metrics = await cdp.send('Performance.getMetrics');
  const heap = metrics.metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0;
  line('main-thread JS heap used (CDP)', `${(heap / 1048576).toFixed(0)} MiB`);
  try {
    const rss = execSync("ps -C chromium -o rss= | awk '{s+=$1} END {print s}'").toString().trim();
    line('all Chromium processes RSS (ps)', `${(Number(rss) / 1024).toFixed(0)} MiB`);
  } catch {}
  await browser.close();
}
