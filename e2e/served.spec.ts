// The same dist/index.html served by scripts/serve.mjs over http://127.0.0.1: the page loads,
// its worker starts, and it requests nothing but the page itself.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { test as base, expect } from '@playwright/test';
import { ROOT, SAMPLES, waitIdle } from './fixtures';

let server: ChildProcess | null = null;
let url = '';

base.beforeAll(async () => {
  server = spawn(process.execPath, [join(ROOT, 'scripts', 'serve.mjs')], {
    env: { ...process.env, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('serve.mjs printed no URL within 10 s')), 10_000);
    server?.stdout?.on('data', (d: Buffer) => {
      const m =
        /TraceLens is running at (http:\/\/127\.0\.0\.1:\d+\/) — open it and click "Load demo case"/.exec(
          d.toString(),
        );
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
});

base.afterAll(() => {
  server?.kill('SIGTERM');
});

base('served over http://127.0.0.1 it loads, parses and requests nothing else', async ({ page, context }) => {
  const requests: string[] = [];
  const errors: string[] = [];
  await context.route(/^(https?|wss?):/i, (route) =>
    route.request().url().startsWith(url) ? route.continue() : route.abort(),
  );
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(url);
  await expect(page.getByRole('banner')).toContainText('TraceLens');
  await page
    .getByTestId('file-input')
    .setInputFiles(join(SAMPLES, 'prefetch', 'ez-Win10__CALC.EXE-3FBEF7FD.pf'));
  await waitIdle(page);
  await expect(page.getByTestId('file-row')).toHaveAttribute('data-type', 'prefetch');
  await expect(page.getByTestId('file-row')).toHaveAttribute('data-state', 'done');
  expect(requests.filter((u) => u !== url && !/^(blob|data):/.test(u))).toEqual([]);
  expect(errors).toEqual([]);
});
