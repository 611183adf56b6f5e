// The built-in demo case: generated in the worker, loaded as a KAPE-like two-host case, and
// downloadable as a zip.
import { readFileSync } from 'node:fs';
import { expect, test, waitIdle } from './fixtures';

test('Load demo case generates both hosts and every file is detected by content', async ({ app }) => {
  test.setTimeout(120_000);
  await app.getByTestId('load-demo').click();
  await expect(app.getByTestId('file-row').first()).toBeVisible({ timeout: 60_000 });
  await waitIdle(app, 90_000);
  const rows = await app
    .getByTestId('file-row')
    .evaluateAll((els) =>
      els.map((e) => [
        e.getAttribute('data-path'),
        e.getAttribute('data-type'),
        e.getAttribute('data-state'),
      ]),
    );
  expect(rows.length).toBeGreaterThan(4);
  for (const [path, type, state] of rows) {
    expect(['evtx', 'prefetch', 'mft', 'usn'], `${path}`).toContain(type);
    expect(state, `${path}`).toBe('done');
  }
  expect(rows.some(([p]) => p?.startsWith('WS01/C/'))).toBe(true);
  expect(rows.some(([p]) => p?.startsWith('SRV01/C/'))).toBe(true);
  await expect(app.getByTestId('summary-hosts')).toHaveText('2');
  const span = app.getByTestId('summary-span');
  await expect(span).toContainText('UTC');
  await app.getByTestId('tz-select').selectOption('Asia/Tokyo');
  await expect(span).toContainText('UTC+9');
});

test('Download demo files saves a zip in a KAPE-like layout', async ({ app }) => {
  test.setTimeout(120_000);
  const [download] = await Promise.all([
    app.waitForEvent('download', { timeout: 90_000 }),
    app.getByTestId('download-demo').click(),
  ]);
  expect(download.suggestedFilename()).toBe('tracelens-demo-default.zip');
  const bytes = readFileSync(await download.path());
  expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
  expect(bytes.includes(Buffer.from('WS01/C/Windows/System32/winevt/Logs/'))).toBe(true);
});
