import { basename } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasTool, requireOrSkip, run, sampleBytes, sampleFiles } from '../../testing/samples';
import { filetimeParts, isoFromParts } from '../bytes/filetime';
import { chunkedSource, type Diagnostic, memorySource, type NormalizedEvent } from '../types';
import { type PrefetchRecord, prefetchParser } from './index';
import { buildScca, writePrefetch } from '../../writers/prefetch/write-prefetch';
import { parsePrefetchBytes } from './parse-prefetch';
import { hasLibscca, libsccaFileReferences, parseSccainfo } from '../../testing/sccainfo-text';

async function parseOne(
  bytes: Uint8Array,
  name = 'x.pf',
  readSize = 0,
): Promise<{
  recs: PrefetchRecord[];
  diags: Diagnostic[];
  summary: Awaited<ReturnType<typeof prefetchParser.parse>>;
}> {
  const recs: PrefetchRecord[] = [];
  const diags: Diagnostic[] = [];
  const src = readSize > 0 ? chunkedSource(memorySource(bytes), readSize) : memorySource(bytes);
  const summary = await prefetchParser.parse(src, { fileName: name, diagnostics: diags }, (r) =>
    recs.push(r),
  );
  return { recs, diags, summary };
}

const iso = (r: PrefetchRecord) => r.lastRunTimes.map((t) => isoFromParts(t.timeMs, t.tick));

