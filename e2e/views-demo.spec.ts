// The four views on the generated demo case (WS01 runs nmap against SRV01): text and counts in
// each view, the links between them (checklist evidence → timeline, heat map pair → timeline,
// coverage → timeline), keyboard navigation, the detail pane, the time-zone switch, and
// screenshots at 1366×768 and 1920×1080 in light and dark (test-results/views/).
import type { Page } from '@playwright/test';
import { expect, test, waitIdle } from './fixtures';

const DIR = 'test-results/views';
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];

async function loadDemo(app: Page) {
  await app.getByTestId('load-demo').click();
  await expect(app.getByTestId('file-row').first()).toBeVisible({ timeout: 60_000 });
  await waitIdle(app, 90_000);
  await expect(app.getByTestId('summary-events')).toHaveText('16,584');
}

async function setTheme(page: Page, theme: 'light' | 'dark') {
  const current = await page.evaluate(() => document.documentElement.dataset.theme);
  if (current !== theme) await page.getByTestId('theme-toggle').click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

const timeline = (app: Page) => app.getByRole('region', { name: 'Timeline', exact: true });

test.describe('views on the demo case', () => {
  test.setTimeout(150_000);

  test('checklist: verdict, sections, statuses, evidence link lands on the highlighted row', async ({
    app,
  }) => {
    await loadDemo(app);
    await app.getByTestId('tab-checklist').click();
    const verdict = app.getByTestId('verdict');
    await expect(verdict).toContainText('Success condition met');
    await expect(verdict).toContainText('nmap ran on WS01');
    await expect(verdict).toContainText('C:\\Tools\\nmap\\nmap.exe -Pn 10.0.0.20');
    await expect(verdict).toContainText(
      'SRV01 (10.0.0.20): 1,003 ports over TCP/UDP, 2,008 connections, 1,001 dropped',
    );
    const src = app.getByTestId('role-source-WS01');
    const dst = app.getByTestId('role-destination-SRV01');
    await expect(src.locator('h3')).toHaveText('Source host: WS01 (15 matched)');
    await expect(dst.locator('h3')).toHaveText('Destination host: SRV01 (3 matched)');
    await expect(src.locator('tr.tlv-check-item')).toHaveCount(15);
    await expect(dst.locator('tr.tlv-check-item')).toHaveCount(3);
    // Event-log items first, then USN, MFT, Prefetch (the sheet's order).
    const ids = await src
      .locator('tr.tlv-check-item')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-testid')));
    expect(ids.slice(-3)).toEqual(['item-src.usn', 'item-src.mft', 'item-src.prefetch']);
    // Status carried by text and icon, not colour alone.
    await expect(app.getByTestId('item-src.sysmon-1').locator('.tlv-chip')).toHaveText('✓Matched');
    await expect(app.getByTestId('item-dst.sec-5152')).toContainText('1,001 events');
    await expect(app.getByTestId('item-src.sysmon-1')).toContainText('CommandLine');
    // %% insertion strings are shown decoded, with the raw code beside them.
    await expect(app.getByTestId('item-src.sec-5156')).toContainText('Outbound (%%14593)');

    await app
      .getByTestId('item-src.sysmon-1')
      .getByRole('button', { name: /Show 1 evidence event/ })
      .click();
    await expect(app.getByTestId('tab-timeline')).toHaveAttribute('aria-selected', 'true');
    const tl = timeline(app);
    await expect(tl.getByTestId('timeline-focus')).toContainText('Evidence: Process Create');
    await expect(tl.getByTestId('timeline-count')).toHaveText('1 of 16,584 events');
    const row = tl.locator('.tlv-grid-row.tlv-highlight');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText('1 Process Create');
    const detail = app.getByRole('complementary', { name: 'Event detail' });
    await expect(detail).toContainText('nmap.exe -Pn 10.0.0.20');
    await expect(detail).toContainText('2026-10-14 10:02:11.234');
    await detail.getByRole('button', { name: 'Load record XML' }).click();
    await expect(detail.getByTestId('record-xml')).toContainText('<EventID>1</EventID>');
    await expect(detail.getByTestId('record-xml')).toContainText('nmap.exe');
  });

  test('timeline: filters, streaming search, keyboard, time zone', async ({ app }) => {
    await loadDemo(app);
    await app.getByTestId('tab-timeline').click();
    const tl = timeline(app);
    const count = tl.getByTestId('timeline-count');
    await expect(count).toHaveText('16,584 of 16,584 events');
    await expect(tl.getByRole('columnheader', { name: 'Time (UTC)' })).toBeVisible();

    await tl.getByLabel('Event id').fill('5152');
    await expect(count).toHaveText('1,114 of 16,584 events');
    await tl.getByRole('combobox', { name: 'Host' }).selectOption({ label: 'SRV01' });
    await expect(count).toHaveAttribute('data-busy', 'false');
    const srv5152 = (await count.textContent()) ?? '';
    expect(srv5152).toMatch(/^1,\d{3} of 16,584 events$/);
    await tl.getByRole('button', { name: 'Clear filters' }).click();
    await expect(count).toHaveText('16,584 of 16,584 events');

    await tl.getByLabel('Search').fill('nmap.exe');
    await expect(count).toHaveText('3,040 of 16,584 events', { timeout: 10_000 });
    await tl.getByLabel('Search').fill('');
    await tl.getByLabel('Process').fill('nmap');
    await expect(count).toHaveText('3,024 of 16,584 events');
    await tl.getByRole('checkbox', { name: 'Prefetch' }).check();
    await expect(count).toHaveText('1 of 16,584 events');
    await tl.getByRole('button', { name: 'Clear filters' }).click();
    await expect(count).toHaveText('16,584 of 16,584 events');
    await expect(count).toHaveAttribute('data-busy', 'false');

    // Keyboard: focus the grid, move down twice, Enter opens the detail of the third row.
    const grid = tl.getByRole('grid');
    await grid.focus();
    await app.keyboard.press('ArrowDown');
    await app.keyboard.press('ArrowDown');
    await app.keyboard.press('ArrowDown');
    await app.keyboard.press('Enter');
    await expect(tl.locator('.tlv-grid-row[aria-selected="true"]')).toHaveAttribute('aria-rowindex', '4');
    await expect(app.getByRole('complementary', { name: 'Event detail' })).toBeVisible();
    await app.keyboard.press('End');
    await expect(tl.locator('.tlv-grid-row[aria-selected="true"]')).toHaveAttribute('aria-rowindex', '16585');

    // Time zone switch: header and cells follow.
    await app.getByTestId('tz-select').selectOption('Asia/Tokyo');
    await expect(tl.getByRole('columnheader', { name: /Time \(Asia\/Tokyo \(UTC\+9\)\)/ })).toBeVisible();
    await expect(tl).toContainText('times in Asia/Tokyo (UTC+9)');
    await app.getByTestId('tz-select').selectOption('UTC');
  });

  test('heat map: pairs, legend, matrix, pair link to the timeline', async ({ app }) => {
    await loadDemo(app);
    await app.getByTestId('tab-heatmap').click();
    await expect(app.getByTestId('heatmap-summary')).toContainText(
      '4,946 connection events · 21 source → destination pairs',
    );
    await expect(app.getByTestId('heatmap-legend')).toContainText('distinct destination ports per');
    const first = app.getByTestId('heatmap-pairs').locator('tbody tr').first();
    await expect(first).toContainText('WS01 (10.0.0.10)');
    await expect(first).toContainText('SRV01 (10.0.0.20)');
    await expect(first.locator('td').nth(2)).toHaveText('1,003');
    await expect(first.locator('td').nth(4)).toHaveText('1,001');
    await app.getByRole('radio', { name: 'Dropped packets' }).check();
    await expect(app.getByTestId('heatmap-legend')).toContainText('dropped packets (5152) per');
    await app.getByRole('button', { name: 'Ports × destinations' }).click();
    await expect(app.getByTestId('heatmap-ports')).toContainText('SRV01 (10.0.0.20)');
    await app.getByRole('button', { name: 'Pairs over time' }).click();

    // Hover the scan's column in the first row: the tooltip lists ports.
    const canvas = app.getByTestId('heatmap-time').locator('canvas');
    const box = (await canvas.boundingBox())!;
    const hit = await canvas.evaluate((c: HTMLCanvasElement) => {
      const g = c.getContext('2d')!;
      const dpr = window.devicePixelRatio || 1;
      const y = Math.round((24 + 10) * dpr);
      const data = g.getImageData(0, y, c.width, 1).data;
      let best = -1;
      let bestDark = 999;
      for (let x = 0; x < c.width; x++) {
        const [r, gg, b, a] = [data[x * 4], data[x * 4 + 1], data[x * 4 + 2], data[x * 4 + 3]];
        if (a > 0 && r + gg + b < bestDark) {
          bestDark = r + gg + b;
          best = x;
        }
      }
      return best / dpr;
    });
    expect(hit).toBeGreaterThanOrEqual(0);
    await app.mouse.move(box.x + hit + 1, box.y + 34);
    await expect(app.getByRole('tooltip')).toContainText('WS01 → SRV01');
    await expect(app.getByRole('tooltip')).toContainText('distinct destination ports');
    await app.mouse.down();
    await app.mouse.up();
    await expect(app.getByTestId('tab-timeline')).toHaveAttribute('aria-selected', 'true');
    await expect(timeline(app).getByTestId('timeline-focus')).toContainText('WS01 → SRV01');
    await expect(timeline(app).locator('.tlv-grid-row.tlv-highlight')).toHaveCount(1);

    await app.getByTestId('tab-heatmap').click();
    await app.getByTestId('heatmap-pairs').getByRole('button', { name: 'Show 3,055 in timeline' }).click();
    await expect(timeline(app).getByTestId('timeline-count')).toHaveText('3,055 of 16,584 events');
    await expect(timeline(app).getByTestId('timeline-focus')).toContainText(
      'WS01 → SRV01: 3,055 connection events',
    );
  });

  test('files and hosts: files, hosts, coverage and its timeline link', async ({ app }) => {
    await loadDemo(app);
    await app.getByTestId('tab-files').click();
    await expect(app.getByTestId('files-summary')).toContainText('39 files');
    await expect(app.getByTestId('fh-file-row')).toHaveCount(39);
    await expect(app.getByTestId('fh-file-row').filter({ hasText: 'WS01/C/$MFT' })).toContainText('Done');
    await expect(app.getByTestId('hosts-table').locator('tbody tr')).toHaveCount(2);
    const ws = app.getByTestId('coverage-WS01');
    await expect(ws).toContainText('Microsoft-Windows-Sysmon/Operational');
    await expect(ws).toContainText('Security');
    await expect(ws).toContainText('$MFT');
    await expect(ws).toContainText('Prefetch');
    await ws
      .getByRole('row', { name: /Prefetch/ })
      .getByRole('button')
      .click();
    await expect(app.getByTestId('tab-timeline')).toHaveAttribute('aria-selected', 'true');
    await expect(timeline(app).getByRole('combobox', { name: 'Host' })).not.toHaveValue('');
    await expect(timeline(app).getByRole('checkbox', { name: 'Prefetch' })).toBeChecked();
  });

  test('screenshots of every view, 1366 and 1920, light and dark', async ({ app }) => {
    await loadDemo(app);
    for (const size of SIZES) {
      await app.setViewportSize(size);
      for (const theme of ['light', 'dark'] as const) {
        await setTheme(app, theme);
        for (const tab of ['files', 'timeline', 'heatmap', 'checklist'] as const) {
          await app.getByTestId(`tab-${tab}`).click();
          await app.waitForTimeout(400);
          await app.screenshot({ path: `${DIR}/${tab}-${size.width}-${theme}.png` });
        }
        await app.getByTestId('tab-checklist').click();
        await app
          .getByTestId('item-src.sysmon-3')
          .getByRole('button', { name: /evidence/ })
          .click();
        await app.waitForTimeout(400);
        await app.screenshot({ path: `${DIR}/timeline-evidence-${size.width}-${theme}.png` });
        await app.getByTestId('tab-heatmap').click();
        await app.getByRole('button', { name: 'Ports × destinations' }).click();
        await app.waitForTimeout(300);
        await app.screenshot({ path: `${DIR}/heatmap-ports-${size.width}-${theme}.png` });
        await app.getByRole('button', { name: 'Pairs over time' }).click();
      }
    }
  });
});
