// Exports from the page: the file the browser saves is read back and its content checked against
// what the views show for the demo case (WS01 runs nmap against SRV01).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Page } from '@playwright/test';
import { unzipSync } from 'fflate';
import { EZ_FILES, type EzFileKind } from '../src/analysis/export/ez-csv/columns';
import { readRfc4180 } from '../src/testing/rfc4180';
import { expect, SAMPLES, test, waitIdle } from './fixtures';

async function loadDemo(app: Page) {
  await app.getByTestId('load-demo').click();
  await expect(app.getByTestId('file-row').first()).toBeVisible({ timeout: 60_000 });
  await waitIdle(app, 90_000);
  await expect(app.getByTestId('summary-events')).toHaveText('16,584');
}

async function savedBytes(app: Page, click: () => Promise<void>): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([app.waitForEvent('download') as Promise<Download>, click()]);
  return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
}

async function saved(app: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const { name, bytes } = await savedBytes(app, click);
  return { name, text: bytes.toString('utf8') };
}

/** The Timeline Explorer zip: file name → RFC 4180 rows (header first), names checked. */
async function savedEzZip(app: Page, menu: ReturnType<Page['getByTestId']>) {
  const zip = await savedBytes(app, () => menu.getByRole('button', { name: /Timeline Explorer/ }).click());
  const stamp = /^tracelens-(\d{8}T\d{6}Z)-ez-csv\.zip$/.exec(zip.name)?.[1];
  expect(stamp, zip.name).toBeTruthy();
  const files = new Map<EzFileKind, string[][]>();
  for (const [name, bytes] of Object.entries(unzipSync(new Uint8Array(zip.bytes)))) {
    const kind = (Object.keys(EZ_FILES) as EzFileKind[]).find(
      (k) => name === `${stamp}_${EZ_FILES[k].suffix}`,
    );
    expect(kind, name).toBeDefined();
    const text = new TextDecoder().decode(bytes);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.slice(0, text.indexOf('\r\n'))).toBe(EZ_FILES[kind as EzFileKind].columns.join(','));
    files.set(kind as EzFileKind, readRfc4180(text));
  }
  return files;
}

