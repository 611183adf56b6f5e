// Ties `<EXE>-<HASH>.pf` names to an execution: the hash must be the SCCA prefetch hash of the
// execution's device path (libscca "Calculating the prefetch hash"). The device path comes from
// the process's own WFP events (`\device\harddiskvolume2\tools\tool.exe`), else the image
// path with the volume numbers this host's WFP/prefetch rows show, else volumes 1-9 (guessed).
// Shared by the 'prefetch' and 'prefetch-file' links.
import type { IndexIntoEventsTable, IndexIntoHostTable } from '../../../model/events-table';
import { basename } from '../../../model/text';
import { hashHex, matchPrefetchHash, prefetchHashVista } from '../../../parsers/prefetch/hash';
import type { CaseIndex } from '../case-index';
import type { ExecState } from '../executions';
import { fieldOf } from '../util';

const PF_NAME = /^(.+)-([0-9A-F]{8})\.pf$/i;
const DEVICE_PATH = /^\\device\\harddiskvolume(\d+)(\\.*)$/i;
const GUESSED_VOLUMES = [1, 2, 3, 4, 5, 6, 7, 8, 9];
/** Device paths of the process kept for the prefetch hash check (they repeat on every WFP row). */
const MAX_EXACT_PATHS = 4;

export interface PfName {
  exe: string;
  hash: string;
}

export function parsePfName(value: string): PfName | null {
  const m = PF_NAME.exec(basename(value.trim()));
  return m ? { exe: m[1].toUpperCase(), hash: m[2].toUpperCase() } : null;
}

