// File information (the structure after the 84-byte header), common part shared by every version,
// libscca "Windows Prefetch File (PF) format", section "File information". Offsets are absolute
// (file information starts at 84 = 0x54):
//
//   0x54  4  file metrics array offset      0x58  4  number of file metrics entries
//   0x5c  4  trace chains array offset      0x60  4  number of trace chain entries
//   0x64  4  filename strings offset        0x68  4  filename strings size (bytes)
//   0x6c  4  volumes information offset     0x70  4  number of volumes
//   0x74  4  volumes information size (bytes)
// The run times and run count that follow differ per version (see versions/).
import type { ByteReader } from '../bytes/reader';
import { filetimeParts, type TimeParts } from '../bytes/filetime';

export const FILE_INFORMATION_OFFSET = 84;

export interface FileInformation {
  /** Layout name, e.g. `v30 variant 2`. */
  layout: string;
  metricsOffset: number;
  metricsCount: number;
  traceChainsOffset: number;
  traceChainsCount: number;
  filenameStringsOffset: number;
  filenameStringsSize: number;
  volumesOffset: number;
  volumesCount: number;
  volumesSize: number;
  /** Non-zero run times in stored order (newest first). */
  lastRunTimes: TimeParts[];
  runCount: number;
}

/** One format version: its file information reader and the sizes of its array entries. */
export interface VersionLayout {
  version: number;
  /** Windows releases that write it. */
  windows: string;
  /** File metrics entry size (bytes); filename offset/length fields inside it. */
  metricsEntrySize: number;
  metricsNameOffsetField: number;
  /** Offset of the 8-byte NTFS file reference in a metrics entry (bytes); -1 when the version has none (17). */
  metricsFileReferenceField: number;
  /** Volume information entry size (bytes). */
  volumeEntrySize: number;
  readFileInformation(r: ByteReader): FileInformation;
}

export type FileInformationCommon = Omit<FileInformation, 'layout' | 'lastRunTimes' | 'runCount'>;

export function readCommonFileInformation(r: ByteReader): FileInformationCommon {
  const o = FILE_INFORMATION_OFFSET;
  return {
    metricsOffset: r.u32(o, 'fileInformation.metricsOffset'),
    metricsCount: r.u32(o + 4, 'fileInformation.metricsCount'),
    traceChainsOffset: r.u32(o + 8, 'fileInformation.traceChainsOffset'),
    traceChainsCount: r.u32(o + 12, 'fileInformation.traceChainsCount'),
    filenameStringsOffset: r.u32(o + 16, 'fileInformation.filenameStringsOffset'),
    filenameStringsSize: r.u32(o + 20, 'fileInformation.filenameStringsSize'),
    volumesOffset: r.u32(o + 24, 'fileInformation.volumesOffset'),
    volumesCount: r.u32(o + 28, 'fileInformation.volumesCount'),
    volumesSize: r.u32(o + 32, 'fileInformation.volumesSize'),
  };
}

/** Reads `count` FILETIMEs at absolute `offset`, keeping the non-zero ones in stored order. */
export function readRunTimes(r: ByteReader, offset: number, count: number): TimeParts[] {
  const out: TimeParts[] = [];
  for (let i = 0; i < count; i++) {
    const at = offset + 8 * i;
    const lo = r.u32(at, `fileInformation.lastRunTime[${i}]`);
    const hi = r.u32(at + 4, `fileInformation.lastRunTime[${i}]`);
    if (lo === 0 && hi === 0) continue;
    out.push(filetimeParts(lo, hi));
  }
  return out;
}
