// Network facts the checklist needs: which addresses belong to which host (the local side of its
// own outbound connections), connections of a process, port fan-out over a sliding window (scan
// detection on the scanning side and on the scanned side).
import type { IndexIntoEventsTable, IndexIntoHostTable } from '../../model/events-table';
import type { SheetItem } from '../../sheets/types';
import type { CaseIndex } from './case-index';
import { allHold, fieldOf, isHostAddress, normalizeAddress, parsePid, parsePort, protocolName } from './util';

/** Distinct ports to one peer within FANOUT_WINDOW_MS that make a scan. */
export const FANOUT_MIN_PORTS = 50;
export const FANOUT_WINDOW_MS = 5 * 60_000;

export interface Connection {
  row: IndexIntoEventsTable;
  time: number;
  pid: number | null;
  image: string;
  local: string;
  localPort: number | null;
  remote: string;
  remotePort: number | null;
  protocol: string;
}

export function connectionOf(ix: CaseIndex, item: SheetItem, row: IndexIntoEventsTable): Connection | null {
  const c = item.connection;
  if (!c) return null;
  const f = ix.fields(row);
  const pidField = item.link.kind === 'process' ? item.link.pidField : 'ProcessId';
  const radix = item.link.kind === 'process' ? item.link.pidRadix : 10;
  return {
    row,
    time: ix.time(row),
    pid: parsePid(fieldOf(f, pidField), radix),
    image: fieldOf(f, c.image) ?? '',
    local: normalizeAddress(fieldOf(f, c.localAddress)),
    localPort: parsePort(fieldOf(f, c.localPort)),
    remote: normalizeAddress(fieldOf(f, c.remoteAddress)),
    remotePort: parsePort(fieldOf(f, c.remotePort)),
    protocol: protocolName(fieldOf(f, c.protocol)),
  };
}

/** Every outbound connection row of a host (items with a `connection`, their conditions applied). */
export function outboundConnections(
  ix: CaseIndex,
  host: IndexIntoHostTable,
  items: SheetItem[],
): Connection[] {
  const out: Connection[] = [];
  for (const item of items) {
    if (!item.connection || item.role !== 'source' || item.eventId === null) continue;
    for (const row of ix.rows(host, item.artifact, item.log, item.eventId)) {
      if (!allHold(ix.fields(row), item.where)) continue;
      const c = connectionOf(ix, item, row);
      if (c) out.push(c);
    }
  }
  return out;
}

/** Addresses each host uses as the local end of its outbound connections, with counts. */
export function ownAddresses(
  ix: CaseIndex,
  outbound: (host: IndexIntoHostTable) => Connection[],
): Map<IndexIntoHostTable, Map<string, number>> {
  const out = new Map<IndexIntoHostTable, Map<string, number>>();
  for (const host of ix.hostIds) {
    const m = new Map<string, number>();
    for (const c of outbound(host)) {
      if (isHostAddress(c.local)) m.set(c.local, (m.get(c.local) ?? 0) + 1);
    }
    out.set(host, m);
  }
  return out;
}

/** The host that uses `ip` most as a local address (other than `exclude`), or null. */
export function ipOwner(
  owned: Map<IndexIntoHostTable, Map<string, number>>,
  ip: string,
  exclude: IndexIntoHostTable | null,
): IndexIntoHostTable | null {
  let best: IndexIntoHostTable | null = null;
  let bestN = 0;
  for (const [host, m] of owned) {
    if (host === exclude) continue;
    const n = m.get(ip) ?? 0;
    if (n > bestN) {
      best = host;
      bestN = n;
    }
  }
  return best;
}

export interface FanOut {
  ports: number;
  from: number;
  to: number;
}

/**
 * Largest number of distinct ports within any `windowMs` span, and the span around it extended
 * while neighbouring events are closer than `windowMs`. Events must be sorted by time.
 */
