// One $MFT above the split threshold (16 MiB) is scanned and parsed in entry ranges on several
// workers and merged: the app must show exactly the entries the CLI prints for the same file, and
// full paths resolved across the ranges. The file is generated with the repo's $MFT writer:
// 17,000 files in 100 folders plus \Windows\Prefetch\NMAP.EXE-7F3A2C11.pf (~17 MiB).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MFT_SPLIT_MIN_BYTES } from '../src/pipeline/mft-parts';
import { buildLargeMft, LARGE_MFT_DEEP, LARGE_MFT_NMAP } from '../src/testing/large-mft';
import { expect, loadOneLargeFile, ROOT, test } from './fixtures';

const NMAP = LARGE_MFT_NMAP;
const DEEP = LARGE_MFT_DEEP;
let dir = '';
let file = '';

test.beforeAll(() => {
  const bytes = buildLargeMft();
  expect(bytes.length).toBeGreaterThan(MFT_SPLIT_MIN_BYTES);
  dir = mkdtempSync(join(tmpdir(), 'tracelens-mft-split-'));
  file = join(dir, '$MFT');
  writeFileSync(file, bytes);
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a large $MFT parsed across the workers shows the entries the CLI prints, with full paths', async ({
  app,
}) => {
  test.setTimeout(180_000);
  const cli = spawnSync('node', [join(ROOT, 'bin', 'tracelens.mjs'), 'parse', file], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  expect(cli.status, cli.stderr).toBe(0);
  const lines = cli.stdout.split('\n').filter((l) => l.trim() !== '');
  let rows = 0;
  const paths = new Set<string>();
  for (const l of lines) {
    const e = JSON.parse(l) as { path: string; si: { created: string; modified: string } | null };
    rows += e.si && e.si.created !== e.si.modified ? 2 : 1;
    paths.add(e.path);
  }
  expect(lines.length).toBe(17_124);
  expect(paths.has(NMAP)).toBe(true);
  expect(paths.has(DEEP)).toBe(true);
  const workers = await app.evaluate(() => navigator.hardwareConcurrency);

  const detail = await loadOneLargeFile(app, file, { type: 'mft', records: lines.length, events: rows });
  if (workers > 1) expect(detail).toBe('FILE record (entries parsed in 2 parts across workers)');
  else expect(detail).toBe('FILE record');

  await app.getByTestId('tab-timeline').click();
  const tl = app.getByRole('region', { name: 'Timeline', exact: true });
  const count = tl.getByTestId('timeline-count');
  const total = rows.toLocaleString('en-US');
  await expect(count).toHaveText(`${total} of ${total} events`);
  for (const [needle, path] of [
    ['NMAP.EXE-7F3A2C11', NMAP],
    ['file-16942.txt', DEEP],
  ]) {
    await tl.getByLabel('Search').fill(needle);
    await expect(count).toHaveText(new RegExp(`^[12] of ${total} events$`), { timeout: 20_000 });
    // The search has finished streaming before a row is picked (a late answer re-renders the grid).
    await expect(count).toHaveAttribute('data-busy', 'false', { timeout: 20_000 });
    await tl.locator('.tlv-grid-row').first().click();
    const side = app.getByRole('complementary', { name: 'Event detail' });
    await expect(side).toContainText(path);
  }
});
