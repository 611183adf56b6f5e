// Port fan-out: network connection events aggregated into (source → destination) pairs over time.
// Inputs (EVTX EventData by Windows name):
//   Sysmon 3 (Microsoft-Windows-Sysmon/Operational): Protocol tcp|udp, Initiated true|false,
//     SourceIp/SourcePort = the local end, DestinationIp/DestinationPort = the remote end, Image.
//     Initiated=true: the logging host opened the connection (it is the pair's source).
//   Security 5156 (connection permitted) / 5158 (bind permitted): Direction %%14592 inbound /
//     %%14593 outbound, SourceAddress/SourcePort = the local end in both directions,
//     DestAddress/DestPort = the remote end, Protocol 6|17|1, Application. 5158 has no remote end.
//   Security 5152 (packet dropped): packet view, Source* = sender, Dest* = receiver.
// Which end is local is then checked against the addresses each host shows as its own end in
// unambiguous events; when the check contradicts the rule, the ends are swapped.
// One pass builds a connection list (columns) sorted by (pair, destination port, time); binning
// into time buckets is then O(n) per zoom level without hashing.
import {
  connectionProtocolName,
  connectionProtocolNumber,
  IP_ICMP,
  IP_ICMPV6,
  IP_TCP,
  IP_UDP,
} from '../dicts/ip-protocols';
import {
  WFP_BIND_PERMITTED,
  WFP_CONNECTION_PERMITTED,
  WFP_INBOUND,
  WFP_OUTBOUND,
  WFP_PACKET_DROPPED,
} from '../dicts/wfp';
import { ARTIFACT_EVTX } from '../model/artifact';
import type { HostRegistry } from '../model/case';
import type {
  EventsTable,
  IndexIntoEventsTable,
  IndexIntoHostTable,
  Milliseconds,
} from '../model/events-table';
import { NO_HOST, niceStep, timeOrder } from './timeline';

export const SYSMON_NETWORK_CONNECT = 3;

/** Which log a connection came from. */
export const CONN_SYSMON = 0;
export const CONN_ALLOWED = 1;
export const CONN_DROPPED = 2;

/** Protocol bit for the protocols metric: tcp, udp, icmp, other. */
const PROTO_BIT: Record<number, number> = { [IP_TCP]: 1, [IP_UDP]: 2, [IP_ICMP]: 4, [IP_ICMPV6]: 4 };
const PROTO_OTHER_BIT = 8;

/** `TCP`, `proto 47`, `?` (0: unknown). */
function protocolLabel(x: number): string {
  return connectionProtocolName(x) ?? (x ? `proto ${x}` : '?');
}

const FIELD_NAMES = [
  'Initiated',
  'Protocol',
  'SourceIp',
  'SourcePort',
  'DestinationIp',
  'DestinationPort',
  'Direction',
  'SourceAddress',
  'DestAddress',
  'DestPort',
] as const;
type FieldName = (typeof FIELD_NAMES)[number];

const NOT_A_HOST_ADDRESS = new Set(['', '-', '0.0.0.0', '::', '127.0.0.1', '::1', '255.255.255.255']);

export interface FanoutPair {
  /** Resolved host id of the source end, or -1 when only an address is known. */
  srcHost: IndexIntoHostTable;
  srcAddress: string;
  dstHost: IndexIntoHostTable;
  dstAddress: string;
  /** "WS01", or the address when no host of the case owns it. */
  srcLabel: string;
  dstLabel: string;
  connections: number;
  /** Distinct destination ports. */
  ports: number;
  protocols: string[];
  dropped: number;
  first: Milliseconds;
  last: Milliseconds;
  /** Range [start, end) of this pair's connections in the model's columns. */
  start: number;
  end: number;
}

/** Connections as columns, sorted by (pair, port, time). */
export interface FanoutModel {
  length: number;
  row: Uint32Array;
  time: Float64Array;
  pair: Uint32Array;
  /** Destination port (the port on the receiving end). */
  port: Uint16Array;
  /** IP protocol number (6 tcp, 17 udp, 1 icmp), 0 unknown. */
  proto: Uint8Array;
  /** CONN_SYSMON, CONN_ALLOWED or CONN_DROPPED. */
  kind: Uint8Array;
  pairs: FanoutPair[];
  /** Addresses each host was seen using (resolved host id → addresses). */
  hostAddresses: Map<IndexIntoHostTable, string[]>;
  span: [Milliseconds, Milliseconds] | null;
  /** Rows that were connection events but carried no usable address pair (5158 binds …). */
  skipped: number;
}

