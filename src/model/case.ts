// The case: files, hosts and one events table merged from per-file batches.
// Pure: used by the React app (main thread) and by the CLI.
import type { ArtifactKind, Diagnostic, ParseSummary } from '../parsers/types';
import {
  type EventsBatch,
  type EventsTable,
  emptyTable,
  growColumn,
  type IndexIntoFileTable,
  type IndexIntoHostTable,
} from './events-table';
import { StringTable } from './string-table';

export type FileState =
  | { kind: 'queued' }
  | { kind: 'parsing'; percent: number }
  | { kind: 'done'; ok: number; errors: number }
  | { kind: 'failed'; reason: string }
  | { kind: 'unsupported'; reason: string }
  | { kind: 'cancelled' };

export interface CaseFile {
  id: IndexIntoFileTable;
  /** Path as dropped (folder-relative when a folder was dropped). */
  path: string;
  size: number;
  artifact: ArtifactKind | null;
  state: FileState;
  /** Host id from folder structure, or from EVTX Computer once parsed; -1 unassigned. */
  host: IndexIntoHostTable;
  diagnostics: Diagnostic[];
  summary: ParseSummary | null;
}

export interface Host {
  id: IndexIntoHostTable;
  name: string;
  /** When merged into another host, the id it now lives in. */
  mergedInto: IndexIntoHostTable;
}

export const UNASSIGNED = -1;

/** Canonical host name: upper-case, no domain suffix (WS01.corp.local → WS01). */
export function canonicalHostName(name: string): string {
  const n = name.trim();
  if (!n) return '';
  if (/^\d+\.\d+\.\d+\.\d+$/.test(n)) return n;
  return n.split('.')[0].toUpperCase();
}

export class HostRegistry {
  readonly hosts: Host[] = [];

  getOrAdd(name: string): IndexIntoHostTable {
    const c = canonicalHostName(name);
    if (!c) return UNASSIGNED;
    const found = this.hosts.find((h) => h.name === c && h.mergedInto === h.id);
    if (found) return found.id;
    const id = this.hosts.length;
    this.hosts.push({ id, name: c, mergedInto: id });
    return id;
  }

  resolve(id: IndexIntoHostTable): IndexIntoHostTable {
    let cur = id;
    for (
      let guard = 0;
      cur >= 0 && this.hosts[cur] && this.hosts[cur].mergedInto !== cur && guard < 1000;
      guard++
    ) {
      cur = this.hosts[cur].mergedInto;
    }
    return cur;
  }

  rename(id: IndexIntoHostTable, name: string): void {
    const h = this.hosts[this.resolve(id)];
    if (h && name.trim()) h.name = name.trim();
  }

  merge(from: IndexIntoHostTable, into: IndexIntoHostTable): void {
    const a = this.resolve(from);
    const b = this.resolve(into);
    if (a >= 0 && b >= 0 && a !== b) this.hosts[a].mergedInto = b;
  }

  /** Hosts that are not merged away. */
  active(): Host[] {
    return this.hosts.filter((h) => h.mergedInto === h.id);
  }

  name(id: IndexIntoHostTable): string {
    const r = this.resolve(id);
    return r >= 0 ? this.hosts[r].name : '(unassigned)';
  }
}

/**
 * Host name from a dropped file's path: KAPE `<HOST>/C/Windows/…`, `<HOST>/C/$MFT`,
 * Velociraptor `Collection-<HOST>-<time>/…`. Empty string when the path says nothing.
 */
export function hostFromPath(path: string): string {
  const parts = path.split(/[\\/]+/).filter(Boolean);
  for (const p of parts) {
    const m = /^Collection-(.+?)-\d{4}-\d\d-\d\d/i.exec(p) ?? /^Collection-([^-]+)-/i.exec(p);
    if (m) return m[1];
  }
  for (let i = 1; i < parts.length; i++) {
    if (/^[A-Za-z]$/.test(parts[i]) || /^[A-Za-z]%3A$/i.test(parts[i]) || /^[A-Za-z]:$/.test(parts[i])) {
      const host = parts[i - 1];
      if (!/^(uploads|auto|ntfs|file|kape|triage|collection|output)$/i.test(host)) return host;
      if (i >= 2) return parts[i - 2];
    }
  }
  return '';
}

/**
 * Appends `batch` (strings of its own) to `table`, remapping string indices. Takes ownership of
 * `batch`: its columns may become the table's own (the first batch into an empty table), so a
 * batch is appended once and not used afterwards.
 */
