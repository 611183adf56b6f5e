// Version 26 (Windows 8, 8.1, Server 2012): file information 220 bytes, libscca "File information -
// version 26".   +44 eight last run times (FILETIME, newest first, 0 = unset)   +124 run count
// File metrics entries are 32 bytes; volume entries 104 bytes.
import type { ByteReader } from '../../bytes/reader';
import {
  FILE_INFORMATION_OFFSET,
  type FileInformation,
  readCommonFileInformation,
  readRunTimes,
  type VersionLayout,
} from '../file-information';

export const V26_FILE_INFORMATION_SIZE = 220;
export const RUN_TIME_SLOTS = 8;

export const V26: VersionLayout = {
  version: 26,
  windows: 'Windows 8 / 8.1 / Server 2012',
  metricsEntrySize: 32,
  metricsNameOffsetField: 12,
  metricsFileReferenceField: 24,
  volumeEntrySize: 104,
  readFileInformation(r: ByteReader): FileInformation {
    const o = FILE_INFORMATION_OFFSET;
    return {
      ...readCommonFileInformation(r),
      layout: 'v26',
      lastRunTimes: readRunTimes(r, o + 44, RUN_TIME_SLOTS),
      runCount: r.u32(o + 124, 'fileInformation.runCount'),
    };
  },
};
