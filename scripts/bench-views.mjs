// Benchmark of the views' analysis core (not a test): builds synthetic events tables of 1M and
// 5M rows directly as columns (20% of rows are Sysmon 3 / 5156 / 5152 connection events of a
// port scan plus background traffic) and times what the views do per interaction:
// time order (once per case version), a filter change, the first streamed search results, a
// full search, the fan-out aggregation (once per version) and one heat-map re-binning (zoom).
// Then, with --ui, opens the built dist/index.html in Chromium (Playwright), loads the demo case
// and times the views' interactions in the page (tab switch, filter change, first search results,
// heat-map metric redraw) with performance.now() around the DOM update.
// Usage: node scripts/bench-views.mjs [rows...] [--ui | --ui-only]   (default 1000000 5000000;
// run `npx vite build` first for the UI part)
// TypeScript sources are loaded through Vite's SSR module loader; nothing is written.
import { createServer } from 'vite';

const args = process.argv.slice(2);
const withUi = args.includes('--ui') || args.includes('--ui-only');
const sizes = args.map(Number).filter((n) => n > 0);
if (!sizes.length && !args.includes('--ui-only')) sizes.push(1_000_000, 5_000_000);

const server = await createServer({ server: { middlewareMode: true }, appType: 'custom', logLevel: 'error' });
const timeline = await server.ssrLoadModule('/src/analysis/timeline.ts');
const search = await server.ssrLoadModule('/src/analysis/search.ts');
const fanout = await server.ssrLoadModule('/src/analysis/fanout.ts');
const { HostRegistry } = await server.ssrLoadModule('/src/model/case.ts');

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
  time('facets (once per case version)', () => timeline.facets(t));
  time('filter change: host + event id', () =>
    timeline.filterRows(t, order, { hosts: new Set([0]), eventIds: new Set([3]) }),
  );
  time('filter change: process "nmap"', () => timeline.filterRows(t, order, { process: 'nmap' }));
  const all = time('filter change: none (all rows)', () => timeline.filterRows(t, order, {}));
  time('histogram 160 bins', () =>
    timeline.histogram(t, all, t.timeMs[order[0]], t.timeMs[order[order.length - 1]], 160, 'artifact'),
  );
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
}
await server.close();

if (withUi) {
  const { chromium } = await import('@playwright/test');
  const { pathToFileURL } = await import('node:url');
  const { resolve } = await import('node:path');
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.route(/^(https?|wss?):/i, (r) => r.abort());
  await page.goto(pathToFileURL(resolve('dist/index.html')).href);
  await page.getByTestId('load-demo').click();
  await page.waitForFunction(
    () => document.querySelector('[data-testid="summary-events"]')?.textContent === '16,584',
    null,
    {
      timeout: 120_000,
    },
  );
  await page.waitForTimeout(1500);
  const ui = async (label, action, until, arg) => {
    const a = Date.now();
    await action();
    await page.waitForFunction(until, arg, { timeout: 30_000, polling: 'raf' });
    console.log(`  ${label.padEnd(44)} ${String(Date.now() - a).padStart(9)} ms`);
  };
  const countIs = (text) =>
    !!document.querySelector('[data-testid="timeline-count"]')?.textContent?.startsWith(text);
  const exists = (testid) => !!document.querySelector(`[data-testid="${testid}"]`);
  const legendHas = (text) =>
    !!document.querySelector('[data-testid="heatmap-legend"]')?.textContent?.includes(text);
  console.log(
    '\nUI on the demo case (16,584 events, 4,946 connection events), wall clock incl. Playwright round trips',
  );
  await ui(
    'open timeline tab (first render)',
    () => page.getByTestId('tab-timeline').click(),
    countIs,
    '16,584 of',
  );
  await ui(
    'filter change: event id 5152',
    () => page.getByLabel('Event id').fill('5152'),
    countIs,
    '1,114 of',
  );
  await ui('filter change: clear', () => page.getByLabel('Event id').fill(''), countIs, '16,584 of');
  await ui(
    'search "nmap.exe" until complete',
    () => page.getByLabel('Search').fill('nmap.exe'),
    countIs,
    '3,040 of',
  );
  await ui('open heat-map tab', () => page.getByTestId('tab-heatmap').click(), exists, 'heatmap-legend');
  await ui(
    'heat map: switch metric to connections',
    () => page.getByRole('radio', { name: 'Connections' }).check(),
    legendHas,
    'connection events per',
  );
  await ui('open checklist tab', () => page.getByTestId('tab-checklist').click(), exists, 'verdict');
  await browser.close();
}
