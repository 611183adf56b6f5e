import { describe, expect, it } from 'vitest';
import { buildFanout, portMatrix } from './fanout';
import { searchRows } from './search';
import { facets, filterRows, histogram } from '../testing/timeline-oracle';
import { timeOrder } from './timeline';
import { fixtureEvent, fixtureTable } from '../testing/table-fixture';
import { ARTIFACT_MFT } from '../model/artifact';
import { HostRegistry } from '../model/case';
import type { EventsTable } from '../model/events-table';
import {
  type AnalysisAnswer,
  AnalysisSession,
  buildSync,
  type CaseSource,
  FACET_LIMIT,
  packStrings,
  type SearchAnswer,
  type SyncedState,
  type TimelineAnswer,
} from './analysis-session';

const T0 = Date.UTC(2026, 10, 28, 10, 0, 0);

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** A random table of `n` rows: Sysmon 3 scans, logons, untimed rows, two hosts. */
function randomTable(n: number, seed = 7): EventsTable {
  const r = lcg(seed);
  const events = [];
  const hosts: number[] = [];
  for (let i = 0; i < n; i++) {
    const conn = r() < 0.4;
    const h = r() < 0.5 ? 0 : 1;
    hosts.push(r() < 0.05 ? 0xffffffff : h);
    events.push(
      fixtureEvent({
        timeMs: r() < 0.03 ? Number.NaN : T0 + Math.floor(r() * 3_600_000),
        tick: Math.floor(r() * 10_000),
        computer: h ? 'SRV01' : 'WS01',
        eventId: conn ? 3 : 4624 + Math.floor(r() * 4),
        source: conn ? 'Microsoft-Windows-Sysmon/Operational' : 'Security',
        summary: conn ? `scan ${i}` : `logon ${i % 97}`,
        fields: conn
          ? {
              Image: r() < 0.5 ? 'C:\\Tools\\nmap.exe' : 'C:\\Windows\\svchost.exe',
              Protocol: 'tcp',
              Initiated: 'true',
              SourceIp: '10.0.0.10',
              SourcePort: String(40000 + (i % 1000)),
              DestinationIp: '10.0.0.20',
              DestinationPort: String(1 + Math.floor(r() * 200)),
            }
          : { TargetUserName: `user${i % 13}` },
      }),
    );
  }
  return fixtureTable(events, hosts);
}

/** The first `k` rows of `t` as the table looked before the rest was appended. */
function prefix(t: EventsTable, k: number): EventsTable {
  const f = k < t.length ? t.fieldStart[k] : t.fieldsLength;
  return {
    ...t,
    length: k,
    timeMs: t.timeMs.slice(0, k),
    tick: t.tick.slice(0, k),
    artifact: t.artifact.slice(0, k),
    eventId: t.eventId.slice(0, k),
    source: t.source.slice(0, k),
    computer: t.computer.slice(0, k),
    label: t.label.slice(0, k),
    summary: t.summary.slice(0, k),
    ref: t.ref.slice(0, k),
    offset: t.offset.slice(0, k),
    fieldStart: t.fieldStart.slice(0, k),
    fieldCount: t.fieldCount.slice(0, k),
    fieldsLength: f,
    fieldKey: t.fieldKey.slice(0, f),
    fieldValue: t.fieldValue.slice(0, f),
    file: t.file.slice(0, k),
    host: t.host.slice(0, k),
  };
}

function registry(): HostRegistry {
  const h = new HostRegistry();
  h.getOrAdd('WS01');
  h.getOrAdd('SRV01');
  return h;
}

function harness() {
  const answers: AnalysisAnswer[] = [];
  const core = new AnalysisSession((a) => answers.push(a));
  let sent: SyncedState | null = null;
  const sync = (src: CaseSource) => {
    const next = buildSync(sent, src);
    if (next) {
      core.handle(next.msg);
      sent = next.sent;
    }
    return next;
  };
  const timeline = (id: number, filter = {}, timeRange: [number, number] | null = null) => {
    core.handle({ type: 'timeline', id, filter, timeRange, groupBy: 'artifact', maxBins: 40 });
    return answers.filter((a): a is TimelineAnswer => a.type === 'timeline' && a.id === id)[0];
  };
  return { core, answers, sync, timeline };
}

