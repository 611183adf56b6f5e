import { describe, expect, test } from 'vitest';
import { detect } from '../../parsers/detect';
import { isoFromParts } from '../../parsers/bytes/filetime';
import { type UsnRecord, usnParser } from '../../parsers/usn/index';
import { type Diagnostic, memorySource } from '../../parsers/types';
import { type UsnRecordSpec, writeUsn } from './write-usn';

describe('writeUsn round trip through our parser', () => {
  test('every field of v2 and v3 records, explicit usn, sparse prefix, odd page size', async () => {
    const specs: UsnRecordSpec[] = [
      {
        version: 2,
        time: '2024-05-01T10:00:00.1234567Z',
        entry: 70,
        sequence: 3,
        parentEntry: 66,
        parentSequence: 1,
        name: 'NMAP.EXE-7F3A2C11.pf',
        reasons: 0x100,
        attributes: 0x2020,
      },
      {
        version: 3,
        usn: 987654321,
        time: '2024-05-01T10:00:00.2234567Z',
        entry: 2 ** 40 + 5,
        sequence: 65535,
        parentEntry: 66,
        parentSequence: 1,
        name: 'NMAP.EXE-7F3A2C11.pf',
        reasons: 0x102,
        attributes: 0x2020,
        sourceInfo: 2,
        securityId: 1234,
      },
      {
        time: '1999-12-31T23:59:59.9999999Z',
        entry: 1,
        sequence: 1,
        parentEntry: 5,
        parentSequence: 5,
        name: '',
        reasons: 0x80000000,
        attributes: 0,
      },
    ];
    const offsets: number[] = [];
    const bytes = writeUsn({ records: specs, sparsePrefixBytes: 65536 + 3, pageSize: 512 }, offsets);
    expect(offsets[0]).toBe(65536 + 8);
    expect(bytes.length % 512).toBe(0);
    expect((await detect(memorySource(bytes))).kind).toBe('usn');
    const diagnostics: Diagnostic[] = [];
    const got: UsnRecord[] = [];
    await usnParser.parse(memorySource(bytes), { fileName: 'J', diagnostics }, (r) => got.push(r));
    expect(diagnostics).toEqual([]);
    expect(got.length).toBe(3);
    got.forEach((r, i) => {
      const s = specs[i];
      expect(r).toMatchObject({
        version: s.version ?? 2,
        usn: s.usn ?? offsets[i],
        offset: offsets[i],
        entry: s.entry,
        sequence: s.sequence,
        parentEntry: s.parentEntry,
        parentSequence: s.parentSequence,
        name: s.name,
        reasons: s.reasons,
        attributes: s.attributes,
        sourceInfo: s.sourceInfo ?? 0,
        securityId: s.securityId ?? 0,
      });
      expect(isoFromParts(r.time.timeMs, r.time.tick)).toBe(s.time);
    });
    expect(got[1].fileId).toBe('0000000000000000ffff010000000005');
  });
});
