import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { craftZip } from '../testing/zip-craft';
import { requireOrSkip, SAMPLES, sampleFiles } from '../testing/samples';
import type { FileOrigin } from '../ingest/open-artifact';
import type { ByteSource } from '../parsers/types';
import { buildScca } from '../writers/prefetch/write-prefetch';
import { parseOrigin, parseSource, recordDetailOf } from './parse-outcome';

const blob = (b: Uint8Array): FileOrigin => ({
  kind: 'blob',
  blob: new Blob([b as Uint8Array<ArrayBuffer>]),
});
const haveSamples = requireOrSkip(`samples in ${SAMPLES}`, sampleFiles('prefetch').length > 0);

describe('parseOrigin', () => {
  it('says why an empty file and a text file are unsupported', async () => {
    expect(await parseOrigin(blob(new Uint8Array(0)), 'e')).toEqual({
      kind: 'unsupported',
      reason: 'empty file (0 bytes)',
    });
    const r = await parseOrigin(blob(new TextEncoder().encode('hello analyst')), 't.txt');
    expect(r.kind === 'unsupported' && r.reason).toMatch(
      /not EVTX, Prefetch, \$MFT or \$J: first bytes 68 65 6c 6c/,
    );
  });

  it.runIf(haveSamples)('expands a KAPE-like zip into members and parses a member by content', async () => {
    const pfPath = join(SAMPLES, 'prefetch', 'ez-Win10__CALC.EXE-3FBEF7FD.pf');
    const pf = new Uint8Array(readFileSync(pfPath));
    const zip = zipSync({
      'WS01/C/Windows/Prefetch/renamed.bin': [pf, { level: 6 }],
      'WS01/C/x.txt': new Uint8Array(3),
    });
    const zipOrigin = blob(zip);
    const listed = await parseOrigin(zipOrigin, 'c.zip');
    expect(listed.kind).toBe('archive');
    if (listed.kind !== 'archive') return;
    const member = listed.members.find((m) => m.path.endsWith('renamed.bin'))!;
    const r = await parseOrigin(
      { kind: 'zip-member', blob: zipOrigin.blob, member },
      'c.zip/WS01/C/Windows/Prefetch/renamed.bin',
    );
    expect(r.kind).toBe('parsed');
    if (r.kind === 'parsed') {
      expect(r.artifact).toBe('prefetch');
      expect(r.summary.ok).toBeGreaterThan(0);
      expect(r.batch.length).toBeGreaterThan(0);
    }
  });

  it.runIf(haveSamples)('gunzips a .gz single file and detects what is inside', async () => {
    const gz = new Uint8Array(
      readFileSync(join(SAMPLES, 'usn', 'museum-Win10-APTSimulatorVM__UsnJrnl_J.bin.gz')),
    );
    const r = await parseOrigin(blob(gz), 'J.gz');
    expect(r.kind).toBe('parsed');
    if (r.kind === 'parsed') {
      expect(r.artifact).toBe('usn');
      expect(r.detail).toMatch(/^gzip \([\d.]+ MiB inflated\) → USN record at 0x/);
    }
  });

  it('refuses a zip bomb with a clear message', async () => {
    const zeros = new Uint8Array(1 << 20);
    const { deflateSync } = await import('fflate');
    const zip = craftZip(
      [{ name: 'z', data: deflateSync(zeros), method: 8, declaredSize: zeros.length, crc: 0 }],
      {
        aliasesOfFirst: 5,
      },
    );
    const r = await parseOrigin(blob(zip), 'bomb.zip');
    expect(r).toMatchObject({ kind: 'failed', container: 'zip' });
    expect(r.kind === 'failed' && r.reason).toMatch(/^zip bomb protection: /);
  });

  it('a corrupt gzip stream fails that file with the reason', async () => {
    const gz = gzipSync(new TextEncoder().encode('x'.repeat(10000)));
    const r = await parseOrigin(blob(gz.subarray(0, 30)), 'bad.gz');
    expect(r.kind).toBe('failed');
  });

  it('a nested archive inside a zip member is reported, not opened', async () => {
    const inner = zipSync({ 'a.txt': new Uint8Array(4) });
    const outer = zipSync({ 'inner.zip': [inner, { level: 0 }] });
    const o = blob(outer);
    const listed = await parseOrigin(o, 'outer.zip');
    if (listed.kind !== 'archive') throw new Error(`expected archive, got ${listed.kind}`);
    const r = await parseOrigin(
      { kind: 'zip-member', blob: o.blob, member: listed.members[0] },
      'outer.zip/inner.zip',
    );
    expect(r).toEqual({
      kind: 'unsupported',
      reason: 'zip archive inside a zip archive: extract the outer archive first',
    });
  });

  it.runIf(haveSamples)('rebuilds the XML of an EVTX row from a gzip-compressed file', async () => {
    const evtx = new Uint8Array(
      readFileSync(join(SAMPLES, 'evtx', 'omerbenamram-evtx__Security_short_selected.evtx')),
    );
    const origin = blob(gzipSync(evtx));
    const r = await parseOrigin(origin, 'Security.evtx.gz');
    if (r.kind !== 'parsed') throw new Error(`expected parsed, got ${r.kind}`);
    const row = 0;
    const xml = await recordDetailOf(origin, 'Security.evtx.gz', r.batch.offset[row]);
    expect(xml).toContain('<Event');
    expect(xml).toContain(`<EventRecordID>${r.batch.ref[row]}</EventRecordID>`);
    const notEvtx = blob(new TextEncoder().encode('plain text'));
    expect(await recordDetailOf(notEvtx, 'x', r.batch.offset[row])).toBeNull();
  });
});

