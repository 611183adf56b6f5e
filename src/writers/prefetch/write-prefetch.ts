// Prefetch (.pf) writer: SCCA version 23 (Windows Vista/7, uncompressed) and version 30 variant 2
// (Windows 10 1903+, MAM\x04 LZXPRESS Huffman compressed by default). Layout from the libscca
// "Windows Prefetch File (PF) format" document:
//
//   0x000 file header (84)            version, "SCCA", 0x11, file size, executable (60), hash, flags
//   0x054 file information            v23: 156 bytes, v30 variant 2: 212 bytes
//   ....  file metrics array          32 bytes per file (filename offset/characters at +12/+16,
//                                     $MFT file reference at +24: 48-bit entry, 16-bit sequence)
//   ....  trace chains array          v23: 12 bytes per entry, v30: 8 bytes per entry
//   ....  filename strings            UTF-16LE, NUL-terminated
//   ....  volumes information         entries (v23: 104, v30: 96 bytes), then per volume its device
//                                     path, file references header and directory strings
// Sections start on 8-byte boundaries. Directories are assigned to the volume whose device path
// prefixes them (else the first volume); the parser lists them back in volume order.
import { filetimeFromParts, partsFromIso } from '../../parsers/bytes/filetime';
import { compressMam } from './mam-encode';

export { compressMam };

export interface PrefetchSpec {
  version: 23 | 30;
  executable: string;
  hash: number;
  runCount: number;
  /** ISO times, newest first, up to 8 (version 23 stores only the newest). */
  lastRunTimes: string[];
  volumes: { devicePath: string; serial: number; created: string }[];
  files: string[];
  /** $MFT file reference of each of `files` (same order), written at metrics entry +24; default 0. */
  fileReferences?: { mftEntry: number; mftSequence: number }[];
  directories: string[];
  /** Default true for version 30; ignored for version 23. */
  compress?: boolean;
}

const HEADER_SIZE = 84;
const INFO_SIZE = { 23: 156, 30: 212 } as const;
const VOLUME_ENTRY_SIZE = { 23: 104, 30: 96 } as const;
const TRACE_ENTRY_SIZE = { 23: 12, 30: 8 } as const;
const METRICS_ENTRY_SIZE = 32;
const EXECUTABLE_MAX_CHARS = 29;
const FILE_REFERENCES_VERSION = 3;
const FILE_REFERENCES_HEADER = 16;

const align8 = (n: number) => (n + 7) & ~7;

function utf16Size(s: string): number {
  return (s.length + 1) * 2;
}

class Out {
  readonly bytes: Uint8Array;
  readonly view: DataView;
  constructor(size: number) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  u16(o: number, v: number): void {
    this.view.setUint16(o, v, true);
  }
  u32(o: number, v: number): void {
    this.view.setUint32(o, v >>> 0, true);
  }
  str(o: number, s: string): void {
    for (let i = 0; i < s.length; i++) this.view.setUint16(o + 2 * i, s.charCodeAt(i), true);
  }
  filetime(o: number, iso: string): void {
    const p = partsFromIso(iso);
    if (!Number.isFinite(p.timeMs)) return;
    const ft = filetimeFromParts(p.timeMs, p.tick);
    this.u32(o, ft.lo);
    this.u32(o + 4, ft.hi);
  }
}

function volumeOf(dir: string, volumes: PrefetchSpec['volumes']): number {
  let best = 0;
  let bestLen = -1;
  const up = dir.toUpperCase();
  volumes.forEach((v, i) => {
    const p = v.devicePath.toUpperCase();
    if (p.length > bestLen && (up === p || up.startsWith(`${p}\\`))) {
      best = i;
      bestLen = p.length;
    }
  });
  return best;
}

