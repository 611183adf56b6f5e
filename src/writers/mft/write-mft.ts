// $MFT writer: FILE records with update-sequence fixups, $STANDARD_INFORMATION, $FILE_NAME,
// $DATA (resident when small, else non-resident with a sparse run list), named streams and an
// empty $I30 $INDEX_ROOT for directories. Layout per libfsntfs documentation "MFT entry" and
// "MFT attribute"; read back by src/parsers/mft.
import { filetimeFromParts, partsFromIso } from '../../parsers/bytes/filetime';
import { protectFixups } from '../../parsers/mft/fixup';

export interface MftTimesSpec {
  created: string;
  modified: string;
  changed: string;
  accessed: string;
}

export interface MftEntrySpec {
  entry: number;
  sequence: number;
  parentEntry: number;
  parentSequence: number;
  /** '' writes no $FILE_NAME (reserved system records). */
  name: string;
  isDirectory: boolean;
  inUse: boolean;
  /** Logical size of the unnamed $DATA (bytes). */
  size: number;
  si: MftTimesSpec;
  /** Defaults to `si`. */
  fn?: MftTimesSpec;
  /** FILE_ATTRIBUTE_* for $STANDARD_INFORMATION and $FILE_NAME. */
  attributes?: number;
  streams?: { name: string; size: number }[];
}

export interface MftSpec {
  recordSize?: 1024 | 4096;
  entries: MftEntrySpec[];
}

const HEADER_SIZE = 0x30;
const SECTOR = 512;
const CLUSTER = 4096;
/** Largest $DATA written resident. */
const RESIDENT_LIMIT = 256;
const ATTR_SI = 0x10;
const ATTR_FN = 0x30;
const ATTR_DATA = 0x80;
const ATTR_INDEX_ROOT = 0x90;
const DIR_FN_FLAG = 0x10000000;

class RecordBuilder {
  readonly b: Uint8Array;
  readonly v: DataView;
  pos: number;
  nextId = 0;

  constructor(size: number, first: number) {
    this.b = new Uint8Array(size);
    this.v = new DataView(this.b.buffer);
    this.pos = first;
  }

  private reserve(length: number, what: string): number {
    if (this.pos + length + 8 > this.b.length) {
      throw new Error(`writeMft: ${what} does not fit in a ${this.b.length}-byte record`);
    }
    const at = this.pos;
    this.pos += length;
    return at;
  }

  resident(type: number, name: string, value: Uint8Array, flags = 0): void {
    const nameBytes = name.length * 2;
    const valueOffset = align8(0x18 + nameBytes);
    const length = align8(valueOffset + value.length);
    const o = this.reserve(length, `attribute 0x${type.toString(16)}`);
    const v = this.v;
    v.setUint32(o, type, true);
    v.setUint32(o + 4, length, true);
    this.b[o + 8] = 0;
    this.b[o + 9] = name.length;
    v.setUint16(o + 10, 0x18, true);
    v.setUint16(o + 14, this.nextId++, true);
    v.setUint32(o + 0x10, value.length, true);
    v.setUint16(o + 0x14, valueOffset, true);
    this.b[o + 0x16] = flags;
    writeUtf16(this.b, o + 0x18, name);
    this.b.set(value, o + valueOffset);
  }

  nonResident(type: number, name: string, size: number): void {
    const clusters = Math.max(1, Math.ceil(size / CLUSTER));
    const run = sparseRun(clusters);
    const nameOffset = 0x40;
    const runOffset = align8(nameOffset + name.length * 2);
    const length = align8(runOffset + run.length);
    const o = this.reserve(length, `attribute 0x${type.toString(16)}`);
    const v = this.v;
    v.setUint32(o, type, true);
    v.setUint32(o + 4, length, true);
    this.b[o + 8] = 1;
    this.b[o + 9] = name.length;
    v.setUint16(o + 10, nameOffset, true);
    v.setUint16(o + 14, this.nextId++, true);
    setU64(v, o + 0x10, 0);
    setU64(v, o + 0x18, clusters - 1);
    v.setUint16(o + 0x20, runOffset, true);
    setU64(v, o + 0x28, clusters * CLUSTER);
    setU64(v, o + 0x30, size);
    setU64(v, o + 0x38, size);
    writeUtf16(this.b, o + nameOffset, name);
    this.b.set(run, o + runOffset);
  }