test.describe('exports', () => {
  test.setTimeout(150_000);

  test('checklist: JSON and Markdown hold the verdict and every item the view shows', async ({ app }) => {
    await loadDemo(app);
    await app.getByTestId('tab-checklist').click();
    await expect(app.getByTestId('verdict')).toContainText('Success condition met');
    const menu = app.getByTestId('export-menu');

    const json = await saved(app, () => menu.getByRole('button', { name: /as JSON/ }).click());
    expect(json.name).toMatch(/^tracelens-checklist-nmap-\d{8}T\d{6}Z\.json$/);
    const ev = JSON.parse(json.text);
    expect(ev.sheet).toBe('nmap');
    expect(ev.verdicts).toHaveLength(1);
    expect(ev.verdicts[0].text).toContain('nmap ran on WS01');
    const ws01 = ev.hosts.find((h: { host: string }) => h.host === 'WS01');
    const source = ws01.roles.find((r: { role: string }) => r.role === 'source');
    expect(source.items).toHaveLength(15);
    expect(source.items.every((i: { status: string }) => i.status === 'matched')).toBe(true);
    await expect(app.getByTestId('export-status')).toHaveText(`Saved ${json.name}`);

    const md = await saved(app, () => menu.getByRole('button', { name: /Markdown/ }).click());
    expect(md.name).toMatch(/\.md$/);
    expect(md.text).toContain('## Verdicts');
    expect(md.text).toContain('nmap ran on WS01');
    expect(md.text).toContain('## SRV01');
  });

  test('files: the ingest report names the damaged entries of a real $MFT and the junk file', async ({
    app,
  }) => {
    const mft = join(SAMPLES, 'mft', 'ez-xw__MFT.mft');
    const junk = join(SAMPLES, 'prefetch', 'ez-Bad__notAPrefetch.pf');
    await app.getByTestId('file-input').setInputFiles([mft, junk]);
    await waitIdle(app, 60_000);
    await app.getByTestId('tab-files').click();
    await expect(app.getByTestId('files-summary')).toContainText('615 records read');
    const r = await saved(app, () =>
      app
        .getByTestId('export-menu')
        .getByRole('button', { name: /ingest report/i })
        .click(),
    );
    expect(r.name).toMatch(/^tracelens-ingest-report-\d{8}T\d{6}Z\.json$/);
    const report = JSON.parse(r.text);
    const byName = (n: string) => report.files.find((f: { path: string }) => f.path.endsWith(n));
    expect(byName('ez-xw__MFT.mft')).toMatchObject({
      artifact: 'mft',
      state: 'done',
      records: 615,
      errors: 12,
    });
    const errors = byName('ez-xw__MFT.mft').diagnostics.filter(
      (d: { severity: string }) => d.severity === 'error',
    );
    expect(errors).toHaveLength(12);
    expect(errors.filter((d: { text: string }) => d.text.includes('found "BAAD"'))).toHaveLength(2);
    expect(byName('ez-Bad__notAPrefetch.pf').state).toBe('unsupported');
    expect(
      report.hosts.flatMap((h: { coverage: { source: string }[] }) => h.coverage.map((c) => c.source)),
    ).toContain('$MFT');
  });

  test('heat map: the pairs CSV lists the scan with every probed port', async ({ app }) => {
    await loadDemo(app);
    await app.getByTestId('tab-heatmap').click();
    await expect(app.getByTestId('heatmap-pairs')).toContainText('SRV01');
    const csv = await saved(app, () =>
      app.getByTestId('export-menu').getByRole('button', { name: /pairs/i }).click(),
    );
    expect(csv.name).toMatch(/^tracelens-fanout-pairs-\d{8}T\d{6}Z\.csv$/);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'source,source_address,destination,destination_address,distinct_ports,connections,dropped,protocols,first_utc,last_utc,ports',
    );
    // Widest fan-out first, as in the view.
    expect(lines[1]).toMatch(/^WS01,10\.0\.0\.10,SRV01,10\.0\.0\.20,1003,\d+,1001,TCP UDP,2026-10-14T/);
  });

  test('timeline: CSV and Timesketch JSONL hold exactly the rows shown, in order', async ({ app }) => {
    await loadDemo(app);
    await app.getByTestId('tab-timeline').click();
    const tl = app.getByRole('region', { name: 'Timeline', exact: true });
    const count = tl.getByTestId('timeline-count');
    await tl.getByLabel('Event id').fill('5152');
    await expect(count).toHaveText('1,114 of 16,584 events');
    await expect(count).toHaveAttribute('data-busy', 'false');
    const menu = tl.getByTestId('export-menu');

    const csv = await saved(app, () => menu.getByRole('button', { name: /as CSV/ }).click());
    expect(csv.name).toMatch(/^tracelens-timeline-\d{8}T\d{6}Z\.csv$/);
    const lines = csv.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe('time_utc,host,artifact,source,event_id,label,summary,source_file,record,fields');
    expect(lines).toHaveLength(1 + 1114);
    const cells = lines.slice(1).map((l) => l.split(','));
    expect(cells.every((c) => c[2] === 'evtx' && c[3] === 'Security' && c[4] === '5152')).toBe(true);
    const times = cells.map((c) => c[0]);
    expect(times).toEqual([...times].sort());

    const jsonl = await saved(app, () => menu.getByRole('button', { name: /Timesketch/ }).click());
    const objs = jsonl.text
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(objs).toHaveLength(1114);
    expect(
      objs.every((o) => o.event_id === 5152 && o.datetime && o.timestamp_desc === 'Event Recorded'),
    ).toBe(true);
    expect(objs.map((o) => o.datetime.slice(0, 19))).toEqual(times.map((t) => t.slice(0, 19)));
  });

  test('timeline: the Timeline Explorer zip holds one CSV per artifact with the rows shown', async ({
    app,
  }) => {
    await loadDemo(app);
    await app.getByTestId('tab-timeline').click();
    const tl = app.getByRole('region', { name: 'Timeline', exact: true });
    const count = tl.getByTestId('timeline-count');
    await expect(count).toHaveText('16,584 of 16,584 events');
    await expect(count).toHaveAttribute('data-busy', 'false');
    const menu = tl.getByTestId('export-menu');

    // The rows shown, per artifact, from the table's own CSV export of the same rows.
    const shown = readRfc4180(
      (await saved(app, () => menu.getByRole('button', { name: /as CSV/ }).click())).text,
    )
      .slice(1)
      .map(([, , artifact, , , , , file, record]) => ({ artifact, file, record }));
    const of = (a: string) => shown.filter((r) => r.artifact === a);
    const distinct = (rs: { file: string; record?: string }[]) =>
      new Set(rs.map((r) => `${r.file}|${r.record ?? ''}`)).size;
    expect(shown).toHaveLength(16584);

    const files = await savedEzZip(app, menu);
    expect([...files.keys()].sort()).toEqual(Object.keys(EZ_FILES).sort());
    const body = (k: EzFileKind) => (files.get(k) ?? []).slice(1);
    expect(body('evtx')).toHaveLength(of('evtx').length);
    expect(body('usn')).toHaveLength(of('usn').length);
    expect(body('prefetchTimeline')).toHaveLength(of('prefetch').length);
    // One line per $MFT entry (MFTECmd's layout; an entry has a row per timestamp), ADS after it.
    const isAds = EZ_FILES.mft.columns.indexOf('IsAds');
    expect(body('mft').filter((r) => r[isAds] === 'False')).toHaveLength(distinct(of('mft')));
    // One line per .pf file.
    expect(body('prefetch')).toHaveLength(distinct(of('prefetch').map(({ file }) => ({ file }))));
    const at = (k: EzFileKind, c: string) => (EZ_FILES[k].columns as readonly string[]).indexOf(c);
    expect(
      body('evtx').every((r) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{7}$/.test(r[at('evtx', 'TimeCreated')])),
    ).toBe(true);
    expect(body('evtx').some((r) => r[at('evtx', 'PayloadData1')] !== '')).toBe(true);

    // Filters apply: only the rows shown go out.
    await tl.getByLabel('Event id').fill('5152');
    await expect(count).toHaveText('1,114 of 16,584 events');
    await expect(count).toHaveAttribute('data-busy', 'false');
    const filtered = await savedEzZip(app, menu);
    expect([...filtered.keys()]).toEqual(['evtx']);
    const rows = (filtered.get('evtx') ?? []).slice(1);
    expect(rows).toHaveLength(1114);
    expect(
      rows.every((r) => r[at('evtx', 'EventId')] === '5152' && r[at('evtx', 'Channel')] === 'Security'),
    ).toBe(true);
  });
});
