// The checklist engine: evaluates a tool sheet (src/sheets/*) against a case, per host and role.
//   1. find executions (executions.ts)
//   2. link each source item's rows to the execution (process GUID/PID in the window, prefetch
//      name + hash, handle ids) and give it a status with a plain-language reason
//   3. find destination hosts from the execution's connections (address ownership, inbound
//      address pairs, command-line addresses, inbound fan-out from the source's address) and
//      evaluate the destination items there (inbound from the source, window ± clock skew)
//   4. verdict per execution, with coverage; processes with scanner-like fan-out as suspects
// Pure: no tool-specific code, everything specific comes from the sheet.
import { ARTIFACT_EVTX, ARTIFACT_MFT, ARTIFACT_PREFETCH } from '../../model/artifact';
import { basename, formatCount, plural } from '../../model/text';
import { isoSeconds, timeRange } from '../../model/time-text';
import type { IndexIntoEventsTable, IndexIntoHostTable } from '../../model/events-table';
import type { SheetItem, ToolSheet } from '../../sheets/types';
import { type CaseIndex, CaseIndex as Index, type CaseInput, type LogCoverage } from './case-index';
import { type ExecState, findExecutions, SAME_HOST_SLACK_MS } from './executions';
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
import {
  DEVICE_PATH,
  type DevicePathSource,
  hostVolumes,
  inPrefetchFolder,
  PfIdentity,
  parsePfName,
} from './prefetch-link';
import type {
  EvidenceRef,
  Evaluation,
  Execution,
  HostResult,
  ItemResult,
  ItemStatus,
  Role,
  RoleResult,
  Verdict,
} from './types';
import { allHold, exeStem, type Fields, fieldOf, formatPid, isHostAddress, parsePid } from './util';

/** Default clock-skew tolerance between hosts, ms. */
export const DEFAULT_SKEW_MS = 2 * 60_000;

export interface EvaluateOptions {
  /** Extra executable names to look for (the sheet's own names are always used). */
  toolNames?: string[];
  /** Clock-skew tolerance between hosts, ms (default 2 min). */
  skewMs?: number;
}

interface Judged {
  status: ItemStatus;
  reason: string;
  rows: IndexIntoEventsTable[];
}

interface Dest {
  host: IndexIntoHostTable | null;
  address: string;
  srcIps: Set<string>;
  ports: Set<number>;
  protocols: Set<string>;
  connections: number;
  from: number;
  to: number;
  how: string;
  results: Map<string, Judged> | null;
}