export function maxFanOut(events: { time: number; port: number }[], windowMs: number): FanOut {
  let best = 0;
  let bestI = 0;
  let bestJ = -1;
  const inWindow = new Map<number, number>();
  let i = 0;
  for (let j = 0; j < events.length; j++) {
    inWindow.set(events[j].port, (inWindow.get(events[j].port) ?? 0) + 1);
    while (events[j].time - events[i].time > windowMs) {
      const p = events[i].port;
      const n = (inWindow.get(p) ?? 1) - 1;
      if (n === 0) inWindow.delete(p);
      else inWindow.set(p, n);
      i++;
    }
    if (inWindow.size > best) {
      best = inWindow.size;
      bestI = i;
      bestJ = j;
    }
  }
  if (bestJ < 0) return { ports: 0, from: Number.NaN, to: Number.NaN };
  while (bestI > 0 && events[bestI].time - events[bestI - 1].time <= windowMs) bestI--;
  while (bestJ < events.length - 1 && events[bestJ + 1].time - events[bestJ].time <= windowMs) bestJ++;
  const ports = new Set<number>();
  for (let k = bestI; k <= bestJ; k++) ports.add(events[k].port);
  return { ports: ports.size, from: events[bestI].time, to: events[bestJ].time };
}

export interface InboundRow {
  row: IndexIntoEventsTable;
  item: SheetItem;
  time: number;
  /** Both ends; which one is remote is decided per host. */
  ends: { address: string; port: number | null }[];
  protocol: string;
}

/** Inbound rows of a host for the sheet's 'inbound' items (conditions applied). */
export function inboundRows(ix: CaseIndex, host: IndexIntoHostTable, items: SheetItem[]): InboundRow[] {
  const out: InboundRow[] = [];
  for (const item of items) {
    if (item.link.kind !== 'inbound' || item.eventId === null) continue;
    const link = item.link;
    for (const row of ix.rows(host, item.artifact, item.log, item.eventId)) {
      const f = ix.fields(row);
      if (!allHold(f, item.where)) continue;
      out.push({
        row,
        item,
        time: ix.time(row),
        ends: link.peers.map((p) => ({
          address: normalizeAddress(fieldOf(f, p.address)),
          port: parsePort(fieldOf(f, p.port)),
        })),
        protocol: protocolName(fieldOf(f, link.protocol)),
      });
    }
  }
  return out;
}

/**
 * The remote end of an inbound row: the end that is not one of the host's own addresses. When
 * the host's addresses are unknown, its most frequent address across its inbound rows is local.
 */
export function remoteEnd(
  r: InboundRow,
  local: Set<string>,
): { remote: string; localPort: number | null } | null {
  const a = r.ends[0];
  const b = r.ends[1];
  if (!a || !b) return null;
  if (local.has(a.address) && !local.has(b.address)) return { remote: b.address, localPort: a.port };
  if (local.has(b.address) && !local.has(a.address)) return { remote: a.address, localPort: b.port };
  return null;
}

export function localAddressesOf(own: Map<string, number> | undefined, rows: InboundRow[]): Set<string> {
  if (own && own.size > 0) return new Set(own.keys());
  const counts = new Map<string, number>();
  for (const r of rows) for (const e of r.ends) counts.set(e.address, (counts.get(e.address) ?? 0) + 1);
  let best = '';
  let bestN = 0;
  for (const [a, n] of counts) {
    if (isHostAddress(a) && n > bestN) {
      best = a;
      bestN = n;
    }
  }
  return new Set(best ? [best] : []);
}

export interface InboundScan {
  remote: string;
  ports: number;
  from: number;
  to: number;
}

/** Remote addresses that reached at least FANOUT_MIN_PORTS distinct local ports within the window. */
export function inboundScans(rows: InboundRow[], local: Set<string>): InboundScan[] {
  const byRemote = new Map<string, { time: number; port: number }[]>();
  for (const r of rows) {
    const e = remoteEnd(r, local);
    if (!e || e.localPort === null || !isHostAddress(e.remote)) continue;
    const list = byRemote.get(e.remote) ?? [];
    list.push({ time: r.time, port: e.localPort });
    byRemote.set(e.remote, list);
  }
  const out: InboundScan[] = [];
  for (const [remote, list] of byRemote) {
    list.sort((x, y) => x.time - y.time);
    const f = maxFanOut(list, FANOUT_WINDOW_MS);
    if (f.ports >= FANOUT_MIN_PORTS) out.push({ remote, ports: f.ports, from: f.from, to: f.to });
  }
  return out.sort((x, y) => x.from - y.from);
}
