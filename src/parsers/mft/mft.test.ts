import { basename } from 'node:path';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { requireOrSkip, sampleBytes, sampleFiles } from '../../testing/samples';
import { type MftEntrySpec, writeMft } from '../../writers/mft/write-mft';
import { isoFromParts } from '../bytes/filetime';
import { chunkedSource, type Diagnostic, memorySource, type NormalizedEvent } from '../types';
import { emptyEntry, finishEntry, type MftEntry } from './entry';
import { readFileRecordHeader } from './file-record';
import {
  createPathColumns,
  detectMftLayout,
  MftPathResolver,
  mergePathColumns,
  mftParser,
  parseMftRange,
  scanMftRange,
} from './index';

async function parseAll(bytes: Uint8Array, readSize?: number, chunk?: number) {
  const diagnostics: Diagnostic[] = [];
  const entries: MftEntry[] = [];
  const src = chunk ? chunkedSource(memorySource(bytes), chunk) : memorySource(bytes);
  const summary = await mftParser.parse(src, { fileName: 'mft', diagnostics, readSize }, (e) =>
    entries.push(e),
  );
  return { diagnostics, entries, summary };
}

const json = (entries: MftEntry[]) => entries.map((e) => JSON.stringify(mftParser.toJson(e, 'f')));

/** Pinned from PROVENANCE.md's raw scan (FILE / BAAD / in-use / in-use directories) plus our own
 *  counts of extension records and torn records (checked by hand with a Python fixup scan). */
const PINNED: Record<
  string,
  { recordSize: number; file: number; baad: number; inUse: number; dirs: number; ext: number; fixup: number }
> = {
  'dfir_ntfs__4k-large.mft': { recordSize: 4096, file: 36, baad: 0, inUse: 36, dirs: 9, ext: 0, fixup: 0 },
  'dfir_ntfs__compressed_sparse.mft': {
    recordSize: 1024,
    file: 36,
    baad: 0,
    inUse: 36,
    dirs: 9,
    ext: 0,
    fixup: 0,
  },
  'dfir_ntfs__deleted.mft': { recordSize: 1024, file: 41, baad: 0, inUse: 35, dirs: 9, ext: 0, fixup: 0 },
  'dfir_ntfs__slack.mft': { recordSize: 1024, file: 55, baad: 0, inUse: 55, dirs: 10, ext: 0, fixup: 0 },
  'ez-NIST-DFR-16__MFT.mft': { recordSize: 1024, file: 117, baad: 0, inUse: 117, dirs: 50, ext: 0, fixup: 0 },
  'ez-xw__MFT.mft': { recordSize: 1024, file: 626, baad: 2, inUse: 467, dirs: 31, ext: 1, fixup: 10 },
  'velociraptor-test.ntfs.dd__MFT.mft': {
    recordSize: 1024,
    file: 42,
    baad: 0,
    inUse: 42,
    dirs: 12,
    ext: 2,
    fixup: 0,
  },
};

const VELO = sampleFiles('mft').find((f) => f.includes('velociraptor'));

