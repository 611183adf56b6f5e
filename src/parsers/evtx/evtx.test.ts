// Damaged samples (pinned counts and diagnostics), read-size and file-name independence, synthetic
// damage, fast-check robustness, the JSON/timeline contracts and renderRecordXml against python-evtx.
import { basename } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeInsertionString } from '../../dicts/insertion-strings';
import { hasTool, requireOrSkip, run, sampleBytes, sampleFiles, SAMPLES } from '../../testing/samples';
import { detect } from '../detect';
import {
  AbortedError,
  chunkedSource,
  type Diagnostic,
  formatDiagnostic,
  memorySource,
  type NormalizedEvent,
} from '../types';
import { type EvtxRecord, evtxParser, parseEvtxChunks, planEvtxChunks, renderRecordXml } from './index';
import { compareRecord, parseReferenceEvents } from '../../testing/reference-xml';

const DIR = `${SAMPLES}/evtx`;
const HAVE_SAMPLES = sampleFiles('evtx').length > 0;
const RDP = `${DIR}/evtx-attack-samples__DE_RDP_Tunnel_5156.evtx`;

async function parseBytes(bytes: Uint8Array, name = 'sample.evtx', readSize?: number, chunkPieces?: number) {
  const records: EvtxRecord[] = [];
  const diagnostics: Diagnostic[] = [];
  let src = memorySource(bytes);
  if (chunkPieces) src = chunkedSource(src, chunkPieces);
  const summary = await evtxParser.parse(src, { fileName: name, diagnostics, readSize }, (r) =>
    records.push(r),
  );
  return { records, diagnostics, summary };
}

function fields(diags: Diagnostic[], severity?: Diagnostic['severity']): string[] {
  return diags.filter((d) => !severity || d.severity === severity).map((d) => d.field);
}

describe('damaged samples: pinned (ok, errors) and diagnostics', () => {
  it('sample_with_a_bad_chunk_magic: skips chunks 6 and 10 (zeroed header, records present), reads 270', async () => {
    if (!requireOrSkip('evtx samples', HAVE_SAMPLES)) return;
    const { summary, diagnostics } = await parseBytes(
      sampleBytes(`${DIR}/omerbenamram-evtx__sample_with_a_bad_chunk_magic.evtx`),
    );
    expect([summary.ok, summary.errors]).toEqual([270, 0]);
    const errors = diagnostics.filter((d) => d.severity === 'error');
    expect(errors.map((d) => [d.field, d.offset])).toEqual([
      ['chunk[6].signature', 0x61000],
      ['chunk[10].signature', 0xa1000],
    ]);
    expect(formatDiagnostic(errors[0])).toBe(
      'sample.evtx at 0x61000: chunk[6].signature: expected 456c6643686e6b00 ("ElfChnk\\0"), found 0000000000000000 (chunk header zeroed but records data present; chunk skipped)',
    );
    expect(summary.info).toMatchObject({ dirty: true, chunks: 16, badChunks: 5, formatVersion: '3.1' });
    expect(fields(diagnostics, 'warning')).toContain('chunk[0].records.crc32');
  });

  it('Application_no_crc32: checksums of 0 are reported, all 17 records read', async () => {
    if (!requireOrSkip('evtx samples', HAVE_SAMPLES)) return;
    const { summary, diagnostics } = await parseBytes(
      sampleBytes(`${DIR}/omerbenamram-evtx__Application_no_crc32.evtx`),
    );
    expect([summary.ok, summary.errors]).toEqual([17, 0]);
    expect(fields(diagnostics)).toEqual(['header.crc32', 'chunk[0].header.crc32', 'chunk[0].records.crc32']);
    const rec = diagnostics[2];
    expect([rec.offset, rec.expected, rec.found]).toEqual([0x1034, '0xa850554e', '0x00000000']);
    expect(summary.info).toMatchObject({ channel: 'Application', formatVersion: '3.2', badChunks: 1 });
  });

  it('security_bad_string_cache: header CRC mismatch flagged, all 2261 records read', async () => {
    if (!requireOrSkip('evtx samples', HAVE_SAMPLES)) return;
    const { summary, diagnostics } = await parseBytes(
      sampleBytes(`${DIR}/omerbenamram-evtx__security_bad_string_cache.evtx`),
    );
    expect([summary.ok, summary.errors]).toEqual([2261, 0]);
    expect(fields(diagnostics, 'warning')).toEqual(['header.flags.dirty', 'chunk[0].header.crc32']);
    expect(diagnostics.find((d) => d.field === 'chunk[0].header.crc32')?.offset).toBe(0x107c);
    expect(summary.info).toMatchObject({ channel: 'Security', computer: 'WIN-03DLIIOFRRA', dirty: true });
  });

  it('sysmon (dirty): 358 records; garbage chunks past the used ones are skipped with their offsets', async () => {
    if (!requireOrSkip('evtx samples', HAVE_SAMPLES)) return;
    const { summary, diagnostics } = await parseBytes(sampleBytes(`${DIR}/omerbenamram-evtx__sysmon.evtx`));
    expect([summary.ok, summary.errors]).toEqual([358, 0]);
    const bad = diagnostics.filter((d) => d.severity === 'error');
    expect(bad.map((d) => d.field)).toEqual(
      [9, 10, 11, 12, 13, 14, 15, 16].map((i) => `chunk[${i}].signature`),
    );
    expect(bad.map((d) => d.offset)).toEqual(
      [9, 10, 11, 12, 13, 14, 15, 16].map((i) => 0x1000 + i * 0x10000),
    );
    expect(summary.info).toMatchObject({ dirty: true, headerChunkCount: 1, chunks: 17, badChunks: 8 });
  });

  it('2-vss_7-System (dirty, copied from VSS): 1160 records, dirty flag reported', async () => {
    if (!requireOrSkip('evtx samples', HAVE_SAMPLES)) return;
    const { summary, diagnostics } = await parseBytes(
      sampleBytes(`${DIR}/omerbenamram-evtx__2-vss_7-System.evtx`),
    );
    expect([summary.ok, summary.errors]).toEqual([1160, 0]);
    expect(diagnostics[0]).toMatchObject({ field: 'header.flags.dirty', offset: 0x78, severity: 'warning' });
  });

  it('issue_201 (both reference tools fail): 1 record read, values checked by hand against the UTF-16 strings', async () => {
    if (!requireOrSkip('evtx samples', HAVE_SAMPLES)) return;
    const { records, summary } = await parseBytes(sampleBytes(`${DIR}/omerbenamram-evtx__issue_201.evtx`));
    expect([summary.ok, summary.errors]).toEqual([1, 0]);
    const r = records[0];
    expect([r.recordId, r.headerRecordId, r.eventId, r.provider, r.channel, r.computer]).toEqual([
      3229,
      1,
      1,
      'MSExchange CmdletLogs',
      'MSExchange Management',
      'WEC.ave.local',
    ]);
    expect(r.time).toBe('2021-11-19T16:52:33.8337335Z');
    expect(r.data['Data[1]']).toBe('Set-Mailbox');
    expect(r.data['Data[4]']).toBe('S-1-5-21-186559946-3925841745-111227986-500');
  });
});

