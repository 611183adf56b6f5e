// The checklist engine: evaluates a tool sheet (src/sheets/*) against a case, per host and role.
//   1. find executions (executions.ts)
//   2. link each source item's rows to the execution (links/: one module per link kind) and give
//      it a status with a plain-language reason (judge.ts)
//   3. find destination hosts from the execution's connections (address ownership, inbound
//      address pairs, command-line addresses, inbound fan-out from the source's address) and
//      evaluate the destination items there (inbound from the source, window ± clock skew)
//   4. verdict per execution, with coverage (verdict.ts); processes with scanner-like fan-out as
//      suspects
// Pure: no tool-specific code, everything specific comes from the sheet.
import { ARTIFACT_EVTX, ARTIFACT_MFT, ARTIFACT_PREFETCH } from '../../model/artifact';
import { basename, formatCount } from '../../model/text';
import { isoSeconds, timeRange } from '../../model/time-text';
import type { IndexIntoEventsTable, IndexIntoHostTable } from '../../model/events-table';
import type { SheetItem, ToolSheet } from '../../sheets/types';
import { type CaseIndex, CaseIndex as Index, type CaseInput } from './case-index';
import { type ExecState, findExecutions, SAME_HOST_SLACK_MS } from './executions';
import { type Judged, judge, mergeJudged } from './judge';
import {
  type DevicePathSource,
  destinationLink,
  hostVolumes,
  type LinkContext,
  type LinkResult,
  linksOwnRows,
  type PfIdentity,
  prefetchIdentity,
  type SourceScope,
  sourceLink,
} from './links';
import {
  type Connection,
  connectionOf,
  FANOUT_MIN_PORTS,
  FANOUT_WINDOW_MS,
  type InboundRow,
  type InboundScan,
  inboundRows,
  inboundScans,
  ipOwner,
  localAddressesOf,
  maxFanOut,
  outboundConnections,
  ownAddresses,
} from './network';
import type { EvidenceRef, Evaluation, HostResult, ItemResult, Role, RoleResult } from './types';
import { exeStem, type Fields, fieldOf, isHostAddress } from './util';
import { type Dest, IPV4_IN_TEXT, type VerdictContext, verdict } from './verdict';

export { artifactName, itemLabel, logLabel } from './labels';

/** Default clock-skew tolerance between hosts, ms. */
export const DEFAULT_SKEW_MS = 2 * 60_000;

export interface EvaluateOptions {
  /** Extra executable names to look for (the sheet's own names are always used). */
  toolNames?: string[];
  /** Clock-skew tolerance between hosts, ms (default 2 min). */
  skewMs?: number;
}

class Evaluator implements LinkContext, VerdictContext {
  readonly ix: CaseIndex;
  readonly sheet: ToolSheet;
  readonly skew: number;
  readonly names: Set<string>;
  readonly owned: Map<IndexIntoHostTable, Map<string, number>>;
  private readonly inboundCache = new Map<IndexIntoHostTable, InboundRow[]>();
  private readonly outboundCache = new Map<IndexIntoHostTable, Connection[]>();
  /** Per execution (index): hosts checked as its possible destination when none is known. */
  readonly possibleTargets = new Map<number, { host: IndexIntoHostTable; results: Map<string, Judged> }[]>();
  private readonly volumeCache = new Map<IndexIntoHostTable, number[]>();
  private readonly devicePathSources: DevicePathSource[];

  constructor(input: CaseInput, sheet: ToolSheet, opts: EvaluateOptions) {
    this.ix = new Index(input);
    this.sheet = sheet;
    this.skew = opts.skewMs ?? DEFAULT_SKEW_MS;
    this.names = new Set([...sheet.toolNames, ...(opts.toolNames ?? [])].map(exeStem).filter(Boolean));
    this.owned = ownAddresses(this.ix, (h) => this.outbound(h));
    this.devicePathSources = sheet.items
      .filter((i) => i.artifact === 'evtx' && i.eventId !== null)
      .map((i) => ({ log: i.log, eventId: i.eventId as number, fields: i.fields.map((f) => f.field) }));
  }

  toolLabel(): string {
    return [...this.names].map((n) => `${n}.exe`).join(', ');
  }

  outbound(host: IndexIntoHostTable): Connection[] {
    let r = this.outboundCache.get(host);
    if (!r) {
      r = outboundConnections(this.ix, host, this.sheet.items);
      this.outboundCache.set(host, r);
    }
    return r;
  }

  inbound(host: IndexIntoHostTable): InboundRow[] {
    let r = this.inboundCache.get(host);
    if (!r) {
      r = inboundRows(this.ix, host, this.sheet.items);
      this.inboundCache.set(host, r);
    }
    return r;
  }

