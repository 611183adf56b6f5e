import { basename } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { usnReasonsSheet, usnReasonsWindows } from '../../dicts/usn';
import { fileAttributesSheet, fileAttributesWindows } from '../../dicts/file-attributes';
import { requireOrSkip, sampleBytes, sampleFiles } from '../../testing/samples';
import { type UsnRecordSpec, usnRecordLength, writeUsn } from '../../writers/usn/write-usn';
import { isoFromParts } from '../bytes/filetime';
import { chunkedSource, type Diagnostic, memorySource, type NormalizedEvent } from '../types';
import { type UsnRecord, usnParser } from './index';

async function parseAll(bytes: Uint8Array, readSize?: number, chunk?: number) {
  const diagnostics: Diagnostic[] = [];
  const records: UsnRecord[] = [];
  const src = chunk ? chunkedSource(memorySource(bytes), chunk) : memorySource(bytes);
  const summary = await usnParser.parse(src, { fileName: 'J', diagnostics, readSize }, (r) =>
    records.push(r),
  );
  return { diagnostics, records, summary };
}

const iso = (r: UsnRecord) => isoFromParts(r.time.timeMs, r.time.tick);

describe('USN reason and attribute names', () => {
  test('sheet style is alphabetical, as the nmap sheet writes it', () => {
    expect(usnReasonsSheet(0x100)).toBe('FILE_CREATE');
    expect(usnReasonsSheet(0x102)).toBe('DATA_EXTEND+FILE_CREATE');
    expect(usnReasonsSheet(0x80000102)).toBe('CLOSE+DATA_EXTEND+FILE_CREATE');
    expect(fileAttributesSheet(0x2020)).toBe('archive+not_indexed');
    expect(usnReasonsSheet(0x40000000)).toBe('0x40000000');
  });
  test('Windows constant names in bit order', () => {
    expect(usnReasonsWindows(0x80000102)).toEqual([
      'USN_REASON_DATA_EXTEND',
      'USN_REASON_FILE_CREATE',
      'USN_REASON_CLOSE',
    ]);
    expect(fileAttributesWindows(0x2020)).toEqual([
      'FILE_ATTRIBUTE_ARCHIVE',
      'FILE_ATTRIBUTE_NOT_CONTENT_INDEXED',
    ]);
  });
});

/** Counts, zero bytes, first names and times (to the microsecond) from PROVENANCE.md's ad-hoc
 *  walker; the 7th fractional digit is ours, checked by hand on the raw FILETIME with xxd. */
const PINNED: Record<
  string,
  { records: number; v2: number; v4: number; zero: number; first: string; last: string; names: string[] }
> = {
  'museum-Win10-APTSimulatorVM__UsnJrnl_J.bin.gz': {
    records: 275540,
    v2: 275540,
    v4: 0,
    zero: 762488,
    first: '2022-03-10T21:12:46.3921802Z',
    last: '2022-03-10T21:44:06.8705879Z',
    names: [
      '0d2609cc702e2545904e927af87deece.tmp',
      'skypeuisymbol-regular.ttf',
      'skypeuisymbol-regular.ttf',
      'skypeuisymbol-regular.ttf',
      'skypeuisymbol-regular.ttf',
    ],
  },
  'plaso__UsnJrnl.raw': {
    records: 19,
    v2: 19,
    v4: 0,
    zero: 0,
    first: '2015-11-30T21:15:27.2031250Z',
    last: '2015-11-30T21:16:02.0312500Z',
    names: [
      'Nieuw - Tekstdocument.txt',
      'Nieuw - Tekstdocument.txt',
      'Nieuw - Tekstdocument.txt',
      'first.txt',
      'first.txt',
    ],
  },
  'ez__record.usn': {
    records: 1,
    v2: 1,
    v4: 0,
    zero: 0,
    first: '2013-10-19T12:16:53.2760403Z',
    last: '2013-10-19T12:16:53.2760403Z',
    names: ['BTDevManager.log'],
  },
  'dfir_ntfs__usn_1170955904_v4.bin': { records: 1, v2: 0, v4: 1, zero: 0, first: '', last: '', names: [''] },
};