function protoNumber(v: string | undefined): number {
  if (!v) return 0;
  const s = v.trim().toLowerCase();
  const named = connectionProtocolNumber(s);
  if (named !== undefined) return named;
  const n = Number.parseInt(s, 10);
  return n >= 0 && n < 256 ? n : 0;
}

function portNumber(v: string | undefined): number {
  if (!v) return 0;
  const n = Number.parseInt(v, 10);
  return n >= 0 && n < 65536 ? n : 0;
}

/** Connection events before pairing, as columns; addresses are string-table indices. */
interface RawConns {
  length: number;
  row: Uint32Array;
  outbound: Uint8Array;
  kind: Uint8Array;
  /** 1 when which end is local is a guess (5152 inbound). */
  ambiguous: Uint8Array;
  local: Uint32Array;
  localPort: Uint16Array;
  remote: Uint32Array;
  remotePort: Uint16Array;
  proto: Uint8Array;
}

const SLOT: Record<FieldName, number> = {
  Initiated: 0,
  Protocol: 1,
  SourceIp: 2,
  SourcePort: 3,
  DestinationIp: 4,
  DestinationPort: 5,
  Direction: 6,
  SourceAddress: 7,
  DestAddress: 8,
  DestPort: 9,
};

function readConnections(t: EventsTable, order: Uint32Array): RawConns {
  const slotOfKey = new Int8Array(t.strings.length).fill(-1);
  for (const name of FIELD_NAMES) {
    const i = t.strings.indexOf(name);
    if (i >= 0) slotOfKey[i] = SLOT[name];
  }
  const sysmonCache = new Map<number, boolean>();
  const isSysmon = (s: number) => {
    let v = sysmonCache.get(s);
    if (v === undefined) {
      v = /sysmon/i.test(t.strings[s]);
      sysmonCache.set(s, v);
    }
    return v;
  };
  const numCache = new Int32Array(t.strings.length).fill(-1);
  const port = (s: number) => {
    let v = numCache[s];
    if (v < 0) {
      v = portNumber(t.strings[s]);
      numCache[s] = v;
    }
    return v;
  };
  const protoCache = new Map<number, number>();
  const proto = (s: number) => {
    let v = protoCache.get(s);
    if (v === undefined) {
      v = protoNumber(t.strings[s]);
      protoCache.set(s, v);
    }
    return v;
  };
  const textCache = new Map<number, number>();
  /** 1 true/outbound, 2 inbound/false, 0 other. */
  const direction = (s: number) => {
    let v = textCache.get(s);
    if (v === undefined) {
      const x = t.strings[s].trim().toLowerCase();
      v =
        x === 'true' || x === WFP_OUTBOUND || x === 'outbound'
          ? 1
          : x === 'false' || x === WFP_INBOUND || x === 'inbound'
            ? 2
            : 0;
      textCache.set(s, v);
    }
    return v;
  };
  let cap = 1024;
  let c: RawConns = allocRaw(cap);
  let n = 0;
  const f = new Uint32Array(10);
  for (let p = 0; p < order.length; p++) {
    const r = order[p];
    if (t.artifact[r] !== ARTIFACT_EVTX) continue;
    const id = t.eventId[r];
    const sysmon = id === SYSMON_NETWORK_CONNECT && isSysmon(t.source[r]);
    if (!sysmon && id !== WFP_CONNECTION_PERMITTED && id !== WFP_BIND_PERMITTED && id !== WFP_PACKET_DROPPED)
      continue;
    f.fill(0);
    const end = t.fieldStart[r] + t.fieldCount[r];
    for (let k = t.fieldStart[r]; k < end; k++) {
      const slot = slotOfKey[t.fieldKey[k]];
      if (slot >= 0) f[slot] = t.fieldValue[k];
    }
    if (n >= cap) {
      cap *= 2;
      c = growRaw(c, cap);
    }
    c.row[n] = r;
    c.proto[n] = proto(f[SLOT.Protocol]);
    c.ambiguous[n] = 0;
    if (sysmon) {
      const out = direction(f[SLOT.Initiated]) === 1;
      c.outbound[n] = out ? 1 : 0;
      c.kind[n] = CONN_SYSMON;
      c.local[n] = f[SLOT.SourceIp];
      c.localPort[n] = port(f[SLOT.SourcePort]);
      c.remote[n] = f[SLOT.DestinationIp];
      c.remotePort[n] = port(f[SLOT.DestinationPort]);
    } else {
      const out = id === WFP_BIND_PERMITTED || direction(f[SLOT.Direction]) !== 2;
      const droppedInbound = id === WFP_PACKET_DROPPED && !out;
      c.outbound[n] = out ? 1 : 0;
      c.kind[n] = id === WFP_PACKET_DROPPED ? CONN_DROPPED : CONN_ALLOWED;
      c.local[n] = droppedInbound ? f[SLOT.DestAddress] : f[SLOT.SourceAddress];
      c.localPort[n] = port(droppedInbound ? f[SLOT.DestPort] : f[SLOT.SourcePort]);
      c.remote[n] =
        id === WFP_BIND_PERMITTED ? 0 : droppedInbound ? f[SLOT.SourceAddress] : f[SLOT.DestAddress];
      c.remotePort[n] = port(droppedInbound ? f[SLOT.SourcePort] : f[SLOT.DestPort]);
      c.ambiguous[n] = droppedInbound ? 1 : 0;
    }
    n++;
  }
  c.length = n;
  return c;
}

