// Ground truth from a real NTFS volume: mkntfs + ntfs-3g (FUSE) build it, sleuthkit reads it.
// Every entry's path, in-use flag, size and $STANDARD_INFORMATION times are compared with
// `fls -r -p -l` (seconds) and, for the interesting files, with `istat` (100 ns).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { hasTool, requireOrSkip, run } from '../../testing/samples';
import { isoFromParts, type TimeParts } from '../bytes/filetime';
import { memorySource } from '../types';
import type { MftEntry } from './entry';
import { mftParser } from './index';

const TOOLS = ['mkntfs', 'ntfs-3g', 'icat', 'fls', 'istat', 'umount'];
const LINKS = 60;
const BIG_DIR_FILES = 2000;
const DEEP = ['d1', 'd2', 'd3', 'd4', 'd5', 'd6', 'd7', 'd8', 'd9', 'd10', 'd11', 'd12'];
const UNICODE_DIR = 'Ünïcödé-ディレクトリ';
const UNICODE_FILE = 'файл-😀.txt';

interface FlsLine {
  type: string;
  deleted: boolean;
  entry: number;
  /** Attribute type of the listed stream (128 = $DATA), 0 when not shown. */
  attrType: number;
  path: string;
  times: string[];
  size: number;
}

function parseFls(out: string): FlsLine[] {
  const lines: FlsLine[] = [];
  for (const line of out.split('\n')) {
    const m = /^(\S+)\s+(\*\s+)?(\d+)(?:-(\d+)-\d+)?(?:\s+\(realloc\))?:\t(.*)$/.exec(line);
    if (!m) continue;
    const cols = m[5].split('\t');
    lines.push({
      type: m[1],
      deleted: !!m[2],
      entry: Number(m[3]),
      attrType: Number(m[4] ?? 0),
      path: cols[0],
      times: cols.slice(1, 5).map((t) => t.replace(' (UTC)', '')),
      size: Number(cols[5]),
    });
  }
  return lines;
}

/** How sleuthkit 4.11 prints a zero FILETIME (mkntfs leaves $MFT's $SI times zero): the
 *  seconds since 1970 of FILETIME 0 wrap around a 32-bit unsigned value. */
const TSK_ZERO_FILETIME = '2076-11-29 08:54:34';

/** `2001-02-03 04:05:06` as fls prints it (seconds, floor). */
function flsTime(t: TimeParts | undefined): string {
  if (!t || !Number.isFinite(t.timeMs)) return TSK_ZERO_FILETIME;
  return isoFromParts(t.timeMs, t.tick).slice(0, 19).replace('T', ' ');
}

/** `2001-02-03 04:05:06.123456700` as istat prints it. */
function istatTime(t: TimeParts | undefined): string {
  if (!t) return '';
  return `${isoFromParts(t.timeMs, t.tick).slice(0, 27).replace('T', ' ')}00`;
}

function sh(cmd: string, args: string[], cwd?: string): void {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
}

const ready = TOOLS.every(hasTool);
let dir = '';
let image = '';
const entries: MftEntry[] = [];
let byEntry = new Map<number, MftEntry>();
let fls: FlsLine[] = [];
let info: Record<string, string | number | boolean> = {};
let crtimeSet = false;
let built = false;

