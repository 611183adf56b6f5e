import { describe, expect, it } from 'vitest';
import { HostRegistry } from '../model/case';
import type { NormalizedEvent } from '../parsers/types';
import {
  binFanout,
  buildFanout,
  CONN_DROPPED,
  cellDetail,
  cellValue,
  matrixRows,
  portMatrix,
} from './fanout';
import { fixtureEvent, fixtureTable } from '../testing/table-fixture';

const T0 = Date.UTC(2026, 10, 28, 10, 0, 0);
const SYSMON = 'Microsoft-Windows-Sysmon/Operational';

function sysmon3(timeMs: number, computer: string, f: Record<string, string>): NormalizedEvent {
  return fixtureEvent({ timeMs, computer, eventId: 3, source: SYSMON, fields: { Protocol: 'tcp', ...f } });
}
function sec(timeMs: number, computer: string, eventId: number, f: Record<string, string>): NormalizedEvent {
  return fixtureEvent({ timeMs, computer, eventId, source: 'Security', fields: { Protocol: '6', ...f } });
}

function scanCase() {
  const hosts = new HostRegistry();
  const ws = hosts.getOrAdd('WS01');
  const srv = hosts.getOrAdd('SRV01');
  const events: NormalizedEvent[] = [];
  const hostCol: number[] = [];
  const add = (e: NormalizedEvent, h: number) => {
    events.push(e);
    hostCol.push(h);
  };
  // WS01 scans SRV01 ports 20..29 over 10 s (outbound Sysmon 3 + outbound 5156).
  for (let i = 0; i < 10; i++) {
    const t = T0 + i * 1000;
    add(
      sysmon3(t, 'WS01', {
        Initiated: 'true',
        SourceIp: '10.0.0.10',
        SourcePort: String(50000 + i),
        DestinationIp: '10.0.0.20',
        DestinationPort: String(20 + i),
      }),
      ws,
    );
    add(
      sec(t, 'WS01', 5156, {
        Direction: '%%14593',
        SourceAddress: '10.0.0.10',
        SourcePort: String(50000 + i),
        DestAddress: '10.0.0.20',
        DestPort: String(20 + i),
      }),
      ws,
    );
    // SRV01 drops the odd ports (5152 inbound: packet view, source = sender).
    if (i % 2)
      add(
        sec(t + 5, 'SRV01', 5152, {
          Direction: '%%14592',
          SourceAddress: '10.0.0.10',
          SourcePort: String(50000 + i),
          DestAddress: '10.0.0.20',
          DestPort: String(20 + i),
        }),
        srv,
      );
  }
  // SRV01 accepts port 445 (5156 inbound: local end in Source*).
  add(
    sec(T0 + 2000, 'SRV01', 5156, {
      Direction: '%%14592',
      SourceAddress: '10.0.0.20',
      SourcePort: '445',
      DestAddress: '10.0.0.10',
      DestPort: '50100',
    }),
    srv,
  );
  // SRV01 Sysmon inbound over UDP from an outside address (Sysmon: Source* is the local end).
  add(
    sysmon3(T0 + 3000, 'SRV01', {
      Protocol: 'udp',
      Initiated: 'false',
      SourceIp: '10.0.0.20',
      SourcePort: '53',
      DestinationIp: '192.0.2.7',
      DestinationPort: '5353',
    }),
    srv,
  );
  // A 5152 inbound written with the local end first: the learned addresses swap it back.
  add(
    sec(T0 + 9500, 'SRV01', 5152, {
      Direction: '%%14592',
      SourceAddress: '10.0.0.20',
      SourcePort: '8',
      DestAddress: '10.0.0.10',
      DestPort: '0',
    }),
    srv,
  );
  // A bind (no remote end) and an unrelated event id.
  add(sec(T0, 'WS01', 5158, { SourceAddress: '0.0.0.0', SourcePort: '50000' }), ws);
  add(fixtureEvent({ timeMs: T0, eventId: 1, source: SYSMON, fields: { Image: 'x' } }), ws);
  return { table: fixtureTable(events, hostCol), hosts, ws, srv };
}

