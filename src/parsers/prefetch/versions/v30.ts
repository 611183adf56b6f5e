// Version 30 (Windows 10, early Windows 11), libscca "File information - version 30":
//   variant 1: 220 bytes, metrics array at 0x130, run count at +124
//   variant 2: 212 bytes, metrics array at 0x128, run count at +116 (Windows 10 1903 and later)
// Both: +44 eight last run times (FILETIME, newest first, 0 = unset).
// File metrics entries are 32 bytes; volume entries 96 bytes.
import type { ByteReader } from '../../bytes/reader';
import {
  FILE_INFORMATION_OFFSET,
  type FileInformation,
  readCommonFileInformation,
  readRunTimes,
  type VersionLayout,
} from '../file-information';
import { RUN_TIME_SLOTS } from './v26';

export const V30_VARIANT1_FILE_INFORMATION_SIZE = 220;
export const V30_VARIANT2_FILE_INFORMATION_SIZE = 212;
/** Metrics array offset that marks variant 1 (84 + 220). Variant 2 has 0x128 (84 + 212). */
export const V30_VARIANT1_METRICS_OFFSET = 0x130;
export const V30_VARIANT2_METRICS_OFFSET = 0x128;
export const V30_VOLUME_ENTRY_SIZE = 96;

/** Variant from the metrics array offset: anything below variant 1's offset is the short layout. */
export function v30Variant(metricsOffset: number): 1 | 2 {
  return metricsOffset >= V30_VARIANT1_METRICS_OFFSET ? 1 : 2;
}

export function readV30FileInformation(r: ByteReader, version: number): FileInformation {
  const o = FILE_INFORMATION_OFFSET;
  const common = readCommonFileInformation(r);
  const variant = v30Variant(common.metricsOffset);
  return {
    ...common,
    layout: `v${version} variant ${variant}`,
    lastRunTimes: readRunTimes(r, o + 44, RUN_TIME_SLOTS),
    runCount: r.u32(o + (variant === 1 ? 124 : 116), 'fileInformation.runCount'),
  };
}

export const V30: VersionLayout = {
  version: 30,
  windows: 'Windows 10 / 11',
  metricsEntrySize: 32,
  metricsNameOffsetField: 12,
  metricsFileReferenceField: 24,
  volumeEntrySize: V30_VOLUME_ENTRY_SIZE,
  readFileInformation: (r) => readV30FileInformation(r, 30),
};
