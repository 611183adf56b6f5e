import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../parsers/types';
import { fixtureEvent as ev, fixtureTable as tableOf } from '../testing/table-fixture';
import { ARTIFACT_EVTX, ARTIFACT_MFT, ARTIFACT_PREFETCH, ARTIFACT_USN } from '../model/artifact';
import { facets, filterRows, histogram } from '../testing/timeline-oracle';
import { coverage, NO_HOST, niceStep, timeOrder } from './timeline';

const T0 = Date.UTC(2026, 10, 28, 10, 0, 0);

describe('timeOrder', () => {
  it('sorts by time then 100 ns tick, stable, untimed rows last', () => {
    const t = tableOf([
      ev({ timeMs: T0 + 5000, tick: 3 }),
      ev({ timeMs: Number.NaN }),
      ev({ timeMs: T0 + 5000, tick: 1 }),
      ev({ timeMs: T0 }),
      ev({ timeMs: T0 + 86_400_000 * 400 }),
      ev({ timeMs: T0 + 5000, tick: 1 }),
    ]);
    expect([...timeOrder(t)]).toEqual([3, 2, 5, 0, 4, 1]);
  });

  it('orders times spanning decades and pre-1970 values', () => {
    const times = [
      Date.UTC(2030, 0, 1),
      Date.UTC(1601, 0, 1),
      Date.UTC(1999, 5, 5),
      -5,
      0,
      Date.UTC(2019, 1, 13),
    ];
    const t = tableOf(times.map((timeMs) => ev({ timeMs })));
    const order = [...timeOrder(t)];
    const expected = times.map((_, i) => i).sort((a, b) => times[a] - times[b]);
    expect(order).toEqual(expected);
  });

  it('agrees with a comparator sort on 20,000 random rows', () => {
    const events: NormalizedEvent[] = [];
    let seed = 7;
    const rnd = () => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed / 0x7fffffff;
    };
    for (let i = 0; i < 20_000; i++)
      events.push(ev({ timeMs: T0 + Math.floor(rnd() * 1e9), tick: Math.floor(rnd() * 10000) }));
    const t = tableOf(events);
    const expected = events
      .map((_, i) => i)
      .sort((a, b) => events[a].timeMs - events[b].timeMs || events[a].tick - events[b].tick || a - b);
    expect([...timeOrder(t)]).toEqual(expected);
  });
});

