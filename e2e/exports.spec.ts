// Exports from the page: the file the browser saves is read back and its content checked against
// what the views show for the demo case (WS01 runs nmap against SRV01).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Page } from '@playwright/test';
import { expect, SAMPLES, test, waitIdle } from './fixtures';

async function loadDemo(app: Page) {
  await app.getByTestId('load-demo').click();
  await expect(app.getByTestId('file-row').first()).toBeVisible({ timeout: 60_000 });
  await waitIdle(app, 90_000);
  await expect(app.getByTestId('summary-events')).toHaveText('16,584');
}

async function saved(app: Page, click: () => Promise<void>): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([app.waitForEvent('download') as Promise<Download>, click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
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
});