describe('$MFT of a real NTFS volume (mkntfs + ntfs-3g, read back by sleuthkit)', () => {
  beforeAll(() => {
    if (!requireOrSkip(`tools ${TOOLS.join(', ')}`, ready)) return;
    dir = mkdtempSync(join(tmpdir(), 'tracelens-ntfs-'));
    image = join(dir, 'volume.img');
    const mnt = join(dir, 'mnt');
    mkdirSync(mnt);
    writeFileSync(image, '');
    truncateSync(image, 64 * 1024 * 1024);
    sh('mkntfs', ['-F', '-f', '-q', image]);
    const mount = spawnSync('ntfs-3g', ['-o', 'streams_interface=windows', image, mnt], { encoding: 'utf8' });
    if (!requireOrSkip(`a FUSE mount by ntfs-3g (${mount.stderr.trim()})`, mount.status === 0)) return;
    try {
      const p = (...parts: string[]) => join(mnt, ...parts);
      mkdirSync(p(...DEEP), { recursive: true });
      writeFileSync(p(...DEEP, 'deep.txt'), 'deep\n');
      mkdirSync(p('Windows', 'Prefetch'), { recursive: true });
      writeFileSync(p('Windows', 'Prefetch', 'NMAP.EXE-7F3A2C11.pf'), Buffer.alloc(5000, 1));
      mkdirSync(p(UNICODE_DIR));
      writeFileSync(p(UNICODE_DIR, UNICODE_FILE), 'unicode\n');
      writeFileSync(p('ads.txt'), 'main stream\n');
      writeFileSync(p('ads.txt:hidden.bin'), Buffer.alloc(3000, 7));
      writeFileSync(p('ads.txt:small'), 'tiny');
      writeFileSync(p('old.txt'), 'old\n');
      sh('touch', ['-d', '2001-02-03 04:05:06.1234567', p('old.txt')]);
      crtimeSet =
        spawnSync('python3', [
          '-c',
          'import os,struct,sys; os.setxattr(sys.argv[1], "system.ntfs_crtime", struct.pack("<Q", 125911583991234567))',
          p('old.txt'),
        ]).status === 0;
      mkdirSync(p('del'));
      writeFileSync(p('del', 'gone.txt'), 'bye\n');
      writeFileSync(p('del', 'kept.txt'), 'stay\n');
      mkdirSync(p('big'));
      for (let i = 0; i < BIG_DIR_FILES; i++)
        writeFileSync(p('big', `file-${String(i).padStart(5, '0')}.txt`), 'x');
      mkdirSync(p('links'));
      writeFileSync(p('links', 'base.bin'), Buffer.alloc(100_000, 3));
      for (let i = 0; i < LINKS; i++) {
        sh('ln', [
          p('links', 'base.bin'),
          p('links', `link-${String(i).padStart(3, '0')}-${'n'.repeat(120)}`),
        ]);
      }
      sh('sync', []);
      rmSync(p('del', 'gone.txt'));
    } finally {
      sh('umount', [mnt]);
    }
    const icat = spawnSync('icat', [image, '0'], { maxBuffer: 256 * 1024 * 1024 });
    if (icat.status !== 0) throw new Error(`icat failed: ${icat.stderr}`);
    const mft = new Uint8Array(icat.stdout.buffer, icat.stdout.byteOffset, icat.stdout.byteLength);
    const r = run('fls', ['-r', '-p', '-l', image]);
    if (r.status !== 0) throw new Error(`fls failed: ${r.stderr}`);
    fls = parseFls(r.stdout);
    return mftParser
      .parse(memorySource(mft), { fileName: '$MFT', diagnostics: [], readSize: 64 * 1024 }, (e) =>
        entries.push(e),
      )
      .then((s) => {
        info = s.info;
        byEntry = new Map(entries.map((e) => [e.entry, e]));
        built = true;
      });
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('every fls name line matches our entry: path, in-use flag, size, $SI times (seconds)', () => {
    if (!built) return;
    expect(fls.length).toBeGreaterThan(BIG_DIR_FILES + LINKS);
    const pathsByEntry = new Map<number, string[]>();
    let compared = 0;
    for (const f of fls) {
      if (f.type === 'V/V') continue;
      const e = byEntry.get(f.entry);
      expect(e, `fls entry ${f.entry} ${f.path}`).toBeDefined();
      if (!e) continue;
      const leaf = f.path.slice(f.path.lastIndexOf('/') + 1);
      const colon = leaf.indexOf(':');
      if (colon >= 0) {
        const stream = e.streams.find((s) => s.name === leaf.slice(colon + 1));
        if (f.attrType === 128) {
          expect(stream, `stream ${f.path}`).toBeDefined();
          expect(stream?.size).toBe(f.size);
        }
        continue;
      }
      if (f.path.startsWith('$OrphanFiles/')) {
        expect(e.name).toBe('');
        expect(e.inUse).toBe(false);
        continue;
      }
      const list = pathsByEntry.get(f.entry) ?? [];
      list.push(`\\${f.path.replace(/\//g, '\\')}`);
      pathsByEntry.set(f.entry, list);
      expect(e.inUse, `in use ${f.path}`).toBe(!f.deleted);
      if (f.type.endsWith('r')) expect(e.size, `size ${f.path}`).toBe(f.size);
      expect([
        flsTime(e.si?.modified),
        flsTime(e.si?.accessed),
        flsTime(e.si?.changed),
        flsTime(e.si?.created),
      ]).toEqual(f.times);
      compared++;
    }
    for (const [entry, paths] of pathsByEntry) {
      expect(paths, `entry ${entry}`).toContain(byEntry.get(entry)?.path);
    }
    expect(compared).toBeGreaterThan(BIG_DIR_FILES + LINKS);
  });

  test('every named entry we emit is listed by fls (nothing invented)', () => {
    if (!built) return;
    const listed = new Set(fls.map((f) => f.entry));
    const missing = entries.filter((e) => e.name && e.entry !== 5 && !listed.has(e.entry)).map((e) => e.path);
    expect(missing).toEqual([]);
    expect(info.entries).toBe(entries.length + Number(info.extension));
    expect(info.baad).toBe(0);
    expect(info.fixupErrors).toBe(0);
  });

  test('known paths: deep, unicode, prefetch, root', () => {
    if (!built) return;
    const paths = new Set(entries.map((e) => e.path));
    expect(paths).toContain(`\\${DEEP.join('\\')}\\deep.txt`);
    expect(paths).toContain(`\\${UNICODE_DIR}\\${UNICODE_FILE}`);
    expect(paths).toContain('\\Windows\\Prefetch\\NMAP.EXE-7F3A2C11.pf');
    expect(byEntry.get(5)?.path).toBe('\\');
    const pf = entries.find((e) => e.name === 'NMAP.EXE-7F3A2C11.pf');
    expect(pf?.size).toBe(5000);
    expect(pf?.inUse).toBe(true);
    const big = entries.filter((e) => e.path.startsWith('\\big\\file-'));
    expect(big.length).toBe(BIG_DIR_FILES);
  });

  test('a deleted file keeps its path while its folder still matches', () => {
    if (!built) return;
    const gone = entries.find((e) => e.name === 'gone.txt');
    expect(gone?.inUse).toBe(false);
    expect(gone?.path).toBe('\\del\\gone.txt');
    expect(gone?.orphan).toBe(false);
    const istat = run('istat', [image, String(gone?.entry)]).stdout;
    expect(istat).toContain('Not Allocated');
  });

  test('alternate data streams are listed with their sizes', () => {
    if (!built) return;
    const ads = entries.find((e) => e.path === '\\ads.txt');
    expect(ads?.size).toBe(12);
    expect(ads?.streams.map((s) => [s.name, s.size]).sort()).toEqual([
      ['hidden.bin', 3000],
      ['small', 4],
    ]);
  });

  test('$ATTRIBUTE_LIST: names and data held in extension records are found', () => {
    if (!built) return;
    const base = entries.find((e) => e.path.startsWith('\\links\\'));
    expect(base).toBeDefined();
    if (!base) return;
    expect(base.hasAttributeList).toBe(true);
    expect(base.extensionEntries.length).toBeGreaterThan(0);
    expect(Number(info.extension)).toBeGreaterThan(0);
    const names = new Set(base.fileNames.map((f) => f.name));
    expect(names.size).toBe(LINKS + 1);
    expect(names).toContain('base.bin');
    expect(base.size).toBe(100_000);
    expect(base.linkCount).toBe(LINKS + 1);
  });

  test('$STANDARD_INFORMATION times to 100 ns and the in-use flag equal istat, entry by entry', () => {
    if (!built) return;
    const bigFiles = entries.filter((e) => e.path.startsWith('\\big\\'));
    const pick = [
      ...entries.filter((e) => !e.path.startsWith('\\big\\')),
      ...bigFiles.filter((_, i) => i % 100 === 0),
    ];
    expect(pick.length).toBeGreaterThan(80);
    for (const e of pick) {
      const out = run('istat', [image, String(e.entry)]).stdout;
      expect(out.includes('Not Allocated File'), `allocation of ${e.entry} ${e.path}`).toBe(!e.inUse);
      const si = out.slice(out.indexOf('$STANDARD_INFORMATION'), out.indexOf('$FILE_NAME'));
      const times = [...si.matchAll(/:\t(\S+ \S+) \(UTC\)/g)].map((m) => m[1]);
      if (!e.si || !Number.isFinite(e.si.created.timeMs)) continue;
      expect(times, `${e.entry} ${e.path}`).toEqual([
        istatTime(e.si?.created),
        istatTime(e.si?.modified),
        istatTime(e.si?.changed),
        istatTime(e.si?.accessed),
      ]);
    }
    const old = entries.find((e) => e.name === 'old.txt');
    expect(isoFromParts(old?.si?.modified.timeMs ?? Number.NaN, old?.si?.modified.tick ?? 0)).toBe(
      '2001-02-03T04:05:06.1234567Z',
    );
    if (crtimeSet) {
      expect(isoFromParts(old?.si?.created.timeMs ?? Number.NaN, old?.si?.created.tick ?? 0)).toBe(
        '1999-12-31T23:59:59.1234567Z',
      );
    }
  });
});
