import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasTool, requireOrSkip, run, sampleBytes, sampleFiles } from '../../testing/samples';
import { isoFromParts } from '../../parsers/bytes/filetime';
import { hashHex, prefetchHashVista } from '../../parsers/prefetch/hash';
import { decompressMam } from '../../parsers/prefetch/mam';
import { parsePrefetchBytes } from '../../parsers/prefetch/parse-prefetch';
import type { PrefetchRecord } from '../../parsers/prefetch/record';
import { parseSccainfo } from '../../testing/sccainfo-text';
import type { Diagnostic } from '../../parsers/types';
import { compressMam } from './mam-encode';
import { type PrefetchSpec, writePrefetch } from './write-prefetch';

const VOL = '\\VOLUME{01d834b54842fb73-1a484cb6}';
const VOL2 = '\\VOLUME{01d12173f395296c-66f451bc}';
const NMAP = '\\DEVICE\\HARDDISKVOLUME2\\TOOLS\\NMAP\\NMAP.EXE';

function spec(version: 23 | 30, extra: Partial<PrefetchSpec> = {}): PrefetchSpec {
  return {
    version,
    executable: 'NMAP.EXE',
    hash: prefetchHashVista(NMAP),
    runCount: 11,
    lastRunTimes: [
      '2024-05-01T10:00:03.1234567Z',
      '2024-05-01T09:59:00.0000001Z',
      '2024-05-01T09:00:00.0000000Z',
      '2024-04-30T08:00:00.5000000Z',
      '2024-04-29T08:00:00.0000009Z',
      '2024-04-28T08:00:00.0000000Z',
      '2024-04-27T08:00:00.0000000Z',
      '2024-04-26T08:00:00.0000000Z',
    ],
    volumes: [
      { devicePath: VOL, serial: 0x1a484cb6, created: '2022-03-10T19:30:21.3503859Z' },
      { devicePath: VOL2, serial: 0x66f451bc, created: '2015-11-17T20:10:06.2049644Z' },
    ],
    files: [
      `${VOL}\\WINDOWS\\SYSTEM32\\NTDLL.DLL`,
      `${VOL}\\TOOLS\\NMAP\\NMAP.EXE`,
      `${VOL}\\WINDOWS\\SYSTEM32\\KERNEL32.DLL`,
      `${VOL2}\\DATA\\NMAP-SERVICES`,
      `${VOL}\\TOOLS\\NMAP\\LIBSSH2.DLL`,
    ],
    directories: [`${VOL}\\TOOLS`, `${VOL}\\TOOLS\\NMAP`, `${VOL}\\WINDOWS`, `${VOL2}\\DATA`],
    ...extra,
  };
}

function readBack(bytes: Uint8Array): PrefetchRecord {
  const d: Diagnostic[] = [];
  const rec = parsePrefetchBytes(bytes, 'NMAP.EXE-23741204.pf', d);
  expect(d).toEqual([]);
  expect(rec).not.toBeNull();
  return rec!;
}

function expectFields(rec: PrefetchRecord, s: PrefetchSpec, runTimes: string[]): void {
  expect(rec.version).toBe(s.version);
  expect(rec.executable).toBe(s.executable);
  expect(rec.hash).toBe(s.hash);
  expect(rec.runCount).toBe(s.runCount);
  expect(rec.lastRunTimes.map((t) => isoFromParts(t.timeMs, t.tick))).toEqual(runTimes);
  expect(rec.volumes.map(({ devicePath, serial, created }) => ({ devicePath, serial, created }))).toEqual(
    s.volumes.map((v) => ({ devicePath: v.devicePath, serial: hashHex(v.serial), created: v.created })),
  );
  expect(rec.files).toEqual(s.files);
  expect(rec.directories).toEqual(s.directories);
}