describe('$MFT samples', () => {
  const files = sampleFiles('mft');
  test('the sample folder is present', () => {
    requireOrSkip('../shared/samples/mft', files.length > 0);
  });

  for (const path of files) {
    const name = basename(path);
    test(`${name}: pinned counts`, async () => {
      const pin = PINNED[name];
      expect(pin, `no pinned counts for ${name}`).toBeDefined();
      const { summary, entries, diagnostics } = await parseAll(sampleBytes(path));
      expect(summary.info.recordSize).toBe(pin.recordSize);
      expect(summary.info.entries).toBe(pin.file);
      expect(summary.info.baad).toBe(pin.baad);
      expect(summary.info.inUse).toBe(pin.inUse);
      expect(summary.info.directories).toBe(pin.dirs);
      expect(summary.info.extension).toBe(pin.ext);
      expect(summary.info.fixupErrors).toBe(pin.fixup);
      expect(entries.length).toBe(pin.file - pin.ext - pin.fixup);
      expect(summary.errors).toBe(pin.baad + pin.fixup);
      expect(diagnostics.filter((d) => d.severity === 'error').length).toBe(pin.baad + pin.fixup);
      expect(entries.find((e) => e.entry === 5)?.path).toBe('\\');
      expect(entries.find((e) => e.entry === 0)?.path).toBe('\\$MFT');
    });

    test(`${name}: tiny reads and chunk boundaries do not change a thing`, async () => {
      const bytes = sampleBytes(path);
      const a = await parseAll(bytes);
      const b = await parseAll(bytes, 3000, 333);
      expect(json(b.entries)).toEqual(json(a.entries));
      expect(b.summary).toEqual(a.summary);
    });
  }

  test('velociraptor: ADS goodbye.txt, paths, attribute list merged from entries 39 and 40', async () => {
    if (!requireOrSkip('velociraptor sample', !!VELO)) return;
    const { entries } = await parseAll(sampleBytes(VELO!));
    const hello = entries.find((e) => e.name === 'Hello world text document.txt');
    expect(hello?.path).toBe('\\Folder A\\Folder B\\Hello world text document.txt');
    expect(hello?.streams.map((s) => s.name)).toEqual(['goodbye.txt']);
    expect(hello?.size).toBe(12);
    const ones = entries.find((e) => e.path === '\\ones.bin');
    expect(ones?.hasAttributeList).toBe(true);
    expect(ones?.extensionEntries).toEqual([39, 40]);
    expect(ones?.size).toBe(2949120);
    expect(entries.some((e) => e.entry === 39 || e.entry === 40)).toBe(false);
  });

  test('ez-xw: BAAD records and torn records cost only themselves', async () => {
    const xw = sampleFiles('mft').find((f) => f.includes('ez-xw'));
    if (!requireOrSkip('ez-xw sample', !!xw)) return;
    const { entries, diagnostics } = await parseAll(sampleBytes(xw!));
    const baad = diagnostics.filter((d) => d.found === '"BAAD"');
    expect(baad.length).toBe(2);
    expect(baad.every((d) => d.offset % 1024 === 0 && d.offset > 0)).toBe(true);
    const torn = diagnostics.filter((d) => d.field.includes('.fixup.'));
    expect(torn.map((d) => Math.floor(d.offset / 1024))).toEqual([
      179, 540, 546, 551, 554, 566, 567, 568, 586, 616,
    ]);
    const test = entries.find((e) => e.path === '\\Docs\\test.txt');
    expect(test?.streams.map((s) => s.name)).toContain('WellHidden');
    expect(entries.some((e) => e.entry === 180)).toBe(true);
  });

  test('4k records: paths of the system tree resolve', async () => {
    const k4 = sampleFiles('mft').find((f) => f.includes('4k-large'));
    if (!requireOrSkip('4k sample', !!k4)) return;
    const { entries } = await parseAll(sampleBytes(k4!));
    expect(entries.find((e) => e.entry === 32)?.path).toBe('\\$Extend\\$RmMetadata\\$TxfLog\\$Tops');
    expect(entries.every((e) => !e.orphan)).toBe(true);
  });

  test('ranges split across "workers" give the same entries as one pass', async () => {
    if (!requireOrSkip('velociraptor sample', !!VELO)) return;
    const bytes = sampleBytes(VELO!);
    const src = memorySource(bytes);
    const whole = await parseAll(bytes);
    const ctx = { fileName: 'mft', diagnostics: [] as Diagnostic[] };
    const layout = await detectMftLayout(src, ctx);
    const cuts = [0, 40, 100, layout.entryCount];
    const cols = createPathColumns(0, layout.entryCount);
    for (let i = 0; i + 1 < cuts.length; i++) {
      mergePathColumns(cols, await scanMftRange(src, ctx, layout, cuts[i], cuts[i + 1]));
    }
    const resolver = new MftPathResolver(cols);
    const got: MftEntry[] = [];
    for (let i = 0; i + 1 < cuts.length; i++) {
      await parseMftRange(src, ctx, cuts[i], cuts[i + 1], (e) => got.push(e), { layout, resolver });
    }
    expect(json(got)).toEqual(json(whole.entries));
    const alone: MftEntry[] = [];
    await parseMftRange(src, { fileName: 'mft', diagnostics: [] }, 40, 50, (e) => alone.push(e));
    expect(json(alone)).toEqual(json(whole.entries.filter((e) => e.entry >= 40 && e.entry < 50)));
  });
});