function allocRaw(n: number): RawConns {
  return {
    length: 0,
    row: new Uint32Array(n),
    outbound: new Uint8Array(n),
    kind: new Uint8Array(n),
    ambiguous: new Uint8Array(n),
    local: new Uint32Array(n),
    localPort: new Uint16Array(n),
    remote: new Uint32Array(n),
    remotePort: new Uint16Array(n),
    proto: new Uint8Array(n),
  };
}

function growRaw(c: RawConns, n: number): RawConns {
  const d = allocRaw(n);
  d.row.set(c.row);
  d.outbound.set(c.outbound);
  d.kind.set(c.kind);
  d.ambiguous.set(c.ambiguous);
  d.local.set(c.local);
  d.localPort.set(c.localPort);
  d.remote.set(c.remote);
  d.remotePort.set(c.remotePort);
  d.proto.set(c.proto);
  return d;
}

/**
 * Builds the fan-out model. `order` is the time order of the table (timeOrder); hosts resolves
 * merges and names. O(rows) plus two counting sorts over the connections.
 */
export function buildFanout(
  t: EventsTable,
  hosts: Pick<HostRegistry, 'resolve' | 'name'>,
  order: Uint32Array = timeOrder(t),
): FanoutModel {
  const resolve = (raw: number) => (raw === NO_HOST ? -1 : hosts.resolve(raw));
  const c = readConnections(t, order);
  const S = t.strings;
  // Learn each host's own addresses from the local ends of its events.
  const addressUsable = new Int8Array(S.length).fill(-1);
  const seen = new Map<number, Map<number, number>>();
  for (let i = 0; i < c.length; i++) {
    const h = resolve(t.host[c.row[i]]);
    const li = c.local[i];
    let usable = addressUsable[li];
    if (usable < 0) {
      const a = S[li];
      usable = NOT_A_HOST_ADDRESS.has(a) || isMulticastOrBroadcast(a) ? 0 : 1;
      addressUsable[li] = usable;
    }
    if (h < 0 || c.ambiguous[i] || usable === 0) continue;
    let m = seen.get(c.local[i]);
    if (!m) {
      m = new Map();
      seen.set(c.local[i], m);
    }
    m.set(h, (m.get(h) ?? 0) + 1);
  }
  const hostOfAddress = new Map<number, number>();
  const hostAddresses = new Map<number, string[]>();
  for (const [addr, m] of seen) {
    let best = -1;
    let bestCount = 0;
    for (const [h, cnt] of m) {
      if (cnt > bestCount) {
        best = h;
        bestCount = cnt;
      }
    }
    hostOfAddress.set(addr, best);
    const list = hostAddresses.get(best) ?? [];
    list.push(S[addr]);
    hostAddresses.set(best, list);
  }
  const pairIndex = new Map<number, Map<number, number>>();
  const pairs: FanoutPair[] = [];
  const row = new Uint32Array(c.length);
  const time = new Float64Array(c.length);
  const pair = new Uint32Array(c.length);
  const port = new Uint16Array(c.length);
  const proto = new Uint8Array(c.length);
  const kind = new Uint8Array(c.length);
  const protoSets: Set<number>[] = [];
  let n = 0;
  let skipped = 0;
  const endpointKey = (host: number, addr: number) => (host >= 0 ? -1 - host : addr);
  for (let i = 0; i < c.length; i++) {
    const remoteText = S[c.remote[i]];
    if (!remoteText || remoteText === '-') {
      skipped++;
      continue;
    }
    const out = c.outbound[i] === 1;
    const h = resolve(t.host[c.row[i]]);
    if (h >= 0 && hostOfAddress.get(c.local[i]) !== h && hostOfAddress.get(c.remote[i]) === h) {
      const a = c.local[i];
      c.local[i] = c.remote[i];
      c.remote[i] = a;
      const pt = c.localPort[i];
      c.localPort[i] = c.remotePort[i];
      c.remotePort[i] = pt;
    }
    const remoteHost = hostOfAddress.get(c.remote[i]) ?? -1;
    const srcHost = out ? h : remoteHost;
    const dstHost = out ? remoteHost : h;
    const srcAddr = out ? c.local[i] : c.remote[i];
    const dstAddr = out ? c.remote[i] : c.local[i];
    const srcKey = endpointKey(srcHost, srcAddr);
    const dstKey = endpointKey(dstHost, dstAddr);
    let bySrc = pairIndex.get(srcKey);
    if (!bySrc) {
      bySrc = new Map();
      pairIndex.set(srcKey, bySrc);
    }
    let pi = bySrc.get(dstKey);
    if (pi === undefined) {
      pi = pairs.length;
      bySrc.set(dstKey, pi);
      const srcAddress = S[srcAddr];
      const dstAddress = S[dstAddr];
      pairs.push({
        srcHost,
        srcAddress,
        dstHost,
        dstAddress,
        srcLabel: srcHost >= 0 ? hosts.name(srcHost) : srcAddress || '(unknown)',
        dstLabel: dstHost >= 0 ? hosts.name(dstHost) : dstAddress || '(unknown)',
        connections: 0,
        ports: 0,
        protocols: [],
        dropped: 0,
        first: Number.POSITIVE_INFINITY,
        last: Number.NEGATIVE_INFINITY,
        start: 0,
        end: 0,
      });
      protoSets.push(new Set());
    }
    const P = pairs[pi];
    const tm = t.timeMs[c.row[i]];
    P.connections++;
    if (c.kind[i] === CONN_DROPPED) P.dropped++;
    if (tm < P.first) P.first = tm;
    if (tm > P.last) P.last = tm;
    protoSets[pi].add(c.proto[i]);
    row[n] = c.row[i];
    time[n] = tm;
    pair[n] = pi;
    port[n] = out ? c.remotePort[i] : c.localPort[i];
    proto[n] = c.proto[i];
    kind[n] = c.kind[i];
    n++;
  }
  pairs.forEach((P, i) => {
    P.protocols = [...protoSets[i]].sort((a, b) => a - b).map(protocolLabel);
  });
  let perm = new Uint32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  perm = countingSort(perm, (i) => port[i], 65536);
  perm = countingSort(perm, (i) => pair[i], pairs.length);
  const model: FanoutModel = {
    length: n,
    row: permute(row, perm),
    time: permute(time, perm),
    pair: permute(pair, perm),
    port: permute(port, perm),
    proto: permute(proto, perm),
    kind: permute(kind, perm),
    pairs,
    hostAddresses,
    span: null,
    skipped,
  };
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const p = model.pair[i];
    const P = pairs[p];
    if (i === 0 || model.pair[i - 1] !== p) P.start = i;
    P.end = i + 1;
    if (i === 0 || model.pair[i - 1] !== p || model.port[i - 1] !== model.port[i]) P.ports++;
    const tm = model.time[i];
    if (tm < min) min = tm;
    if (tm > max) max = tm;
  }
  model.span = min <= max ? [min, max] : null;
  return model;
}

