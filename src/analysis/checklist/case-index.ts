// One pass over the events table: rows grouped by (host, artifact, log, event id), and what each
// host's logs cover (time range, counts per event id, files). The engine asks only these groups,
// so a million-row case is walked once.
import type { CaseStore } from '../../model/case-store';
import { ARTIFACT_BY_CODE, ARTIFACT_EVTX } from '../../model/artifact';
import { type IndexIntoEventsTable, type IndexIntoHostTable, rowFields } from '../../model/events-table';
import type { ArtifactKind } from '../../parsers/types';
import type { Fields } from './util';

export type CaseInput = Pick<CaseStore, 'files' | 'hosts' | 'table' | 'hostOfRow'>;

export const UNASSIGNED_HOST = -1;

/** What one log (EVTX channel) or artifact kind of one host holds. */
export interface LogCoverage {
  artifact: ArtifactKind;
  /** Channel for EVTX; the artifact kind otherwise. */
  log: string;
  rows: number;
  /** First and last row time (ms since 1970), NaN when no row has a time. */
  first: number;
  last: number;
  byEvent: Map<number, IndexIntoEventsTable[]>;
  /** File paths holding it. */
  files: Set<string>;
  lastFile: number;
}

export class CaseIndex {
  readonly input: CaseInput;
  readonly hostIds: IndexIntoHostTable[] = [];
  private readonly groups = new Map<string, LogCoverage>();
  /** Lower-case field name → string indices of the field keys spelled that way. */
  private readonly keyIndex = new Map<string, number[]>();
  private readonly nameCache = new Map<string, number[]>();

  constructor(input: CaseInput) {
    this.input = input;
    const t = input.table;
    const active = input.hosts.active().map((h) => h.id);
    const soleHost = active.length === 1 ? active[0] : UNASSIGNED_HOST;
    const seen = new Set<number>();
    const byHostArtifact = new Map<number, Map<number, LogCoverage>>();
    const resolved = new Map<number, number>();
    for (let row = 0; row < t.length; row++) {
      const raw = t.host[row];
      let host = resolved.get(raw);
      if (host === undefined) {
        host = input.hostOfRow(row);
        if (host < 0) host = soleHost;
        resolved.set(raw, host);
      }
      const code = t.artifact[row];
      const hk = (host + 1) * 8 + code;
      let bySource = byHostArtifact.get(hk);
      if (!bySource) {
        bySource = new Map();
        byHostArtifact.set(hk, bySource);
      }
      const src = code === ARTIFACT_EVTX ? t.source[row] : 0;
      let g = bySource.get(src);
      if (!g) {
        const artifact = ARTIFACT_BY_CODE[code] ?? 'evtx';
        g = this.group(host, artifact, artifact === 'evtx' ? (t.strings[src] ?? '') : artifact);
        bySource.set(src, g);
        seen.add(host);
      }
      g.rows++;
      const time = t.timeMs[row];
      if (!Number.isNaN(time)) {
        if (!(time >= g.first)) g.first = time;
        if (!(time <= g.last)) g.last = time;
      }
      const ev = t.eventId[row];
      let list = g.byEvent.get(ev);
      if (!list) {
        list = [];
        g.byEvent.set(ev, list);
      }
      list.push(row);
      const fileId = t.file[row];
      if (fileId !== g.lastFile) {
        g.lastFile = fileId;
        const file = input.files[fileId];
        if (file) g.files.add(file.path);
      }
    }
    const keys = new Set<number>();
    for (let k = 0; k < t.fieldsLength; k++) keys.add(t.fieldKey[k]);
    for (const k of keys) {
      const lower = (t.strings[k] ?? '').toLowerCase();
      const list = this.keyIndex.get(lower);
      if (list) list.push(k);
      else this.keyIndex.set(lower, [k]);
    }
    for (const f of input.files) {
      if (f.artifact !== 'evtx' || !f.summary) continue;
      const channel = String(f.summary.info.channel ?? '');
      if (!channel) continue;
      let host = f.host >= 0 ? input.hosts.resolve(f.host) : soleHost;
      if (host < 0) host = soleHost;
      this.group(host, 'evtx', channel).files.add(f.path);
      seen.add(host);
    }
    for (const f of input.files) {
      if (f.artifact === null || f.state.kind !== 'done') continue;
      let host = f.host >= 0 ? input.hosts.resolve(f.host) : soleHost;
      if (host < 0) host = soleHost;
      if (f.artifact !== 'evtx') this.group(host, f.artifact, f.artifact).files.add(f.path);
      seen.add(host);
    }
    for (const h of active) this.hostIds.push(h);
    if (seen.has(UNASSIGNED_HOST)) this.hostIds.push(UNASSIGNED_HOST);
  }

  private group(host: IndexIntoHostTable, artifact: ArtifactKind, log: string): LogCoverage {
    const key = `${host}\u0000${artifact}\u0000${log.toLowerCase()}`;
    let g = this.groups.get(key);
    if (!g) {
      g = {
        artifact,
        log,
        rows: 0,
        first: Number.NaN,
        last: Number.NaN,
        byEvent: new Map(),
        files: new Set(),
        lastFile: -1,
      };
      this.groups.set(key, g);
    }
    return g;
  }

  hostName(host: IndexIntoHostTable): string {
    return host === UNASSIGNED_HOST ? '(unassigned)' : this.input.hosts.name(host);
  }

  /** Coverage of an EVTX channel (by name) or of an artifact kind on a host; undefined when absent. */
  coverage(host: IndexIntoHostTable, artifact: ArtifactKind, log: string): LogCoverage | undefined {
    return this.groups.get(
      `${host}\u0000${artifact}\u0000${(artifact === 'evtx' ? log : artifact).toLowerCase()}`,
    );
  }

  /** Rows of one log (and event id, when given) on a host. */
  rows(
    host: IndexIntoHostTable,
    artifact: ArtifactKind,
    log: string,
    eventId: number | null,
  ): IndexIntoEventsTable[] {
    const g = this.coverage(host, artifact, log);
    if (!g) return [];
    if (eventId !== null) return g.byEvent.get(eventId) ?? [];
    if (g.byEvent.size === 1) return [...g.byEvent.values()][0];
    const all: IndexIntoEventsTable[] = [];
    for (const list of g.byEvent.values()) for (const r of list) all.push(r);
    return all.sort((a, b) => a - b);
  }

  /** A row's named values, read from the columns on demand (no object per field). */
  fields(row: IndexIntoEventsTable): Fields {
    return {
      get: (name) => this.value(row, name),
      values: () => Object.values(rowFields(this.input.table, row)),
    };
  }

  /** One named value of a row (name compared without case), or undefined. */
  value(row: IndexIntoEventsTable, name: string): string | undefined {
    let idx = this.nameCache.get(name);
    if (!idx) {
      idx = this.keyIndex.get(name.toLowerCase()) ?? [];
      this.nameCache.set(name, idx);
    }
    if (idx.length === 0) return undefined;
    const t = this.input.table;
    const start = t.fieldStart[row];
    const end = start + t.fieldCount[row];
    if (idx.length === 1) {
      const want = idx[0];
      for (let k = start; k < end; k++) if (t.fieldKey[k] === want) return t.strings[t.fieldValue[k]];
      return undefined;
    }
    for (let k = start; k < end; k++) if (idx.includes(t.fieldKey[k])) return t.strings[t.fieldValue[k]];
    return undefined;
  }

  time(row: IndexIntoEventsTable): number {
    return this.input.table.timeMs[row];
  }

  filePath(row: IndexIntoEventsTable): string {
    return this.input.files[this.input.table.file[row]]?.path ?? '';
  }
}