const T0 = '2024-05-01T10:00:00.1234567Z';
const times = (created: string, modified = created) => ({
  created,
  modified,
  changed: modified,
  accessed: modified,
});
function spec(
  entry: number,
  name: string,
  parentEntry: number,
  parentSequence: number,
  more: Partial<MftEntrySpec> = {},
): MftEntrySpec {
  return {
    entry,
    sequence: 1,
    parentEntry,
    parentSequence,
    name,
    isDirectory: false,
    inUse: true,
    size: 10,
    si: times(T0),
    ...more,
  };
}
const ROOT = spec(5, '.', 5, 5, { sequence: 5, isDirectory: true });

describe('$MFT paths and flags (generated records)', () => {
  test('orphan: a parent reference with another sequence gets \\$Orphan and the flag', async () => {
    const bytes = writeMft({
      entries: [
        ROOT,
        spec(20, 'dir', 5, 5, { isDirectory: true, sequence: 3 }),
        spec(21, 'child.txt', 20, 2),
        spec(22, 'fine.txt', 20, 3),
        spec(23, 'lost.txt', 99, 1),
      ],
    });
    const { entries, summary } = await parseAll(bytes);
    const by = new Map(entries.map((e) => [e.name, e]));
    expect(by.get('child.txt')?.path).toBe('\\$Orphan\\child.txt');
    expect(by.get('child.txt')?.orphan).toBe(true);
    expect(by.get('fine.txt')?.path).toBe('\\dir\\fine.txt');
    expect(by.get('fine.txt')?.orphan).toBe(false);
    expect(by.get('lost.txt')?.path).toBe('\\$Orphan\\lost.txt');
    expect(summary.info.orphans).toBe(2);
  });

  test('a deleted file in a deleted folder keeps its path (the folder sequence was bumped once)', async () => {
    const bytes = writeMft({
      entries: [
        ROOT,
        spec(20, 'gone-dir', 5, 5, { isDirectory: true, sequence: 2, inUse: false }),
        spec(21, 'gone.txt', 20, 1, { sequence: 2, inUse: false }),
      ],
    });
    const { entries } = await parseAll(bytes);
    const gone = entries.find((e) => e.name === 'gone.txt');
    expect(gone?.path).toBe('\\gone-dir\\gone.txt');
    expect(gone?.inUse).toBe(false);
    expect(gone?.orphan).toBe(false);
  });

  test('parent loops are detected and do not hang', async () => {
    const bytes = writeMft({
      entries: [
        ROOT,
        spec(20, 'a', 21, 1, { isDirectory: true }),
        spec(21, 'b', 20, 1, { isDirectory: true }),
        spec(22, 'x.txt', 21, 1),
        spec(23, 'self', 23, 1, { isDirectory: true }),
      ],
    });
    const { entries, summary } = await parseAll(bytes);
    const x = entries.find((e) => e.name === 'x.txt');
    expect(x?.loop).toBe(true);
    expect(x?.orphan).toBe(true);
    expect(x?.path.startsWith('\\$Orphan\\')).toBe(true);
    expect(x?.path.endsWith('\\x.txt')).toBe(true);
    expect(entries.find((e) => e.name === 'self')?.loop).toBe(true);
    expect(Number(summary.info.loops)).toBeGreaterThanOrEqual(2);
  });

  test('timestomp hint and zeroed sub-seconds', async () => {
    const bytes = writeMft({
      entries: [
        ROOT,
        spec(20, 'stomped.exe', 5, 5, {
          si: times('2010-01-01T00:00:00.0000000Z', '2010-01-01T00:00:00.0000000Z'),
          fn: times('2024-05-01T10:00:00.1234567Z'),
        }),
        spec(21, 'normal.exe', 5, 5),
      ],
    });
    const { entries } = await parseAll(bytes);
    const s = entries.find((e) => e.name === 'stomped.exe')!;
    const n = entries.find((e) => e.name === 'normal.exe')!;
    expect(s.timestompHint).toBe(true);
    expect(s.siZeroFraction).toBe(true);
    expect(n.timestompHint).toBe(false);
    expect(n.siZeroFraction).toBe(false);
    const events: NormalizedEvent[] = [];
    mftParser.toEvents(s, (e) => events.push(e));
    expect(events.length).toBe(1);
    expect(events[0].fields.TimestompHint).toBe('true');
    expect(events[0].label).toBe('SI created');
  });

  test('Win32 name is preferred over DOS and POSIX names, whatever the order', () => {
    const t = { timeMs: 0, tick: 0 };
    const tt = { created: t, modified: t, changed: t, accessed: t };
    const fn = (name: string, namespace: number, parentEntry: number) => ({
      name,
      namespace,
      parentEntry,
      parentSequence: 1,
      times: tt,
      allocatedSize: 0,
      dataSize: 0,
      flags: 0,
    });
    for (const order of [
      [fn('LONGFI~1.TXT', 2, 30), fn('posix-name', 0, 31), fn('Long file.txt', 1, 32)],
      [fn('Long file.txt', 1, 32), fn('LONGFI~1.TXT', 2, 30), fn('posix-name', 0, 31)],
    ]) {
      const e = emptyEntry(20, 0, readFileRecordHeader(new Uint8Array(0x30)));
      e.fileNames.push(...order);
      finishEntry(e);
      expect([e.name, e.parentEntry]).toEqual(['Long file.txt', 32]);
    }
    const e = emptyEntry(20, 0, readFileRecordHeader(new Uint8Array(0x30)));
    e.fileNames.push(fn('LONGFI~1.TXT', 2, 30), fn('posix-name', 0, 31));
    finishEntry(e);
    expect(e.name).toBe('posix-name');
  });

  test('toEvents: SI created and SI modified rows with the documented fields', async () => {
    const bytes = writeMft({
      entries: [
        ROOT,
        spec(20, 'Windows', 5, 5, { isDirectory: true }),
        spec(21, 'Prefetch', 20, 1, { isDirectory: true }),
        spec(22, 'NMAP.EXE-7F3A2C11.pf', 21, 1, {
          size: 5000,
          si: times('2024-05-01T10:00:00.1234567Z', '2024-05-01T10:00:10.7654321Z'),
          attributes: 0x2020,
        }),
      ],
    });
    const { entries } = await parseAll(bytes);
    const pf = entries.find((e) => e.entry === 22)!;
    const events: NormalizedEvent[] = [];
    mftParser.toEvents(pf, (e) => events.push(e));
    expect(events.map((e) => e.label)).toEqual(['SI created', 'SI modified']);
    const e = events[0];
    expect(e.summary).toBe('\\Windows\\Prefetch\\NMAP.EXE-7F3A2C11.pf (5000 bytes, allocated)');
    expect(e.ref).toBe(22);
    expect(e.offset).toBe(22 * 1024);
    expect(isoFromParts(events[1].timeMs, events[1].tick)).toBe('2024-05-01T10:00:10.7654321Z');
    expect(e.fields).toMatchObject({
      Path: '\\Windows\\Prefetch\\NMAP.EXE-7F3A2C11.pf',
      Name: 'NMAP.EXE-7F3A2C11.pf',
      Entry: '22',
      Sequence: '1',
      InUse: 'true',
      IsDirectory: 'false',
      Size: '5000',
      ParentEntry: '21',
      ParentSequence: '1',
      SiCreated: '2024-05-01T10:00:00.1234567Z',
      SiModified: '2024-05-01T10:00:10.7654321Z',
      FnCreated: '2024-05-01T10:00:00.1234567Z',
      Flags: 'archive+not_indexed',
      TimestompHint: '',
    });
    const j = mftParser.toJson(pf, 'x') as Record<string, unknown>;
    expect(j).toMatchObject({ artifact: 'mft', file: 'x', entry: 22, inUse: true, size: 5000 });
    expect((j.si as Record<string, string>).modified).toBe('2024-05-01T10:00:10.7654321Z');
  });

  test('toEvents: an entry without a $FILE_NAME says so in its summary', async () => {
    const bytes = writeMft({
      entries: [ROOT, spec(12, '', 5, 5, { si: times('2024-05-01T10:00:00Z', '2024-05-01T10:00:00Z') })],
    });
    const { entries } = await parseAll(bytes);
    const reserved = entries.find((e) => e.entry === 12)!;
    const events: NormalizedEvent[] = [];
    mftParser.toEvents(reserved, (e) => events.push(e));
    expect(events.map((e) => e.summary)).toEqual(['entry 12 (no name) (10 bytes, allocated)']);
  });
});

