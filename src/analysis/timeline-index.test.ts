import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixtureEvent, fixtureTable } from '../testing/table-fixture';
import { ARTIFACT_EVTX, ARTIFACT_MFT, ARTIFACT_PREFETCH } from '../model/artifact';
import { facets, filterRows, histogram } from '../testing/timeline-oracle';
import { type TimelineFilter, timeOrder } from './timeline';
import type { EventsTable } from '../model/events-table';
import { type IndexFilter, TimeIndex } from './timeline-index';

const T0 = Date.UTC(2026, 10, 28, 10, 0, 0);

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Few distinct times (many ties), some untimed rows, three raw hosts and rows with none. */
function tieTable(n: number, seed: number): EventsTable {
  const r = lcg(seed);
  const events = [];
  const hosts: number[] = [];
  for (let i = 0; i < n; i++) {
    const kind = Math.floor(r() * 4);
    hosts.push(r() < 0.1 ? 0xffffffff : Math.floor(r() * 3));
    events.push(
      fixtureEvent({
        artifact: (['evtx', 'prefetch', 'mft', 'usn'] as const)[kind],
        timeMs: r() < 0.1 ? Number.NaN : T0 + Math.floor(r() * 20) * 1000,
        tick: Math.floor(r() * 3),
        eventId: kind === 0 ? [3, 4624, 5156, 70000][Math.floor(r() * 4)] : -1,
        source: ['Security', 'Microsoft-Windows-Sysmon/Operational', '$MFT', 'Prefetch'][kind],
        summary: `s${i % 17}`,
        fields:
          r() < 0.7
            ? {
                [r() < 0.5 ? 'Image' : 'Application']: r() < 0.5 ? 'C:\\Tools\\NMAP.exe' : 'C:\\svchost.exe',
                X: 'y',
              }
            : { Other: 'nmap' },
      }),
    );
  }
  return fixtureTable(events, hosts);
}

/** The first k rows of t, as the table looked before the rest was appended. */
function prefix(t: EventsTable, k: number): EventsTable {
  return { ...t, length: k };
}

function positionsToRows(ix: TimeIndex, positions: Uint32Array): number[] {
  return [...ix.rowsAt(positions)];
}