describe('USN samples', () => {
  const files = sampleFiles('usn');
  test('the sample folder is present', () => {
    requireOrSkip('../shared/samples/usn', files.length > 0);
  });
  for (const path of files) {
    const name = basename(path);
    test(`${name}: pinned counts, times and first names`, async () => {
      const pin = PINNED[name];
      expect(pin, `no pinned values for ${name}`).toBeDefined();
      const { records, summary, diagnostics } = await parseAll(sampleBytes(path));
      expect(diagnostics).toEqual([]);
      expect(summary.ok).toBe(pin.records);
      expect(summary.info).toMatchObject({
        v2: pin.v2,
        v3: 0,
        v4: pin.v4,
        zeroBytes: pin.zero,
        firstRecordOffset: 0,
      });
      expect(records.slice(0, 5).map((r) => r.name)).toEqual(pin.names);
      expect(isoFromParts(summary.firstTimeMs, 0).slice(0, 23)).toBe(pin.first.slice(0, 23));
      const timed = records.filter((r) => Number.isFinite(r.time.timeMs));
      if (pin.first) {
        expect(iso(timed[0])).toBe(pin.first);
        expect(timed.map(iso).sort().at(-1)).toBe(pin.last);
      }
    });
  }

  test('gz sample: record layout, ids and names of the first record', async () => {
    const gz = files.find((f) => f.endsWith('.gz'));
    if (!requireOrSkip('APTSimulator $J', !!gz)) return;
    const { records } = await parseAll(sampleBytes(gz!), 64 * 1024, 4093);
    expect(records.length).toBe(275540);
    const r = records[0];
    expect(r).toMatchObject({
      offset: 0,
      version: 2,
      usn: 209715200,
      entry: 238837,
      sequence: 1,
      parentEntry: 33894,
      parentSequence: 5,
      reasons: 0x9103,
      attributes: 0x2020,
      fileId: '000100000003a4f5',
    });
    const events: NormalizedEvent[] = [];
    usnParser.toEvents(r, (e) => events.push(e));
    expect(events[0].label).toBe('BASIC_INFO_CHANGE+DATA_EXTEND+DATA_OVERWRITE+FILE_CREATE+RENAME_OLD_NAME');
    expect(events[0].fields.AttributeFlags).toBe('0x00002020');
    // every record's usn is its offset plus the journal's base (the collector dropped the head)
    expect(records.every((x) => x.usn - x.offset === 209715200)).toBe(true);
  });

  test('v4 sample: a range record with its extents, no name and no time', async () => {
    const v4 = files.find((f) => f.includes('_v4'));
    if (!requireOrSkip('v4 sample', !!v4)) return;
    const { records } = await parseAll(sampleBytes(v4!));
    expect(records[0]).toMatchObject({
      version: 4,
      usn: 1170955904,
      entry: 20928,
      sequence: 2,
      name: '',
      reasons: 0x80000001,
      extents: [
        { offset: 0, length: 16384 },
        { offset: 6242304, length: 32768 },
      ],
    });
    expect(records[0].fileId).toBe('000000000000000000020000000051c0');
    const j = usnParser.toJson(records[0], 'f') as Record<string, unknown>;
    expect(j.version).toBe(4);
    expect(j.time).toBeNull();
  });
});

const REC = (i: number, more: Partial<UsnRecordSpec> = {}): UsnRecordSpec => ({
  time: `2024-05-01T10:00:${String(i % 60).padStart(2, '0')}.123456${i % 10}Z`,
  entry: 1000 + i,
  sequence: 1 + (i % 3),
  parentEntry: 500,
  parentSequence: 2,
  name: `file-${i}-${'é'.repeat(i % 20)}.txt`,
  reasons: i % 2 ? 0x80000102 : 0x100,
  attributes: 0x2020,
  sourceInfo: i % 4,
  securityId: 256 + i,
  ...more,
});