describe('buildFanout', () => {
  const { table, hosts, ws, srv } = scanCase();
  const m = buildFanout(table, hosts);

  it('learns host addresses and maps both logs of the scan to one WS01 → SRV01 pair', () => {
    expect(m.hostAddresses.get(ws)).toEqual(['10.0.0.10']);
    expect(m.hostAddresses.get(srv)).toEqual(['10.0.0.20']);
    const labels = m.pairs.map((p) => `${p.srcLabel}>${p.dstLabel}`);
    expect(labels.sort()).toEqual(['192.0.2.7>SRV01', 'WS01>SRV01']);
    const scan = m.pairs.find((p) => p.srcLabel === 'WS01')!;
    expect(scan.connections).toBe(10 + 10 + 5 + 1 + 1);
    expect(scan.ports).toBe(12);
    expect(scan.dropped).toBe(6);
    expect(scan.protocols).toEqual(['TCP']);
    expect(scan.first).toBe(T0);
    expect(scan.last).toBe(T0 + 9500);
    const other = m.pairs.find((p) => p.srcLabel === '192.0.2.7')!;
    expect(other.protocols).toEqual(['UDP']);
    expect(other.ports).toBe(1);
    expect(m.skipped).toBe(1);
    expect(m.length).toBe(28);
  });

  it('sorts connections by pair, port, time', () => {
    for (let i = 1; i < m.length; i++) {
      const a = m.pair[i - 1] * 1e6 + m.port[i - 1];
      const b = m.pair[i] * 1e6 + m.port[i];
      expect(a < b || (a === b && m.time[i - 1] <= m.time[i])).toBe(true);
    }
  });

  it('bins distinct ports, connections, protocols and drops per time bucket', () => {
    const g = binFanout(m, T0, T0 + 9999, 10);
    expect(g.step).toBe(1000);
    expect(g.buckets).toBe(10);
    const scan = m.pairs.findIndex((p) => p.srcLabel === 'WS01');
    expect(cellValue(g, 'ports', scan, 2)).toBe(2);
    expect(cellValue(g, 'connections', scan, 2)).toBe(3);
    expect(cellValue(g, 'connections', scan, 3)).toBe(3);
    expect(cellValue(g, 'dropped', scan, 3)).toBe(1);
    expect(cellValue(g, 'protocols', scan, 3)).toBe(1);
    expect(g.max.ports).toBe(2);
    const coarse = binFanout(m, T0, T0 + 9999, 1);
    expect(coarse.buckets).toBe(1);
    expect(cellValue(coarse, 'ports', scan, 0)).toBe(12);
    expect(cellValue(coarse, 'connections', scan, 0)).toBe(27);
  });

  it('details a cell: its rows, ports and drops', () => {
    const scan = m.pairs.findIndex((p) => p.srcLabel === 'WS01');
    const d = cellDetail(m, scan, T0 + 3000, T0 + 4000);
    expect(d.ports).toEqual([23]);
    expect(d.connections).toBe(3);
    expect(d.dropped).toBe(1);
    expect(d.rows.map((r) => table.eventId[r]).sort()).toEqual([3, 5152, 5156]);
    expect(m.kind.filter((k) => k === CONN_DROPPED).length).toBe(6);
  });

  it('builds the destination × port matrix', () => {
    const pm = portMatrix(m);
    expect(pm.destinations.map((d) => d.label)).toEqual(expect.arrayContaining(['SRV01']));
    expect(pm.destinations.length).toBe(1);
    expect(pm.ports).toEqual([8, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 53, 445]);
    const col = pm.ports.indexOf(21);
    expect(pm.connections[col]).toBe(3);
    expect(pm.dropped[col]).toBe(1);
    expect(pm.max).toBe(3);
    expect(matrixRows(m, pm, 0, 53).map((r) => table.eventId[r])).toEqual([3]);
  });

  it('is empty for a table without connection events', () => {
    const empty = buildFanout(fixtureTable([fixtureEvent({ eventId: 1 })]), new HostRegistry());
    expect(empty.length).toBe(0);
    expect(empty.pairs).toEqual([]);
    expect(empty.span).toBeNull();
  });
});