  end(): number {
    const o = this.reserve(8, 'end marker');
    this.v.setUint32(o, 0xffffffff, true);
    return this.pos;
  }
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

function setU64(v: DataView, o: number, n: number): void {
  v.setUint32(o, n >>> 0, true);
  v.setUint32(o + 4, Math.floor(n / 4294967296) >>> 0, true);
}

function writeUtf16(b: Uint8Array, o: number, s: string): void {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    b[o + i * 2] = c & 0xff;
    b[o + i * 2 + 1] = c >> 8;
  }
}

/** A run list with one sparse run of `clusters` clusters (header with offset size 0). */
function sparseRun(clusters: number): Uint8Array {
  const len: number[] = [];
  let n = clusters;
  do {
    len.push(n & 0xff);
    n = Math.floor(n / 256);
  } while (n > 0);
  if (len[len.length - 1] & 0x80) len.push(0);
  return new Uint8Array([len.length, ...len, 0]);
}

function setFiletime(v: DataView, o: number, iso: string): void {
  const p = partsFromIso(iso);
  if (!Number.isFinite(p.timeMs)) return;
  const { lo, hi } = filetimeFromParts(p.timeMs, p.tick);
  v.setUint32(o, lo, true);
  v.setUint32(o + 4, hi, true);
}

function setTimes(v: DataView, o: number, t: MftTimesSpec): void {
  setFiletime(v, o, t.created);
  setFiletime(v, o + 8, t.modified);
  setFiletime(v, o + 16, t.changed);
  setFiletime(v, o + 24, t.accessed);
}

function fileRef(v: DataView, o: number, entry: number, sequence: number): void {
  v.setUint32(o, entry >>> 0, true);
  v.setUint16(o + 4, Math.floor(entry / 4294967296) & 0xffff, true);
  v.setUint16(o + 6, sequence & 0xffff, true);
}

