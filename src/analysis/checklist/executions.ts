// Step 1 of the checklist: find the tool's executions on each host from process-create logs
// (image name, PE OriginalFileName), prefetch run times and user-given names, and give each a
// window: start = creation, end = first exit of that process (GUID, or PID before the PID is
// reused by a later process), else the next creation of the same PID, else start + 24 h until
// linking finds the last related event.
import type { IndexIntoEventsTable, IndexIntoHostTable } from '../../model/events-table';
import type { ProcessCreateSource, ToolSheet } from '../../sheets/types';
import type { CaseIndex } from './case-index';
import { basename } from '../../model/text';
import { exeStem, fieldOf, parsePid } from './util';

/** Same-host tolerance between logs that record one process (Sysmon vs Security), ms. */
export const SAME_HOST_SLACK_MS = 2000;
/** Window end for a process whose exit is not recorded and whose PID is never reused, ms. */
export const MAX_RUN_MS = 24 * 3600_000;
/** Prefetch stores at most 29 characters of the executable name. */
const PREFETCH_NAME_MAX = 29;

export interface ExecState {
  index: number;
  host: IndexIntoHostTable;
  image: string;
  originalName: string;
  commandLine: string;
  user: string;
  pid: number | null;
  guid: string;
  start: number;
  /** Exit time, or last related event after linking. */
  end: number;
  /** Upper bound for PID linking. */
  linkEnd: number;
  exitKnown: boolean;
  exitStatus: string;
  foundBy: string[];
  createRows: IndexIntoEventsTable[];
  exitRows: IndexIntoEventsTable[];
  prefetchRows: IndexIntoEventsTable[];
}

interface CreateHit {
  row: IndexIntoEventsTable;
  source: ProcessCreateSource;
  pid: number | null;
  guid: string;
  time: number;
  image: string;
  originalName: string;
  commandLine: string;
  user: string;
}

export function prefetchExeName(image: string): string {
  return basename(image).toUpperCase().slice(0, PREFETCH_NAME_MAX);
}

function nameHit(names: Set<string>, ...paths: string[]): boolean {
  for (const p of paths) if (p && names.has(exeStem(p))) return true;
  return false;
}

export function findExecutions(
  ix: CaseIndex,
  sheet: ToolSheet,
  names: Set<string>,
  skewMs: number,
): ExecState[] {
  const out: ExecState[] = [];
  for (const host of ix.hostIds) {
    const creates = new Map<number, number[]>();
    const hits: CreateHit[] = [];
    for (const cs of sheet.executions.creates) {
      for (const row of ix.rows(host, 'evtx', cs.log, cs.eventId)) {
        const f = ix.fields(row);
        const pid = parsePid(fieldOf(f, cs.pidField), cs.pidRadix);
        const time = ix.time(row);
        if (pid !== null) {
          const list = creates.get(pid) ?? [];
          list.push(time);
          creates.set(pid, list);
        }
        const image = fieldOf(f, cs.imageField) ?? '';
        const originalName = cs.originalNameField ? (fieldOf(f, cs.originalNameField) ?? '') : '';
        if (!nameHit(names, image, originalName)) continue;
        const user = cs.userFields
          .map((k) => fieldOf(f, k) ?? '')
          .filter((s) => s && s !== '-')
          .join('\\');
        hits.push({
          row,
          source: cs,
          pid,
          guid: cs.guidField ? (fieldOf(f, cs.guidField) ?? '').toUpperCase() : '',
          time,
          image,
          originalName,
          commandLine: cs.commandLineField ? (fieldOf(f, cs.commandLineField) ?? '') : '',
          user,
        });
      }
    }
    for (const list of creates.values()) list.sort((a, b) => a - b);
    hits.sort((a, b) => a.time - b.time);
    const hostExecs: ExecState[] = [];
    for (const h of hits) {
      const same = hostExecs.find(
        (e) =>
          e.pid !== null &&
          e.pid === h.pid &&
          Math.abs(e.start - h.time) <= SAME_HOST_SLACK_MS &&
          !e.foundBy.includes(h.source.label),
      );
      if (same) {
        same.foundBy.push(h.source.label);
        same.createRows.push(h.row);
        same.start = Math.min(same.start, h.time);
        if (!same.guid) same.guid = h.guid;
        if (!same.originalName) same.originalName = h.originalName;
        if (!same.commandLine) same.commandLine = h.commandLine;
        if (!same.user) same.user = h.user;
        continue;
      }
      hostExecs.push({
        index: 0,
        host,
        image: h.image,
        originalName: h.originalName,
        commandLine: h.commandLine,
        user: h.user,
        pid: h.pid,
        guid: h.guid,
        start: h.time,
        end: h.time,
        linkEnd: h.time,
        exitKnown: false,
        exitStatus: '',
        foundBy: [h.source.label],
        createRows: [h.row],
        exitRows: [],
        prefetchRows: [],
      });
    }
    closeWindows(ix, sheet, host, hostExecs, creates);
    if (sheet.executions.prefetch) addPrefetchRuns(ix, host, hostExecs, names, skewMs);
    hostExecs.sort((a, b) => a.start - b.start);
    out.push(...hostExecs);
  }
  out.forEach((e, i) => {
    e.index = i;
  });
  return out;
}