describe('independence from read boundaries and file names', () => {
  it('4 KiB source pieces and a 4 KiB read size give identical records', async () => {
    if (!requireOrSkip('evtx samples', HAVE_SAMPLES)) return;
    const bytes = sampleBytes(`${DIR}/velociraptor__RDPAuth_Security.evtx`);
    const a = await parseBytes(bytes, 'a.evtx');
    const b = await parseBytes(bytes, 'renamed.bin', 4096, 4096);
    expect(a.records.length).toBe(789);
    expect(b.records).toEqual(a.records);
    expect(b.summary).toEqual(a.summary);
  });

  it('splitting the chunks across two ranges (as the worker pool does) gives the same records', async () => {
    if (!requireOrSkip('evtx samples', HAVE_SAMPLES)) return;
    const src = memorySource(
      sampleBytes(`${DIR}/museum-Win10-APTSimulatorVM__Microsoft-Windows-Sysmon%4Operational.evtx`),
    );
    const plan = await planEvtxChunks(src);
    const whole: EvtxRecord[] = [];
    const parts: EvtxRecord[] = [];
    const ctx = { fileName: 'x', diagnostics: [] as Diagnostic[] };
    await parseEvtxChunks(src, ctx, 0, plan.chunkCount, (r) => whole.push(r));
    const half = Math.floor(plan.chunkCount / 2);
    await parseEvtxChunks(src, ctx, half, plan.chunkCount, (r) => parts.push(r));
    await parseEvtxChunks(src, ctx, 0, half, (r) => parts.push(r));
    parts.sort((x, y) => x.recordId - y.recordId);
    expect(parts).toEqual([...whole].sort((x, y) => x.recordId - y.recordId));
  });

  it('detection by content: every sample is EVTX whatever its name', async () => {
    if (!requireOrSkip('evtx samples', HAVE_SAMPLES)) return;
    for (const f of sampleFiles('evtx'))
      expect((await detect(memorySource(sampleBytes(f)))).kind, f).toBe('evtx');
  });
});

