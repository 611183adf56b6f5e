import { describe, expect, it } from 'vitest';
import {
  appendBatch,
  canonicalHostName,
  checkIntegrity,
  HostRegistry,
  hostFromPath,
  UNASSIGNED,
} from './case';
import { CaseStore } from './case-store';
import { EventsBuilder, emptyTable, rowFields } from './events-table';
import { StringTable } from './string-table';
import type { NormalizedEvent } from '../parsers/types';

function ev(partial: Partial<NormalizedEvent>): NormalizedEvent {
  return {
    artifact: 'evtx',
    timeMs: Date.parse('2026-10-14T10:02:11Z'),
    tick: 1234,
    eventId: 1,
    source: 'Microsoft-Windows-Sysmon/Operational',
    computer: 'WS01.corp.local',
    ref: 1,
    offset: 4096 + 512,
    label: 'Process Create',
    summary: 'nmap.exe -Pn 10.0.0.20',
    fields: { Image: 'C:\\Tools\\nmap\\nmap.exe', ProcessId: '4242' },
    ...partial,
  };
}

describe('host names from paths', () => {
  it('reads KAPE trees, Velociraptor collections, and says nothing otherwise', () => {
    expect(hostFromPath('case/WS01/C/Windows/Prefetch/NMAP.EXE-1.pf')).toBe('WS01');
    expect(hostFromPath('SRV01/C/$MFT')).toBe('SRV01');
    expect(hostFromPath('Collection-DC01-2026-10-14T10_00_00Z/uploads/auto/C%3A/$MFT')).toBe('DC01');
    expect(hostFromPath('exports/Security.evtx')).toBe('');
  });
  it('canonicalises FQDNs and keeps IPs', () => {
    expect(canonicalHostName('ws01.corp.local')).toBe('WS01');
    expect(canonicalHostName('10.0.0.20')).toBe('10.0.0.20');
  });
});

describe('host registry', () => {
  it('merges and renames through the resolved id', () => {
    const h = new HostRegistry();
    const a = h.getOrAdd('WS01');
    const b = h.getOrAdd('ws01.corp.local');
    expect(b).toBe(a);
    const c = h.getOrAdd('DESKTOP-1');
    h.merge(c, a);
    expect(h.resolve(c)).toBe(a);
    h.rename(c, 'Workstation 1');
    expect(h.name(a)).toBe('Workstation 1');
    expect(h.active().map((x) => x.name)).toEqual(['Workstation 1']);
    expect(h.getOrAdd('')).toBe(UNASSIGNED);
  });
});

describe('events table', () => {
  it('keeps fields per row and remaps strings when batches merge', () => {
    const b1 = new EventsBuilder();
    b1.add(ev({}));
    b1.add(ev({ ref: 2, eventId: 5, label: 'Process terminated', fields: { Image: 'C:\\x.exe' } }));
    const b2 = new EventsBuilder();
    b2.add(
      ev({
        artifact: 'prefetch',
        computer: '',
        source: 'Prefetch',
        eventId: -1,
        fields: { Executable: 'NMAP.EXE' },
      }),
    );
    const strings = new StringTable();
    const hosts = new HostRegistry();
    let t = appendBatch(emptyTable(), strings, b1.finish(), 0, (c) => hosts.getOrAdd(c));
    t = appendBatch(t, strings, b2.finish(), 1, (c) => (c ? hosts.getOrAdd(c) : hosts.getOrAdd('WS01')));
    expect(t.length).toBe(3);
    expect(rowFields(t, 0)).toEqual({ Image: 'C:\\Tools\\nmap\\nmap.exe', ProcessId: '4242' });
    expect(rowFields(t, 1)).toEqual({ Image: 'C:\\x.exe' });
    expect(rowFields(t, 2)).toEqual({ Executable: 'NMAP.EXE' });
    expect(t.strings[t.label[1]]).toBe('Process terminated');
    expect(Array.from(t.host.subarray(0, t.length))).toEqual([0, 0, 0]);
    expect(Array.from(t.file.subarray(0, t.length))).toEqual([0, 0, 1]);
    expect(t.tick[0]).toBe(1234);
    expect(checkIntegrity(t, 2, hosts.hosts.length)).toEqual([]);
  });

  it('integrity check names a column pointing outside its table', () => {
    const b = new EventsBuilder();
    b.add(ev({}));
    const t = appendBatch(emptyTable(), new StringTable(), b.finish(), 0, () => 0);
    t.label[0] = 9999;
    t.file[0] = 7;
    const problems = checkIntegrity(t, 1, 1);
    expect(problems.some((p) => p.startsWith('label[0] = 9999'))).toBe(true);
    expect(problems.some((p) => p.startsWith('file[0] = 7'))).toBe(true);
  });
});

