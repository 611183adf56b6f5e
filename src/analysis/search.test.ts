import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../parsers/types';
import { JOIN_CHUNK, JoinedStrings, searchRows, TableSearch } from './search';
import { fixtureEvent, fixtureTable as tableOf } from '../testing/table-fixture';
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
    const fwd = tableOf(events);
    // The same rows in reverse order: the first rows now hold the last strings, so the row-order
    // pass meets strings not yet tested at once.
    const n = fwd.length;
    const rev = { ...fwd };
    for (const k of [
      'timeMs',
      'tick',
      'artifact',
      'eventId',
      'source',
      'computer',
      'label',
      'summary',
    ] as const) {
      const col = fwd[k].slice();
      for (let r = 0; r < n; r++) col[r] = fwd[k][n - 1 - r];
      (rev as Record<string, unknown>)[k] = col;
    }
    rev.fieldStart = fwd.fieldStart.slice().reverse();
    rev.fieldCount = fwd.fieldCount.slice().reverse();
    for (const t of [fwd, rev]) {
      const all = timeOrder(t);
      const rank = new Uint32Array(n);
      for (let p = 0; p < n; p++) rank[all[p]] = p;
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
        for (const chunk of [1, 3, 17, 100_000])
          for (const ranks of [null, { rank, order: all }]) {
            const s = new TableSearch(t, all, q, null, ranks);
            while (!s.step(chunk, 50)) {}
            const what = `${JSON.stringify(q)} chunk ${chunk}${t === rev ? ' reversed' : ''}${ranks ? ' ranks' : ''}`;
            expect([...s.progress().rows], what).toEqual(expected);
          }
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

  it('with candidate ranks, streams the row-order matches in candidate order before the pass ends', () => {
    // Row order runs against time: the first rows hold the latest times, so the earliest matches in
    // time come last in row order. Matches every 997th row, plus one early in time (phase 0's).
    const n = 120_000;
    const events: NormalizedEvent[] = [];
    for (let i = 0; i < n; i++)
      events.push(
        ev({
          timeMs: n - i,
          summary: i % 997 === 5 || i === n - 3 ? `ran nmap.exe #${i}` : `file ${i}.txt`,
          fields: { Path: `C:\\data\\${i}` },
        }),
      );
    const big = tableOf(events);
    const all = timeOrder(big);
    const rank = new Uint32Array(n);
    for (let p = 0; p < n; p++) rank[all[p]] = p;
    const want = [...searchRows(big, all, 'NMAP.EXE')];
    expect(want[0]).toBe(n - 3);
    expect(want.length).toBe(Math.ceil((n - 5) / 997) + 1);
    // Every other candidate by time: the rest are not candidates and must not show.
    const some = all.filter((_, p) => p % 2 === 0);
    for (const candidates of [all, some]) {
      const expected = want.filter((r) => candidates.includes(r));
      const s = new TableSearch(big, candidates, 'NMAP.EXE', null, { rank, order: all });
      const seen: number[][] = [];
      const scanned: number[] = [];
      while (!s.step(20_000, 2_000)) {
        seen.push([...s.progress().rows]);
        scanned.push(s.progress().scanned);
      }
      const final = [...s.progress().rows];
      expect(final).toEqual(expected);
      // Partial lists appear while the row-order pass runs and are in-order subsets of the end.
      const partial = seen.filter((rows) => rows.length > 0 && rows.length < expected.length);
      expect(partial.length).toBeGreaterThan(3);
      for (const rows of partial) {
        const at = rows.map((r) => expected.indexOf(r));
        expect(at.every((x, i) => x >= 0 && (i === 0 || x > at[i - 1]))).toBe(true);
      }
      // The latest match in time is the first in row order: the pass shows it long before a walk
      // in candidate order would reach it.
      const last = expected[expected.length - 1];
      expect(partial.some((rows) => rows.includes(last))).toBe(true);
      // It shows while most strings are still untested: they are tested as the rows need them.
      const stringSteps = Math.ceil(big.strings.length / 20_000);
      expect(stringSteps).toBeGreaterThan(10);
      expect(seen.findIndex((rows) => rows.includes(last))).toBeLessThan(3 + 3);
      // Phase 0 found the early match first, and it stays first.
      expect(partial.every((rows) => rows[0] === n - 3)).toBe(true);
      // Progress moves through the row-order pass, not only in the final walk.
      expect(scanned.every((x, i) => i === 0 || x >= scanned[i - 1])).toBe(true);
      expect(scanned.filter((x) => x > 5_000 && x < candidates.length / 2).length).toBeGreaterThan(0);
    }
  });
});