describe('prefetch parser vs sccainfo (libscca-utils)', () => {
  it('agrees on version, hash, executable, run count, run times, files and volumes for every readable sample', async () => {
    const files = sampleFiles('prefetch');
    if (
      !requireOrSkip('sccainfo', hasTool('sccainfo')) ||
      !requireOrSkip('prefetch samples', files.length > 0)
    )
      return;
    let compared = 0;
    let compressed = 0;
    const versions = new Set<number>();
    for (const path of files) {
      const ref = run('sccainfo', [path]);
      if (ref.status !== 0) continue;
      const want = parseSccainfo(ref.stdout);
      const { recs, diags } = await parseOne(sampleBytes(path), path);
      const name = basename(path);
      expect(
        diags.filter((d) => d.severity === 'error'),
        name,
      ).toEqual([]);
      expect(recs, name).toHaveLength(1);
      const rec = recs[0];
      expect(rec.version, name).toBe(want.version);
      expect(rec.executable, name).toBe(want.executable);
      expect(prefetchParser.toJson(rec, path).hash, name).toBe(want.hash);
      expect(rec.runCount, name).toBe(want.runCount);
      expect(iso(rec), name).toEqual(want.runTimes);
      expect(rec.files.length, name).toBe(want.fileCount);
      expect(rec.files, name).toEqual(want.files);
      expect(
        rec.volumes.map(({ devicePath, serial, created }) => ({ devicePath, serial, created })),
        name,
      ).toEqual(want.volumes);
      versions.add(rec.version);
      if (rec.compressed) compressed++;
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(25);
    expect(compressed).toBeGreaterThanOrEqual(10);
    expect([...versions].sort()).toEqual([17, 23, 26, 30]);
  });

  it("agrees with libscca (sccainfo's library) on every loaded file's $MFT entry and sequence number", async () => {
    const files = sampleFiles('prefetch');
    if (
      !requireOrSkip('python3 with libscca1 (libscca-utils)', hasLibscca()) ||
      !requireOrSkip('prefetch samples', files.length > 0)
    )
      return;
    let compared = 0;
    let withReferences = 0;
    let v17 = 0;
    for (const path of files) {
      const want = libsccaFileReferences(path);
      if (!want) continue;
      const rec = parsePrefetchBytes(sampleBytes(path), path, []);
      const name = basename(path);
      expect(rec, name).not.toBeNull();
      if (!rec) continue;
      expect(rec.files, name).toEqual(want.map((f) => f.filename));
      expect(rec.fileMftEntries, name).toEqual(want.map((f) => f.mftEntry));
      expect(rec.fileMftSequences, name).toEqual(want.map((f) => f.mftSequence));
      if (rec.version === 17) {
        v17++;
        expect(new Set([...rec.fileMftEntries, ...rec.fileMftSequences]), name).toEqual(new Set([0]));
      }
      if (rec.fileMftEntries.some((e) => e > 0)) withReferences++;
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(25);
    expect(withReferences).toBeGreaterThanOrEqual(10);
    expect(v17).toBeGreaterThanOrEqual(3);
  });

  it('reads the header file size: the (decompressed) SCCA size wherever no warning says otherwise', () => {
    let checked = 0;
    for (const path of sampleFiles('prefetch')) {
      const d: Diagnostic[] = [];
      const rec = parsePrefetchBytes(sampleBytes(path), path, d);
      if (!rec) continue;
      const sizeWarning = d.find((x) => x.field === 'header.fileSize');
      if (sizeWarning) expect(sizeWarning.found, path).toBe(String(rec.fileSize));
      else expect(rec.fileSize, path).toBe(rec.sccaSize);
      if (!rec.compressed && !sizeWarning) expect(rec.fileSize, path).toBe(sampleBytes(path).length);
      checked++;
    }
    if (!requireOrSkip('prefetch samples', checked > 0)) return;
    expect(checked).toBeGreaterThanOrEqual(25);
  });
});

describe('prefetch files sccainfo cannot read (pinned by hand from a hex dump)', () => {
  const sample = (suffix: string) => sampleFiles('prefetch').find((p) => p.endsWith(suffix));

  it('version 31, MAM compressed (plaso AM_DELTA_PATCH)', async () => {
    const p = sample('AM_DELTA_PATCH_1.443.990.0.EX-7037CF86.pf');
    if (!requireOrSkip('plaso v31 sample', p !== undefined)) return;
    const { recs, diags, summary } = await parseOne(sampleBytes(p!), p);
    expect(diags).toEqual([]);
    const r = recs[0];
    expect(summary.info).toMatchObject({ version: 31, compressed: true, hash: '7037CF86' });
    expect(r.sccaSize).toBe(11888);
    expect(r.executable).toBe('AM_DELTA_PATCH_1.443.990.0.EX');
    expect(r.runCount).toBe(1);
    expect(iso(r)).toEqual(['2026-02-04T13:43:44.6686325Z']);
    expect(r.files).toHaveLength(18);
    expect(r.files[0]).toBe('\\VOLUME{01dc94cf1f08c4a4-bc1f1bfc}\\WINDOWS\\SYSTEM32\\NTDLL.DLL');
    expect(r.directories).toHaveLength(12);
    expect(r.executablePath).toBe(
      '\\VOLUME{01dc94cf1f08c4a4-bc1f1bfc}\\WINDOWS\\SOFTWAREDISTRIBUTION\\DOWNLOAD\\INSTALL\\AM_DELTA_PATCH_1.443.990.0.EXE',
    );
    expect(r.volumes.map(({ directories: _, ...v }) => v)).toEqual([
      {
        devicePath: '\\VOLUME{01dc94cf1f08c4a4-bc1f1bfc}',
        serial: 'BC1F1BFC',
        created: '2026-02-03T05:37:01.4081700Z',
      },
    ]);
  });

  it('version 31, plain (SutharPC GIT.EXE, 8 run times of 16 runs)', async () => {
    const p = sample('SutharPC__GIT.EXE-B022AB25.pf');
    if (!requireOrSkip('SutharPC GIT sample', p !== undefined)) return;
    const { recs, diags } = await parseOne(sampleBytes(p!), p);
    expect(diags).toEqual([]);
    const r = recs[0];
    expect(r.version).toBe(31);
    expect(r.compressed).toBe(false);
    expect(r.layout).toBe('v31 variant 2');
    expect(r.runCount).toBe(16);
    expect(iso(r)).toEqual([
      '2025-07-08T00:06:23.8891024Z',
      '2025-07-07T22:43:56.9612232Z',
      '2025-07-07T22:41:46.6157807Z',
      '2025-07-07T21:57:57.5807039Z',
      '2025-07-04T01:46:26.2867313Z',
      '2025-06-25T15:58:50.9290617Z',
      '2025-06-25T06:36:29.8933594Z',
      '2025-06-25T06:36:11.5232288Z',
    ]);
    expect(r.files).toHaveLength(32);
    expect(r.directories).toHaveLength(9);
    expect(r.executablePath).toBe(
      '\\VOLUME{01d5f51ea48267ca-96a49c74}\\PROGRAM FILES\\GIT\\MINGW64\\BIN\\GIT.EXE',
    );
  });

  it('version 31, plain (SutharPC PING.EXE)', async () => {
    const p = sample('SutharPC__PING.EXE-E2756A7D.pf');
    if (!requireOrSkip('SutharPC PING sample', p !== undefined)) return;
    const { recs } = await parseOne(sampleBytes(p!), p);
    const r = recs[0];
    expect([r.version, r.runCount, r.files.length, r.directories.length]).toEqual([31, 1, 26, 8]);
    expect(iso(r)).toEqual(['2025-07-07T19:04:10.6303999Z']);
    expect(r.volumes[0].serial).toBe('96A49C74');
  });

  it('not a prefetch file: one clear error, no record', async () => {
    const p = sample('notAPrefetch.pf');
    if (!requireOrSkip('notAPrefetch sample', p !== undefined)) return;
    const { recs, diags, summary } = await parseOne(sampleBytes(p!), p);
    expect(recs).toEqual([]);
    expect(summary).toMatchObject({ ok: 0, errors: 1 });
    expect(diags).toHaveLength(1);
    expect(diags[0]).toMatchObject({ severity: 'error', offset: 0, field: 'header.signature' });
    expect(diags[0].found).toBe('first bytes 1e 00 00 00 53 44 43 41');
  });
});

describe('prefetch records', () => {
  const calc = () => sampleFiles('prefetch').find((p) => p.endsWith('Win10__CALC.EXE-3FBEF7FD.pf'));

  it('prints the CLI JSONL contract', async () => {
    const p = calc();
    if (!requireOrSkip('Win10 CALC sample', p !== undefined)) return;
    const { recs } = await parseOne(sampleBytes(p!), p);
    const j = prefetchParser.toJson(recs[0], 'CALC.EXE-3FBEF7FD.pf');
    expect(Object.keys(j).slice(0, 10)).toEqual([
      'artifact',
      'file',
      'version',
      'executable',
      'hash',
      'runCount',
      'lastRunTimes',
      'volumes',
      'files',
      'directories',
    ]);
    expect(j).toMatchObject({
      artifact: 'prefetch',
      file: 'CALC.EXE-3FBEF7FD.pf',
      version: 30,
      executable: 'CALC.EXE',
      hash: '3FBEF7FD',
      runCount: 2,
      lastRunTimes: ['2016-01-11T22:08:20.9853304Z', '2016-01-10T02:12:33.8095417Z'],
      volumes: [
        {
          devicePath: '\\VOLUME{01d1217a9c4c6779-8c9f49ec}',
          serial: '8C9F49EC',
          created: '2015-11-17T20:57:46.2434681Z',
        },
      ],
      compressed: true,
      executablePath: '\\VOLUME{01d1217a9c4c6779-8c9f49ec}\\WINDOWS\\SYSTEM32\\CALC.EXE',
    });
    expect((j.files as string[]).length).toBe(63);
    expect((j.directories as string[]).length).toBe(19);
  });

  it('emits one Executed event per run time, newest first', async () => {
    const p = calc();
    if (!requireOrSkip('Win10 CALC sample', p !== undefined)) return;
    const { recs, summary } = await parseOne(sampleBytes(p!), `/cases/ws01/${basename(p!)}`);
    const events: NormalizedEvent[] = [];
    prefetchParser.toEvents(recs[0], (e) => events.push(e));
    expect(events).toHaveLength(2);
    expect(events.map((e) => isoFromParts(e.timeMs, e.tick))).toEqual([
      '2016-01-11T22:08:20.9853304Z',
      '2016-01-10T02:12:33.8095417Z',
    ]);
    expect(events[0]).toMatchObject({
      artifact: 'prefetch',
      source: 'Prefetch',
      computer: '',
      eventId: -1,
      ref: 0,
      offset: 0,
      label: 'Executed',
      summary: 'CALC.EXE ran (run 1 of 2, hash 3FBEF7FD)',
      fields: {
        Executable: 'CALC.EXE',
        Hash: '3FBEF7FD',
        ExecutablePath: '\\VOLUME{01d1217a9c4c6779-8c9f49ec}\\WINDOWS\\SYSTEM32\\CALC.EXE',
        RunCount: '2',
        RunIndex: '0',
        Version: '30',
        PrefetchFile: 'ez-Win10__CALC.EXE-3FBEF7FD.pf',
        Volume: '\\VOLUME{01d1217a9c4c6779-8c9f49ec}',
      },
    });
    expect(events[1].ref).toBe(1);
    expect(summary.firstTimeMs).toBe(events[1].timeMs);
    expect(summary.lastTimeMs).toBe(events[0].timeMs);
  });

  it('every \\VOLUME{filetime-serial} device path agrees with the volume creation time and serial', async () => {
    let checked = 0;
    for (const path of sampleFiles('prefetch')) {
      const rec = parsePrefetchBytes(sampleBytes(path), path, []);
      for (const v of rec?.volumes ?? []) {
        const m = /^\\VOLUME\{([0-9a-f]{16})-([0-9a-f]{8})\}$/.exec(v.devicePath);
        if (!m) continue;
        const ft = filetimeParts(Number.parseInt(m[1].slice(8), 16), Number.parseInt(m[1].slice(0, 8), 16));
        expect(v.created, path).toBe(isoFromParts(ft.timeMs, ft.tick));
        expect(v.serial, path).toBe(m[2].toUpperCase());
        checked++;
      }
    }
    expect(checked).toBeGreaterThanOrEqual(14);
  });

  it('gives the same records with 7-byte reads', async () => {
    for (const path of sampleFiles('prefetch')) {
      const a = await parseOne(sampleBytes(path), path);
      const b = await parseOne(sampleBytes(path), path, 7);
      expect(b.recs, path).toEqual(a.recs);
      expect(b.diags, path).toEqual(a.diags);
    }
  });
});

describe('prefetch header file size and $MFT file references (generated files)', () => {
  const VOL = '\\VOLUME{01d834b54842fb73-1a484cb6}';
  const files = [`${VOL}\\WINDOWS\\SYSTEM32\\NTDLL.DLL`, `${VOL}\\TOOLS\\NMAP.EXE`, `${VOL}\\DATA\\X.DAT`];
  const spec = (version: 23 | 30) => ({
    version,
    executable: 'NMAP.EXE',
    hash: 0x23741204,
    runCount: 5,
    lastRunTimes: ['2024-05-01T10:00:03.1234567Z'],
    volumes: [{ devicePath: VOL, serial: 0x1a484cb6, created: '2022-03-10T19:30:21.3503859Z' }],
    files,
    // the second entry's number needs all 48 bits; the third file has no reference.
    fileReferences: [
      { mftEntry: 0x2a1f3, mftSequence: 1 },
      { mftEntry: 0xfedc_ba98_7654, mftSequence: 0xffff },
      { mftEntry: 0, mftSequence: 0 },
    ],
    directories: [`${VOL}\\TOOLS`],
  });

  for (const version of [23, 30] as const) {
    it(`version ${version}: the record, its JSON and its timeline fields carry them`, async () => {
      const bytes = writePrefetch(spec(version));
      const scca = buildScca(spec(version));
      const { recs, diags } = await parseOne(bytes, 'NMAP.EXE-23741204.pf');
      expect(diags).toEqual([]);
      const rec = recs[0];
      expect(rec.fileSize).toBe(scca.length);
      expect(rec.fileMftEntries).toEqual([0x2a1f3, 0xfedc_ba98_7654, 0]);
      expect(rec.fileMftSequences).toEqual([1, 0xffff, 0]);
      const j = prefetchParser.toJson(rec, 'NMAP.EXE-23741204.pf');
      expect(Object.keys(j).slice(-2)).toEqual(['fileSize', 'fileReferences']);
      expect(j.fileSize).toBe(scca.length);
      expect(j.fileReferences).toEqual([
        { mftEntry: 172531, mftSequence: 1 },
        { mftEntry: 280223976814164, mftSequence: 65535 },
        { mftEntry: 0, mftSequence: 0 },
      ]);
      const events: NormalizedEvent[] = [];
      prefetchParser.toEvents(rec, (e) => events.push(e));
      expect(events[0].fields.FileSize).toBe(String(scca.length));
      expect(events[0].fields.FilesLoaded).toBe(
        `${files[0]} (172531-1), ${files[1]} (280223976814164-65535), ${files[2]}`,
      );
    });
  }

  it('a header file size that disagrees is kept as read, with its warning', async () => {
    const b = buildScca(spec(23));
    new DataView(b.buffer).setUint32(12, b.length + 8, true);
    const { recs, diags } = await parseOne(b);
    expect(recs[0].fileSize).toBe(b.length + 8);
    expect(diags).toMatchObject([
      { severity: 'warning', field: 'header.fileSize', found: String(b.length + 8) },
    ]);
  });
});

describe('bad prefetch input', () => {
  const plain = () => sampleFiles('prefetch').find((p) => p.endsWith('ez-Win7__PING.EXE-B29F6629.pf'));
  const patch = (b: Uint8Array, o: number, v: number) => {
    const c = b.slice();
    new DataView(c.buffer).setUint32(o, v, true);
    return c;
  };

  it('reports an unknown version and the next file still loads', async () => {
    const p = plain();
    if (!requireOrSkip('Win7 PING sample', p !== undefined)) return;
    const bad = await parseOne(patch(sampleBytes(p!), 0, 99), 'bad.pf');
    expect(bad.recs).toEqual([]);
    expect(bad.diags).toEqual([
      expect.objectContaining({ severity: 'error', offset: 0, field: 'header.version', found: '99' }),
    ]);
    const good = await parseOne(sampleBytes(p!), 'good.pf');
    expect(good.recs).toHaveLength(1);
    expect(good.recs[0].runCount).toBe(14);
  });

  it('reports a metrics offset outside the file and still lists names from the strings', async () => {
    const p = plain();
    if (!requireOrSkip('Win7 PING sample', p !== undefined)) return;
    const { recs, diags } = await parseOne(patch(sampleBytes(p!), 0x54, 0x7fffffff));
    expect(diags[0]).toMatchObject({
      severity: 'error',
      offset: 0x54,
      field: 'fileInformation.metricsOffset',
    });
    expect(recs[0].files).toHaveLength(27);
    expect(recs[0].runCount).toBe(14);
  });

  it('reports volumes and filename strings outside the file, keeping the header fields', async () => {
    const p = plain();
    if (!requireOrSkip('Win7 PING sample', p !== undefined)) return;
    let b = patch(sampleBytes(p!), 0x6c, 0x10000000);
    b = patch(b, 0x64, 0x10000000);
    const { recs, diags } = await parseOne(b);
    expect(diags.map((d) => d.field).sort()).toEqual([
      'fileInformation.filenameStringsOffset',
      'fileInformation.volumesOffset',
    ]);
    expect(recs[0]).toMatchObject({
      version: 23,
      executable: 'PING.EXE',
      runCount: 14,
      files: [],
      volumes: [],
    });
  });

  it('reports a truncated file', async () => {
    const p = plain();
    if (!requireOrSkip('Win7 PING sample', p !== undefined)) return;
    const { recs, diags } = await parseOne(sampleBytes(p!).subarray(0, 5000));
    expect(recs).toHaveLength(1);
    expect(diags.some((d) => d.field === 'header.fileSize' && d.severity === 'warning')).toBe(true);
    expect(diags.some((d) => d.severity === 'error')).toBe(true);
  });

  it('reports a short header', async () => {
    const { recs, diags } = await parseOne(new Uint8Array([23, 0, 0, 0, 0x53, 0x43, 0x43, 0x41, 1, 2]));
    expect(recs).toEqual([]);
    expect(diags[0]).toMatchObject({ severity: 'error', field: 'header' });
  });
});

describe('prefetch parser never throws or hangs', () => {
  const inputs = () =>
    [
      'ez-Win7__PING.EXE-B29F6629.pf',
      'museum-Win10-APTSimulatorVM__PING.EXE-4A8A6853.pf',
      'ez-XPPro__CALC.EXE-02CD573A.pf',
    ]
      .map((n) => sampleFiles('prefetch').find((p) => p.endsWith(n)))
      .filter((p): p is string => p !== undefined)
      .map((p) => sampleBytes(p));

  it('on random bytes, with and without a valid signature', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 0, maxLength: 3000 }),
        fc.constantFrom('none', 'scca23', 'scca30', 'mam'),
        async (b, sig) => {
          const c = b.slice();
          if (sig === 'mam' && c.length >= 4) c.set([0x4d, 0x41, 0x4d, 0x04]);
          if (sig.startsWith('scca') && c.length >= 8)
            c.set([sig === 'scca23' ? 23 : 30, 0, 0, 0, 0x53, 0x43, 0x43, 0x41]);
          const { summary } = await parseOne(c);
          expect(summary.ok + summary.errors).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('on bit flips and truncations of real files', async () => {
    const files = inputs();
    if (!requireOrSkip('prefetch samples', files.length === 3)) return;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 2 }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 16 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        async (which, flips, keep) => {
          const src = files[which];
          const b = src.slice(0, Math.max(0, Math.floor(src.length * keep)));
          for (const f of flips) if (b.length > 0) b[f % b.length] ^= 1 << (f % 8);
          const { recs, diags } = await parseOne(b);
          expect(recs.length + diags.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