describe('case store', () => {
  it('assigns hosts from EVTX Computer and from folders, and re-assigns a file', () => {
    const s = new CaseStore();
    const f0 = s.addFile('dump/Security.evtx', 100);
    const f1 = s.addFile('SRV01/C/Windows/Prefetch/X.pf', 10);
    const b0 = new EventsBuilder();
    b0.add(ev({}));
    const summary = { artifact: 'evtx' as const, ok: 1, errors: 0, firstTimeMs: 0, lastTimeMs: 0, info: {} };
    s.complete(f0, b0.finish(), summary, [], 'WS01.corp.local');
    const b1 = new EventsBuilder();
    b1.add(ev({ artifact: 'prefetch', computer: '', source: 'Prefetch' }));
    s.complete(f1, b1.finish(), { ...summary, artifact: 'prefetch' }, [], '');
    expect(s.hosts.name(s.hostOfRow(0))).toBe('WS01');
    expect(s.hosts.name(s.hostOfRow(1))).toBe('SRV01');
    s.assignFile(f1, s.files[f0].host);
    expect(s.hosts.name(s.hostOfRow(1))).toBe('WS01');
    expect(s.files[f1].state).toEqual({ kind: 'done', ok: 1, errors: 0 });
  });
});

describe('appending many batches', () => {
  it('grows columns with spare capacity and keeps earlier rows and table objects intact', () => {
    const strings = new StringTable();
    let t = emptyTable();
    const tables = [];
    for (let f = 0; f < 50; f++) {
      const b = new EventsBuilder();
      for (let i = 0; i < 30; i++) b.add(ev({ ref: f * 1000 + i, fields: { N: String(f * 1000 + i) } }));
      t = appendBatch(t, strings, b.finish(), f, () => 0);
      tables.push(t);
    }
    expect(t.length).toBe(1500);
    expect(t.timeMs.length).toBeGreaterThanOrEqual(1500);
    expect(t.ref[1499]).toBe(49029);
    expect(rowFields(t, 1499)).toEqual({ N: '49029' });
    expect(tables[10].length).toBe(330);
    expect(rowFields(tables[10], 329)).toEqual({ N: '10029' });
    expect(t.file[1499]).toBe(49);
    expect(checkIntegrity(t, 50, 1)).toEqual([]);
  });

  it('adopts the first batch without a copy and grows its columns in place afterwards', () => {
    const strings = new StringTable();
    const first = new EventsBuilder();
    for (let i = 0; i < 5000; i++) first.add(ev({ ref: i, fields: { N: String(i) } }));
    const b0 = first.finish();
    const t1 = appendBatch(emptyTable(), strings, b0, 0, () => 0);
    expect(t1.timeMs).toBe(b0.timeMs);
    expect(t1.fieldValue).toBe(b0.fieldValue);
    const second = new EventsBuilder();
    for (let i = 0; i < 3000; i++)
      second.add(ev({ ref: 10_000 + i, summary: `other ${i}`, fields: { M: String(i) } }));
    const t2 = appendBatch(t1, strings, second.finish(), 1, () => 0);
    expect(t2.length).toBe(8000);
    expect(t2.timeMs.length).toBeGreaterThanOrEqual(8000);
    expect(t2.ref[4999]).toBe(4999);
    expect(t2.ref[5000]).toBe(10_000);
    expect(t2.ref[7999]).toBe(12_999);
    expect(rowFields(t2, 7999)).toEqual({ M: '2999' });
    expect(t2.strings[t2.summary[7999]]).toBe('other 2999');
    expect(rowFields(t1, 4999)).toEqual({ N: '4999' });
    expect(checkIntegrity(t2, 2, 1)).toEqual([]);
  });
});