/** One FILE record of `recordSize` bytes, fixups applied (protected) as on disk. */
export function writeMftRecord(e: MftEntrySpec, recordSize: 1024 | 4096 = 1024): Uint8Array {
  const usaCount = recordSize / SECTOR + 1;
  const first = align8(HEADER_SIZE + usaCount * 2);
  const r = new RecordBuilder(recordSize, first);
  const v = r.v;
  const attrs = e.attributes ?? (e.isDirectory ? 0 : 0x20);

  const si = new Uint8Array(0x48);
  const sv = new DataView(si.buffer);
  setTimes(sv, 0, e.si);
  sv.setUint32(0x20, attrs, true);
  r.resident(ATTR_SI, '', si);

  if (e.name) {
    const fn = new Uint8Array(0x42 + e.name.length * 2);
    const fv = new DataView(fn.buffer);
    fileRef(fv, 0, e.parentEntry, e.parentSequence);
    setTimes(fv, 8, e.fn ?? e.si);
    const alloc = e.isDirectory ? 0 : Math.ceil(e.size / CLUSTER) * CLUSTER;
    setU64(fv, 0x28, alloc);
    setU64(fv, 0x30, e.isDirectory ? 0 : e.size);
    fv.setUint32(0x38, attrs | (e.isDirectory ? DIR_FN_FLAG : 0), true);
    fn[0x40] = e.name.length;
    fn[0x41] = 3;
    writeUtf16(fn, 0x42, e.name);
    r.resident(ATTR_FN, '', fn, 1);
  }

  if (e.isDirectory) {
    const ir = new Uint8Array(0x30);
    const iv = new DataView(ir.buffer);
    iv.setUint32(0, ATTR_FN, true);
    iv.setUint32(4, 1, true);
    iv.setUint32(8, CLUSTER, true);
    ir[12] = 1;
    iv.setUint32(0x10, 0x10, true);
    iv.setUint32(0x14, 0x20, true);
    iv.setUint32(0x18, 0x20, true);
    iv.setUint16(0x20 + 8, 0x10, true);
    iv.setUint32(0x20 + 12, 2, true);
    r.resident(ATTR_INDEX_ROOT, '$I30', ir);
  } else if (e.size <= RESIDENT_LIMIT) {
    r.resident(ATTR_DATA, '', new Uint8Array(e.size));
  } else {
    r.nonResident(ATTR_DATA, '', e.size);
  }
  for (const s of e.streams ?? []) {
    if (s.size <= RESIDENT_LIMIT) r.resident(ATTR_DATA, s.name, new Uint8Array(s.size));
    else r.nonResident(ATTR_DATA, s.name, s.size);
  }
  const used = r.end();

  const b = r.b;
  b.set([0x46, 0x49, 0x4c, 0x45], 0);
  v.setUint16(4, HEADER_SIZE, true);
  v.setUint16(6, usaCount, true);
  v.setUint16(0x10, e.sequence & 0xffff, true);
  v.setUint16(0x12, e.name ? 1 : 0, true);
  v.setUint16(0x14, first, true);
  v.setUint16(0x16, (e.inUse ? 1 : 0) | (e.isDirectory ? 2 : 0), true);
  v.setUint32(0x18, used, true);
  v.setUint32(0x1c, recordSize, true);
  v.setUint16(0x28, r.nextId, true);
  v.setUint32(0x2c, e.entry >>> 0, true);
  protectFixups(b, HEADER_SIZE, usaCount, (e.sequence & 0xff) + 1);
  return b;
}

/** An $MFT: one record per slot 0..max(entry); slots without a spec stay zero (never used). */
export function writeMft(spec: MftSpec): Uint8Array {
  const rs = spec.recordSize ?? 1024;
  let count = 0;
  for (const e of spec.entries) count = Math.max(count, e.entry + 1);
  const out = new Uint8Array(count * rs);
  for (const e of spec.entries) out.set(writeMftRecord(e, rs), e.entry * rs);
  return out;
}

export const ROOT_ENTRY = 5;
export const ROOT_SEQUENCE = 5;
/** First entry given to user files and folders by buildMftFromPaths. */
export const FIRST_USER_ENTRY = 64;

/** The NTFS metadata files 0..15 and the usual $Extend children, all at `time`. */
export function systemMftEntries(time: string): MftEntrySpec[] {
  const t = { created: time, modified: time, changed: time, accessed: time };
  const hidden = 0x6;
  const sys = (
    entry: number,
    name: string,
    size: number,
    isDirectory = false,
    parent = ROOT_ENTRY,
  ): MftEntrySpec => ({
    entry,
    sequence: entry === ROOT_ENTRY ? ROOT_SEQUENCE : entry < 16 ? entry || 1 : 1,
    parentEntry: parent,
    parentSequence: parent === ROOT_ENTRY ? ROOT_SEQUENCE : 11,
    name,
    isDirectory,
    inUse: true,
    size,
    si: t,
    attributes: hidden,
  });
  return [
    sys(0, '$MFT', 0),
    sys(1, '$MFTMirr', 4096),
    sys(2, '$LogFile', 4 * 1024 * 1024),
    sys(3, '$Volume', 0),
    sys(4, '$AttrDef', 2560),
    sys(5, '.', 0, true),
    sys(6, '$Bitmap', 4096),
    sys(7, '$Boot', 8192),
    sys(8, '$BadClus', 0),
    sys(9, '$Secure', 0),
    sys(10, '$UpCase', 131072),
    sys(11, '$Extend', 0, true),
    sys(12, '', 0),
    sys(13, '', 0),
    sys(14, '', 0),
    sys(15, '', 0),
    sys(24, '$Quota', 0, false, 11),
    sys(25, '$ObjId', 0, false, 11),
    sys(26, '$Reparse', 0, false, 11),
    sys(27, '$UsnJrnl', 0, false, 11),
  ];
}

