// One EVTX file above the split threshold (16 MiB) is parsed in chunk ranges on several workers
// and merged: the app must show exactly the records the CLI prints for the same file. The file is
// assembled from a real sample: the Store log's file header (chunk count and CRC fixed up) and
// its 209 chunks written twice (418 chunks, 27 MB).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from '../src/parsers/bytes/crc32';
import { expect, loadOneLargeFile, ROOT, SAMPLES, test } from './fixtures';

const STORE = join(SAMPLES, 'evtx', 'museum-Win10-RathbunVM__Microsoft-Windows-Store%4Operational.evtx');
const HEADER = 4096;
const CHUNK = 65536;
const COPIES = 2;
let dir = '';
let file = '';

test.skip(!existsSync(STORE) && !process.env.CI, `sample ${STORE} is missing`);

test.beforeAll(() => {
  const src = new Uint8Array(readFileSync(STORE));
  const chunks = src.subarray(HEADER);
  expect(chunks.length % CHUNK).toBe(0);
  const count = (chunks.length / CHUNK) * COPIES;
  const out = new Uint8Array(HEADER + chunks.length * COPIES);
  out.set(src.subarray(0, HEADER), 0);
  for (let i = 0; i < COPIES; i++) out.set(chunks, HEADER + i * chunks.length);
  const view = new DataView(out.buffer);
  view.setUint32(0x10, count - 1, true);
  view.setUint32(0x14, 0, true);
  view.setUint16(0x2a, count, true);
  view.setUint32(0x7c, crc32(out, 0, 0x78), true);
  dir = mkdtempSync(join(tmpdir(), 'tracelens-split-'));
  file = join(dir, 'Big-Store.evtx');
  writeFileSync(file, out);
});

test.afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('a large EVTX file parsed across the workers shows the records the CLI counts', async ({ app }) => {
  test.setTimeout(180_000);
  const cli = spawnSync('node', [join(ROOT, 'bin', 'tracelens.mjs'), 'parse', file], {
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  expect(cli.status, cli.stderr).toBe(0);
  const records = cli.stdout.split('\n').filter((l) => l.trim() !== '').length;
  expect(records).toBeGreaterThan(1000);
  const workers = await app.evaluate(() => navigator.hardwareConcurrency);

  const detail = await loadOneLargeFile(app, file, { type: 'evtx', records, events: records });
  if (workers > 1) expect(detail).toMatch(/chunks parsed in \d+ parts across workers/);
  else expect(detail).toBe('EVTX file header');
});
