// The verdict on one execution: what ran where, which destinations it reached (ports, protocols,
// dropped packets), whether the sheet's success condition is met, and a coverage line per host.
import type { IndexIntoHostTable } from '../../model/events-table';
import type { SheetItem, ToolSheet } from '../../sheets/types';
import type { CaseIndex } from './case-index';
import type { ExecState } from './executions';
import type { Judged } from './judge';
import { itemLabel } from './labels';
import type { InboundRow } from './network';
import type { Execution, ItemStatus, Verdict } from './types';
import { exeStem } from './util';
import { basename, formatCount, plural } from '../../model/text';
import { isoSeconds } from '../../model/time-text';

export const IPV4_IN_TEXT = /(?<![\d.])(\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3})(?![\d.])/g;

/** A destination of an execution and, once evaluated there, its destination items' results. */
export interface Dest {
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

/** What the verdict reads of the evaluation. */
export interface VerdictContext {
  readonly ix: CaseIndex;
  readonly sheet: ToolSheet;
  /** Tool names looked for (exeStem). */
  readonly names: Set<string>;
  /** Per execution (index): hosts checked as its possible destination when none is known. */
  readonly possibleTargets: Map<number, { host: IndexIntoHostTable; results: Map<string, Judged> }[]>;
  inbound(host: IndexIntoHostTable): InboundRow[];
  sourceItems(): SheetItem[];
  destinationItems(): SheetItem[];
}

function localPortOf(r: InboundRow, srcIps: Set<string>): number | null {
  const other = r.ends.find((x) => !srcIps.has(x.address));
  return other?.port ?? null;
}

export function verdict(
  ev: VerdictContext,
  e: ExecState,
  source: Map<string, Judged>,
  dests: Dest[],
): Verdict {
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

function coverageLine(ev: VerdictContext, e: ExecState, source: Map<string, Judged>, dests: Dest[]): string {
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
