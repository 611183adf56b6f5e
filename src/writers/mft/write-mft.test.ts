import { describe, expect, test } from 'vitest';
import { isoFromParts, type TimeParts } from '../../parsers/bytes/filetime';
import type { MftEntry } from '../../parsers/mft/entry';
import { mftParser } from '../../parsers/mft/index';
import { detectBytes } from '../../parsers/detect';
import { type Diagnostic, memorySource } from '../../parsers/types';
import { buildMftFromPaths, type MftEntrySpec, systemMftEntries, writeMft } from './write-mft';

async function parse(bytes: Uint8Array) {
  const diagnostics: Diagnostic[] = [];
  const entries: MftEntry[] = [];
  const summary = await mftParser.parse(memorySource(bytes), { fileName: 'w', diagnostics }, (e) =>
    entries.push(e),
  );
  return { entries, diagnostics, summary };
}

const iso = (t: TimeParts | undefined) => (t ? isoFromParts(t.timeMs, t.tick) : '');
const times4 = (t: MftEntry['si']) =>
  t
    ? {
        created: iso(t.created),
        modified: iso(t.modified),
        changed: iso(t.changed),
        accessed: iso(t.accessed),
      }
    : null;

describe('writeMft round trip through our parser', () => {
  for (const recordSize of [1024, 4096] as const) {
    test(`${recordSize}-byte records: every field equal`, async () => {
      const specs: MftEntrySpec[] = [
        ...systemMftEntries('2020-01-01T00:00:00.0000000Z'),
        {
          entry: 64,
          sequence: 1,
          parentEntry: 5,
          parentSequence: 5,
          name: 'Windows',
          isDirectory: true,
          inUse: true,
          size: 0,
          si: {
            created: '2020-01-01T00:00:01.0000001Z',
            modified: '2020-01-01T00:00:02.0000002Z',
            changed: '2020-01-01T00:00:03.0000003Z',
            accessed: '2020-01-01T00:00:04.0000004Z',
          },
        },
        {
          entry: 70,
          sequence: 7,
          parentEntry: 64,
          parentSequence: 1,
          name: 'ユニコード-file.bin',
          isDirectory: false,
          inUse: false,
          size: 123_456_789,
          attributes: 0x2020,
          si: {
            created: '2019-02-13T18:01:47.5123410Z',
            modified: '2019-02-13T18:01:48.5123411Z',
            changed: '2019-02-13T18:01:49.5123412Z',
            accessed: '2019-02-13T18:01:50.5123413Z',
          },
          fn: {
            created: '2021-02-13T18:01:47.0000001Z',
            modified: '2021-02-13T18:01:48.0000002Z',
            changed: '2021-02-13T18:01:49.0000003Z',
            accessed: '2021-02-13T18:01:50.0000004Z',
          },
          streams: [
            { name: 'Zone.Identifier', size: 26 },
            { name: 'big', size: 10_000_000 },
          ],
        },
      ];
      const bytes = writeMft({ recordSize, entries: specs });
      expect(detectBytes(bytes.subarray(0, 4096)).kind).toBe('mft');
      const { entries, diagnostics, summary } = await parse(bytes);
      expect(diagnostics).toEqual([]);
      expect(summary.info.recordSize).toBe(recordSize);
      expect(entries.length).toBe(specs.length);
      for (const s of specs) {
        const e = entries.find((x) => x.entry === s.entry)!;
        expect({
          entry: e.entry,
          sequence: e.sequence,
          parentEntry: e.name ? e.parentEntry : s.parentEntry,
          parentSequence: e.name ? e.parentSequence : s.parentSequence,
          name: e.name,
          isDirectory: e.isDirectory,
          inUse: e.inUse,
          size: e.size,
          si: times4(e.si),
          fn: e.name ? times4(e.fn) : (s.fn ?? s.si),
          siFlags: e.siFlags,
          streams: e.streams.map((x) => ({ name: x.name, size: x.size })),
        }).toEqual({
          entry: s.entry,
          sequence: s.sequence,
          parentEntry: s.parentEntry,
          parentSequence: s.parentSequence,
          name: s.name,
          isDirectory: s.isDirectory,
          inUse: s.inUse,
          size: s.size,
          si: s.si,
          fn: s.fn ?? s.si,
          siFlags: s.attributes ?? (s.isDirectory ? 0 : 0x20),
          streams: s.streams ?? [],
        });
      }
      expect(entries.find((e) => e.entry === 70)?.path).toBe('\\Windows\\ユニコード-file.bin');
      expect(entries.find((e) => e.entry === 27)?.path).toBe('\\$Extend\\$UsnJrnl');
    });
  }
});

describe('buildMftFromPaths', () => {
  test('creates the folder tree, system entries and refs', async () => {
    const { bytes, refs } = buildMftFromPaths([
      {
        path: 'C:\\Windows\\Prefetch\\NMAP.EXE-7F3A2C11.pf',
        size: 4500,
        times: { created: '2024-05-01T10:00:00.1234567Z' },
      },
      {
        path: '\\Windows\\Prefetch\\CMD.EXE-0BD30981.pf',
        size: 2000,
        times: { created: '2024-05-01T09:00:00.0000000Z' },
      },
      {
        path: '\\Tools\\nmap\\nmap.exe',
        size: 3_000_000,
        times: { created: '2024-04-30T12:00:00.0000000Z' },
      },
      {
        path: '\\Users\\alice\\deleted.txt',
        inUse: false,
        times: { created: '2024-04-30T12:00:00.0000000Z' },
      },
      {
        path: '\\Users\\alice\\Documents',
        isDirectory: true,
        times: { created: '2024-04-30T12:00:00.0000000Z' },
      },
    ]);
    const { entries, diagnostics } = await parse(bytes);
    expect(diagnostics).toEqual([]);
    const byPath = new Map(entries.map((e) => [e.path, e]));
    for (const [path, ref] of refs) {
      const e = byPath.get(path);
      expect(e, path).toBeDefined();
      expect(e?.entry).toBe(ref.entry);
      expect(e?.sequence).toBe(e?.inUse ? ref.sequence : ref.sequence + 1);
    }
    const pf = byPath.get('\\Windows\\Prefetch\\NMAP.EXE-7F3A2C11.pf');
    expect(pf).toMatchObject({ size: 4500, inUse: true, isDirectory: false });
    expect(byPath.get('\\Windows\\Prefetch')?.isDirectory).toBe(true);
    expect(byPath.get('\\Users\\alice\\deleted.txt')?.inUse).toBe(false);
    expect(byPath.get('\\Users\\alice\\Documents')?.isDirectory).toBe(true);
    expect(refs.get('\\')).toEqual({ entry: 5, sequence: 5 });
    expect(entries.filter((e) => e.entry < 16).length).toBe(16);
  });
});