/** Builds the uncompressed SCCA bytes. */
export function buildScca(spec: PrefetchSpec): Uint8Array {
  const v = spec.version;
  const files = spec.files;
  const metricsOffset = HEADER_SIZE + INFO_SIZE[v];
  const traceOffset = align8(metricsOffset + files.length * METRICS_ENTRY_SIZE);
  const traceCount = files.length;
  const stringsOffset = align8(traceOffset + traceCount * TRACE_ENTRY_SIZE[v]);
  let stringsSize = 0;
  for (const f of files) stringsSize += utf16Size(f);
  const volumesOffset = align8(stringsOffset + stringsSize);

  const dirsByVolume: string[][] = spec.volumes.map(() => []);
  if (spec.volumes.length > 0)
    for (const d of spec.directories) dirsByVolume[volumeOf(d, spec.volumes)].push(d);
  const entrySize = VOLUME_ENTRY_SIZE[v];
  let cursor = spec.volumes.length * entrySize;
  const volumeLayout = spec.volumes.map((vol, i) => {
    const pathOffset = align8(cursor);
    const refsOffset = align8(pathOffset + utf16Size(vol.devicePath));
    const dirsOffset = align8(refsOffset + FILE_REFERENCES_HEADER);
    let dirsSize = 0;
    for (const d of dirsByVolume[i]) dirsSize += 2 + utf16Size(d);
    cursor = dirsOffset + dirsSize;
    return { pathOffset, refsOffset, dirsOffset };
  });
  const volumesSize = align8(cursor);
  const total = volumesOffset + volumesSize;

  const o = new Out(total);
  o.u32(0, v);
  o.u32(4, 0x41434353);
  o.u32(8, 0x11);
  o.u32(12, total);
  o.str(16, spec.executable.slice(0, EXECUTABLE_MAX_CHARS));
  o.u32(76, spec.hash);

  const fi = HEADER_SIZE;
  o.u32(fi, metricsOffset);
  o.u32(fi + 4, files.length);
  o.u32(fi + 8, traceOffset);
  o.u32(fi + 12, traceCount);
  o.u32(fi + 16, stringsOffset);
  o.u32(fi + 20, stringsSize);
  o.u32(fi + 24, volumesOffset);
  o.u32(fi + 28, spec.volumes.length);
  o.u32(fi + 32, volumesSize);
  if (v === 23) {
    if (spec.lastRunTimes.length > 0) o.filetime(fi + 44, spec.lastRunTimes[0]);
    o.u32(fi + 68, spec.runCount);
    o.u32(fi + 72, 1);
  } else {
    const times = spec.lastRunTimes.slice(0, 8);
    for (let i = 0; i < times.length; i++) o.filetime(fi + 44 + 8 * i, times[i]);
    o.u32(fi + 116, spec.runCount);
    o.u32(fi + 120, 1);
    o.u32(fi + 124, 3);
  }

  let nameOffset = 0;
  files.forEach((f, i) => {
    const at = metricsOffset + i * METRICS_ENTRY_SIZE;
    o.u32(at, i);
    o.u32(at + 4, 1);
    o.u32(at + 12, nameOffset);
    o.u32(at + 16, f.length);
    o.u32(at + 20, 0x200);
    const ref = spec.fileReferences?.[i];
    if (ref) {
      o.u32(at + 24, ref.mftEntry % 0x1_0000_0000);
      o.u16(at + 28, Math.floor(ref.mftEntry / 0x1_0000_0000));
      o.u16(at + 30, ref.mftSequence);
    }
    o.str(stringsOffset + nameOffset, f);
    nameOffset += utf16Size(f);
  });
  for (let i = 0; i < traceCount; i++) {
    const at = traceOffset + i * TRACE_ENTRY_SIZE[v];
    if (v === 23) {
      o.u32(at, 0xffffffff);
      o.u32(at + 4, 1);
      o.bytes[at + 8] = 0x02;
      o.bytes[at + 9] = 0x01;
      o.u16(at + 10, 0xffff);
    } else {
      o.u32(at, 1);
      o.bytes[at + 4] = 0x02;
      o.bytes[at + 5] = 0x01;
      o.u16(at + 6, 0xffff);
    }
  }

  spec.volumes.forEach((vol, i) => {
    const at = volumesOffset + i * entrySize;
    const lay = volumeLayout[i];
    const dirs = dirsByVolume[i];
    o.u32(at, lay.pathOffset);
    o.u32(at + 4, vol.devicePath.length);
    o.filetime(at + 8, vol.created);
    o.u32(at + 16, vol.serial);
    o.u32(at + 20, lay.refsOffset);
    o.u32(at + 24, FILE_REFERENCES_HEADER);
    o.u32(at + 28, lay.dirsOffset);
    o.u32(at + 32, dirs.length);
    o.u32(at + (v === 23 ? 68 : 64), dirs.length);
    o.str(volumesOffset + lay.pathOffset, vol.devicePath);
    o.u32(volumesOffset + lay.refsOffset, FILE_REFERENCES_VERSION);
    let p = volumesOffset + lay.dirsOffset;
    for (const d of dirs) {
      o.u16(p, d.length);
      o.str(p + 2, d);
      p += 2 + utf16Size(d);
    }
  });
  return o.bytes;
}

/** A .pf file: version 30 MAM-compressed (unless `compress: false`), version 23 plain. */
export function writePrefetch(spec: PrefetchSpec): Uint8Array {
  const plain = buildScca(spec);
  if (spec.version === 30 && spec.compress !== false) return compressMam(plain);
  return plain;
}