const PF_SUFFIX = /\.pf$/i;
/** Device paths of the process kept for the prefetch hash check (they repeat on every WFP row). */
const MAX_EXACT_PATHS = 4;
const IPV4_IN_TEXT = /(?<![\d.])(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(?![\d.])/g;

export function logLabel(log: string): string {
  return log.replace(/^Microsoft-Windows-/, '').replace(/\/Operational$/, '');
}

export function itemLabel(item: SheetItem): string {
  return item.eventId !== null ? `${logLabel(item.log)} ${item.eventId}` : artifactName(item);
}

export function artifactName(item: SheetItem): string {
  if (item.artifact === 'usn') return 'USN journal ($J)';
  if (item.artifact === 'mft') return '$MFT';
  if (item.artifact === 'prefetch') return 'Prefetch file';
  return `${logLabel(item.log)} log`;
}

function coverageText(item: SheetItem, cov: LogCoverage, hostName: string): string {
  const span = Number.isFinite(cov.first)
    ? `covers ${timeRange(cov.first, cov.last)}`
    : 'holds no timed rows';
  if (item.artifact !== 'evtx' || item.eventId === null) {
    return `${artifactName(item)} of ${hostName} ${span} (${plural(cov.rows, 'row')})`;
  }
  const n = cov.byEvent.get(item.eventId)?.length ?? 0;
  return `${artifactName(item)} of ${hostName} ${span} and records ${item.eventId} (${plural(n, 'event')})`;
}

class Evaluator {
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

  /** Status of an item whose linked rows are `rows`; `what` says what was looked for. */
  judge(
    item: SheetItem,
    host: IndexIntoHostTable,
    windowStart: number | null,
    rows: IndexIntoEventsTable[],
    what: string,
    note = '',
  ): Judged {
    const hostName = this.ix.hostName(host);
    const cov = this.ix.coverage(host, item.artifact, item.log);
    const tail = note ? ` ${note}` : '';
    if (rows.length > 0) {
      const n = item.artifact === 'evtx' ? plural(rows.length, 'event') : plural(rows.length, 'record');
      return { status: 'matched', reason: `${itemLabel(item)} on ${hostName}: ${n} ${what}.${tail}`, rows };
    }
    if (!cov || (cov.rows === 0 && item.artifact !== 'evtx')) {
      const kind = artifactName(item);
      return {
        status: 'not-collected',
        reason: `No ${kind} was collected for ${hostName}${item.requires ? ` (recording it needs ${item.requires})` : ''}.`,
        rows,
      };
    }
    if (cov.rows === 0) {
      return {
        status: 'not-collected',
        reason: `The ${artifactName(item)} of ${hostName} was collected but holds no events.`,
        rows,
      };
    }
    const mayRoll = item.artifact === 'evtx' || item.artifact === 'usn';
    if (windowStart !== null && mayRoll && cov.first > windowStart + SAME_HOST_SLACK_MS) {
      return {
        status: 'rolled-over',
        reason: `${artifactName(item)} of ${hostName} starts at ${isoSeconds(cov.first)}, after ${isoSeconds(windowStart)}: the records of that time were overwritten (log rolled over).${tail}`,
        rows,
      };
    }
    if (item.artifact === 'evtx' && item.eventId !== null && !cov.byEvent.get(item.eventId)?.length) {
      return {
        status: 'not-collected',
        reason: `${artifactName(item)} of ${hostName} ${Number.isFinite(cov.first) ? `covers ${timeRange(cov.first, cov.last)} ` : ''}(${plural(cov.rows, 'event')}) but holds no ${item.eventId} at all: not recorded${item.requires ? ` (needs ${item.requires})` : ''}.`,
        rows,
      };
    }
    if (windowStart !== null && item.artifact === 'evtx' && cov.last < windowStart - SAME_HOST_SLACK_MS) {
      return {
        status: 'not-collected',
        reason: `${artifactName(item)} of ${hostName} ends at ${isoSeconds(cov.last)}, before ${isoSeconds(windowStart)}: that time was not collected.`,
        rows,
      };
    }
    return {
      status: 'not-found',
      reason: `${coverageText(item, cov, hostName)}, but none ${what}.${tail}`,
      rows,
    };
  }

  // ---- source role -------------------------------------------------------------------------

  sourceItems(): SheetItem[] {
    return this.sheet.items.filter((i) => i.role === 'source');
  }

  destinationItems(): SheetItem[] {
    return this.sheet.items.filter((i) => i.role === 'destination');
  }

  /** Rows of the execution's process; `failed` counts its rows that miss the item's conditions. */
  linkProcess(item: SheetItem, e: ExecState, failed = { n: 0 }): IndexIntoEventsTable[] {
    if (item.link.kind !== 'process' || item.eventId === null) return [];
    const link = item.link;
    const out: IndexIntoEventsTable[] = [];
    const a = e.start - SAME_HOST_SLACK_MS;
    const b = e.linkEnd + SAME_HOST_SLACK_MS;
    for (const row of this.ix.rows(e.host, item.artifact, item.log, item.eventId)) {
      const f = this.ix.fields(row);
      const guid = link.guidField ? (fieldOf(f, link.guidField) ?? '').toUpperCase() : '';
      let mine: boolean;
      if (guid && e.guid) mine = guid === e.guid;
      else {
        const t = this.ix.time(row);
        mine =
          e.pid !== null && parsePid(fieldOf(f, link.pidField), link.pidRadix) === e.pid && t >= a && t <= b;
      }
      if (!mine) continue;
      if (allHold(f, item.where)) out.push(row);
      else failed.n++;
    }
    return out;
  }

  evaluateSource(e: ExecState): { results: Map<string, Judged>; connections: Connection[]; pf: PfIdentity } {
    const raw = new Map<string, IndexIntoEventsTable[]>();
    const notes = new Map<string, string>();
    const exe = basename(e.image);
    for (const item of this.sourceItems())
      if (item.link.kind === 'process') {
        const failed = { n: 0 };
        raw.set(item.id, this.linkProcess(item, e, failed));
        if (failed.n)
          notes.set(
            item.id,
            `${plural(failed.n, 'event')} of the process ${failed.n === 1 ? 'does' : 'do'} not meet ${describeConditions(item.where)}.`,
          );
      }
    if (!e.exitKnown) {
      let last = e.start;
      for (const rows of raw.values()) for (const r of rows) last = Math.max(last, this.ix.time(r));
      e.end = last;
    }
    const exact: string[] = [];
    const connections: Connection[] = [];
    for (const item of this.sourceItems()) {
      for (const row of raw.get(item.id) ?? []) {
        if (exact.length < MAX_EXACT_PATHS) {
          for (const v of this.ix.fields(row).values()) {
            if (
              v.charCodeAt(0) === 92 &&
              DEVICE_PATH.test(v) &&
              basename(v).toLowerCase() === exe.toLowerCase()
            )
              exact.push(v);
          }
        }
        const c = connectionOf(this.ix, item, row);
        if (c) connections.push(c);
      }
    }
    for (const row of e.prefetchRows) {
      const v = fieldOf(this.ix.fields(row), 'ExecutablePath') ?? '';
      if (DEVICE_PATH.test(v) && basename(v).toLowerCase() === exe.toLowerCase()) exact.push(v);
    }
    const pf = new PfIdentity(e.image, exact, this.volumes(e.host));
    const pfNote = pf.exact.length || pf.volumes.length ? '' : ' (volume number unknown: volumes 1-9 tried)';
    /** Row → the .pf hash it was linked by. */
    const found = new Map<IndexIntoEventsTable, string>();
    for (const item of this.sourceItems()) {
      const link = item.link;
      if (link.kind === 'prefetch-file') {
        const mismatched = new Set<string>();
        let failedWhere = 0;
        const a = e.start - SAME_HOST_SLACK_MS;
        const b = Math.max(e.end, e.start) + (link.afterMs ?? 0);
        let rows: IndexIntoEventsTable[] = [];
        for (const row of this.ix.rows(e.host, item.artifact, item.log, item.eventId)) {
          const v = this.ix.value(row, link.nameField);
          if (!v || !PF_SUFFIX.test(v) || !inPrefetchFolder(v)) continue;
          const f = this.ix.fields(row);
          const name = parsePfName(v);
          if (!name || name.exe !== pf.exe) continue;
          if (link.withinWindow) {
            const t = this.ix.time(row);
            if (!(t >= a && t <= b)) continue;
          }
          if (!pf.check(name.hash).ok) {
            mismatched.add(`${name.exe}-${name.hash}.pf`);
            continue;
          }
          if (!allHold(f, item.where)) {
            failedWhere++;
            continue;
          }
          found.set(row, name.hash);
          rows.push(row);
        }
        let note = failedWhere
          ? `${plural(failedWhere, 'record')} name the file but ${failedWhere === 1 ? 'does' : 'do'} not meet ${describeConditions(item.where)}.`
          : '';
        if (mismatched.size) {
          note =
            `${note} Found ${[...mismatched].join(', ')}, but its hash does not match ${pf.describePath()} (expected ${pf.expectedName()}).`.trim();
        }
        if (link.sequence && rows.length) {
          const t = this.ix.input.table;
          rows.sort((x, y) => t.ref[x] - t.ref[y] || t.timeMs[x] - t.timeMs[y]);
          const picked: IndexIntoEventsTable[] = [];
          let k = 0;
          for (const row of rows) {
            if (k < link.sequence.length && allHold(this.ix.fields(row), link.sequence[k])) {
              picked.push(row);
              k++;
            }
          }
          if (k < link.sequence.length) {
            const seen = [
              ...new Set(
                rows.map((r) => fieldOf(this.ix.fields(r), link.sequence?.[0][0].field ?? '') ?? ''),
              ),
            ];
            note =
              `${note} ${plural(rows.length, 'record')} name it (${seen.slice(0, 6).join(', ')}) but not the sheet's sequence ${link.sequence.map((s) => s.map((c) => c.value).join(' ')).join(' → ')}.`.trim();
            rows = [];
          } else rows = picked;
        }
        raw.set(item.id, rows);
        if (note) notes.set(item.id, note);
      } else if (link.kind === 'handle') {
        const keys = new Set<string>();
        let first = Number.POSITIVE_INFINITY;
        for (const r of raw.get(link.of) ?? []) {
          const f = this.ix.fields(r);
          keys.add(
            `${parsePid(fieldOf(f, link.pidField), link.pidRadix)}|${(fieldOf(f, link.handleField) ?? '').toLowerCase()}`,
          );
          first = Math.min(first, this.ix.time(r));
        }
        const rows: IndexIntoEventsTable[] = [];
        if (keys.size) {
          for (const row of this.ix.rows(e.host, item.artifact, item.log, item.eventId)) {
            const f = this.ix.fields(row);
            const key = `${parsePid(fieldOf(f, link.pidField), link.pidRadix)}|${(fieldOf(f, link.handleField) ?? '').toLowerCase()}`;
            if (keys.has(key) && this.ix.time(row) >= first - SAME_HOST_SLACK_MS && allHold(f, item.where))
              rows.push(row);
          }
        }
        raw.set(item.id, rows);
      } else if (link.kind === 'prefetch') {
        const rows: IndexIntoEventsTable[] = [];
        const mismatched = new Set<string>();
        for (const row of this.ix.rows(e.host, 'prefetch', 'prefetch', null)) {
          const f = this.ix.fields(row);
          const fromName = parsePfName(fieldOf(f, 'PrefetchFile') ?? '');
          const exeName = (fieldOf(f, 'Executable') ?? fromName?.exe ?? '').toUpperCase().slice(0, 29);
          const hash = (fieldOf(f, 'Hash') ?? fromName?.hash ?? '').toUpperCase();
          if (exeName !== pf.exe || !hash || !allHold(f, item.where)) continue;
          if (!pf.check(hash).ok) {
            mismatched.add(`${exeName}-${hash}.pf`);
            continue;
          }
          found.set(row, hash);
          rows.push(row);
        }
        raw.set(item.id, rows);
        if (mismatched.size)
          notes.set(
            item.id,
            `Found ${[...mismatched].join(', ')}, but its hash does not match ${pf.describePath()} (expected ${pf.expectedName()}).`,
          );
      }
    }
    const results = new Map<string, Judged>();
    const range = timeRange(e.start, Math.max(e.end, e.start));
    for (const item of this.sourceItems()) {
      const rows = raw.get(item.id) ?? [];
      let what: string;
      const link = item.link;
      if (link.kind === 'process') {
        what =
          e.pid === null
            ? `from ${exe} (process id unknown: found by ${e.foundBy.join(', ')}) around ${range}`
            : `from ${exe} (pid ${formatPid(e.pid, link.pidRadix)}${e.guid && link.guidField ? ` ${e.guid}` : ''}) in ${range}`;
      } else if (link.kind === 'handle') {
        what = `closing the ${itemLabel(this.sheet.items.find((i) => i.id === link.of) ?? item)} handles of ${pf.expectedName()}`;
      } else {
        const hashes = [...new Set(rows.map((r) => found.get(r)).filter((h): h is string => !!h))];
        let name = `${pf.expectedName()}${pfNote}`;
        if (hashes.length) {
          const c = pf.check(hashes[0]);
          name = `${hashes.map((h) => `${pf.exe}-${h}.pf`).join(', ')} (hash of ${c.devicePath}${c.guessed ? ', volume number guessed' : ''})`;
        }
        what =
          link.kind === 'prefetch-file' && link.withinWindow
            ? `for ${name} in ${timeRange(e.start - SAME_HOST_SLACK_MS, Math.max(e.end, e.start) + (link.afterMs ?? 0))}`
            : `for ${name}`;
      }
      results.set(item.id, this.judge(item, e.host, e.start, rows, what, notes.get(item.id)));
    }
    return { results, connections, pf };
  }

  /** Source items on a host where no execution was found: never matched. */
  evaluateSourceWithoutExecution(host: IndexIntoHostTable): Map<string, Judged> {
    const out = new Map<string, Judged>();
    const what = `for ${this.sheet.name} (looked for ${this.toolLabel()}; no execution found on this host)`;
    for (const item of this.sourceItems()) out.set(item.id, this.judge(item, host, null, [], what));
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
    const rows = this.inbound(host);
    const a = from - skew;
    const b = to + skew;
    for (const item of this.destinationItems()) {
      const linked: IndexIntoEventsTable[] = [];
      for (const r of rows) {
        if (r.item !== item || !(r.time >= a && r.time <= b)) continue;
        if (r.ends.some((x) => srcIps.has(x.address))) linked.push(r.row);
      }
      const ips = srcIps.size ? [...srcIps].join(', ') : '(the source address is unknown)';
      const what = `from ${ips} in ${timeRange(a, b)}${skew ? ` (clock-skew tolerance ±${Math.round(skew / 1000)} s)` : ''}`;
      const j = this.judge(item, host, from, linked, what);
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
    for (const item of this.destinationItems()) out.set(item.id, this.judge(item, host, null, [], what));
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

function describeConditions(cs: SheetItem['where']): string {
  const op: Record<string, string> = {
    eq: '=',
    ne: '≠',
    endsWith: 'ends with',
    contains: 'contains',
    flagsEq: '=',
    hasFlags: 'includes',
  };
  return (cs ?? [])
    .map((c) => `${c.field} ${op[c.op] ?? c.op} ${Array.isArray(c.value) ? c.value.join(' or ') : c.value}`)
    .join(', ');
}

/** Per item: matched wins (evidence joined), else the last part's status. */
function mergeJudged(parts: Map<string, Judged>[]): Map<string, Judged> {
  const out = new Map<string, Judged>();
  if (parts.length === 0) return out;
  for (const id of parts[0].keys()) {
    const matched = parts.map((p) => p.get(id)).filter((j): j is Judged => j?.status === 'matched');
    if (matched.length) {
      const rows = [...new Set(matched.flatMap((j) => j.rows))];
      const more =
        matched.length > 1 ? ` (+${matched.length - 1} more execution${matched.length > 2 ? 's' : ''})` : '';
      out.set(id, { status: 'matched', reason: `${matched[0].reason}${more}`, rows });
    } else {
      out.set(id, parts[parts.length - 1].get(id) as Judged);
    }
  }
  return out;
}

function localPortOf(r: InboundRow, srcIps: Set<string>): number | null {
  const other = r.ends.find((x) => !srcIps.has(x.address));
  return other?.port ?? null;
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

function verdict(ev: Evaluator, e: ExecState, source: Map<string, Judged>, dests: Dest[]): Verdict {
  const ix = ev.ix;
  const sheet = ev.sheet;
  const hostName = ix.hostName(e.host);
  const execution: Execution = {
    host: e.host,
    hostName,
    image: e.image,
    commandLine: e.commandLine,
    user: e.user,
    processId: e.pid,
    processGuid: e.guid,
    start: e.start,
    end: Math.max(e.end, e.start),
    exitStatus: e.exitStatus,
    foundBy: e.foundBy,
  };
  const success = sheet.success;
  const received = new Set(success?.receivedItems ?? []);
  const dropped = new Set(success?.droppedItems ?? []);
  const outDests: Verdict['destinations'] = [];
  const parts: string[] = [];
  const extra: string[] = [];
  const cmdTargets = new Set([...e.commandLine.matchAll(IPV4_IN_TEXT)].map((m) => m[1]));
  let met = false;
  const unmetReasons: string[] = [];
  for (const d of dests) {
    const ports = new Set(d.ports);
    const protocols = new Set(d.protocols);
    let droppedN = 0;
    let receivedN = 0;
    const recvPorts = new Set<number>();
    const recvProtocols = new Set<string>();
    let destCollected = false;
    if (d.host !== null && d.results) {
      const byRow = new Map(ev.inbound(d.host).map((r) => [r.row, r]));
      for (const [id, j] of d.results) {
        if (j.status !== 'not-collected') destCollected = true;
        for (const row of j.rows) {
          const r = byRow.get(row);
          if (!r) continue;
          const p = localPortOf(r, d.srcIps);
          if (p !== null) ports.add(p);
          if (r.protocol) protocols.add(r.protocol);
          if (dropped.has(id)) droppedN++;
          if (received.has(id)) {
            receivedN++;
            if (p !== null) recvPorts.add(p);
            if (r.protocol) recvProtocols.add(r.protocol);
          }
        }
      }
    }
    if (success && d.host !== null) {
      if (recvPorts.size >= success.minDistinctPorts && recvProtocols.size >= success.minProtocols)
        met = true;
      else if (!destCollected)
        unmetReasons.push(`${ix.hostName(d.host)}'s logs that would show it were not collected`);
      else
        unmetReasons.push(
          `${ix.hostName(d.host)} received ${plural(receivedN, 'allowed connection')} on ${plural(recvPorts.size, 'port')}`,
        );
    }
    const name = d.host !== null ? ix.hostName(d.host) : '';
    outDests.push({
      host: d.host,
      address: d.address,
      hostName: name,
      ports: ports.size,
      protocols: [...protocols].sort(),
      connections: d.connections || receivedN,
      dropped: droppedN,
    });
    const label = name ? (d.address ? `${name} (${d.address})` : name) : `${d.address} (not in the case)`;
    const incidental =
      d.how === 'connections' && ports.size < (success?.minDistinctPorts ?? 2) && !cmdTargets.has(d.address);
    let s = `${incidental ? 'also contacted' : (sheet.destinationVerb ?? 'reached')} ${label}`;
    if (ports.size)
      s += `: ${plural(ports.size, 'port')}${protocols.size ? ` over ${[...protocols].sort().join(', ')}` : ''}`;
    if (droppedN) s += `; ${formatCount(droppedN)} dropped`;
    (incidental ? extra : parts).push(s);
  }
  const renamed = !ev.names.has(exeStem(e.image)) && ev.names.has(exeStem(e.originalName));
  const who = renamed
    ? `${sheet.name} (renamed ${basename(e.image)}, OriginalFileName ${e.originalName})`
    : sheet.name;
  let text = `${who} ran on ${hostName} at ${isoSeconds(e.start)}`;
  if (e.user) text += ` as ${e.user}`;
  text += e.commandLine ? ` (\`${e.commandLine}\`)` : ` (${e.image})`;
  if (e.exitKnown) text += e.exitStatus ? `, exit ${e.exitStatus}` : ', exited';
  else text += ', exit not recorded';
  if (e.foundBy.length === 1 && e.foundBy[0] === 'Prefetch') text += ' (known from Prefetch only)';
  text += parts.length ? `; ${parts.join('; ')}` : '; no destination found in the case';
  if (extra.length) text += `; ${extra.join('; ')}`;
  if (success) {
    if (met) text += '; success condition met';
    else if (dests.every((d) => d.host === null))
      text += '; success condition not confirmed (destination unknown)';
    else text += `; success condition not met (${unmetReasons.join('; ')})`;
  }
  const coverage = coverageLine(ev, e, source, dests);
  return { execution, destinations: outDests, successConditionMet: met, text, coverage };
}

function coverageLine(ev: Evaluator, e: ExecState, source: Map<string, Judged>, dests: Dest[]): string {
  const ix = ev.ix;
  const part = (host: IndexIntoHostTable, role: string, items: SheetItem[], m: Map<string, Judged>) => {
    const matched = items.filter((i) => m.get(i.id)?.status === 'matched').length;
    const by = new Map<ItemStatus, string[]>();
    for (const i of items) {
      const s = m.get(i.id)?.status ?? 'not-found';
      if (s === 'matched') continue;
      by.set(s, [...(by.get(s) ?? []), itemLabel(i)]);
    }
    const rest = [...by.entries()].map(([s, labels]) => `${s}: ${labels.join(', ')}`).join('; ');
    return `${ix.hostName(host)} (${role}) ${matched} of ${items.length} items matched${rest ? ` — ${rest}` : ''}`;
  };
  const lines = [part(e.host, 'source', ev.sourceItems(), source)];
  for (const d of dests)
    if (d.host !== null && d.results)
      lines.push(part(d.host, 'destination', ev.destinationItems(), d.results));
  for (const p of ev.possibleTargets.get(e.index) ?? [])
    lines.push(part(p.host, 'possible destination', ev.destinationItems(), p.results));
  const outside = dests.filter((d) => d.host === null).map((d) => d.address);
  if (outside.length) lines.push(`not in the case: ${outside.join(', ')}`);
  return `Coverage: ${lines.join('. ')}.`;
}

export type { Evaluation };
