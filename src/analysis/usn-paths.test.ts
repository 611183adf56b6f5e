import { describe, expect, test } from 'vitest';
import { ARTIFACT_USN } from '../model/artifact';
import { appendBatch, HostRegistry } from '../model/case';
import { EventsBuilder, emptyTable, type EventsTable, rowFields } from '../model/events-table';
import { StringTable } from '../model/string-table';
import { detectMftLayout, MftPathResolver, mftParser, scanMftRange } from '../parsers/mft/index';
import { type UsnRecord, usnParser } from '../parsers/usn/index';
import { memorySource } from '../parsers/types';
import { buildMftFromPaths } from '../writers/mft/write-mft';
import { writeUsn } from '../writers/usn/write-usn';
import { PARENT_REUSED_NOTE, resolveUsnPaths, resolveUsnRecordPath } from './usn-paths';

const T = '2024-05-01T10:00:00.1234567Z';

async function batchOf(kind: 'mft' | 'usn', bytes: Uint8Array) {
  const b = new EventsBuilder();
  if (kind === 'mft') {
    await mftParser.parse(memorySource(bytes), { fileName: 'm', diagnostics: [] }, (r) =>
      mftParser.toEvents(r, (e) => b.add(e)),
    );
  } else {
    await usnParser.parse(memorySource(bytes), { fileName: 'u', diagnostics: [] }, (r) =>
      usnParser.toEvents(r, (e) => b.add(e)),
    );
  }
  return b.finish();
}

describe('resolveUsnPaths', () => {
  test('fills Path from the $MFT of the same host; notes a reused parent; leaves other hosts alone', async () => {
    const { bytes: mft, refs } = buildMftFromPaths([
      { path: '\\Windows\\Prefetch\\NMAP.EXE-7F3A2C11.pf', size: 4000, times: { created: T } },
      { path: '\\Temp\\x.txt', times: { created: T } },
    ]);
    const prefetch = refs.get('\\Windows\\Prefetch')!;
    const temp = refs.get('\\Temp')!;
    const usn = writeUsn({
      records: [
        {
          time: T,
          entry: 900,
          sequence: 1,
          parentEntry: prefetch.entry,
          parentSequence: prefetch.sequence,
          name: 'NMAP.EXE-7F3A2C11.pf',
          reasons: 0x100,
          attributes: 0x2020,
        },
        {
          time: T,
          entry: 901,
          sequence: 1,
          parentEntry: temp.entry,
          parentSequence: temp.sequence + 4,
          name: 'old.tmp',
          reasons: 0x200,
          attributes: 0x20,
        },
        {
          time: T,
          entry: 902,
          sequence: 1,
          parentEntry: 5,
          parentSequence: 5,
          name: 'root.txt',
          reasons: 0x100,
          attributes: 0x20,
        },
        {
          time: T,
          entry: 903,
          sequence: 1,
          parentEntry: 77777,
          parentSequence: 1,
          name: 'nowhere.txt',
          reasons: 0x100,
          attributes: 0x20,
        },
      ],
    });
    const strings = new StringTable();
    const hosts = new HostRegistry();
    const ws01 = hosts.getOrAdd('WS01');
    const srv01 = hosts.getOrAdd('SRV01');
    let table: EventsTable = emptyTable();
    table = appendBatch(table, strings, await batchOf('mft', mft), 0, () => ws01);
    table = appendBatch(table, strings, await batchOf('usn', usn), 1, () => ws01);
    table = appendBatch(table, strings, await batchOf('usn', usn), 2, () => srv01);
    const n = resolveUsnPaths(table, strings);
    expect(n).toBe(3);
    expect(table.strings).toBe(strings.strings);
    const usnRows = [...Array(table.length).keys()].filter((r) => table.artifact[r] === ARTIFACT_USN);
    const ws = usnRows.filter((r) => table.host[r] === ws01).map((r) => rowFields(table, r));
    expect(ws.map((f) => f.Path)).toEqual([
      '\\Windows\\Prefetch\\NMAP.EXE-7F3A2C11.pf',
      '\\Temp\\old.tmp',
      '\\root.txt',
      '',
    ]);
    expect(ws[0].PathNote).toBe('');
    expect(ws[1].PathNote.startsWith(`${PARENT_REUSED_NOTE}: parent entry ${temp.entry}`)).toBe(true);
    expect(ws[3].PathNote).toBe('unresolved parent: entry 77777 sequence 1');
    const srv = usnRows.filter((r) => table.host[r] === srv01).map((r) => rowFields(table, r));
    expect(srv.every((f) => f.Path === '')).toBe(true);
    // hostOfRow override: one host for everything resolves the second copy too
    expect(resolveUsnPaths(table, strings, () => 0)).toBe(6);
  });
});

describe('resolveUsnRecordPath', () => {
  test('resolves through an $MFT path resolver, flags a reused parent', async () => {
    const { bytes: mft, refs } = buildMftFromPaths([
      { path: '\\Windows\\Prefetch\\A.pf', times: { created: T } },
    ]);
    const src = memorySource(mft);
    const ctx = { fileName: 'm', diagnostics: [] };
    const layout = await detectMftLayout(src, ctx);
    const resolver = new MftPathResolver(await scanMftRange(src, ctx, layout, 0, layout.entryCount));
    const pf = refs.get('\\Windows\\Prefetch')!;
    const usn = writeUsn({
      records: [
        {
          time: T,
          entry: 9,
          sequence: 1,
          parentEntry: pf.entry,
          parentSequence: pf.sequence,
          name: 'B.pf',
          reasons: 0x100,
          attributes: 0x20,
        },
        {
          time: T,
          entry: 9,
          sequence: 1,
          parentEntry: pf.entry,
          parentSequence: 9,
          name: 'C.pf',
          reasons: 0x100,
          attributes: 0x20,
        },
        {
          time: T,
          entry: 9,
          sequence: 1,
          parentEntry: 4444,
          parentSequence: 1,
          name: 'D.pf',
          reasons: 0x100,
          attributes: 0x20,
        },
      ],
    });
    const recs: UsnRecord[] = [];
    await usnParser.parse(memorySource(usn), { fileName: 'u', diagnostics: [] }, (r) => recs.push(r));
    expect(recs.map((r) => resolveUsnRecordPath(resolver, r))).toEqual([
      'resolved',
      'parentReused',
      'unresolved',
    ]);
    expect(recs.map((r) => r.path)).toEqual(['\\Windows\\Prefetch\\B.pf', '\\Windows\\Prefetch\\C.pf', null]);
  });
});