function isMulticastOrBroadcast(a: string): boolean {
  if (/^ff[0-9a-f]{2}:/i.test(a)) return true;
  const m = /^(\d+)\.\d+\.\d+\.(\d+)$/.exec(a);
  if (!m) return false;
  const first = Number(m[1]);
  return (first >= 224 && first <= 239) || m[2] === '255';
}

function countingSort(
  perm: Uint32Array<ArrayBuffer>,
  keyOf: (i: number) => number,
  size: number,
): Uint32Array<ArrayBuffer> {
  const counts = new Uint32Array(size + 1);
  for (let j = 0; j < perm.length; j++) counts[keyOf(perm[j]) + 1]++;
  for (let k = 0; k < size; k++) counts[k + 1] += counts[k];
  const out = new Uint32Array(perm.length);
  for (let j = 0; j < perm.length; j++) out[counts[keyOf(perm[j])]++] = perm[j];
  return out;
}

function permute<T extends Uint32Array | Float64Array | Uint16Array | Uint8Array>(
  a: T,
  perm: Uint32Array<ArrayBuffer>,
): T {
  const out = new (a.constructor as new (n: number) => T)(perm.length);
  for (let i = 0; i < perm.length; i++) out[i] = a[perm[i]];
  return out;
}

export type FanoutMetric = 'ports' | 'connections' | 'protocols' | 'dropped';