  volumes(host: IndexIntoHostTable): number[] {
    let v = this.volumeCache.get(host);
    if (!v) {
      v = hostVolumes(this.ix, host, this.devicePathSources, ['ExecutablePath', 'Volume', 'DevicePath']);
      this.volumeCache.set(host, v);
    }
    return v;
  }

  // ---- source role -------------------------------------------------------------------------

  sourceItems(): SheetItem[] {
    return this.sheet.items.filter((i) => i.role === 'source');
  }

  destinationItems(): SheetItem[] {
    return this.sheet.items.filter((i) => i.role === 'destination');
  }

  evaluateSource(e: ExecState): { results: Map<string, Judged>; connections: Connection[] } {
    const own = this.sourceItems().filter(linksOwnRows);
    const linked = new Map<string, IndexIntoEventsTable[]>();
    let pf: PfIdentity | undefined;
    const scope: SourceScope = {
      host: e.host,
      exec: e,
      linked,
      pf: () => {
        pf ??= prefetchIdentity(
          this.ix,
          e,
          own.map((i) => linked.get(i.id) ?? []),
          this.volumes(e.host),
        );
        return pf;
      },
      pfHashes: new Map(),
    };
    const found = new Map<string, LinkResult>();
    const link = (item: SheetItem) => {
      const r = sourceLink(item)(this, item, scope);
      found.set(item.id, r);
      linked.set(item.id, r.rows);
    };
    for (const item of own) link(item);
    if (!e.exitKnown) {
      let last = e.start;
      for (const rows of linked.values()) for (const r of rows) last = Math.max(last, this.ix.time(r));
      e.end = last;
    }
    const connections: Connection[] = [];
    for (const item of own) {
      for (const row of linked.get(item.id) ?? []) {
        const c = connectionOf(this.ix, item, row);
        if (c) connections.push(c);
      }
    }
    for (const item of this.sourceItems()) if (!linksOwnRows(item)) link(item);
    const results = new Map<string, Judged>();
    for (const item of this.sourceItems()) {
      const r = found.get(item.id) as LinkResult;
      results.set(item.id, judge(this.ix, item, e.host, e.start, r.rows, r.what(), r.note));
    }
    return { results, connections };
  }

  /** Source items on a host where no execution was found: never matched. */
  evaluateSourceWithoutExecution(host: IndexIntoHostTable): Map<string, Judged> {
    const out = new Map<string, Judged>();
    const what = `for ${this.sheet.name} (looked for ${this.toolLabel()}; no execution found on this host)`;
    for (const item of this.sourceItems()) out.set(item.id, judge(this.ix, item, host, null, [], what));
    return out;
  }

  // ---- destination role --------------------------------------------------------------------

  evaluateDestination(
    host: IndexIntoHostTable,
    srcIps: Set<string>,
    from: number,
    to: number,
    skew: number,
    prefix: string,
  ): Map<string, Judged> {
    const out = new Map<string, Judged>();
    const scope = { host, srcIps, from, to, skew };
    for (const item of this.destinationItems()) {
      const linked = destinationLink(this, item, scope);
      const j = judge(this.ix, item, host, from, linked.rows, linked.what());
      if (prefix) j.reason = `${prefix} ${j.reason}`;
      out.set(item.id, j);
    }
    return out;
  }

  scansOn(host: IndexIntoHostTable): InboundScan[] {
    const rows = this.inbound(host);
    return inboundScans(rows, localAddressesOf(this.owned.get(host), rows));
  }

  /**
   * Destination items on a host no execution points at. An inbound fan-out links it to its
   * scanner; else, when executions elsewhere have no known destination, their windows are checked
   * here (this host may have been the target); else nothing can match.
   */
  evaluateDestinationWithoutExecution(
    host: IndexIntoHostTable,
    unknownTargets: ExecState[],
  ): Map<string, Judged> {
    const scans = this.scansOn(host);
    if (scans.length > 0) {
      const parts = scans.map((s) => {
        const owner = ipOwner(this.owned, s.remote, host);
        const prefix = `No execution of ${this.sheet.name} in the case points here, but ${s.remote}${owner !== null ? ` (${this.ix.hostName(owner)})` : ''} reached ${formatCount(s.ports)} ports in ${timeRange(s.from, s.to)}.`;
        return this.evaluateDestination(host, new Set([s.remote]), s.from, s.to, 0, prefix);
      });
      return mergeJudged(parts);
    }
    const others = unknownTargets.filter((e) => e.host !== host);
    if (others.length > 0) {
      const parts = others.map((e) => {
        const ips = new Set(this.owned.get(e.host)?.keys() ?? []);
        const prefix = `Possible target of ${this.sheet.name} on ${this.ix.hostName(e.host)} at ${isoSeconds(e.start)} (its destination is unknown):`;
        const m = this.evaluateDestination(host, ips, e.start, Math.max(e.end, e.start), this.skew, prefix);
        const list = this.possibleTargets.get(e.index) ?? [];
        list.push({ host, results: m });
        this.possibleTargets.set(e.index, list);
        return m;
      });
      return mergeJudged(parts);
    }
    const out = new Map<string, Judged>();
    const what = `showing a scan (no execution of ${this.sheet.name} in the case points at this host, and no address reached ${FANOUT_MIN_PORTS}+ ports within ${FANOUT_WINDOW_MS / 60_000} min)`;
    for (const item of this.destinationItems()) out.set(item.id, judge(this.ix, item, host, null, [], what));
    return out;
  }

