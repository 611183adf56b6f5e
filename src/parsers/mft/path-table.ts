// Compact per-entry columns for path resolution, and the resolver. One slot per MFT entry,
// no objects: a 1 GB $MFT (1M entries) costs ~12 bytes per entry plus one name string.
// Directory paths are cached (only directories are ever parents), so each is built once.
//
// Matching rule: a parent reference (entry P, sequence S) matches when P holds a FILE record
// whose sequence is S, or when P is no longer in use and its sequence is S + 1 (NTFS bumps the
// sequence when it frees a record, so a deleted file in a deleted folder still finds its path).
// Anything else is an orphan: `\$Orphan\<name>` (or `\$Orphan\<ancestors…>\<name>` when the break
// is higher up). A parent chain that loops also ends in `\$Orphan` and sets `loop`.
import { MFT_ROOT_ENTRY } from './file-record';

export const STATE_PRESENT = 0x01;
export const STATE_IN_USE = 0x02;
export const STATE_DIRECTORY = 0x04;
export const STATE_EXTENSION = 0x08;
export const STATE_BAD = 0x10;
export const ORPHAN_PREFIX = '\\$Orphan';
export const NO_PARENT = 0xffffffff;
const MAX_DEPTH = 4096;

/** Columns indexed by entry number (relative to `first`). */
export interface MftPathColumns {
  /** Entry number of slot 0. */
  first: number;
  length: number;
  sequence: Uint16Array;
  state: Uint8Array;
  parentEntry: Uint32Array;
  parentSequence: Uint16Array;
  /** Index into `names`, -1 when the entry has no $FILE_NAME. */
  nameIndex: Int32Array;
  /** Namespace rank of the chosen name (see namespaceRank). */
  nameRank: Uint8Array;
  /** Extension records: the base entry; NO_PARENT for base records. */
  baseEntry: Uint32Array;
  names: string[];
  /** Names offered for entries outside [first, first + length) (extension -> base elsewhere). */
  foreign: { entry: number; rank: number; parentEntry: number; parentSequence: number; name: string }[];
}

export function createPathColumns(first: number, length: number): MftPathColumns {
  const baseEntry = new Uint32Array(length);
  baseEntry.fill(NO_PARENT);
  const parentEntry = new Uint32Array(length);
  parentEntry.fill(NO_PARENT);
  return {
    first,
    length,
    sequence: new Uint16Array(length),
    state: new Uint8Array(length),
    parentEntry,
    parentSequence: new Uint16Array(length),
    nameIndex: new Int32Array(length).fill(-1),
    nameRank: new Uint8Array(length),
    baseEntry,
    names: [],
    foreign: [],
  };
}

/** Offers a $FILE_NAME for `entry` (a base or, via an extension record, its base). */
export function offerName(
  c: MftPathColumns,
  entry: number,
  rank: number,
  parentEntry: number,
  parentSequence: number,
  name: string,
): void {
  const i = entry - c.first;
  if (i < 0 || i >= c.length) {
    c.foreign.push({ entry, rank, parentEntry, parentSequence, name });
    return;
  }
  if (rank <= c.nameRank[i]) return;
  c.nameRank[i] = rank;
  c.parentEntry[i] = parentEntry > 0xfffffffe ? NO_PARENT : parentEntry;
  c.parentSequence[i] = parentSequence;
  const ni = c.nameIndex[i];
  if (ni >= 0) c.names[ni] = name;
  else {
    c.nameIndex[i] = c.names.length;
    c.names.push(name);
  }
}

/** Copies the slots of `part` (e.g. a worker's range) into `into`. */
export function mergePathColumns(into: MftPathColumns, part: MftPathColumns): void {
  for (let k = 0; k < part.length; k++) {
    const i = part.first + k - into.first;
    if (i < 0 || i >= into.length) continue;
    if (part.state[k] !== 0) {
      into.sequence[i] = part.sequence[k];
      into.state[i] = part.state[k];
      into.baseEntry[i] = part.baseEntry[k];
    }
    if (part.nameIndex[k] >= 0) {
      offerName(
        into,
        into.first + i,
        part.nameRank[k],
        part.parentEntry[k],
        part.parentSequence[k],
        part.names[part.nameIndex[k]],
      );
    }
  }
  for (const f of part.foreign) offerName(into, f.entry, f.rank, f.parentEntry, f.parentSequence, f.name);
}

