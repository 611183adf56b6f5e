import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, deflateRawSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { writePrefetch } from '../writers/prefetch/write-prefetch';
import { loadCase } from './load-case';

const MiB = 1024 * 1024;

/**
 * A gzip file of `size` bytes holding ~1000 times as many zeros: one sync-flushed DEFLATE block of
 * 1 MiB of zeros (ends byte aligned; its matches only reach back into zeros), repeated, then a final
 * empty stored block and the trailer (the size mod 2^32; CRC left zero, the stream is refused first).
 */
function gzipOfZeros(size: number): { gz: Uint8Array; inflated: number } {
  const block = deflateRawSync(new Uint8Array(MiB), { level: 9, finishFlush: constants.Z_SYNC_FLUSH });
  const header = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
  const finalBlock = [0x01, 0x00, 0x00, 0xff, 0xff];
  const repeats = Math.floor((size - header.length - finalBlock.length - 8) / block.length);
  const gz = new Uint8Array(header.length + repeats * block.length + finalBlock.length + 8);
  gz.set(header, 0);
  for (let i = 0; i < repeats; i++) gz.set(block, header.length + i * block.length);
  const end = header.length + repeats * block.length;
  gz.set(finalBlock, end);
  new DataView(gz.buffer).setUint32(end + finalBlock.length + 4, (repeats * MiB) >>> 0, true);
  return { gz, inflated: repeats * MiB };
}

const VOL = '\\VOLUME{01d834b54842fb73-1a484cb6}';
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('CLI load path: a gzip bomb', () => {
  it('is refused by zip bomb protection after inflating little, and the rest of the folder loads', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracelens-gzbomb-'));
    dirs.push(dir);
    const { gz, inflated } = gzipOfZeros(4 * MiB);
    expect(gz.length).toBeGreaterThan(4 * MiB - 2048);
    expect(inflated).toBeGreaterThan(3.9 * 1024 * MiB);
    writeFileSync(join(dir, 'bomb.gz'), gz);
    const pf = writePrefetch({
      version: 30,
      executable: 'NMAP.EXE',
      hash: 0x1234abcd,
      runCount: 3,
      lastRunTimes: ['2024-05-01T10:00:00.0000000Z', '2024-05-01T09:00:00.0000000Z'],
      volumes: [{ devicePath: VOL, serial: 7, created: '2022-03-10T19:30:21.0000000Z' }],
      files: [`${VOL}\\TOOLS\\NMAP.EXE`],
      directories: [`${VOL}\\TOOLS`],
    });
    writeFileSync(join(dir, 'NMAP.EXE-1234ABCD.pf'), pf);
    writeFileSync(join(dir, 'small.pf.gz'), gzipSync(pf));

    const stderr: string[] = [];
    const rssBefore = process.memoryUsage().rss;
    const { store, failed } = await loadCase([dir], (s) => stderr.push(s));
    const rssGrowth = process.memoryUsage().rss - rssBefore;

    expect(failed).toBe(1);
    const byName = new Map(store.files.map((f) => [f.path.slice(dir.length + 1), f]));
    const bomb = byName.get('bomb.gz');
    expect(bomb?.state.kind).toBe('failed');
    const reason = bomb?.state.kind === 'failed' ? bomb.state.reason : '';
    const m =
      /^zip bomb protection: gzip stream inflates more than 1000:1 \(([\d,]+) bytes inflated from ([\d,]+) bytes compressed\)$/.exec(
        reason,
      );
    expect(m, reason).not.toBeNull();
    const inflatedWhenStopped = Number(m?.[1].replaceAll(',', ''));
    const compressedRead = Number(m?.[2].replaceAll(',', ''));
    expect(inflatedWhenStopped).toBeLessThan(100 * MiB);
    expect(compressedRead).toBeLessThan(MiB);
    expect(stderr).toContain(`${join(dir, 'bomb.gz')}: failed: ${reason}`);
    expect(rssGrowth).toBeLessThan(200 * MiB);

    for (const name of ['NMAP.EXE-1234ABCD.pf', 'small.pf.gz']) {
      const f = byName.get(name);
      expect(f?.artifact, name).toBe('prefetch');
      expect(f?.state, name).toEqual({ kind: 'done', ok: 1, errors: 0 });
    }
    expect(store.table.length).toBe(4);
  });
});
