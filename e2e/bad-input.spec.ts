// Bad input: each gets a clear message on its own row while everything else keeps loading.
import {
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  closeSync,
  writeFileSync,
  writeSync,
  ftruncateSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateSync, gzipSync, zipSync } from 'fflate';
import { craftZip } from '../src/testing/zip-craft';
import { expect, SAMPLES, test, waitIdle } from './fixtures';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
let dir = '';

test.beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tracelens-e2e-'));
  writeFileSync(join(dir, 'empty.evtx'), new Uint8Array(0));
  writeFileSync(join(dir, 'notes.txt'), 'These are analyst notes, not an artifact.\n'.repeat(50));
  const zeros = new Uint8Array(16 * MiB);
  const deflated = deflateSync(zeros, { level: 9 });
  const bombMember = {
    name: 'zeros.bin',
    data: deflated,
    method: 8 as const,
    declaredSize: zeros.length,
    crc: 0,
  };
  writeFileSync(join(dir, 'bomb-overlap.zip'), craftZip([bombMember], { aliasesOfFirst: 300 }));
  writeFileSync(
    join(dir, 'bomb-lying.zip'),
    craftZip([{ ...bombMember, name: 'small.evtx', declaredSize: MiB }]),
  );
  const evtx = readFileSync(join(SAMPLES, 'evtx', 'omerbenamram-evtx__Security_short_selected.evtx'));
  writeFileSync(join(dir, 'Security.evtx.gz'), gzipSync(evtx));
  const pf = readFileSync(join(SAMPLES, 'prefetch', 'ez-Win10__CALC.EXE-3FBEF7FD.pf'));
  writeFileSync(
    join(dir, 'kape-WS07.zip'),
    zipSync({
      'WS07/C/Windows/Prefetch/CALC.EXE-3FBEF7FD.pf': pf,
      'WS07/C/Windows/notes.txt': new TextEncoder().encode('hello'),
    }),
  );
  const sparse = openSync(join(dir, 'sparse-10GB.bin'), 'w');
  ftruncateSync(sparse, 10 * GiB);
  closeSync(sparse);
  // 10 GB sparse file with USN records at 32 MiB: a job that runs long enough to be cancelled.
  const usn = readFileSync(join(SAMPLES, 'usn', 'ez__record.usn'));
  const slow = openSync(join(dir, 'slow-usn-10GB.bin'), 'w');
  ftruncateSync(slow, 10 * GiB);
  writeSync(slow, usn, 0, usn.length, 32 * MiB);
  closeSync(slow);
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function row(page: import('@playwright/test').Page, path: string) {
  return page.locator(`[data-testid="file-row"][data-path="${path}"]`);
}

test('zero-byte, non-artifact, zip bombs, gzip, a zip collection and a 10 GB sparse file each get a clear message', async ({
  app,
}) => {
  const names = [
    'empty.evtx',
    'notes.txt',
    'bomb-overlap.zip',
    'bomb-lying.zip',
    'Security.evtx.gz',
    'kape-WS07.zip',
    'sparse-10GB.bin',
  ];
  await app.getByTestId('file-input').setInputFiles(names.map((n) => join(dir, n)));
  await waitIdle(app, 60_000);
  await expect(row(app, 'empty.evtx')).toContainText('unsupported: empty file (0 bytes)');
  await expect(row(app, 'notes.txt')).toContainText(/unsupported: not EVTX, Prefetch, \$MFT or \$J/);
  await expect(row(app, 'bomb-overlap.zip')).toHaveAttribute('data-state', 'failed');
  await expect(row(app, 'bomb-overlap.zip')).toContainText(
    /zip bomb protection: members would inflate to 5,049,942,016 bytes in total, above the limit of 4,294,967,296 bytes \(4\.00 GiB\)/,
  );
  await expect(row(app, 'bomb-lying.zip/small.evtx')).toContainText(
    /zip bomb protection: .*inflates past its declared size/,
  );
  await expect(row(app, 'Security.evtx.gz')).toHaveAttribute('data-type', 'evtx');
  await expect(row(app, 'Security.evtx.gz')).toHaveAttribute('data-state', 'done');
  await expect(row(app, 'kape-WS07.zip')).toHaveAttribute('data-type', 'zip');
  await expect(row(app, 'kape-WS07.zip/WS07/C/Windows/Prefetch/CALC.EXE-3FBEF7FD.pf')).toHaveAttribute(
    'data-type',
    'prefetch',
  );
  await expect(row(app, 'kape-WS07.zip/WS07/C/Windows/Prefetch/CALC.EXE-3FBEF7FD.pf')).toContainText('WS07');
  await expect(row(app, 'kape-WS07.zip/WS07/C/Windows/notes.txt')).toHaveAttribute(
    'data-type',
    'unsupported',
  );
  await expect(row(app, 'sparse-10GB.bin')).toContainText(/unsupported: first 64 MiB are zero/);
  await expect(row(app, 'sparse-10GB.bin')).toContainText('10.00 GiB');
  await app.screenshot({ path: 'test-results/bad-input-1366.png' });
});

test('cancel stops a running file, the pool replaces its worker and later files still load', async ({
  app,
}) => {
  await app.getByTestId('file-input').setInputFiles([join(dir, 'slow-usn-10GB.bin')]);
  const slow = row(app, 'slow-usn-10GB.bin');
  await expect(slow).toHaveAttribute('data-state', 'parsing', { timeout: 20_000 });
  await app.screenshot({ path: `${process.env.SCREEN_DIR ?? 'test-results/screens'}/progress-1366.png` });
  await slow.getByTestId('cancel-file').click();
  await expect(slow).toHaveAttribute('data-state', 'cancelled');
  await app
    .getByTestId('file-input')
    .setInputFiles([join(dir, 'Security.evtx.gz'), join(dir, 'slow-usn-10GB.bin')]);
  await expect(row(app, 'Security.evtx.gz')).toHaveAttribute('data-state', 'done', { timeout: 30_000 });
  await expect(app.getByTestId('cancel-all')).toBeVisible();
  await app.getByTestId('cancel-all').click();
  await waitIdle(app);
  await expect(app.locator('[data-testid="file-row"][data-state="cancelled"]')).toHaveCount(2);
});
