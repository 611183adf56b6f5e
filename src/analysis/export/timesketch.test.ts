import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadCase } from '../../cli/load-case';
import { SECURITY } from '../../sheets/windows';
import { CaseBuilder } from '../../testing/case-builder';
import { loadFilesIntoStore } from '../../testing/load-store';
import { requireOrSkip, SAMPLES } from '../../testing/samples';
import { checkTimesketchLine, checkTimesketchLines, parseTagField } from '../../testing/timesketch-rules';
import { generateDemoCase } from '../../writers/scenario/demo-case';
import { isoMicros, safeKey, TimesketchWriter, timesketchLines, untimedLine } from './timesketch';

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

describe('Timesketch import rules (src/testing/timesketch-rules.ts) over our exports', () => {
  it('the rules catch what the importer refuses or changes', () => {
    const ok =
      '{"message":"m","datetime":"2026-10-14T10:02:11.123456+00:00","timestamp":1791972131123456,"timestamp_desc":"t"}';
    expect(checkTimesketchLine(ok, 1)).toEqual([]);
    const bad = [
      '{"message":"m"',
      '["not","an","object"]',
      '{"message":"m","timestamp_desc":"t","timestamp":1}',
      '{"message":"m","datetime":"2026-10-14 10:02:11","timestamp":1,"timestamp_desc":"t"}',
      ok.replace('}', ',"_id":"x"}'),
      ok.replace('}', ',"tag":"[oops]"}'),
      ok.replace('}', ',"timesketch_label":"x"}'),
      ok.replace('}', `,"version":"${'v'.repeat(40000)}"}`),
      ok.replace('1791972131123456', '1791972131123000'),
    ];
    for (const [i, l] of bad.entries()) expect(checkTimesketchLine(l, i + 1), l.slice(0, 60)).not.toEqual([]);
    expect(parseTagField('a,b')).toEqual(['a', 'b']);
    expect(parseTagField('-')).toEqual([]);
    expect(parseTagField('["x"]')).toEqual(['x']);
  });

  it('attacker-named fields stay importable; an $MFT row without SI times uses its FN time; no-time rows are listed', () => {
    const hostile = new CaseBuilder();
    hostile.evtx('H/Security.evtx', 'H', SECURITY, [
      {
        time: Date.parse('2026-10-14T10:02:11Z'),
        eventId: 4688,
        fields: {
          timesketch_label: 'x',
          version: 'v'.repeat(40000),
          _id: '1',
          __ts_timeline_id: '2',
          tag: '[oops',
          data: 'd',
        },
      },
    ]);
    hostile.file('H/$MFT', 'mft', [
      {
        time: Number.NaN,
        ref: 0,
        label: 'SI created',
        fields: { FnCreated: '2012-02-06T16:16:19.6033593Z' },
      },
      { time: Number.NaN, ref: 16, label: 'SI created', fields: { FnCreated: '' } },
    ]);
    const { table: t, hosts: h, files: f } = hostile.store;
    const w = new TimesketchWriter(t, h, f);
    const out = w.lines([0, 1, 2]);
    expect(checkTimesketchLines(out)).toEqual([]);
    expect(out).toHaveLength(2);
    expect(JSON.parse(out[1])).toMatchObject({
      datetime: '2012-02-06T16:16:19.603359+00:00',
      timestamp_desc: 'FN created (no $STANDARD_INFORMATION)',
    });
    expect(w.untimed).toEqual([2]);
    expect(JSON.parse(untimedLine(t, f, 2))).toMatchObject({
      reason: 'no time',
      artifact: 'mft',
      record: 16,
    });
  });

  it('every row of the demo case export passes', async () => {
    const store = await loadFilesIntoStore(generateDemoCase());
    const out = timesketchLines(store.table, store.hosts, store.files, 0, store.table.length);
    expect(out.length).toBeGreaterThan(1000);
    expect(checkTimesketchLines(out)).toEqual([]);
  });

  it('every row of ../shared/samples passes; the rows with no time at all are listed', async () => {
    if (!requireOrSkip('../shared/samples', existsSync(SAMPLES))) return;
    const { store } = await loadCase([SAMPLES], () => {});
    const w = new TimesketchWriter(store.table, store.hosts, store.files);
    const all = new Uint32Array(store.table.length);
    for (let i = 0; i < all.length; i++) all[i] = i;
    const out = w.lines(all);
    expect(checkTimesketchLines(out)).toEqual([]);
    expect(out.length + w.untimed.length).toBe(store.table.length);
    expect(w.untimed.length).toBeGreaterThan(0);
    for (const r of w.untimed) {
      expect(Number.isNaN(store.table.timeMs[r])).toBe(true);
      expect(JSON.parse(untimedLine(store.table, store.files, r))).toMatchObject({
        reason: 'no time',
        artifact: expect.stringMatching(/^(mft|usn)$/),
        source_file: expect.stringContaining(SAMPLES),
      });
    }
  });
});