function closeWindows(
  ix: CaseIndex,
  sheet: ToolSheet,
  host: IndexIntoHostTable,
  execs: ExecState[],
  creates: Map<number, number[]>,
): void {
  const exits: { row: number; pid: number | null; guid: string; time: number; status: string }[] = [];
  for (const xs of sheet.executions.exits) {
    for (const row of ix.rows(host, 'evtx', xs.log, xs.eventId)) {
      const f = ix.fields(row);
      exits.push({
        row,
        pid: parsePid(fieldOf(f, xs.pidField), xs.pidRadix),
        guid: xs.guidField ? (fieldOf(f, xs.guidField) ?? '').toUpperCase() : '',
        time: ix.time(row),
        status: xs.statusField ? (fieldOf(f, xs.statusField) ?? '') : '',
      });
    }
  }
  for (const e of execs) {
    const next = (creates.get(e.pid ?? -1) ?? []).find((t) => t > e.start + SAME_HOST_SLACK_MS);
    const limit = next ?? e.start + MAX_RUN_MS;
    const mine = exits.filter((x) =>
      e.guid && x.guid
        ? x.guid === e.guid
        : e.pid !== null && x.pid === e.pid && x.time >= e.start - SAME_HOST_SLACK_MS && x.time < limit,
    );
    mine.sort((a, b) => a.time - b.time);
    if (mine.length > 0) {
      const first = mine[0].time;
      const same = mine.filter((x) => x.time <= first + SAME_HOST_SLACK_MS);
      e.exitKnown = true;
      e.end = Math.max(e.start, first);
      e.linkEnd = e.end;
      e.exitRows = same.map((x) => x.row);
      e.exitStatus = same.find((x) => x.status)?.status ?? '';
    } else {
      e.linkEnd = next !== undefined ? next - SAME_HOST_SLACK_MS - 1 : limit;
    }
  }
}

function addPrefetchRuns(
  ix: CaseIndex,
  host: IndexIntoHostTable,
  execs: ExecState[],
  names: Set<string>,
  skewMs: number,
): void {
  const fromLogs = execs.slice();
  for (const row of ix.rows(host, 'prefetch', 'prefetch', null)) {
    const f = ix.fields(row);
    const exe = (fieldOf(f, 'Executable') ?? '').toUpperCase().slice(0, PREFETCH_NAME_MAX);
    if (!exe) continue;
    const time = ix.time(row);
    const owner = fromLogs.find(
      (e) =>
        prefetchExeName(e.image) === exe &&
        time >= e.start - skewMs &&
        time <= Math.max(e.end, e.start) + skewMs,
    );
    if (owner) {
      owner.prefetchRows.push(row);
      if (!owner.foundBy.includes('Prefetch')) owner.foundBy.push('Prefetch');
      continue;
    }
    if (!nameHit(names, exe)) continue;
    execs.push({
      index: 0,
      host,
      image: fieldOf(f, 'ExecutablePath') || exe,
      originalName: '',
      commandLine: '',
      user: '',
      pid: null,
      guid: '',
      start: time,
      end: time,
      linkEnd: time,
      exitKnown: false,
      exitStatus: '',
      foundBy: ['Prefetch'],
      createRows: [],
      exitRows: [],
      prefetchRows: [row],
    });
  }
}
