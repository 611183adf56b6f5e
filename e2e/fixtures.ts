// Shared fixture: every test opens dist/index.html from file://, aborts every network request,
// records every request URL and console error, and fails if any request left file:, blob: or
// data:, or if the console showed an error.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test as base, expect, type Page } from '@playwright/test';

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');
export const DIST_URL = pathToFileURL(join(ROOT, 'dist', 'index.html')).href;
export const SAMPLES = resolve(ROOT, '..', 'shared', 'samples');

export interface Guard {
  requests: string[];
  consoleErrors: string[];
}

export const test = base.extend<{ guard: Guard; app: Page }>({
  guard: async ({ page, context }, use) => {
    const guard: Guard = { requests: [], consoleErrors: [] };
    await context.route(/^(https?|wss?|ftp):/i, (route) => route.abort());
    page.on('request', (r) => guard.requests.push(r.url()));
    page.on('console', (m) => {
      if (m.type() === 'error') guard.consoleErrors.push(m.text());
    });
    page.on('pageerror', (e) => guard.consoleErrors.push(`pageerror: ${e.message}`));
    await use(guard);
    const outside = guard.requests.filter((u) => !/^(file|blob|data):/i.test(u));
    expect(outside, 'requests other than file:, blob:, data:').toEqual([]);
    expect(guard.consoleErrors, 'console errors').toEqual([]);
  },
  app: async ({ page, guard }, use) => {
    void guard;
    if (!existsSync(join(ROOT, 'dist', 'index.html')))
      throw new Error('dist/index.html missing: run npm run build');
    await page.goto(DIST_URL);
    await expect(page.getByRole('banner')).toBeVisible();
    await use(page);
  },
});

export { expect };

/** Every file under a folder, sorted, as paths relative to the folder's parent. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const visit = (d: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) visit(p);
      else out.push(p);
    }
  };
  visit(dir);
  return out.map((p) => relative(resolve(dir, '..'), p));
}

/** Type the app must show for each sample, from the folder it sits in (PROVENANCE.md). */
export function expectedSampleType(relPath: string): string {
  const parts = relPath.split('/');
  const name = parts[parts.length - 1];
  if (name === 'PROVENANCE.md' || name === 'ez-Bad__notAPrefetch.pf') return 'unsupported';
  return parts[parts.length - 2];
}

/** Waits until no file is queued or parsing. */
export async function waitIdle(page: Page, timeout = 60_000): Promise<void> {
  await expect(
    page.locator(
      '[data-testid="file-row"][data-state="queued"], [data-testid="file-row"][data-state="parsing"]',
    ),
  ).toHaveCount(0, { timeout });
  await expect(page.getByTestId('cancel-all')).toHaveCount(0, { timeout });
}

/**
 * Loads one large file through the file input and waits for it: one row, done, of the given type,
 * with the CLI's record count and the summary's event count. Returns the row's detection detail.
 */
export async function loadOneLargeFile(
  app: Page,
  file: string,
  expected: { type: string; records: number; events: number },
): Promise<string> {
  await app.getByTestId('file-input').setInputFiles(file);
  const row = app.getByTestId('file-row');
  await expect(row).toHaveCount(1);
  await waitIdle(app, 150_000);
  await expect(row).toHaveAttribute('data-state', 'done');
  await expect(row).toHaveAttribute('data-type', expected.type);
  await expect(row).toContainText(`done: ${expected.records.toLocaleString('en-US')} ok, 0 errors`);
  await expect(app.getByTestId('summary-events')).toHaveText(expected.events.toLocaleString('en-US'));
  return (await row.locator('td.path').getAttribute('title')) ?? '';
}