describe('USN writer round trip and sparse regions', () => {
  test('v2 and v3 records after a sparse prefix, page padding like Windows', async () => {
    const specs = Array.from({ length: 200 }, (_, i) => REC(i, { version: i % 3 === 0 ? 3 : 2 }));
    const offsets: number[] = [];
    const bytes = writeUsn({ records: specs, sparsePrefixBytes: 3 * 1024 * 1024 }, offsets);
    const { records, summary, diagnostics } = await parseAll(bytes, 256 * 1024, 1000);
    expect(diagnostics).toEqual([]);
    expect(records.length).toBe(200);
    expect(summary.info.firstRecordOffset).toBe(3 * 1024 * 1024);
    expect(summary.info.v3).toBe(67);
    records.forEach((r, i) => {
      const s = specs[i];
      expect({
        version: r.version,
        usn: r.usn,
        offset: r.offset,
        time: iso(r),
        entry: r.entry,
        sequence: r.sequence,
        parentEntry: r.parentEntry,
        parentSequence: r.parentSequence,
        name: r.name,
        reasons: r.reasons,
        attributes: r.attributes,
        sourceInfo: r.sourceInfo,
        securityId: r.securityId,
      }).toEqual({
        version: s.version,
        usn: offsets[i],
        offset: offsets[i],
        time: s.time,
        entry: s.entry,
        sequence: s.sequence,
        parentEntry: s.parentEntry,
        parentSequence: s.parentSequence,
        name: s.name,
        reasons: s.reasons,
        attributes: s.attributes,
        sourceInfo: s.sourceInfo,
        securityId: s.securityId,
      });
      if (r.version === 3)
        expect(r.fileId).toBe(
          `0000000000000000${((r.sequence * 2 ** 48 + r.entry).toString(16)).padStart(16, '0')}`,
        );
    });
    offsets.forEach((o, i) => {
      expect(Math.floor(o / 4096), `record ${i} crosses a page`).toBe(
        Math.floor((o + usnRecordLength(specs[i]) - 1) / 4096),
      );
    });
    expect(bytes.length % 4096).toBe(0);
  });

  test('toEvents and toJson carry the documented fields', async () => {
    const bytes = writeUsn({
      records: [
        {
          time: '2024-05-01T10:00:00.1234567Z',
          entry: 70,
          sequence: 1,
          parentEntry: 66,
          parentSequence: 1,
          name: 'NMAP.EXE-7F3A2C11.pf',
          reasons: 0x80000102,
          attributes: 0x2020,
        },
      ],
    });
    const { records } = await parseAll(bytes);
    const events: NormalizedEvent[] = [];
    usnParser.toEvents(records[0], (e) => events.push(e));
    expect(events[0]).toMatchObject({
      artifact: 'usn',
      source: '$UsnJrnl:$J',
      computer: '',
      eventId: -1,
      ref: 0,
      offset: 0,
      label: 'CLOSE+DATA_EXTEND+FILE_CREATE',
      summary: 'NMAP.EXE-7F3A2C11.pf CLOSE+DATA_EXTEND+FILE_CREATE archive+not_indexed',
    });
    expect(events[0].fields).toMatchObject({
      Usn: '0',
      Name: 'NMAP.EXE-7F3A2C11.pf',
      Path: '',
      Entry: '70',
      Sequence: '1',
      ParentEntry: '66',
      ParentSequence: '1',
      Reasons: 'CLOSE+DATA_EXTEND+FILE_CREATE',
      ReasonFlags: '0x80000102',
      Attributes: 'archive+not_indexed',
      AttributeFlags: '0x00002020',
      Version: '2',
      SourceInfo: '0x00000000',
      SecurityId: '0',
    });
    expect(usnParser.toJson(records[0], 'J')).toMatchObject({
      artifact: 'usn',
      file: 'J',
      usn: 0,
      time: '2024-05-01T10:00:00.1234567Z',
      path: null,
      reasonFlags: 0x80000102,
      reasons: ['USN_REASON_DATA_EXTEND', 'USN_REASON_FILE_CREATE', 'USN_REASON_CLOSE'],
      attributeFlags: 0x2020,
      attributes: ['FILE_ATTRIBUTE_ARCHIVE', 'FILE_ATTRIBUTE_NOT_CONTENT_INDEXED'],
      version: 2,
    });
  });
});

