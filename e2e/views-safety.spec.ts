// Event data is attacker-controlled: an EVTX whose fields hold HTML and script must show them
// as inert text in the timeline, its detail pane and the record XML.
import { EVENTS, makeEvent } from '../src/writers/evtx/schemas';
import { writeEvtx } from '../src/writers/evtx/write-evtx';
import { expect, test, waitIdle } from './fixtures';

const IMG = '<img src=x onerror="window.__pwned=1">';
const SCRIPT = '<script>window.__pwned=2</script>';

test('HTML and script in event fields render as text, never as markup', async ({ app }) => {
  const origin = { computer: 'EVIL01', time: '2026-10-14T10:00:00.0000000Z', processId: 4, threadId: 8 };
  const events = [
    makeEvent(EVENTS.sysmonFileCreate, origin, {
      RuleName: '-',
      UtcTime: '2026-10-14 10:00:00.000',
      ProcessGuid: '{11111111-2222-3333-4444-555555555555}',
      ProcessId: 1234,
      Image: `C:\\Temp\\${IMG}.exe`,
      TargetFilename: `C:\\Temp\\${SCRIPT}`,
      CreationUtcTime: '2026-10-14 10:00:00.000',
    }),
  ];
  const bytes = Buffer.from(writeEvtx(events));
  await app
    .getByTestId('file-input')
    .setInputFiles({ name: 'evil.evtx', mimeType: 'application/octet-stream', buffer: bytes });
  await expect(app.getByTestId('file-row').first()).toBeVisible();
  await waitIdle(app);
  await app.getByTestId('tab-timeline').click();
  const tl = app.getByRole('region', { name: 'Timeline', exact: true });
  await expect(tl.getByTestId('timeline-count')).toHaveText('1 of 1 events');
  await tl.locator('.tlv-grid-row').first().click();
  const detail = app.getByRole('complementary', { name: 'Event detail' });
  await expect(detail).toContainText(IMG);
  await expect(detail).toContainText(SCRIPT);
  await detail.getByRole('button', { name: 'Load record XML' }).click();
  await expect(detail.getByTestId('record-xml')).toContainText('window.__pwned');
  await tl.getByLabel('Search').fill('onerror');
  await expect(tl.getByTestId('timeline-count')).toHaveText('1 of 1 events');
  await app.getByTestId('tab-checklist').click();
  await app.getByTestId('tab-heatmap').click();
  await app.getByTestId('tab-files').click();
  await app.getByTestId('tab-timeline').click();
  expect(await app.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  await expect(app.locator('img[src="x"]')).toHaveCount(0);
  await expect(app.locator('body script:not([type])')).toHaveCount(0);
  await app.screenshot({ path: 'test-results/views/safety-inert-html.png' });
});