/** Cell values for one zoom level: values[metric][pair * buckets + bucket]. */
export interface FanoutGrid {
  from: Milliseconds;
  /** Bucket width in ms. */
  step: Milliseconds;
  buckets: number;
  ports: Uint32Array;
  connections: Uint32Array;
  protocols: Uint8Array;
  dropped: Uint32Array;
  /** Largest value of each metric over all cells. */
  max: Record<FanoutMetric, number>;
}

/** Number of distinct protocols in a protocol bit mask. */
export function protocolCount(mask: number): number {
  let c = 0;
  for (let m = mask; m; m &= m - 1) c++;
  return c;
}

/**
 * Bins the model into time buckets over [from, to] with a nice bucket width giving at most
 * `maxBuckets` columns. O(connections).
 */
export function binFanout(
  model: FanoutModel,
  from: Milliseconds,
  to: Milliseconds,
  maxBuckets: number,
): FanoutGrid {
  const step = niceStep(from, to, Math.max(1, maxBuckets));
  const start = Math.floor(from / step) * step;
  const buckets = Math.max(1, Math.floor((to - start) / step) + 1);
  const cells = model.pairs.length * buckets;
  const ports = new Uint32Array(cells);
  const connections = new Uint32Array(cells);
  const protocols = new Uint8Array(cells);
  const dropped = new Uint32Array(cells);
  let prevPair = -1;
  let prevPort = -1;
  let prevBucket = -1;
  for (let i = 0; i < model.length; i++) {
    const tm = model.time[i];
    if (!(tm >= from && tm <= to)) continue;
    const b = Math.min(buckets - 1, Math.floor((tm - start) / step));
    const p = model.pair[i];
    const cell = p * buckets + b;
    connections[cell]++;
    if (model.kind[i] === CONN_DROPPED) dropped[cell]++;
    protocols[cell] |= PROTO_BIT[model.proto[i]] ?? PROTO_OTHER_BIT;
    const pt = model.port[i];
    if (p !== prevPair || pt !== prevPort || b !== prevBucket) {
      ports[cell]++;
      prevPair = p;
      prevPort = pt;
      prevBucket = b;
    }
  }
  const max = { ports: 0, connections: 0, protocols: 0, dropped: 0 };
  for (let c = 0; c < cells; c++) {
    if (ports[c] > max.ports) max.ports = ports[c];
    if (connections[c] > max.connections) max.connections = connections[c];
    const pc = protocolCount(protocols[c]);
    if (pc > max.protocols) max.protocols = pc;
    if (dropped[c] > max.dropped) max.dropped = dropped[c];
  }
  return { from: start, step, buckets, ports, connections, protocols, dropped, max };
}