describe('the time index oracle (src/testing/timeline-oracle.ts)', () => {
  const t = tableOf(
    [
      ev({ timeMs: T0 + 3000, eventId: 1, fields: { Image: 'C:\\Tools\\nmap.exe' } }),
      ev({ timeMs: T0 + 1000, eventId: 3, fields: { Image: 'C:\\Windows\\svchost.exe' } }),
      ev({
        timeMs: T0 + 2000,
        eventId: 4688,
        source: 'Security',
        fields: { NewProcessName: 'C:\\Tools\\NMAP.EXE' },
      }),
      ev({
        artifact: 'prefetch',
        source: 'Prefetch',
        eventId: -1,
        timeMs: T0 + 4000,
        fields: { Executable: 'NMAP.EXE' },
      }),
      ev({
        artifact: 'usn',
        source: '$UsnJrnl:$J',
        eventId: -1,
        timeMs: T0 + 5000,
        fields: { Name: 'nmap.txt' },
      }),
    ],
    [0, 0, 1, 1, NO_HOST],
  );
  const order = timeOrder(t);

  it('keeps time order and applies each filter', () => {
    expect([...order]).toEqual([1, 2, 0, 3, 4]);
    expect([...filterRows(t, order, {})]).toEqual([1, 2, 0, 3, 4]);
    expect([...filterRows(t, order, { hosts: new Set([1]) })]).toEqual([2, 3]);
    expect([...filterRows(t, order, { artifacts: new Set([ARTIFACT_PREFETCH, ARTIFACT_USN]) })]).toEqual([
      3, 4,
    ]);
    expect([...filterRows(t, order, { sources: new Set(['Security']) })]).toEqual([2]);
    expect([...filterRows(t, order, { eventIds: new Set([1, 3]) })]).toEqual([1, 0]);
    expect([...filterRows(t, order, { rows: [4, 0] })]).toEqual([0, 4]);
    expect([...filterRows(t, order, { timeRange: [T0 + 2000, T0 + 4000] })]).toEqual([2, 0, 3]);
  });

  it('process filter matches Image, NewProcessName and Executable case-insensitively, not other fields', () => {
    expect([...filterRows(t, order, { process: 'nmap' })]).toEqual([2, 0, 3]);
    expect([...filterRows(t, order, { process: 'svchost' })]).toEqual([1]);
  });

  it('resolves merged hosts through the resolver', () => {
    expect([...filterRows(t, order, { hosts: new Set([1]) }, (h) => (h === 0 ? 1 : h))]).toEqual([
      1, 2, 0, 3,
    ]);
  });

  it('facets count sources, event ids and process values', () => {
    const f = facets(t);
    expect(f.sources[0]).toEqual({ key: 'Microsoft-Windows-Sysmon/Operational', count: 2 });
    expect(f.eventIds).toEqual([
      { key: 1, count: 1 },
      { key: 3, count: 1 },
      { key: 4688, count: 1 },
    ]);
    expect(f.processes.map((p) => p.key).sort()).toEqual([
      'C:\\Tools\\NMAP.EXE',
      'C:\\Tools\\nmap.exe',
      'C:\\Windows\\svchost.exe',
      'NMAP.EXE',
    ]);
    expect(f.span).toEqual([T0 + 1000, T0 + 5000]);
  });
});

describe('histogram (oracle)', () => {
  it('snaps to a nice bin width and stacks by artifact', () => {
    const t = tableOf([
      ev({ timeMs: T0 }),
      ev({ timeMs: T0 + 59_000 }),
      ev({ timeMs: T0 + 61_000, artifact: 'usn' }),
      ev({ timeMs: T0 + 600_000 }),
    ]);
    expect(niceStep(T0, T0 + 600_000, 12)).toBe(60_000);
    const h = histogram(t, timeOrder(t), T0, T0 + 600_000, 12, 'artifact');
    expect(h.step).toBe(60_000);
    expect(h.bins).toBe(11);
    expect(h.groups).toEqual(['EVTX', 'USN']);
    expect(h.counts[0][0]).toBe(2);
    expect(h.counts[0][10]).toBe(1);
    expect(h.counts[1][1]).toBe(1);
  });
});

describe('coverage', () => {
  it('groups rows per resolved host, artifact and source with their time span', () => {
    const t = tableOf(
      [
        ev({ timeMs: T0 + 10, source: 'Security', eventId: 4688 }),
        ev({ timeMs: T0, source: 'Security', eventId: 4624 }),
        ev({ timeMs: T0 + 5, source: 'Security', eventId: 4624 }),
        ev({ timeMs: Number.NaN, artifact: 'mft', source: '$MFT', eventId: -1 }),
        ev({ timeMs: T0 + 7, artifact: 'prefetch', source: 'Prefetch', eventId: -1 }),
      ],
      [0, 2, 0, 1, NO_HOST],
    );
    const c = coverage(t, (h) => (h === 2 ? 0 : h));
    expect(c).toEqual([
      { host: -1, artifact: ARTIFACT_PREFETCH, source: 'Prefetch', count: 1, first: T0 + 7, last: T0 + 7 },
      { host: 0, artifact: ARTIFACT_EVTX, source: 'Security', count: 3, first: T0, last: T0 + 10 },
      { host: 1, artifact: ARTIFACT_MFT, source: '$MFT', count: 1, first: Number.NaN, last: Number.NaN },
    ]);
  });
});