/** Errors exactly as V8 throws them (the last one V8 throws from Object.keys on a huge object). */
function engineErrors(): Error[] {
  const caught = (f: () => unknown): Error => {
    try {
      f();
    } catch (e) {
      return e as Error;
    }
    throw new Error('expected the engine to throw');
  };
  const deep = (n: number): number => deep(n + 1) + 1;
  return [
    caught(() => 'x'.repeat(2 ** 30)),
    caught(() => deep(0)),
    caught(() => new ArrayBuffer(2 ** 40)),
    caught(() => new Array(-1)),
    new RangeError('Too many properties to enumerate'),
  ];
}

describe('engine errors as failed-file reasons', () => {
  it("names the file and the limit in our words, never the engine's text", async () => {
    const pf = buildScca({
      version: 23,
      executable: 'NMAP.EXE',
      hash: 1,
      runCount: 1,
      lastRunTimes: ['2024-05-01T10:00:00.0000000Z'],
      volumes: [],
      files: [],
      directories: [],
    });
    const want = [
      'the data nests deeper than the parser can follow',
      'a text value is longer than the longest text one file may hold',
      'the record needs more memory than one file may use',
      'a list is longer than one file may hold',
      'a record has more fields than one record may hold',
    ];
    const errors = engineErrors();
    const reasons: string[] = [];
    for (const err of errors) {
      let reads = 0;
      const src: ByteSource = {
        size: pf.length,
        read: async (o, n) => {
          if (reads++ > 0) throw err;
          return pf.subarray(o, o + n);
        },
      };
      const r = await parseSource(src, 'C/Windows/Prefetch/NMAP.EXE-00000001.pf');
      expect(r.kind).toBe('failed');
      const reason = r.kind === 'failed' ? r.reason : '';
      expect(reason).not.toContain(err.message);
      expect(reason).not.toContain('RangeError');
      expect(reason.startsWith('C/Windows/Prefetch/NMAP.EXE-00000001.pf: ')).toBe(true);
      reasons.push(reason.slice('C/Windows/Prefetch/NMAP.EXE-00000001.pf: '.length));
    }
    expect([...reasons].sort()).toEqual([...want].sort());
  });
});