export function appendBatch(
  table: EventsTable,
  strings: StringTable,
  batch: EventsBatch,
  file: IndexIntoFileTable,
  hostOf: (computer: string) => IndexIntoHostTable,
): EventsTable {
  const map = new Uint32Array(batch.strings.length);
  let identity = true;
  for (let i = 0; i < batch.strings.length; i++) {
    map[i] = strings.intern(batch.strings[i]);
    if (map[i] !== i) identity = false;
  }
  const n0 = table.length;
  const n = n0 + batch.length;
  const f0 = table.fieldsLength;
  const f = f0 + batch.fieldsLength;
  // The first batch into an empty table whose strings keep their indices is adopted as it is:
  // a large file's columns are not copied once more on their way into the case.
  const adopt = n0 === 0 && table.fieldsLength === 0 && identity;
  const cat = <T extends Float64Array | Uint32Array | Uint16Array | Uint8Array | Int32Array>(
    a: T,
    b: T,
    len: number,
    blen: number,
  ): T => {
    if (adopt && b.length === blen) return b;
    // Spare capacity (in place on resizable buffers, else doubling): appending many files costs
    // amortised O(rows), not O(files × rows). Rows below `length` never change, so older table
    // objects stay valid.
    const out = growColumn(a, len + blen);
    out.set(b.subarray(0, blen), len);
    return out;
  };
  const remap = (src: Uint32Array, len: number): Uint32Array => {
    if (identity) return src.length === len ? src : src.subarray(0, len);
    const out = new Uint32Array(len);
    for (let i = 0; i < len; i++) out[i] = map[src[i]];
    return out;
  };
  const hostCol = new Uint32Array(batch.length);
  const cache = new Map<number, number>();
  for (let i = 0; i < batch.length; i++) {
    const c = batch.computer[i];
    let h = cache.get(c);
    if (h === undefined) {
      h = hostOf(batch.strings[c]);
      cache.set(c, h);
    }
    hostCol[i] = h === UNASSIGNED ? 0xffffffff : h;
  }
  let fieldStart = batch.fieldStart;
  if (f0 !== 0) {
    fieldStart = new Uint32Array(batch.length);
    for (let i = 0; i < batch.length; i++) fieldStart[i] = batch.fieldStart[i] + f0;
  }
  return {
    length: n,
    timeMs: cat(table.timeMs, batch.timeMs, n0, batch.length),
    tick: cat(table.tick, batch.tick, n0, batch.length),
    artifact: cat(table.artifact, batch.artifact, n0, batch.length),
    eventId: cat(table.eventId, batch.eventId, n0, batch.length),
    source: cat(table.source, remap(batch.source, batch.length), n0, batch.length),
    computer: cat(table.computer, remap(batch.computer, batch.length), n0, batch.length),
    label: cat(table.label, remap(batch.label, batch.length), n0, batch.length),
    summary: cat(table.summary, remap(batch.summary, batch.length), n0, batch.length),
    ref: cat(table.ref, batch.ref, n0, batch.length),
    offset: cat(table.offset, batch.offset, n0, batch.length),
    fieldStart: cat(table.fieldStart, fieldStart, n0, batch.length),
    fieldCount: cat(table.fieldCount, batch.fieldCount, n0, batch.length),
    fieldsLength: f,
    fieldKey: cat(table.fieldKey, remap(batch.fieldKey, batch.fieldsLength), f0, batch.fieldsLength),
    fieldValue: cat(table.fieldValue, remap(batch.fieldValue, batch.fieldsLength), f0, batch.fieldsLength),
    strings: strings.strings,
    file: cat(table.file, new Uint32Array(batch.length).fill(file), n0, batch.length),
    host: cat(table.host, hostCol, n0, batch.length),
  };
}

/** Every index column must point inside its table. Returns problems, empty when sound. */
export function checkIntegrity(t: EventsTable, fileCount: number, hostCount: number): string[] {
  const problems: string[] = [];
  const cols: [string, Uint32Array, number][] = [
    ['source', t.source, t.strings.length],
    ['computer', t.computer, t.strings.length],
    ['label', t.label, t.strings.length],
    ['summary', t.summary, t.strings.length],
    ['file', t.file, fileCount],
  ];
  for (const [name, col, limit] of cols) {
    if (col.length < t.length) problems.push(`${name}: ${col.length} rows, table has ${t.length}`);
    for (let i = 0; i < t.length; i++) {
      if (col[i] >= limit) {
        problems.push(`${name}[${i}] = ${col[i]} is outside 0..${limit - 1}`);
        break;
      }
    }
  }
  for (let i = 0; i < t.length; i++) {
    if (t.host[i] !== 0xffffffff && t.host[i] >= hostCount) {
      problems.push(`host[${i}] = ${t.host[i]} is outside 0..${hostCount - 1}`);
      break;
    }
    if (t.fieldStart[i] + t.fieldCount[i] > t.fieldsLength) {
      problems.push(`fieldStart[${i}] + fieldCount[${i}] runs past the fields table (${t.fieldsLength})`);
      break;
    }
  }
  for (const [name, col] of [
    ['fieldKey', t.fieldKey],
    ['fieldValue', t.fieldValue],
  ] as const) {
    for (let k = 0; k < t.fieldsLength; k++) {
      if (col[k] >= t.strings.length) {
        problems.push(`${name}[${k}] = ${col[k]} is outside the string table`);
        break;
      }
    }
  }
  return problems;
}

export { emptyTable, StringTable };