describe('progress and abort', () => {
  it('reports progress and stops with AbortedError when aborted', async () => {
    if (!requireOrSkip('evtx samples', HAVE_SAMPLES)) return;
    const src = memorySource(sampleBytes(`${DIR}/museum-Win10-APTSimulatorVM__Security.evtx`));
    const seen: number[] = [];
    await evtxParser.parse(
      src,
      { fileName: 'x', diagnostics: [], readSize: 1 << 20, onProgress: (d) => seen.push(d) },
      () => {},
    );
    expect(seen.length).toBeGreaterThan(3);
    expect(seen[seen.length - 1]).toBe(src.size);
    const ac = new AbortController();
    let n = 0;
    const run = evtxParser.parse(
      src,
      { fileName: 'x', diagnostics: [], readSize: 1 << 16, signal: ac.signal },
      () => {
        if (++n === 10) ac.abort();
      },
    );
    await expect(run).rejects.toThrow(AbortedError);
    expect(n).toBeLessThan(5337);
  });
});

describe('synthetic damage in a real log', () => {
  it('an impossible record size costs that record: resync at the next record', async () => {
    if (!requireOrSkip('evtx samples', HAVE_SAMPLES)) return;
    const bytes = sampleBytes(RDP).slice();
    const good = await parseBytes(bytes);
    const victim = good.records[1].offset;
    new DataView(bytes.buffer).setUint32(victim + 4, 0x7fff0000, true);
    const { summary, diagnostics, records } = await parseBytes(bytes);
    expect([summary.ok, summary.errors]).toEqual([100, 1]);
    const d = diagnostics.find((x) => x.field.endsWith('.size'))!;
    expect(d.field).toBe(`chunk[0].record@0x${victim.toString(16)}.size`);
    expect(d.found).toBe(`${0x7fff0000}`);
    expect(records[1].recordId).toBe(good.records[2].recordId);
  });

  it('a broken template reference names the field and costs only that record', async () => {
    if (!requireOrSkip('evtx samples', HAVE_SAMPLES)) return;
    const bytes = sampleBytes(RDP).slice();
    const good = await parseBytes(bytes);
    const last = good.records[good.records.length - 1].offset;
    // record header (24) + fragment header (4) + template instance token, unknown, id (6)
    new DataView(bytes.buffer).setUint32(last + 34, 0x00ffff00, true);
    const { summary, diagnostics } = await parseBytes(bytes);
    expect([summary.ok, summary.errors]).toEqual([100, 1]);
    const d = diagnostics.find((x) => x.severity === 'error')!;
    expect(d.field).toBe(`chunk[0].record@0x${last.toString(16)}.template.definitionOffset`);
    expect(d.found).toBe('0xffff00');
  });

  it('a truncated file reads the records that fit and says where it was cut', async () => {
    if (!requireOrSkip('evtx samples', HAVE_SAMPLES)) return;
    const bytes = sampleBytes(RDP);
    const cut = bytes.subarray(0, 0x1000 + 0x8000);
    const { summary, diagnostics } = await parseBytes(cut);
    expect(summary.ok).toBeGreaterThan(10);
    expect(summary.ok).toBeLessThan(101);
    expect(fields(diagnostics)).toContain('chunk[0].records');
    expect(fields(diagnostics)).toContain('file.size');
  });
});

