// Exports from the page: the file the browser saves is read back and its content checked against
// what the views show for the demo case (WS01 runs nmap against SRV01).
import { readFileSync } from 'node:fs';
import type { Download, Page } from '@playwright/test';
import { expect, test, waitIdle } from './fixtures';

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
});