/** True when a path names a file in a Prefetch folder (or is a bare file name). */
export function inPrefetchFolder(value: string): boolean {
  const v = value.trim().replace(/\//g, '\\');
  const i = v.lastIndexOf('\\');
  if (i < 0) return true;
  return /(^|\\)prefetch$/i.test(v.slice(0, i));
}

/** Path below the volume: `C:\Tools\x.exe`, `\VOLUME{…}\Tools\x.exe`, `\??\C:\…` → `\TOOLS\X.EXE`. */
export function pathBelowVolume(p: string): string {
  let s = p.trim().replace(/\//g, '\\');
  s = s.replace(/^\\\\\?\\|^\\\?\?\\/, '');
  const drive = /^[A-Za-z]:(\\.*)$/.exec(s);
  if (drive) return drive[1].toUpperCase();
  const dev = DEVICE_PATH.exec(s);
  if (dev) return dev[2].toUpperCase();
  const vol = /^\\(?:VOLUME\{[^}]*\}|[^\\]+)(\\.*)$/i.exec(s);
  if (vol) return vol[1].toUpperCase();
  return s.startsWith('\\') ? s.toUpperCase() : `\\${s.toUpperCase()}`;
}

export interface PfCheck {
  ok: boolean;
  devicePath: string;
  guessed: boolean;
}

/** Prefetch identity of one executable path on one host. */
export class PfIdentity {
  readonly exe: string;
  readonly below: string;
  /** Exact device paths seen for this process. */
  readonly exact: string[];
  readonly volumes: number[];
  private readonly cache = new Map<string, PfCheck>();

  constructor(image: string, exact: string[], volumes: number[]) {
    this.exe = basename(image).toUpperCase().slice(0, 29);
    this.below = pathBelowVolume(image);
    this.exact = [...new Set(exact.map((p) => p.toUpperCase()))];
    this.volumes = volumes;
  }

  private candidates(): { path: string; guessed: boolean }[] {
    const out = this.exact.map((path) => ({ path, guessed: false }));
    for (const n of this.volumes)
      out.push({ path: `\\DEVICE\\HARDDISKVOLUME${n}${this.below}`, guessed: false });
    for (const n of GUESSED_VOLUMES)
      if (!this.volumes.includes(n))
        out.push({ path: `\\DEVICE\\HARDDISKVOLUME${n}${this.below}`, guessed: true });
    return out;
  }

  check(hash: string): PfCheck {
    const key = hash.toUpperCase();
    let c = this.cache.get(key);
    if (c) return c;
    const want = Number.parseInt(key, 16) >>> 0;
    c = { ok: false, devicePath: '', guessed: false };
    for (const cand of this.candidates()) {
      if (matchPrefetchHash(cand.path, want)) {
        c = { ok: true, devicePath: cand.path, guessed: cand.guessed };
        break;
      }
    }
    this.cache.set(key, c);
    return c;
  }

  /** The expected name for the best-known device path (for reasons). */
  expectedName(): string {
    const first =
      this.exact[0] ?? (this.volumes.length ? `\\DEVICE\\HARDDISKVOLUME${this.volumes[0]}${this.below}` : '');
    return first ? `${this.exe}-${hashHex(prefetchHashVista(first))}.pf` : `${this.exe}-<hash>.pf`;
  }

  describePath(): string {
    if (this.exact.length) return this.exact[0];
    if (this.volumes.length) return `\\DEVICE\\HARDDISKVOLUME${this.volumes[0]}${this.below}`;
    return `\\DEVICE\\HARDDISKVOLUME{1-9}${this.below} (volume number unknown: volumes 1-9 tried)`;
  }
}

/** A log whose rows may carry device paths in the named fields. */
export interface DevicePathSource {
  log: string;
  eventId: number;
  fields: string[];
}

/** Volume numbers this host's rows show in device paths, most frequent first. */
export function hostVolumes(
  ix: CaseIndex,
  host: IndexIntoHostTable,
  sources: DevicePathSource[],
  prefetchFields: string[],
): number[] {
  const counts = new Map<number, number>();
  const add = (v: string | undefined) => {
    if (!v) return;
    const m = DEVICE_PATH.exec(v.trim());
    if (m) counts.set(Number(m[1]), (counts.get(Number(m[1])) ?? 0) + 1);
  };
  for (const s of sources) {
    for (const row of ix.rows(host, 'evtx', s.log, s.eventId)) {
      for (const k of s.fields) {
        const v = ix.value(row, k);
        if (v !== undefined && v.charCodeAt(0) === 92) add(v);
      }
    }
  }
  for (const row of ix.rows(host, 'prefetch', 'prefetch', null)) {
    const f = ix.fields(row);
    for (const k of prefetchFields) add(fieldOf(f, k));
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([n]) => n);
}

/** The identity of an execution's image, with the device paths its own rows and prefetch runs show. */
export function prefetchIdentity(
  ix: CaseIndex,
  e: ExecState,
  ownRows: IndexIntoEventsTable[][],
  volumes: number[],
): PfIdentity {
  const exe = basename(e.image);
  const exact: string[] = [];
  for (const rows of ownRows) {
    for (const row of rows) {
      if (exact.length < MAX_EXACT_PATHS) {
        for (const v of ix.fields(row).values()) {
          if (
            v.charCodeAt(0) === 92 &&
            DEVICE_PATH.test(v) &&
            basename(v).toLowerCase() === exe.toLowerCase()
          )
            exact.push(v);
        }
      }
    }
  }
  for (const row of e.prefetchRows) {
    const v = fieldOf(ix.fields(row), 'ExecutablePath') ?? '';
    if (DEVICE_PATH.test(v) && basename(v).toLowerCase() === exe.toLowerCase()) exact.push(v);
  }
  return new PfIdentity(e.image, exact, volumes);
}

/** The `.pf` names `rows` were linked by (`found`: row → hash), else the expected name, for reasons. */
export function pfNamePhrase(
  pf: PfIdentity,
  found: Map<IndexIntoEventsTable, string>,
  rows: IndexIntoEventsTable[],
): string {
  const pfNote = pf.exact.length || pf.volumes.length ? '' : ' (volume number unknown: volumes 1-9 tried)';
  const hashes = [...new Set(rows.map((r) => found.get(r)).filter((h): h is string => !!h))];
  let name = `${pf.expectedName()}${pfNote}`;
  if (hashes.length) {
    const c = pf.check(hashes[0]);
    name = `${hashes.map((h) => `${pf.exe}-${h}.pf`).join(', ')} (hash of ${c.devicePath}${c.guessed ? ', volume number guessed' : ''})`;
  }
  return name;
}