describe('robustness (fast-check)', () => {
  const base = HAVE_SAMPLES ? sampleBytes(RDP) : new Uint8Array(0);

  it('truncations never throw and terminate', async () => {
    if (!requireOrSkip('evtx samples', HAVE_SAMPLES)) return;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: base.length }), async (n) => {
        const r = await parseBytes(base.subarray(0, n));
        expect(r.summary.ok).toBeLessThanOrEqual(101);
      }),
      { numRuns: 40 },
    );
  });

  it('bit flips never throw and terminate', async () => {
    if (!requireOrSkip('evtx samples', HAVE_SAMPLES)) return;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: base.length - 1 }), fc.integer({ min: 0, max: 7 })), {
          minLength: 1,
          maxLength: 64,
        }),
        async (flips) => {
          const b = base.slice();
          for (const [o, bit] of flips) b[o] ^= 1 << bit;
          const r = await parseBytes(b);
          expect(r.summary.ok + r.summary.errors).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('random bytes behind a valid header never throw', async () => {
    if (!requireOrSkip('evtx samples', HAVE_SAMPLES)) return;
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ minLength: 0, maxLength: 70000 }),
        fc.boolean(),
        async (junk, keepChunkHeader) => {
          const b = new Uint8Array(0x1000 + junk.length);
          b.set(base.subarray(0, 0x1000));
          b.set(junk, 0x1000);
          if (keepChunkHeader && b.length >= 0x1200) b.set(base.subarray(0x1000, 0x1200), 0x1000);
          await parseBytes(b);
          await parseBytes(junk);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('output contracts', () => {
  it('toJson starts with the contract keys, raw %% codes in data, decoded beside', async () => {
    if (!requireOrSkip('evtx samples', HAVE_SAMPLES)) return;
    const { records } = await parseBytes(sampleBytes(RDP));
    const r = records.find((x) => x.eventId === 5156)!;
    const j = evtxParser.toJson(r, 'f.evtx');
    expect(Object.keys(j).slice(0, 9)).toEqual([
      'artifact',
      'file',
      'recordId',
      'time',
      'eventId',
      'provider',
      'channel',
      'computer',
      'data',
    ]);
    expect(j).toMatchObject({
      artifact: 'evtx',
      file: 'f.evtx',
      recordId: 227694,
      time: '2019-02-13T18:01:47.5123404Z',
      eventId: 5156,
      provider: 'Microsoft-Windows-Security-Auditing',
      channel: 'Security',
      computer: 'PC01.example.corp',
      dataDecoded: { Direction: 'Outbound', LayerName: 'Connect' },
      keywords: '0x8020000000000000',
      providerGuid: '{54849625-5478-4994-A5BA-3E3B0328C30D}',
    });
    expect((j.data as Record<string, string>).Direction).toBe('%%14593');
  });

  it('toEvents: label, summary, raw fields plus @ system fields', async () => {
    if (!requireOrSkip('evtx samples', HAVE_SAMPLES)) return;
    const { records } = await parseBytes(sampleBytes(RDP));
    const events: NormalizedEvent[] = [];
    for (const r of records) evtxParser.toEvents(r, (e) => events.push(e));
    expect(events.length).toBe(101);
    const e = events.find((x) => x.eventId === 5156)!;
    expect(e).toMatchObject({
      artifact: 'evtx',
      source: 'Security',
      computer: 'PC01.example.corp',
      ref: 227694,
    });
    expect(e.label).toBe('WFP allowed connection');
    expect(e.summary).toBe(
      '\\device\\harddiskvolume1\\windows\\system32\\svchost.exe -> ff02::1:2:547 UDP Outbound',
    );
    expect(e.fields).toMatchObject({
      Direction: '%%14593',
      '@Level': '0',
      '@Task': '12810',
      '@ProcessID': '4',
    });
    const p = events.find((x) => x.eventId === 4688)!;
    expect(p.label).toBe('Process created');
    expect(p.fields.TokenElevationType).toBe('%%1936');
  });

  it('decodeInsertionString maps single codes and whitespace-separated lists', () => {
    expect(decodeInsertionString('%%14592')).toBe('Inbound');
    expect(decodeInsertionString('%%1537\n\t\t\t\t%%4416\n\t\t\t\t')).toBe(
      'DELETE, ReadData (or ListDirectory)',
    );
    expect(decodeInsertionString('%%1937')).toBe('Type 2 (elevated token)');
    expect(decodeInsertionString('%%99999')).toBe('%%99999');
    expect(decodeInsertionString('plain')).toBe('plain');
  });
});

describe('renderRecordXml', () => {
  it('rebuilds records from their chunk alone, values equal to python-evtx', async () => {
    if (
      !requireOrSkip('evtx samples', HAVE_SAMPLES) ||
      !requireOrSkip('evtx_dump.py', hasTool('evtx_dump.py'))
    )
      return;
    for (const file of [RDP, `${DIR}/velociraptor__Microsoft-Windows-Sysmon%4Operational.evtx`]) {
      const bytes = sampleBytes(file);
      const { records } = await parseBytes(bytes);
      const ref = parseReferenceEvents(run('evtx_dump.py', [file]).stdout);
      for (const i of [0, 1, records.length - 1]) {
        const xml = await renderRecordXml(memorySource(bytes), records[i].offset, basename(file));
        expect(
          xml.startsWith('<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System>'),
        ).toBe(true);
        const mine = parseReferenceEvents(xml)[0];
        const py = ref.find((e) => e.recordId === records[i].recordId)!;
        expect(mine.recordId).toBe(records[i].recordId);
        const asRecord = { ...records[i], data: mine.data, time: records[i].time } as EvtxRecord;
        const mismatches: string[] = [];
        compareRecord(py, asRecord, mismatches);
        expect(mismatches).toEqual([]);
        expect(mine.provider).toBe(py.provider);
        expect(mine.channel).toBe(py.channel);
      }
    }
  });

  it('escapes text and attribute values', async () => {
    if (!requireOrSkip('evtx samples', HAVE_SAMPLES)) return;
    const bytes = sampleBytes(`${DIR}/omerbenamram-evtx__issue_201.evtx`);
    const { records } = await parseBytes(bytes);
    const xml = await renderRecordXml(memorySource(bytes), records[0].offset, 'issue_201.evtx');
    expect(xml).toContain('-Identity &quot;Administrateur&quot;');
    expect(parseReferenceEvents(xml)[0].data['Data[2]']).toBe(records[0].data['Data[2]']);
  });
});
