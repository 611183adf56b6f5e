import { describe, expect, it } from 'vitest';
import { SECURITY } from '../../sheets/windows';
import { CaseBuilder } from '../../testing/case-builder';
import { isoMicros, safeKey, TimesketchWriter, timesketchLines } from './timesketch';

describe('timesketchLines', () => {
  const cb = new CaseBuilder();
  cb.evtx('WS01/Security.evtx', 'WS01.corp.local', SECURITY, [
    {
      time: Date.parse('2026-10-14T10:02:11.123Z'),
      eventId: 4688,
      ref: 4242,
      label: 'Process Create',
      fields: {
        NewProcessName: 'C:\\Tools\\nmap\\nmap.exe',
        '@Provider': 'Microsoft-Windows-Security-Auditing',
        message: 'x',
      },
    },
    { time: Number.NaN, eventId: 1, fields: {} },
  ]);
  cb.file('WS01/C/Windows/Prefetch/NMAP.EXE-7F3A2C11.pf', 'prefetch', [
    {
      time: Date.parse('2026-10-14T10:02:21Z'),
      label: 'Executed',
      ref: 0,
      fields: { Executable: 'NMAP.EXE' },
    },
  ]);
  const { table, hosts, files } = cb.store;
  const lines = timesketchLines(table, hosts, files, 0, table.length);

  it('writes one object per timed row with the required Timesketch fields', () => {
    expect(lines).toHaveLength(2);
    const a = JSON.parse(lines[0]);
    expect(a).toMatchObject({
      message: 'Security 4688 Process Create',
      datetime: '2026-10-14T10:02:11.123000+00:00',
      timestamp: Date.parse('2026-10-14T10:02:11.123Z') * 1000,
      timestamp_desc: 'Event Recorded',
      data_type: 'windows:evtx:record',
      hostname: 'WS01',
      artifact: 'evtx',
      event_id: 4688,
      source: 'Security',
      source_file: 'WS01/Security.evtx',
      record: 4242,
      NewProcessName: 'C:\\Tools\\nmap\\nmap.exe',
      System_Provider: 'Microsoft-Windows-Security-Auditing',
      field_message: 'x',
    });
    const b = JSON.parse(lines[1]);
    expect(b).toMatchObject({
      timestamp_desc: 'Last Run Time',
      data_type: 'windows:prefetch:execution',
      hostname: 'WS01',
      Executable: 'NMAP.EXE',
    });
    expect(b.event_id).toBeUndefined();
  });

  it('keeps 100 ns ticks as microseconds and makes keys safe', () => {
    expect(isoMicros(Date.parse('2019-02-13T18:01:47.512Z'), 3410)).toBe('2019-02-13T18:01:47.512341+00:00');
    expect(safeKey('_id')).toBe('field__id');
    expect(safeKey('Data Name')).toBe('Data_Name');
    expect(safeKey('timestamp')).toBe('field_timestamp');
  });

  it('honours the row range', () => {
    expect(timesketchLines(table, hosts, files, 2, 3)).toHaveLength(1);
    expect(timesketchLines(table, hosts, files, 1, 2)).toHaveLength(0);
  });

  it('writes any row list in its own order, across slices of one writer', () => {
    const w = new TimesketchWriter(table, hosts, files);
    const rows = [2, 1, 0];
    const sliced = [...w.lines(rows, 0, 1), ...w.lines(rows, 1, 3)];
    expect(sliced).toEqual([lines[1], lines[0]]);
  });
});