describe('buildSync', () => {
  it('sends appended rows, fields and strings as a delta and nothing when current', () => {
    const t = randomTable(500);
    const hosts = registry();
    const a = buildSync(null, { table: prefix(t, 200), hosts, hostsKey: 'k' });
    expect(a?.msg.reset).toBe(true);
    expect(a?.msg.rowsFrom).toBe(0);
    const b = buildSync(a?.sent ?? null, { table: t, hosts, hostsKey: 'k' });
    expect(b?.msg.reset).toBe(false);
    expect(b?.msg.rowsFrom).toBe(200);
    expect(b?.msg.rows.timeMs?.length).toBe(300);
    expect(b?.msg.fieldsFrom).toBe(t.fieldStart[200]);
    expect(b?.msg.host).toBeUndefined();
    expect(b?.msg.stringsLengths.length).toBe(t.strings.length - (a?.sent.strings ?? 0));
    expect(buildSync(b?.sent ?? null, { table: t, hosts, hostsKey: 'k' })).toBeNull();
    const c = buildSync(b?.sent ?? null, { table: t, hosts, hostsKey: 'k2' });
    expect(c?.msg.reset).toBe(false);
    expect(c?.msg.host?.length).toBe(500);
  });

  it('resends the whole table when it shrank or its strings changed', () => {
    const t = randomTable(300);
    const hosts = registry();
    const a = buildSync(null, { table: t, hosts, hostsKey: 'k' });
    const b = buildSync(a?.sent ?? null, { table: prefix(t, 100), hosts, hostsKey: 'k' });
    expect(b?.msg.reset).toBe(true);
    const other = randomTable(400, 9);
    const c = buildSync(a?.sent ?? null, { table: other, hosts, hostsKey: 'k' });
    expect(c?.msg.reset).toBe(true);
  });
});

describe('buildSync with a limit (background slices)', () => {
  it('sends strings before the rows that use them and ends like one unlimited sync', () => {
    const t = randomTable(3000, 5);
    const hosts = registry();
    const h = harness();
    let sent: SyncedState | null = null;
    let strings = 0;
    let fields = 0;
    let rows = 0;
    let messages = 0;
    const limit = { rows: 256, strings: 300 };
    for (const k of [1000, 1000, 3000]) {
      for (;;) {
        const next = buildSync(sent, { table: prefix(t, k), hosts, hostsKey: 'k' }, limit);
        if (!next) break;
        messages++;
        const m = next.msg;
        expect(m.stringsLengths.length).toBeLessThanOrEqual(limit.strings);
        expect(m.length - m.rowsFrom).toBeLessThanOrEqual(limit.rows);
        if (m.reset) strings = fields = rows = 0;
        expect(m.stringsFrom).toBe(strings);
        expect(m.rowsFrom).toBe(rows);
        expect(m.fieldsFrom).toBe(fields);
        strings += m.stringsLengths.length;
        fields = m.fieldsLength;
        rows = m.length;
        for (let r = m.rowsFrom; r < m.length; r++) {
          for (const c of ['source', 'computer', 'label', 'summary'] as const)
            expect(t[c][r]).toBeLessThan(strings);
          expect(t.fieldStart[r] + t.fieldCount[r]).toBeLessThanOrEqual(fields);
          for (let f = t.fieldStart[r]; f < t.fieldStart[r] + t.fieldCount[r]; f++)
            expect(t.fieldValue[f]).toBeLessThan(strings);
        }
        h.core.handle(m);
        sent = next.sent;
        // A request between slices sees a consistent prefix (and merges it into the index).
        if (messages % 5 === 0) {
          h.core.handle({
            type: 'timeline',
            id: 1000 + messages,
            filter: {},
            timeRange: null,
            groupBy: 'source',
            maxBins: 20,
          });
          const a = h.answers.at(-1);
          expect(a).toMatchObject({ type: 'timeline', length: rows });
        }
      }
    }
    expect(messages).toBeGreaterThan(12);
    expect(rows).toBe(3000);
    expect(strings).toBe(t.strings.length);
    const order = timeOrder(t);
    const all = h.timeline(1);
    expect([...all.rows]).toEqual([...order]);
    const f = h.timeline(2, { hosts: [0], process: 'NMAP' });
    expect([...f.rows]).toEqual([...filterRows(t, order, { hosts: new Set([0]), process: 'NMAP' })]);
    expect(f.rows.length).toBeGreaterThan(100);
  });
});

describe('packStrings', () => {
  it('packs strings with any content and unpacks them by length', () => {
    const strings = ['', 'a', '', 'ü\u0000x', '😀', 'line\nbreak'];
    const p = packStrings(strings, 1);
    expect(p.stringsText).toBe('aü\u0000x😀line\nbreak');
    expect([...p.stringsLengths]).toEqual([1, 0, 3, 2, 10]);
  });
});

