import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../parsers/types';
import { JOIN_CHUNK, JoinedStrings, searchRows, TableSearch } from './search';
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

describe('search over joined string chunks', () => {
  it('flags exactly the strings a per-string test flags, across chunk edges, newlines and case', () => {
    const words = [
      'NMAP',
      'nmap.exe',
      'map',
      'n\nmap',
      'xnMaPy',
      '',
      'a\nnmap',
      'nma',
      'p',
      'ñmap',
      'NMAPNMAP',
    ];
    const events = [];
    for (let i = 0; i < 400; i++) {
      const w = words[(i * 7) % words.length];
      const v = words[(i * 3 + 1) % words.length];
      events.push(ev({ timeMs: i, summary: `${w}${i % 5 ? '' : ' tail'}`, fields: { A: v, B: `${i}` } }));
    }
    const t = tableOf(events);
    const all = timeOrder(t);
    for (const q of ['nmap', 'MAP', 'p', 'n\nm', '1', 'tail', 'zzz', 'ap.e']) {
      const expected: number[] = [];
      const re = new RegExp(q.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
      for (const r of all) {
        const texts = [t.summary[r], t.label[r], t.source[r], t.computer[r]].map((i) => t.strings[i]);
        for (let k = t.fieldStart[r]; k < t.fieldStart[r] + t.fieldCount[r]; k++)
          texts.push(t.strings[t.fieldValue[k]]);
        if (texts.some((s) => re.test(s)) || (/^\d+$/.test(q) && t.eventId[r] === Number(q)))
          expected.push(r);
      }
      for (const chunk of [1, 3, 17, 100_000]) {
        const s = new TableSearch(t, all, q);
        while (!s.step(chunk, 50)) {}
        expect([...s.progress().rows], `${JSON.stringify(q)} chunk ${chunk}`).toEqual(expected);
      }
    }
  });
});

describe('JoinedStrings cache', () => {
  it('gives the same rows as an uncached search, also after the strings array grew', () => {
    const events = [];
    for (let i = 0; i < 2 * JOIN_CHUNK + 500; i++)
      events.push(ev({ timeMs: i, summary: `row ${i}${i % 997 === 0 ? ' NMAP.exe' : ''}` }));
    const t = tableOf(events);
    const all = timeOrder(t);
    const shortStrings = t.strings.slice(0, JOIN_CHUNK + 100);
    const joined = new JoinedStrings(t.strings);
    const run = (table: typeof t, cache: JoinedStrings | null, q: string) => {
      const s = new TableSearch(
        table,
        all.filter((r) => table.summary[r] < table.strings.length),
        q,
        cache,
      );
      while (!s.step()) {}
      return [...s.progress().rows];
    };
    expect(run(t, joined, 'nmap.exe')).toEqual(run(t, null, 'nmap.exe'));
    expect(run(t, joined, 'nmap.exe').length).toBe(Math.ceil(events.length / 997));
    expect(run(t, joined, 'row 1999')).toEqual(run(t, null, 'row 1999'));
    const warmed = new JoinedStrings(t.strings);
    let slices = 0;
    let clock = 0;
    while (!warmed.warm(0, () => clock++)) slices++;
    expect(slices).toBeGreaterThan(0);
    expect(run(t, warmed, 'nmap.exe')).toEqual(run(t, null, 'nmap.exe'));
    // A cache built over a shorter prefix of the same array extends its last chunk.
    const growing = [...shortStrings];
    const cache = new JoinedStrings(growing);
    const prefixTable = { ...t, strings: growing };
    run(prefixTable, cache, 'nmap');
    for (let i = growing.length; i < t.strings.length; i++) growing.push(t.strings[i]);
    expect(run(prefixTable, cache, 'nmap.exe')).toEqual(run(t, null, 'nmap.exe'));
  });

  it('shows the first matches before the whole string table is scanned, then finds all of them', () => {
    const events: NormalizedEvent[] = [];
    for (let i = 0; i < 60_000; i++)
      events.push(
        ev({
          timeMs: i,
          summary: i % 1000 === 7 ? `run NMAP.exe ${i}` : `file ${i}.txt`,
          fields: { Path: `C:\\data\\${i}` },
        }),
      );
    const big = tableOf(events);
    const order = timeOrder(big);
    const s = new TableSearch(big, order, 'nmap.EXE');
    let steps = 0;
    while (s.progress().rows.length === 0) {
      s.step(20_000, 5_000);
      steps++;
    }
    expect(steps).toBe(1);
    expect(s.progress().done).toBe(false);
    expect(s.progress().rows[0]).toBe(7);
    while (!s.step(20_000, 5_000)) {}
    const want: number[] = [];
    for (let i = 0; i < 60_000; i++) if (i % 1000 === 7) want.push(i);
    expect([...s.progress().rows]).toEqual(want);
    expect([...searchRows(big, order, 'nmap.EXE')]).toEqual(want);
    // A short candidate list (rows tested one by one) and a long one (rows tested in row order,
    // then walked in candidate order) give the matches in candidate order.
    const few = Uint32Array.from({ length: 6000 }, (_, i) => 59_999 - i * 10);
    expect([...searchRows(big, few, 'nmap')]).toEqual([...few].filter((r) => r % 1000 === 7));
    const many = Uint32Array.from({ length: 40_000 }, (_, i) => (i * 7919) % 60_000);
    expect([...searchRows(big, many, 'NMAP')]).toEqual([...many].filter((r) => r % 1000 === 7));
    expect([...searchRows(big, many, 'DATA\\12345')]).toEqual([...many].filter((r) => r === 12345));
  });
});