describe('prefetch writer read back by our parser', () => {
  it('version 30: MAM-compressed, variant 2 layout, every field equal', () => {
    const s = spec(30);
    const bytes = writePrefetch(s);
    expect([...bytes.subarray(0, 4)]).toEqual([0x4d, 0x41, 0x4d, 0x04]);
    const rec = readBack(bytes);
    expect(rec.compressed).toBe(true);
    expect(rec.layout).toBe('v30 variant 2');
    expectFields(rec, s, s.lastRunTimes);
    expect(rec.executablePath).toBe(`${VOL}\\TOOLS\\NMAP\\NMAP.EXE`);
  });

  it('version 30 uncompressed on request', () => {
    const s = spec(30, { compress: false, lastRunTimes: ['2024-05-01T10:00:03.1234567Z'] });
    const bytes = writePrefetch(s);
    expect(String.fromCharCode(...bytes.subarray(4, 8))).toBe('SCCA');
    const rec = readBack(bytes);
    expect(rec.compressed).toBe(false);
    expectFields(rec, s, s.lastRunTimes);
  });

  it('version 23: uncompressed, only the newest run time is stored', () => {
    const s = spec(23);
    const bytes = writePrefetch(s);
    expect(bytes[0]).toBe(23);
    const rec = readBack(bytes);
    expect(rec.compressed).toBe(false);
    expect(rec.layout).toBe('v23');
    expectFields(rec, s, s.lastRunTimes.slice(0, 1));
  });

  it('truncates the stored executable name to 29 characters, as Windows does', () => {
    const long = 'DCODEDCODEDCODEDCODEDCODEDCODEDCODE.EXE';
    const rec = readBack(writePrefetch(spec(30, { executable: long, files: [`${VOL}\\TEMP\\${long}`] })));
    expect(rec.executable).toBe(long.slice(0, 29));
    expect(rec.executablePath).toBe(`${VOL}\\TEMP\\${long}`);
  });
});

describe('prefetch writer output accepted by sccainfo (libscca-utils)', () => {
  it('reads v23, v30 compressed and v30 plain files with matching values', () => {
    if (!requireOrSkip('sccainfo', hasTool('sccainfo'))) return;
    const dir = mkdtempSync(join(tmpdir(), 'tracelens-pf-'));
    const cases: [string, PrefetchSpec, string[]][] = [
      ['v23.pf', spec(23), spec(23).lastRunTimes.slice(0, 1)],
      ['v30.pf', spec(30), spec(30).lastRunTimes],
      ['v30-plain.pf', spec(30, { compress: false }), spec(30).lastRunTimes],
      [
        'v30-three-runs.pf',
        spec(30, { runCount: 3, lastRunTimes: spec(30).lastRunTimes.slice(0, 3) }),
        spec(30).lastRunTimes.slice(0, 3),
      ],
    ];
    for (const [name, s, runTimes] of cases) {
      const path = join(dir, name);
      writeFileSync(path, writePrefetch(s));
      const out = run('sccainfo', [path]);
      expect(out.status, `${name}: ${out.stderr}`).toBe(0);
      const info = parseSccainfo(out.stdout);
      expect(info, name).toEqual({
        version: s.version,
        hash: hashHex(s.hash),
        executable: s.executable,
        runCount: s.runCount,
        runTimes,
        fileCount: s.files.length,
        files: s.files,
        volumes: s.volumes.map((v) => ({
          devicePath: v.devicePath,
          serial: hashHex(v.serial),
          created: v.created,
        })),
      });
    }
  });

  it('reads every sample re-compressed by our encoder exactly as it reads the original', () => {
    const files = sampleFiles('prefetch');
    if (
      !requireOrSkip('sccainfo', hasTool('sccainfo')) ||
      !requireOrSkip('prefetch samples', files.length > 0)
    )
      return;
    const dir = mkdtempSync(join(tmpdir(), 'tracelens-pfz-'));
    let compared = 0;
    for (const path of files) {
      const original = run('sccainfo', [path]);
      if (original.status !== 0) continue;
      let plain = sampleBytes(path);
      if (plain[0] === 0x4d) plain = decompressMam(plain, path, []).data!;
      const out = join(dir, 'x.pf');
      writeFileSync(out, compressMam(plain));
      const ours = run('sccainfo', [out]);
      expect(ours.status, path).toBe(0);
      expect(ours.stdout, path).toBe(original.stdout);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(25);
  });
});