  // ---- destinations of an execution --------------------------------------------------------

  destinations(e: ExecState, connections: Connection[]): Dest[] {
    const ownSrc = new Set<string>();
    for (const c of connections) if (isHostAddress(c.local)) ownSrc.add(c.local);
    if (ownSrc.size === 0) for (const ip of this.owned.get(e.host)?.keys() ?? []) ownSrc.add(ip);
    const byAddr = new Map<string, Dest>();
    const add = (address: string, how: string): Dest => {
      let d = byAddr.get(address);
      if (!d) {
        d = {
          host: null,
          address,
          srcIps: new Set(ownSrc),
          ports: new Set(),
          protocols: new Set(),
          connections: 0,
          from: e.start,
          to: Math.max(e.end, e.start),
          how,
          results: null,
        };
        byAddr.set(address, d);
      }
      return d;
    };
    for (const c of connections) {
      if (!isHostAddress(c.remote)) continue;
      const d = add(c.remote, 'connections');
      if (c.remotePort !== null) d.ports.add(c.remotePort);
      if (c.protocol) d.protocols.add(c.protocol);
      d.connections++;
      if (isHostAddress(c.local)) d.srcIps.add(c.local);
    }
    for (const m of e.commandLine.matchAll(IPV4_IN_TEXT))
      if (isHostAddress(m[1]) && !byAddr.has(m[1])) add(m[1], 'command line');
    const out = [...byAddr.values()];
    for (const d of out) {
      d.host = ipOwner(this.owned, d.address, e.host) ?? this.pairHost(d.address, d.srcIps, e.host);
    }
    const known = new Set(out.map((d) => d.host).filter((h) => h !== null));
    for (const host of this.ix.hostIds) {
      if (host === e.host || known.has(host)) continue;
      const ownIps = new Set([...ownSrc, ...(this.owned.get(e.host)?.keys() ?? [])]);
      for (const s of this.scansOn(host)) {
        if (!ownIps.has(s.remote)) continue;
        if (s.to < e.start - this.skew || s.from > Math.max(e.end, e.start) + this.skew) continue;
        const local = [...localAddressesOf(this.owned.get(host), this.inbound(host))][0] ?? '';
        out.push({
          host,
          address: local,
          srcIps: new Set([s.remote]),
          ports: new Set(),
          protocols: new Set(),
          connections: 0,
          from: Math.min(e.start, s.from),
          to: Math.max(e.end, s.to),
          how: 'inbound fan-out',
          results: null,
        });
        known.add(host);
        break;
      }
    }
    return out;
  }

  /** A host (not `exclude`) with an inbound row between `address` and one of `srcIps`. */
  pairHost(address: string, srcIps: Set<string>, exclude: IndexIntoHostTable): IndexIntoHostTable | null {
    for (const host of this.ix.hostIds) {
      if (host === exclude) continue;
      for (const r of this.inbound(host)) {
        const addrs = r.ends.map((x) => x.address);
        if (addrs.includes(address) && addrs.some((x) => srcIps.has(x))) return host;
      }
    }
    return null;
  }

