// The four views on the real sample artifacts (../shared/samples): none of them is an nmap run,
// so the checklist must match nothing; the heat map shows the samples' Sysmon 3 / 5156 / 5152
// traffic; the timeline holds every parsed event. Screenshots go to test-results/views/.
import { existsSync } from 'node:fs';
import { expect, SAMPLES, test, waitIdle } from './fixtures';

test('views on the real samples', async ({ app }) => {
  test.skip(!existsSync(SAMPLES), 'samples missing');
  test.setTimeout(180_000);
  await app.getByTestId('folder-input').setInputFiles(SAMPLES);
  await expect(app.getByTestId('file-row').first()).toBeVisible();
  await waitIdle(app, 150_000);

  await app.getByTestId('tab-timeline').click();
  const tl = app.getByRole('region', { name: 'Timeline', exact: true });
  await expect(tl.getByTestId('timeline-count')).toHaveText(/^([\d,]+) of \1 events$/);
  const events = ((await app.getByTestId('summary-events').textContent()) ?? '').trim();
  await expect(tl.getByTestId('timeline-count')).toHaveText(`${events} of ${events} events`);
  await tl.getByRole('combobox', { name: 'Channel' }).selectOption('Security');
  await expect(tl.getByTestId('timeline-count')).not.toHaveText(`${events} of ${events} events`);
  await tl.getByLabel('Event id').fill('5152');
  await expect(tl.getByTestId('timeline-count')).toHaveText(`2 of ${events} events`);
  await app.screenshot({ path: 'test-results/views/samples-timeline.png' });

  await app.getByTestId('tab-heatmap').click();
  await expect(app.getByTestId('heatmap-summary')).toContainText('connection events');
  await expect(app.getByTestId('heatmap-pairs').locator('tbody tr').first()).toBeVisible();
  await app.screenshot({ path: 'test-results/views/samples-heatmap.png' });

  await app.getByTestId('tab-checklist').click();
  await expect(app.getByTestId('verdict-none')).toContainText('No execution of nmap was found');
  await expect(app.locator('tr.tlv-check-item[data-status="matched"]')).toHaveCount(0);
  expect(await app.locator('tr.tlv-check-item').count()).toBeGreaterThan(0);
  await app.screenshot({ path: 'test-results/views/samples-checklist.png' });

  await app.getByTestId('tab-files').click();
  await expect(app.getByTestId('fh-file-row').first()).toBeVisible();
  await expect(app.getByRole('region', { name: 'Coverage per host' })).toContainText('Security');
  await app.screenshot({ path: 'test-results/views/samples-files.png', fullPage: true });
});
