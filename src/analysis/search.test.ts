import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../parsers/types';
import { searchRows, TableSearch } from './search';
import { fixtureEvent, fixtureTable as tableOf } from './table-fixture';
import { timeOrder } from './timeline';

const ev = (p: Partial<NormalizedEvent>) => fixtureEvent({ source: 'Security', ...p });

describe('search', () => {
  const t = tableOf([
    ev({
      timeMs: 3,
      summary: 'Process Create nmap.exe -Pn 10.0.0.20',
      fields: { CommandLine: 'nmap.exe -Pn 10.0.0.20' },
    }),
    ev({ timeMs: 1, summary: 'svchost', fields: { DestinationIp: '10.0.0.20', Image: 'svchost.exe' } }),
    ev({
      timeMs: 2,
      eventId: 5156,
      summary: 'allowed',
      fields: { Application: '\\device\\harddiskvolume2\\tools\\NMAP.exe' },
    }),
    ev({ timeMs: 4, computer: 'SRV01.corp.local', summary: 'logon' }),
    ev({ timeMs: 5, artifact: 'usn', eventId: -1, source: '$UsnJrnl:$J', summary: 'NMAP.EXE-1A2B3C4D.pf' }),
    ev({ timeMs: 6, artifact: 'mft', eventId: -1, source: '$MFT', summary: '\\Users\\alice' }),
  ]);
  const order = timeOrder(t);

  it('matches summary and field values case-insensitively, in candidate order', () => {
    expect([...searchRows(t, order, 'NMAP')]).toEqual([2, 0, 4]);
    expect([...searchRows(t, order, '10.0.0.20')]).toEqual([1, 0]);
    expect([...searchRows(t, order, 'srv01')]).toEqual([3]);
  });

  it('matches a numeric query against event ids, and never matches the -1 of id-less artifacts', () => {
    expect([...searchRows(t, order, '5156')]).toEqual([2]);
    expect([...searchRows(t, order, 'alice')]).toEqual([5]);
    expect([...searchRows(t, order, 'zzz')]).toEqual([]);
  });

  it('treats regex characters literally', () => {
    expect([...searchRows(t, order, '.exe -Pn')]).toEqual([0]);
    expect([...searchRows(t, order, '(')]).toEqual([]);
  });

  it('streams results in bounded steps', () => {
    const s = new TableSearch(t, order, 'nmap');
    let steps = 0;
    while (!s.step(2, 1)) steps++;
    expect(steps).toBeGreaterThan(4);
    expect([...s.progress().rows]).toEqual([2, 0, 4]);
    expect(s.progress().scanned).toBe(6);
  });

  it('finds every hit in a 200,000-row table', () => {
    const events: NormalizedEvent[] = [];
    for (let i = 0; i < 200_000; i++)
      events.push(ev({ timeMs: i, summary: `event ${i}`, fields: { Port: String(i % 1000) } }));
    const big = tableOf(events);
    const hits = searchRows(big, timeOrder(big), 'event 19999');
    expect([...hits]).toEqual([
      19999, 199990, 199991, 199992, 199993, 199994, 199995, 199996, 199997, 199998, 199999,
    ]);
  });
});