describe('$MFT bad input', () => {
  const base = () =>
    writeMft({
      entries: [ROOT, spec(20, 'a.txt', 5, 5), spec(21, 'b.txt', 5, 5), spec(22, 'c.txt', 5, 5)],
    });

  test('a BAAD record costs that entry only', async () => {
    const bytes = base();
    bytes.set([0x42, 0x41, 0x41, 0x44], 21 * 1024);
    const { entries, diagnostics, summary } = await parseAll(bytes);
    expect(entries.map((e) => e.name)).toEqual(['.', 'a.txt', 'c.txt']);
    expect(summary.info.baad).toBe(1);
    expect(diagnostics[0]).toMatchObject({ offset: 21 * 1024, field: 'entry[21].magic', found: '"BAAD"' });
  });

  test('a torn sector (bad fixup) costs that entry only', async () => {
    const bytes = base();
    bytes[20 * 1024 + 1022] ^= 0xff;
    const { entries, diagnostics } = await parseAll(bytes);
    expect(entries.map((e) => e.name)).toEqual(['.', 'b.txt', 'c.txt']);
    expect(diagnostics[0].field).toBe('entry[20].fixup.sector[1]');
    expect(diagnostics[0].offset).toBe(20 * 1024 + 1022);
  });

  test('an impossible attribute length keeps the entry and the attributes before it', async () => {
    const bytes = base();
    const rec = 22 * 1024;
    const first = bytes[rec + 0x14] | (bytes[rec + 0x15] << 8);
    const siLength = bytes[rec + first + 4] | (bytes[rec + first + 5] << 8);
    bytes[rec + first + siLength + 4] = 0xf1;
    bytes[rec + first + siLength + 5] = 0xff;
    const { entries, diagnostics } = await parseAll(bytes);
    const c = entries.find((e) => e.entry === 22);
    expect(c?.si).not.toBeNull();
    expect(c?.name).toBe('');
    expect(diagnostics.some((d) => d.field === 'entry[22].attribute.length')).toBe(true);
    expect(entries.find((e) => e.entry === 21)?.path).toBe('\\b.txt');
  });

  test('a truncated last record is reported, the rest parsed', async () => {
    const bytes = base().subarray(0, 22 * 1024 + 500);
    const { entries, diagnostics } = await parseAll(bytes);
    expect(entries.map((e) => e.name)).toEqual(['.', 'a.txt', 'b.txt']);
    expect(diagnostics.some((d) => d.field === 'mft.size')).toBe(true);
  });

  test('property: random bytes, bit flips and truncations never throw and always finish', async () => {
    const good = VELO ? sampleBytes(VELO).slice(0, 64 * 1024) : base();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 1, max: 255 })), { maxLength: 40 }),
        fc.nat(good.length),
        async (flips, cut) => {
          const b = good.slice(0, Math.max(cut, 1));
          for (const [at, x] of flips) if (at < b.length) b[at] ^= x;
          const r = await parseAll(b, 4096);
          expect(r.summary.ok).toBe(r.entries.length);
          for (const e of r.entries) mftParser.toEvents(e, () => {});
        },
      ),
      { numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 0, maxLength: 8192 }), async (b) => {
        const head = new Uint8Array([0x46, 0x49, 0x4c, 0x45]);
        const bytes = new Uint8Array(b.length + 4);
        bytes.set(head);
        bytes.set(b, 4);
        const r = await parseAll(bytes, 1024);
        expect(r.summary.artifact).toBe('mft');
      }),
      { numRuns: 60 },
    );
  });
});