describe('TimeIndex', () => {
  it('merged appends give timeOrder of the whole table, with columns in that order', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1000 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 6 }),
        (seed, cuts) => {
          const t = tieTable(400, seed);
          const ix = new TimeIndex();
          for (const k of [...cuts].sort((a, b) => a - b)) ix.append(prefix(t, k));
          ix.append(t);
          const order = timeOrder(t);
          expect([...ix.order.subarray(0, ix.n)]).toEqual([...order]);
          expect(ix.timed).toBe([...t.timeMs].filter((x) => !Number.isNaN(x)).length);
          for (let p = 0; p < ix.n; p++) {
            const r = order[p];
            expect(Object.is(ix.time[p], t.timeMs[r])).toBe(true);
            expect(ix.host[p]).toBe(t.host[r]);
            expect(ix.eid[p]).toBe(t.eventId[r]);
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('filters, facets and histograms like the functions in timeline.ts', () => {
    const t = tieTable(1500, 3);
    const ix = new TimeIndex();
    for (const k of [300, 301, 900]) ix.append(prefix(t, k));
    ix.append(t);
    const order = timeOrder(t);
    const resolve = (raw: number) => (raw === 2 ? 0 : raw);
    const cases: IndexFilter[] = [
      {},
      { hosts: new Set([0]) },
      { hosts: new Set([1]), eventIds: new Set([3]) },
      { eventIds: new Set([3, 70000]) },
      { artifacts: new Set([ARTIFACT_PREFETCH, ARTIFACT_MFT]) },
      { sources: new Set(['Security', 'nope']) },
      { process: 'nmap' },
      { process: '  SVCHOST ', artifacts: new Set([ARTIFACT_EVTX]) },
      { rows: [5, 5, 1499, 7, 3000, 12, 900] },
      { rows: [5, 9, 44, 1000], eventIds: new Set([4624]) },
    ];
    for (const f of cases) {
      const got = positionsToRows(ix, ix.filter(f, t.strings, resolve, 3));
      const want = [...filterRows(t, order, f as TimelineFilter, resolve)];
      expect(got).toEqual(want);
    }
    const direct = facets(t);
    const mine = ix.facets(t.strings, 500);
    expect(mine.sources).toEqual(direct.sources);
    expect(mine.eventIds).toEqual(direct.eventIds);
    expect(mine.processes).toEqual(direct.processes);
    expect(mine.span).toEqual(direct.span);
    const pos = ix.filter({ eventIds: new Set([3]) }, t.strings, resolve, 3);
    const rows = filterRows(t, order, { eventIds: new Set([3]) });
    const span = ix.span(pos);
    if (!span) throw new Error('no span');
    for (const g of ['artifact', 'source'] as const) {
      expect(ix.histogram(pos, t.strings, span[0], span[1], 7, g)).toEqual(
        histogram(t, rows, span[0], span[1], 7, g),
      );
      expect(ix.histogram(pos, t.strings, T0 + 4000, T0 + 9000, 5, g)).toEqual(
        histogram(t, rows, T0 + 4000, T0 + 9000, 5, g),
      );
    }
  });

  it('re-reads the host column after an assignment', () => {
    const t = tieTable(500, 11);
    const ix = new TimeIndex();
    ix.append(t);
    const before = ix.filter({ hosts: new Set([1]) }, t.strings, (h) => h, 3).length;
    const host = t.host.slice();
    for (let r = 0; r < 250; r++) host[r] = 1;
    ix.rehost(host);
    const moved = { ...t, host };
    const got = positionsToRows(
      ix,
      ix.filter({ hosts: new Set([1]) }, t.strings, (h) => h, 3),
    );
    expect(got).toEqual([...filterRows(moved, timeOrder(moved), { hosts: new Set([1]) })]);
    expect(got.length).toBeGreaterThan(before);
  });

  it('finds the busy region around the fullest part of the span, and time bounds by binary search', () => {
    const events = [];
    for (let i = 0; i < 90; i++) events.push(fixtureEvent({ timeMs: T0 + i * 1000 }));
    for (let i = 0; i < 10; i++) events.push(fixtureEvent({ timeMs: T0 - (i + 1) * 86_400_000 * 30 }));
    events.push(fixtureEvent({ timeMs: Number.NaN }));
    const t = fixtureTable(events);
    const ix = new TimeIndex();
    ix.append(t);
    const all = ix.filter({}, t.strings, (h) => h, 1);
    expect(ix.timedCount(all)).toBe(100);
    expect(ix.span(all)).toEqual([T0 - 300 * 86_400_000, T0 + 89_000]);
    expect(ix.activity(all)).toEqual([T0, T0 + 89_000]);
    const mft = ix.filter({ rows: [90, 91, 92, 93, 94, 95, 96, 97, 98, 99] }, t.strings, (h) => h, 1);
    expect(ix.activity(mft)).toEqual([T0 - 300 * 86_400_000, T0 - 300 * 86_400_000]);
    expect(ix.bound(all, T0)).toBe(10);
    expect(ix.bound(all, T0 + 9_500, true)).toBe(20);
    expect(ix.bound(all, T0 + 1000)).toBe(11);
    expect(ix.bound(all, T0 + 1000, true)).toBe(12);
    expect(ix.bound(all, T0 + 89_001)).toBe(100);
    expect(ix.bound(all, T0 + 89_001, true)).toBe(100);
  });

  it('an evenly spread span is all busy', () => {
    const events = [];
    for (let i = 0; i < 5000; i++) events.push(fixtureEvent({ timeMs: T0 + i * 60_000 }));
    const t = fixtureTable(events);
    const ix = new TimeIndex();
    ix.append(t);
    expect(ix.activity(ix.filter({}, t.strings, (h) => h, 1))).toEqual([T0, T0 + 4999 * 60_000]);
  });

  it('reads only the strings used as field names when it indexes rows', () => {
    // Hashing every string of a large case (8.5M in the 5M-event demo) cost seconds in the worker:
    // the process column only needs the field-name strings, each looked at once.
    const events = [];
    for (let i = 0; i < 3000; i++)
      events.push(
        fixtureEvent({
          timeMs: T0 + (i % 50) * 1000,
          summary: `event ${i}`,
          fields:
            i % 3 === 0
              ? { Image: i % 2 ? 'C:\\Tools\\nmap.exe' : `C:\\app${i}.exe`, Port: String(i) }
              : { CommandLine: `run ${i}`, User: `u${i % 7}` },
        }),
      );
    const t = fixtureTable(events);
    const keys = new Set<number>();
    for (let k = 0; k < t.fieldsLength; k++) keys.add(t.fieldKey[k]);
    const read = new Set<number>();
    const strings = new Proxy(t.strings as string[], {
      get(target, p, receiver) {
        if (typeof p === 'string' && /^\d+$/.test(p)) read.add(Number(p));
        return Reflect.get(target, p, receiver);
      },
    });
    const ix = new TimeIndex();
    ix.append({ ...prefix(t, 1200), strings });
    ix.append({ ...t, strings });
    expect(t.strings.length).toBeGreaterThan(keys.size * 10);
    expect([...read].every((i) => keys.has(i))).toBe(true);
    expect(read.size).toBeGreaterThan(0);
    // The process column is still right: the nmap filter agrees with the oracle.
    const mine = ix.filter({ process: 'nmap' }, t.strings, (h) => h, 3);
    expect([...ix.rowsAt(mine)]).toEqual([...filterRows(t, timeOrder(t), { process: 'nmap' })]);
  });
});