export interface PathFileSpec {
  /** `\Windows\Prefetch\X.pf` or `C:\Windows\…`. */
  path: string;
  isDirectory?: boolean;
  size?: number;
  times: { created: string; modified?: string; changed?: string; accessed?: string };
  inUse?: boolean;
  attributes?: number;
  streams?: { name: string; size: number }[];
}

function fullTimes(t: PathFileSpec['times']): MftTimesSpec {
  return {
    created: t.created,
    modified: t.modified ?? t.created,
    changed: t.changed ?? t.modified ?? t.created,
    accessed: t.accessed ?? t.modified ?? t.created,
  };
}

/**
 * An $MFT holding `files` and every folder above them, plus the system entries 0..15 (root 5).
 * Folders and files get entries from 64 upward in the order met, sequence 1. A file with
 * `inUse: false` is written with sequence 2 (NTFS bumps it when freeing the record); `refs`
 * gives the sequence it had while alive, which is what its USN records carry.
 */
export function buildMftFromPaths(
  files: PathFileSpec[],
  opts: { recordSize?: 1024 | 4096 } = {},
): { bytes: Uint8Array; refs: Map<string, { entry: number; sequence: number }> } {
  let earliest = '';
  for (const f of files) if (!earliest || f.times.created < earliest) earliest = f.times.created;
  const entries = systemMftEntries(earliest || '2020-01-01T00:00:00.0000000Z');
  const refs = new Map<string, { entry: number; sequence: number }>();
  refs.set('\\', { entry: ROOT_ENTRY, sequence: ROOT_SEQUENCE });
  let next = FIRST_USER_ENTRY;
  const norm = (p: string) => {
    const parts = p
      .replace(/\//g, '\\')
      .replace(/^[A-Za-z]:/, '')
      .split('\\')
      .filter(Boolean);
    return parts;
  };
  const ensureDir = (parts: string[], times: MftTimesSpec): { entry: number; sequence: number } => {
    if (parts.length === 0) return refs.get('\\')!;
    const key = `\\${parts.join('\\')}`;
    const have = refs.get(key);
    if (have) return have;
    const parent = ensureDir(parts.slice(0, -1), times);
    const ref = { entry: next++, sequence: 1 };
    refs.set(key, ref);
    entries.push({
      entry: ref.entry,
      sequence: 1,
      parentEntry: parent.entry,
      parentSequence: parent.sequence,
      name: parts[parts.length - 1],
      isDirectory: true,
      inUse: true,
      size: 0,
      si: times,
    });
    return ref;
  };
  for (const f of files) {
    const parts = norm(f.path);
    if (parts.length === 0) continue;
    const times = fullTimes(f.times);
    if (f.isDirectory) {
      ensureDir(parts, times);
      continue;
    }
    const parent = ensureDir(parts.slice(0, -1), times);
    const key = `\\${parts.join('\\')}`;
    const ref = { entry: next++, sequence: 1 };
    refs.set(key, ref);
    const inUse = f.inUse ?? true;
    entries.push({
      entry: ref.entry,
      sequence: inUse ? 1 : 2,
      parentEntry: parent.entry,
      parentSequence: parent.sequence,
      name: parts[parts.length - 1],
      isDirectory: false,
      inUse,
      size: f.size ?? 0,
      si: times,
      attributes: f.attributes,
      streams: f.streams,
    });
  }
  return { bytes: writeMft({ recordSize: opts.recordSize, entries }), refs };
}