describe('AnalysisSession', () => {
  it('answers like the direct functions after the table arrived in appended pieces', () => {
    const t = randomTable(3000);
    const hosts = registry();
    const h = harness();
    for (const k of [0, 700, 701, 2100, 3000]) h.sync({ table: prefix(t, k), hosts, hostsKey: 'k' });
    const order = timeOrder(t);
    const all = h.timeline(1);
    expect([...all.rows]).toEqual([...order]);
    expect(all.length).toBe(3000);
    const direct = facets(t);
    expect(all.facets.sources).toEqual(direct.sources.slice(0, FACET_LIMIT));
    expect(all.facets.eventIds).toEqual(direct.eventIds);
    const f = h.timeline(2, { hosts: [1], eventIds: [3], process: 'nmap' });
    const expected = filterRows(t, order, { hosts: new Set([1]), eventIds: new Set([3]), process: 'nmap' });
    expect(f.rows.length).toBeGreaterThan(50);
    expect([...f.rows]).toEqual([...expected]);
    expect(f.hist?.counts[0].reduce((a, b) => a + b, 0)).toBe(
      [...expected].filter((r) => !Number.isNaN(t.timeMs[r])).length,
    );
    const span = f.span ?? [0, 0];
    expect(f.hist).toEqual(histogram(t, expected, span[0], span[1], 40, 'artifact'));
    const ranged = h.timeline(3, { eventIds: [3] }, [T0 + 600_000, T0 + 1_200_000]);
    for (const r of ranged.rows) {
      expect(t.eventId[r]).toBe(3);
      expect(t.timeMs[r]).toBeGreaterThanOrEqual(T0 + 600_000);
      expect(t.timeMs[r]).toBeLessThanOrEqual(T0 + 1_200_000);
    }
    expect(ranged.baseCount).toBeGreaterThan(ranged.rows.length);
  });

  it('answers a filter set back from its kept answer, and anew once rows were appended', () => {
    const t = randomTable(4000, 11);
    const hosts = registry();
    const h = harness();
    h.sync({ table: prefix(t, 2500), hosts, hostsKey: 'k' });
    const order = timeOrder(prefix(t, 2500));
    const specs = [
      {},
      { eventIds: [3] },
      { process: 'nmap' },
      { hosts: [0] },
      { eventIds: [4624, 4625] },
      {},
    ];
    const first = specs.map((f, i) => h.timeline(10 + i, f));
    // Back and forth: each answer equals the first one for that filter and the direct filter.
    for (let round = 0; round < 2; round++)
      for (let i = specs.length - 1; i >= 0; i--) {
        const again = h.timeline(100 + round * 10 + i, specs[i]);
        expect([...again.rows]).toEqual([...first[i].rows]);
        expect(again.hist).toEqual(first[i].hist);
      }
    expect([...first[2].rows]).toEqual([...filterRows(prefix(t, 2500), order, { process: 'nmap' })]);
    // Appended rows: the same filter now holds them.
    h.sync({ table: t, hosts, hostsKey: 'k' });
    const full = h.timeline(200, { eventIds: [3] });
    expect([...full.rows]).toEqual([...filterRows(t, timeOrder(t), { eventIds: new Set([3]) })]);
    expect(full.rows.length).toBeGreaterThan(first[1].rows.length);
  });

  it('answers from the indexed rows while a large tail is not indexed yet, then catches up', async () => {
    const t = randomTable(3000, 13);
    const hosts = registry();
    const answers: AnalysisAnswer[] = [];
    const core = new AnalysisSession((a) => answers.push(a), 1000);
    let sent: SyncedState | null = null;
    const sync = (k: number) => {
      const next = buildSync(sent, { table: prefix(t, k), hosts, hostsKey: 'k' });
      if (next) core.handle(next.msg);
      sent = next?.sent ?? sent;
    };
    const ask = (id: number) => {
      core.handle({
        type: 'timeline',
        id,
        filter: { eventIds: [3] },
        timeRange: null,
        groupBy: 'artifact',
        maxBins: 20,
      });
      return answers.find((a): a is TimelineAnswer => a.type === 'timeline' && a.id === id);
    };
    sync(500);
    expect(ask(1)?.pending).toBe(0);
    sync(1200);
    const small = ask(2);
    expect(small?.pending).toBe(0);
    expect(small?.length).toBe(1200);
    sync(3000);
    const part = ask(3);
    expect(part?.pending).toBe(1800);
    expect(part?.length).toBe(1200);
    expect([...(part?.rows ?? [])]).toEqual([
      ...filterRows(prefix(t, 1200), timeOrder(prefix(t, 1200)), { eventIds: new Set([3]) }),
    ]);
    await new Promise((r) => setTimeout(r, 20));
    const full = ask(4);
    expect(full?.pending).toBe(0);
    expect([...(full?.rows ?? [])]).toEqual([...filterRows(t, timeOrder(t), { eventIds: new Set([3]) })]);
  });

  it('focuses an auto histogram on the activity window and counts the rows it leaves out', () => {
    const events = [];
    for (let i = 0; i < 900; i++) events.push(fixtureEvent({ timeMs: T0 + i * 10_000, summary: `day ${i}` }));
    for (let i = 0; i < 100; i++)
      events.push(
        fixtureEvent({ timeMs: T0 - (i + 1) * 7 * 86_400_000, artifact: 'mft', source: '$MFT', eventId: -1 }),
      );
    const t = fixtureTable(events);
    const h = harness();
    h.sync({ table: t, hosts: registry(), hostsKey: 'k' });
    const whole = h.timeline(1);
    expect(whole.histRange).toEqual(whole.span);
    expect(whole.outside).toEqual([0, 0]);
    expect(whole.activity).toEqual([T0, T0 + 899 * 10_000]);
    h.core.handle({
      type: 'timeline',
      id: 2,
      filter: {},
      timeRange: null,
      groupBy: 'artifact',
      maxBins: 50,
      histRange: 'auto',
    });
    const auto = h.answers.find((a): a is TimelineAnswer => a.type === 'timeline' && a.id === 2);
    expect(auto?.histRange).toEqual([T0, T0 + 899 * 10_000]);
    expect(auto?.outside).toEqual([100, 0]);
    expect(auto?.rows.length).toBe(1000);
    expect(auto?.hist?.counts.reduce((n, c) => n + c.reduce((a, b) => a + b, 0), 0)).toBe(900);
    // A time range outside the activity window shows the whole span, so the brush can hold it.
    const range: [number, number] = [T0 - 30 * 86_400_000, T0];
    h.core.handle({
      type: 'timeline',
      id: 3,
      filter: {},
      timeRange: range,
      groupBy: 'artifact',
      maxBins: 50,
      histRange: 'auto',
    });
    const wide = h.answers.find((a): a is TimelineAnswer => a.type === 'timeline' && a.id === 3);
    expect(wide?.histRange).toEqual(whole.span);
    expect(wide?.rows.length).toBe(5);
    // Only MFT rows: they spread evenly, so there is nothing to focus on.
    h.core.handle({
      type: 'timeline',
      id: 4,
      filter: { artifacts: [ARTIFACT_MFT] },
      timeRange: null,
      groupBy: 'artifact',
      maxBins: 50,
      histRange: 'auto',
    });
    const mft = h.answers.find((a): a is TimelineAnswer => a.type === 'timeline' && a.id === 4);
    expect(mft?.histRange).toEqual(mft?.span);
    expect(mft?.rows.length).toBe(100);
  });

  it('streams search results over the rows of a timeline answer and finishes like searchRows', async () => {
    const t = randomTable(4000);
    const h = harness();
    h.sync({ table: t, hosts: registry(), hostsKey: 'k' });
    const tl = h.timeline(1, { eventIds: [3] });
    h.core.handle({ type: 'search', id: 2, timelineId: 1, query: 'NMAP.exe' });
    await new Promise<void>((resolve) => {
      const wait = () =>
        h.answers.some((a) => a.type === 'search' && a.done) ? resolve() : setTimeout(wait, 5);
      wait();
    });
    const s = h.answers.filter((a): a is SearchAnswer => a.type === 'search');
    const last = s[s.length - 1];
    expect(last.done).toBe(true);
    expect([...last.rows]).toEqual([...searchRows(t, tl.rows, 'NMAP.exe')]);
    expect(last.rows.length).toBeGreaterThan(100);
    for (const p of s) expect(p.total).toBe(tl.rows.length);
  });

  it('a cancelled search posts nothing more; a stale timeline id is an error', async () => {
    const t = randomTable(2000);
    const h = harness();
    h.sync({ table: t, hosts: registry(), hostsKey: 'k' });
    h.timeline(1);
    h.core.handle({ type: 'search', id: 5, timelineId: 99, query: 'x' });
    expect(h.answers.at(-1)).toMatchObject({ type: 'error', id: 5 });
    h.core.handle({ type: 'search', id: 6, timelineId: 1, query: 'scan' });
    h.core.handle({ type: 'cancel', id: 6 });
    const n = h.answers.length;
    await new Promise((r) => setTimeout(r, 50));
    expect(h.answers.length).toBe(n);
  });

  it('builds the fan-out model and port matrix like buildFanout, once per version', () => {
    const t = randomTable(2000);
    const hosts = registry();
    const h = harness();
    h.sync({ table: t, hosts, hostsKey: 'k' });
    h.core.handle({ type: 'fanout', id: 1 });
    h.core.handle({ type: 'fanout', id: 2 });
    const [a, b] = h.answers.filter((x) => x.type === 'fanout');
    const direct = buildFanout(t, hosts);
    if (a?.type !== 'fanout' || b?.type !== 'fanout') throw new Error('no fan-out answers');
    expect(a.model.length).toBe(direct.length);
    expect(a.model.length).toBeGreaterThan(500);
    expect(a.model.pairs).toEqual(direct.pairs);
    expect([...a.model.port]).toEqual([...direct.port]);
    expect(a.matrix).toEqual(portMatrix(direct));
    expect(b.model).toBe(a.model);
  });
});
