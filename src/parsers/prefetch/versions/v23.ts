// Version 23 (Windows Vista, 7): file information 156 bytes, libscca "File information - version 23".
//   +44 last run time (FILETIME)   +68 run count
// File metrics entries are 32 bytes (filename offset at +12, characters at +16); volume entries 104.
import type { ByteReader } from '../../bytes/reader';
import {
  FILE_INFORMATION_OFFSET,
  type FileInformation,
  readCommonFileInformation,
  readRunTimes,
  type VersionLayout,
} from '../file-information';

export const V23_FILE_INFORMATION_SIZE = 156;
export const V23_METRICS_ENTRY_SIZE = 32;
export const V23_VOLUME_ENTRY_SIZE = 104;

export const V23: VersionLayout = {
  version: 23,
  windows: 'Windows Vista / 7',
  metricsEntrySize: V23_METRICS_ENTRY_SIZE,
  metricsNameOffsetField: 12,
  metricsFileReferenceField: 24,
  volumeEntrySize: V23_VOLUME_ENTRY_SIZE,
  readFileInformation(r: ByteReader): FileInformation {
    const o = FILE_INFORMATION_OFFSET;
    return {
      ...readCommonFileInformation(r),
      layout: 'v23',
      lastRunTimes: readRunTimes(r, o + 44, 1),
      runCount: r.u32(o + 68, 'fileInformation.runCount'),
    };
  },
};