describe('USN bad input', () => {
  const specs = Array.from({ length: 30 }, (_, i) => REC(i));
  const good = () => {
    const offsets: number[] = [];
    const bytes = writeUsn({ records: specs }, offsets);
    return { bytes, offsets };
  };

  test('an impossible length costs that record only; the next one is found again', async () => {
    const { bytes, offsets } = good();
    bytes[offsets[10]] = 0x13;
    bytes[offsets[10] + 1] = 0x77;
    const { records, diagnostics, summary } = await parseAll(bytes);
    expect(records.map((r) => r.name)).toEqual(specs.filter((_, i) => i !== 10).map((s) => s.name));
    expect(diagnostics.filter((d) => d.severity === 'error')).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ offset: offsets[10], field: 'record.length' });
    expect(diagnostics[1]).toMatchObject({
      severity: 'info',
      offset: offsets[11],
      message: 'resynchronised',
    });
    expect(summary.errors).toBe(1);
  });

  test('a name running past its record is reported; neighbours survive', async () => {
    const { bytes, offsets } = good();
    bytes[offsets[5] + 0x38] = 0xf0;
    const { records, diagnostics } = await parseAll(bytes);
    expect(records).toHaveLength(29);
    expect(diagnostics[0]).toMatchObject({ offset: offsets[5] + 0x38, field: 'record.fileNameLength' });
  });

  test('a record truncated by the end of the file', async () => {
    const { bytes, offsets } = good();
    const cut = bytes.subarray(0, offsets[29] + 40);
    const { records, diagnostics } = await parseAll(cut);
    expect(records).toHaveLength(29);
    expect(diagnostics[0].message).toBe('record truncated by the end of the file');
    expect(diagnostics[0].offset).toBe(offsets[29]);
  });

  test('an all-zero $J is one diagnostic, not an error', async () => {
    const { records, diagnostics, summary } = await parseAll(new Uint8Array(5 * 1024 * 1024 + 4));
    expect(records).toHaveLength(0);
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0].found).toBe(`all ${5 * 1024 * 1024 + 4} bytes are zero`);
    expect(summary.errors).toBe(0);
    expect(summary.info.zeroBytes).toBe(5 * 1024 * 1024 + 4);
  });

  test('an empty file', async () => {
    const { diagnostics } = await parseAll(new Uint8Array(0));
    expect(diagnostics[0].found).toBe('an empty file');
  });

  test('property: bit flips, truncations and garbage never throw, never hang, lose no far record', async () => {
    const { bytes, offsets } = good();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 })), { maxLength: 10 }),
        fc.integer({ min: 0, max: bytes.length }),
        fc.integer({ min: 8, max: 5000 }),
        async (flips, cut, readSize) => {
          const b = bytes.slice(0, cut);
          for (const [at, x] of flips) if (at < b.length) b[at] ^= x;
          const r = await parseAll(b, readSize, 777);
          // every record before the first damaged byte, fully present, is found
          const firstFlip = Math.min(cut, ...flips.map(([at]) => at));
          for (let i = 0; i < specs.length; i++) {
            const end = offsets[i] + usnRecordLength(specs[i]);
            if (end <= firstFlip) {
              expect(r.records.some((x) => x.offset === offsets[i] && x.name === specs[i].name)).toBe(true);
            }
          }
        },
      ),
      { numRuns: 80 },
    );
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 6000 }), async (b) => {
        const r = await parseAll(b, 512);
        expect(r.summary.ok).toBe(r.records.length);
      }),
      { numRuns: 80 },
    );
  });
});

describe('USN with a source that returns short reads', () => {
  test('a source that never returns more than 100 bytes per read still finishes', async () => {
    const bytes = writeUsn({ records: Array.from({ length: 20 }, (_, i) => REC(i)) });
    const stingy = {
      size: bytes.length,
      read: async (o: number, l: number) => bytes.subarray(o, Math.min(bytes.length, o + Math.min(l, 100))),
    };
    const records: UsnRecord[] = [];
    const diagnostics: Diagnostic[] = [];
    await usnParser.parse(stingy, { fileName: 'J', diagnostics }, (r) => records.push(r));
    expect(records).toHaveLength(20);
  });

  test('a source that lies about its size stops with a diagnostic', async () => {
    const bytes = writeUsn({ records: Array.from({ length: 3 }, (_, i) => REC(i)) });
    const liar = {
      size: bytes.length + 100000,
      read: async (o: number, l: number) => bytes.subarray(o, o + l),
    };
    const records: UsnRecord[] = [];
    const diagnostics: Diagnostic[] = [];
    await usnParser.parse(liar, { fileName: 'J', diagnostics }, (r) => records.push(r));
    expect(records).toHaveLength(3);
    expect(diagnostics.some((d) => d.field === 'source')).toBe(true);
  });
});
