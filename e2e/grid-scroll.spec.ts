// A timeline longer than the browser's scroll range (about 350,000 rows from `tracelens demo
// --scale 30`): the scrollbar is scaled, but the mouse wheel still steps row by row, keyboard
// navigation keeps the selection on screen, and a scrollbar drag reaches the end.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, ROOT, test, waitIdle } from './fixtures';

let dir = '';

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tracelens-scroll-'));
  execFileSync(process.execPath, [
    join(ROOT, 'dist-cli', 'tracelens.mjs'),
    'demo',
    '--scale',
    '30',
    '--out',
    dir,
  ]);
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Position (0-based) of the top row on screen, from the rows' aria-rowindex and offsets. */
function topRow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const body = document.querySelector('.tlv-grid-body') as HTMLElement;
    const bodyTop = body.getBoundingClientRect().top + 30;
    let best = Number.POSITIVE_INFINITY;
    let pos = -1;
    for (const tr of document.querySelectorAll<HTMLElement>('.tlv-grid-row')) {
      const top = tr.getBoundingClientRect().top;
      if (top >= bodyTop - 1 && top < best) {
        best = top;
        pos = Number(tr.getAttribute('aria-rowindex')) - 2;
      }
    }
    return pos;
  });
}

test('the wheel steps rows in a timeline longer than the scroll range', async ({ app }) => {
  test.setTimeout(240_000);
  await app.getByTestId('folder-input').setInputFiles(dir);
  const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).length;
  await expect(app.getByTestId('summary-files')).toHaveText(String(files), { timeout: 60_000 });
  await waitIdle(app, 180_000);
  await app.getByTestId('tab-timeline').click();
  const count = app.getByTestId('timeline-count');
  await expect(count).toHaveAttribute('data-busy', 'false', { timeout: 60_000 });
  const rows = await app.evaluate(() => {
    const el = document.querySelector('.tlv-grid-body') as HTMLElement;
    return {
      scrollHeight: el.scrollHeight,
      rows: Number(document.querySelector('[role="grid"]')?.getAttribute('aria-rowcount')) - 1,
    };
  });
  // The list is longer than the scroll range: 26 px rows would need more height than the spacer has.
  expect(rows.rows).toBeGreaterThan(320_000);
  expect(rows.scrollHeight).toBeLessThan(rows.rows * 26);

  const grid = app.locator('.tlv-grid-body');
  await grid.hover();
  expect(await topRow(app)).toBe(0);
  // Three wheel steps of one row each land three rows down, not three scaled jumps.
  for (let i = 0; i < 3; i++) {
    await app.mouse.wheel(0, 26);
    await expect.poll(() => topRow(app)).toBe(i + 1);
  }
  await app.mouse.wheel(0, -26);
  await expect.poll(() => topRow(app)).toBe(2);

  // Keyboard: End selects the last row and shows it; a scrollbar drag to the top shows row 0.
  await app.locator('[role="grid"]').focus();
  await app.keyboard.press('End');
  await expect(app.locator(`#tlv-row-${rows.rows - 1}`)).toBeVisible();
  await expect(app.locator(`#tlv-row-${rows.rows - 1}`)).toHaveAttribute('aria-selected', 'true');
  await app.evaluate(() => {
    (document.querySelector('.tlv-grid-body') as HTMLElement).scrollTop = 0;
  });
  await expect.poll(() => topRow(app)).toBe(0);
  await app.mouse.wheel(0, 26 * 5);
  await expect.poll(() => topRow(app)).toBe(5);
});