export interface ResolvedPath {
  path: string;
  orphan: boolean;
  loop: boolean;
}

function join(dir: string, name: string): string {
  return dir === '\\' ? `\\${name}` : `${dir}\\${name}`;
}

/** Builds paths from the columns, caching directory paths. */
export class MftPathResolver {
  readonly columns: MftPathColumns;
  /** Base entry -> extension entries. */
  readonly extensions = new Map<number, number[]>();
  private readonly cache = new Map<number, string>();
  private readonly cacheOrphan = new Set<number>();
  private readonly stamp: Uint32Array;
  private generation = 0;
  orphans = 0;
  loops = 0;

  constructor(columns: MftPathColumns) {
    this.columns = columns;
    this.stamp = new Uint32Array(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const b = columns.baseEntry[i];
      if (b === NO_PARENT || (columns.state[i] & STATE_EXTENSION) === 0) continue;
      const list = this.extensions.get(b);
      if (list) list.push(columns.first + i);
      else this.extensions.set(b, [columns.first + i]);
    }
  }

  private slot(entry: number): number {
    const i = entry - this.columns.first;
    return i >= 0 && i < this.columns.length ? i : -1;
  }

  private matches(entry: number, sequence: number): boolean {
    const i = this.slot(entry);
    if (i < 0) return false;
    const c = this.columns;
    const st = c.state[i];
    if ((st & STATE_PRESENT) === 0 || (st & STATE_EXTENSION) !== 0 || c.nameIndex[i] < 0) {
      return entry === MFT_ROOT_ENTRY && (st & STATE_PRESENT) !== 0;
    }
    const seq = c.sequence[i];
    if (seq === sequence) return true;
    return (st & STATE_IN_USE) === 0 && seq === ((sequence + 1) & 0xffff);
  }

  /** Path of directory `entry` reached through a reference with `sequence`. */
  private dirPath(entry: number, sequence: number): ResolvedPath {
    const c = this.columns;
    const chain: number[] = [];
    let cur = entry;
    let curSeq = sequence;
    let base = '\\';
    let orphan = false;
    let loop = false;
    const gen = ++this.generation;
    for (;;) {
      if (cur === MFT_ROOT_ENTRY) {
        const r = this.slot(cur);
        if (r >= 0 && c.state[r] !== 0 && curSeq !== 0 && c.sequence[r] !== curSeq) {
          base = ORPHAN_PREFIX;
          orphan = true;
        }
        break;
      }
      if (!this.matches(cur, curSeq)) {
        base = ORPHAN_PREFIX;
        orphan = true;
        break;
      }
      const cached = this.cache.get(cur);
      if (cached !== undefined) {
        base = cached;
        orphan = this.cacheOrphan.has(cur);
        break;
      }
      const i = this.slot(cur);
      if (this.stamp[i] === gen || chain.length >= MAX_DEPTH) {
        base = ORPHAN_PREFIX;
        orphan = true;
        loop = true;
        break;
      }
      this.stamp[i] = gen;
      chain.push(cur);
      curSeq = c.parentSequence[i];
      cur = c.parentEntry[i];
    }
    for (let k = chain.length - 1; k >= 0; k--) {
      const e = chain[k];
      base = join(base, c.names[c.nameIndex[this.slot(e)]]);
      if (!loop) {
        this.cache.set(e, base);
        if (orphan) this.cacheOrphan.add(e);
      }
    }
    return { path: base, orphan, loop };
  }

  /** Full path of `entry` by its preferred $FILE_NAME; '' when it has none. */
  resolve(entry: number): ResolvedPath {
    if (entry === MFT_ROOT_ENTRY) return { path: '\\', orphan: false, loop: false };
    const i = this.slot(entry);
    const c = this.columns;
    if (i < 0 || c.nameIndex[i] < 0) return { path: '', orphan: false, loop: false };
    const parent = c.parentEntry[i];
    const name = c.names[c.nameIndex[i]];
    if (parent === entry) {
      this.loops++;
      this.orphans++;
      return { path: join(ORPHAN_PREFIX, name), orphan: true, loop: true };
    }
    const dir = this.dirPath(parent, c.parentSequence[i]);
    if (dir.orphan) this.orphans++;
    if (dir.loop) this.loops++;
    return { path: join(dir.path, name), orphan: dir.orphan, loop: dir.loop };
  }
}
