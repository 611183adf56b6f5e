// Version 17 (Windows XP, 2003): file information 68 bytes, libscca "File information - version 17".
//   +36 last run time (FILETIME)   +60 run count
// File metrics entries are 20 bytes (filename offset at +8, characters at +12); volume entries 40.
import type { ByteReader } from '../../bytes/reader';
import {
  FILE_INFORMATION_OFFSET,
  type FileInformation,
  readCommonFileInformation,
  readRunTimes,
  type VersionLayout,
} from '../file-information';

export const V17_FILE_INFORMATION_SIZE = 68;
export const V17_METRICS_ENTRY_SIZE = 20;
export const V17_VOLUME_ENTRY_SIZE = 40;

export const V17: VersionLayout = {
  version: 17,
  windows: 'Windows XP / Server 2003',
  metricsEntrySize: V17_METRICS_ENTRY_SIZE,
  metricsNameOffsetField: 8,
  metricsFileReferenceField: -1,
  volumeEntrySize: V17_VOLUME_ENTRY_SIZE,
  readFileInformation(r: ByteReader): FileInformation {
    const o = FILE_INFORMATION_OFFSET;
    return {
      ...readCommonFileInformation(r),
      layout: 'v17',
      lastRunTimes: readRunTimes(r, o + 36, 1),
      runCount: r.u32(o + 60, 'fileInformation.runCount'),
    };
  },
};