  evidence(rows: IndexIntoEventsTable[]): EvidenceRef[] {
    const t = this.ix.input.table;
    const seen = new Set<string>();
    const out: EvidenceRef[] = [];
    for (const row of rows) {
      const art = t.artifact[row];
      const file = this.ix.filePath(row);
      const refNum = t.ref[row];
      const ref =
        art === ARTIFACT_EVTX
          ? `record ${refNum}`
          : art === ARTIFACT_PREFETCH
            ? `run ${refNum}`
            : art === ARTIFACT_MFT
              ? `entry ${refNum}`
              : `usn ${refNum}`;
      const key = art === ARTIFACT_EVTX ? `r${row}` : `${file}\u0000${ref}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ row, file, ref });
    }
    return out;
  }

  itemResult(item: SheetItem, j: Judged): ItemResult {
    const fields: Record<string, string> = {};
    if (j.rows.length) {
      const row = j.rows[0];
      const f: Fields = this.ix.fields(row);
      for (const sf of item.fields) {
        let v: string | undefined;
        if (sf.field === '@time') v = isoSeconds(this.ix.time(row));
        else if (sf.field === '@lastRun') v = isoSeconds(Math.max(...j.rows.map((r) => this.ix.time(r))));
        else v = fieldOf(f, sf.field);
        if (v) fields[sf.label] = v;
      }
    }
    return {
      id: item.id,
      title: item.title,
      log: item.log,
      eventId: item.eventId,
      category: item.category,
      status: j.status,
      reason: j.reason,
      evidence: this.evidence(j.rows),
      fields,
      recordedByDefault: item.recordedByDefault,
      sheetRow: item.row,
      section: item.section,
      requires: item.requires,
    };
  }

  suspects(execs: ExecState[]): Evaluation['suspects'] {
    const out: Evaluation['suspects'] = [];
    for (const host of this.ix.hostIds) {
      const groups = new Map<string, { c: Connection; list: { time: number; port: number }[] }>();
      for (const c of this.outbound(host)) {
        if (c.remotePort === null || !isHostAddress(c.remote)) continue;
        if (this.names.has(exeStem(c.image))) continue;
        const ours = execs.some(
          (e) =>
            e.host === host &&
            e.pid !== null &&
            e.pid === c.pid &&
            c.time >= e.start - SAME_HOST_SLACK_MS &&
            c.time <= e.linkEnd + SAME_HOST_SLACK_MS,
        );
        if (ours) continue;
        const key = `${c.pid}|${basename(c.image).toLowerCase()}|${c.remote}`;
        let g = groups.get(key);
        if (!g) {
          g = { c, list: [] };
          groups.set(key, g);
        }
        g.list.push({ time: c.time, port: c.remotePort });
      }
      for (const g of groups.values()) {
        g.list.sort((a, b) => a.time - b.time);
        const f = maxFanOut(g.list, FANOUT_WINDOW_MS);
        if (f.ports >= FANOUT_MIN_PORTS) {
          out.push({
            host,
            hostName: this.ix.hostName(host),
            image: g.c.image,
            processId: g.c.pid,
            target: g.c.remote,
            ports: f.ports,
          });
        }
      }
    }
    return out;
  }
}

export function evaluateSheet(store: CaseInput, sheet: ToolSheet, opts: EvaluateOptions = {}): Evaluation {
  const ev = new Evaluator(store, sheet, opts);
  const ix = ev.ix;
  const execs = findExecutions(ix, sheet, ev.names, ev.skew);
  const perHostRole = new Map<string, Map<string, Judged>[]>();
  const push = (host: IndexIntoHostTable, role: Role, m: Map<string, Judged>) => {
    const key = `${host}|${role}`;
    const list = perHostRole.get(key) ?? [];
    list.push(m);
    perHostRole.set(key, list);
  };
  const verdictInputs: { e: ExecState; source: Map<string, Judged>; dests: Dest[] }[] = [];
  for (const e of execs) {
    const { results, connections } = ev.evaluateSource(e);
    push(e.host, 'source', results);
    const dests = ev.destinations(e, connections);
    for (const d of dests) {
      if (d.host === null) continue;
      const prefix =
        d.how === 'inbound fan-out' ? `Scan from ${[...d.srcIps].join(', ')} (${ix.hostName(e.host)}):` : '';
      d.results = ev.evaluateDestination(d.host, d.srcIps, d.from, d.to, ev.skew, prefix);
      push(d.host, 'destination', d.results);
    }
    verdictInputs.push({ e, source: results, dests });
  }
  const execHosts = new Set(execs.map((e) => e.host));
  const unknownTargets = verdictInputs.filter((v) => v.dests.every((d) => d.host === null)).map((v) => v.e);
  const hosts: HostResult[] = [];
  for (const host of ix.hostIds) {
    const roles: RoleResult[] = [];
    const src = perHostRole.get(`${host}|source`);
    const srcMap = src ? mergeJudged(src) : ev.evaluateSourceWithoutExecution(host);
    roles.push({
      role: 'source',
      items: ev.sourceItems().map((i) => ev.itemResult(i, srcMap.get(i.id) as Judged)),
    });
    const dst = perHostRole.get(`${host}|destination`);
    let dstMap: Map<string, Judged> | null = null;
    if (dst) dstMap = mergeJudged(dst);
    else if (!execHosts.has(host)) dstMap = ev.evaluateDestinationWithoutExecution(host, unknownTargets);
    if (dstMap && ev.destinationItems().length) {
      const m = dstMap;
      roles.push({
        role: 'destination',
        items: ev.destinationItems().map((i) => ev.itemResult(i, m.get(i.id) as Judged)),
      });
    }
    hosts.push({ host, hostName: ix.hostName(host), roles });
  }
  const verdicts = verdictInputs.map(({ e, source, dests }) => verdict(ev, e, source, dests));
  return { sheet: sheet.id, hosts, verdicts, suspects: ev.suspects(execs) };
}

export type { Evaluation };
