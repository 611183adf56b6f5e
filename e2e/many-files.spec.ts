// A folder of thousands of files: every file is listed with its own state, jobs go through the
// bounded pool, and the page keeps answering while they load.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, SAMPLES, test, waitIdle } from './fixtures';

const COUNT = 3000;
let dir = '';

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tracelens-many-'));
  const root = join(dir, 'HOSTX', 'C', 'Windows', 'Prefetch');
  mkdirSync(root, { recursive: true });
  for (let i = 0; i < COUNT - 10; i++)
    writeFileSync(join(root, `junk-${String(i).padStart(5, '0')}.tmp`), `junk ${i}\n`);
  for (let i = 0; i < 10; i++)
    cpSync(join(SAMPLES, 'prefetch', 'ez-Win10__CALC.EXE-3FBEF7FD.pf'), join(root, `CALC-${i}.pf`));
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a folder of 3000 files loads through the pool and the page stays responsive', async ({ app }) => {
  test.setTimeout(120_000);
  await app.getByTestId('folder-input').setInputFiles(join(dir, 'HOSTX'));
  await expect(app.getByTestId('summary-files')).toHaveText(String(COUNT), { timeout: 30_000 });
  // The main thread keeps answering while jobs run (the longest task is one commit of the file list).
  const lags = await app.evaluate(async () => {
    const out: number[] = [];
    for (let i = 0; i < 10; i++) {
      const t = performance.now();
      await new Promise((r) => setTimeout(r, 0));
      out.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
    return out;
  });
  expect(Math.max(...lags)).toBeLessThan(500);
  await waitIdle(app, 100_000);
  await expect(app.getByTestId('ingest-report')).toContainText(`${COUNT - 10} unsupported`);
  await expect(app.getByTestId('ingest-report')).toContainText('10 done');
  await expect(app.getByTestId('file-row')).toHaveCount(500);
});