export function cellValue(grid: FanoutGrid, metric: FanoutMetric, pair: number, bucket: number): number {
  const c = pair * grid.buckets + bucket;
  if (metric === 'protocols') return protocolCount(grid.protocols[c]);
  return grid[metric][c];
}

export interface CellDetail {
  rows: IndexIntoEventsTable[];
  /** Distinct destination ports, ascending. */
  ports: number[];
  protocols: string[];
  connections: number;
  dropped: number;
}

/** The connections of one pair within [from, to] (a cell, or a whole row when the range is wide). */
export function cellDetail(
  model: FanoutModel,
  pair: number,
  from: Milliseconds,
  to: Milliseconds,
): CellDetail {
  const P = model.pairs[pair];
  const rows: number[] = [];
  const ports: number[] = [];
  const protos = new Set<number>();
  let dropped = 0;
  let lastPort = -1;
  if (P) {
    for (let i = P.start; i < P.end; i++) {
      const tm = model.time[i];
      if (!(tm >= from && tm < to)) continue;
      rows.push(model.row[i]);
      if (model.port[i] !== lastPort) {
        ports.push(model.port[i]);
        lastPort = model.port[i];
      }
      protos.add(model.proto[i]);
      if (model.kind[i] === CONN_DROPPED) dropped++;
    }
  }
  rows.sort((a, b) => a - b);
  return {
    rows,
    ports,
    protocols: [...protos].sort((a, b) => a - b).map(protocolLabel),
    connections: rows.length,
    dropped,
  };
}

/** Destination × port matrix: what was probed on each destination. */
export interface PortMatrix {
  destinations: { label: string; host: IndexIntoHostTable; address: string }[];
  /** Distinct destination ports, ascending. */
  ports: number[];
  /** connections[dest * ports.length + portIndex]. */
  connections: Uint32Array;
  dropped: Uint32Array;
  max: number;
}

export function portMatrix(model: FanoutModel): PortMatrix {
  const destIndex = new Map<string, number>();
  const destinations: PortMatrix['destinations'] = [];
  const pairDest = new Int32Array(model.pairs.length);
  model.pairs.forEach((P, i) => {
    const key = P.dstHost >= 0 ? `h${P.dstHost}` : `a${P.dstAddress}`;
    let d = destIndex.get(key);
    if (d === undefined) {
      d = destinations.length;
      destIndex.set(key, d);
      destinations.push({ label: P.dstLabel, host: P.dstHost, address: P.dstAddress });
    }
    pairDest[i] = d;
  });
  const seenPort = new Uint8Array(65536);
  for (let i = 0; i < model.length; i++) seenPort[model.port[i]] = 1;
  const ports: number[] = [];
  const portCol = new Int32Array(65536).fill(-1);
  for (let p = 0; p < 65536; p++) {
    if (seenPort[p]) {
      portCol[p] = ports.length;
      ports.push(p);
    }
  }
  const connections = new Uint32Array(destinations.length * ports.length);
  const dropped = new Uint32Array(destinations.length * ports.length);
  let max = 0;
  for (let i = 0; i < model.length; i++) {
    const c = pairDest[model.pair[i]] * ports.length + portCol[model.port[i]];
    const v = ++connections[c];
    if (v > max) max = v;
    if (model.kind[i] === CONN_DROPPED) dropped[c]++;
  }
  return { destinations, ports, connections, dropped, max };
}

/** Rows of every connection to destination `dest` on `port` (matrix cell click). */
export function matrixRows(model: FanoutModel, matrix: PortMatrix, dest: number, port: number): number[] {
  const d = matrix.destinations[dest];
  const out: number[] = [];
  if (!d) return out;
  model.pairs.forEach((P) => {
    const same = d.host >= 0 ? P.dstHost === d.host : P.dstHost < 0 && P.dstAddress === d.address;
    if (!same) return;
    for (let i = P.start; i < P.end; i++) if (model.port[i] === port) out.push(model.row[i]);
  });
  return out.sort((a, b) => a - b);
}
