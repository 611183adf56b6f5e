// Screenshots of the shell for someone to look at: empty state and every area with the samples
// loaded, at 1366x768 and 1920x1080, light and dark. Written to test-results/screens/.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expect, listFiles, SAMPLES, test, waitIdle } from './fixtures';

const SIZES = [
  { width: 1366, height: 768 },
  { width: 1920, height: 1080 },
];
const DIR = process.env.SCREEN_DIR ?? 'test-results/screens';

async function setTheme(page: import('@playwright/test').Page, theme: 'light' | 'dark') {
  const toggle = page.getByTestId('theme-toggle');
  const current = await page.evaluate(() => document.documentElement.dataset.theme);
  if (current !== theme) await toggle.click();
  await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
}

test('empty state, light and dark', async ({ app }) => {
  for (const size of SIZES) {
    await app.setViewportSize(size);
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(app, theme);
      await app.screenshot({ path: `${DIR}/empty-${size.width}-${theme}.png` });
    }
  }
});

// A subset of the samples (Prefetch, $MFT, $J and a few logs) keeps the run short.
const SUBSET = ['prefetch', 'mft', 'usn']
  .flatMap((d) => listFiles(join(SAMPLES, d)))
  .concat([
    'evtx/evtx-attack-samples__DE_RDP_Tunnel_5156.evtx',
    'evtx/omerbenamram-evtx__sysmon.evtx',
    'evtx/museum-Win11-RathbunVM__System.evtx',
  ])
  .map((p) => join(SAMPLES, p));

test('every area with samples loaded, light and dark', async ({ app }) => {
  test.skip(!existsSync(SAMPLES), 'samples missing');
  test.setTimeout(150_000);
  await app.getByTestId('file-input').setInputFiles(SUBSET);
  await expect(app.getByTestId('file-row').first()).toBeVisible();
  await waitIdle(app, 90_000);
  for (const size of SIZES) {
    await app.setViewportSize(size);
    for (const theme of ['light', 'dark'] as const) {
      await setTheme(app, theme);
      for (const tab of ['files', 'timeline', 'heatmap', 'checklist']) {
        await app.getByTestId(`tab-${tab}`).click();
        await expect(app.getByTestId(`tab-${tab}`)).toHaveAttribute('aria-selected', 'true');
        await app.waitForTimeout(300);
        await app.screenshot({ path: `${DIR}/${tab}-${size.width}-${theme}.png` });
      }
    }
  }
});
