import { expect, test } from './fixtures';

test('shell shows the header, four areas and the empty state with where to find files', async ({ app }) => {
  await expect(app.getByText('TraceLens', { exact: true })).toBeVisible();
  await expect(app.getByRole('main')).toBeVisible();
  await expect(app.getByRole('tab')).toHaveText(['Files & Hosts', 'Timeline', 'Heatmap', 'Checklist']);
  const empty = app.getByTestId('empty-state');
  await expect(empty).toContainText('C:\\Windows\\System32\\winevt\\Logs\\*.evtx');
  await expect(empty).toContainText('C:\\Windows\\Prefetch\\*.pf');
  await expect(empty).toContainText('$Extend\\$UsnJrnl:$J');
  await expect(empty).toContainText('KAPE');
  await expect(app.getByTestId('summary-files')).toHaveText('0');
  await expect(app.getByTestId('tz-select')).toHaveValue('UTC');
});

test('dist/index.html is one file with a hash-based CSP before its script and no external references', async () => {
  const { readFileSync, readdirSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { createHash } = await import('node:crypto');
  const { ROOT } = await import('./fixtures');
  expect(readdirSync(join(ROOT, 'dist'))).toEqual(['index.html']);
  const html = readFileSync(join(ROOT, 'dist', 'index.html'), 'utf8');
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
  expect(csp).not.toBeNull();
  const policy = csp?.[1] ?? '';
  expect(policy).toMatch(
    /^default-src 'none'; script-src 'sha256-[^']+'; style-src 'sha256-[^']+'; worker-src blob:;/,
  );
  expect(policy).toContain("base-uri 'none'; form-action 'none'");
  expect(html.indexOf(csp?.[0] ?? '')).toBeLessThan(html.indexOf('<script'));
  const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
  for (const m of html.matchAll(/<(script|style)\b[^>]*>([\s\S]*?)<\/\1>/g))
    expect(policy).toContain(hash(m[2]));
  expect(html).not.toMatch(/<(script|img|iframe)\b[^>]*\ssrc="(?!data:)/);
  expect(html).not.toMatch(/<link\b[^>]*href="(?!data:)/);
});

test('keyboard: tabs move with the arrow keys and focus is visible', async ({ app }) => {
  await app.getByTestId('tab-files').focus();
  await app.keyboard.press('ArrowRight');
  await expect(app.getByTestId('tab-timeline')).toHaveAttribute('aria-selected', 'true');
  await expect(app.getByTestId('tab-timeline')).toBeFocused();
  const outline = await app.getByTestId('tab-timeline').evaluate((el) => getComputedStyle(el).outlineStyle);
  expect(outline).toBe('solid');
  await app.keyboard.press('End');
  await expect(app.getByTestId('tab-checklist')).toHaveAttribute('aria-selected', 'true');
  await expect(app.getByRole('tabpanel')).toContainText('Nothing loaded yet');
  await app.keyboard.press('Home');
  await expect(app.getByTestId('tab-files')).toHaveAttribute('aria-selected', 'true');
  await expect(app.getByRole('contentinfo')).toBeVisible();
  await expect(app.getByRole('navigation', { name: 'Case areas' })).toBeVisible();
});

test.describe('dark preference', () => {
  test.use({ colorScheme: 'dark' });
  test('follows prefers-color-scheme, and the toggle switches to light', async ({ app }) => {
    await expect(app.locator('html')).toHaveAttribute('data-theme', 'dark');
    const bg = await app.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(18, 22, 28)');
    await app.getByTestId('theme-toggle').click();
    await expect(app.locator('html')).toHaveAttribute('data-theme', 'light');
  });
});
