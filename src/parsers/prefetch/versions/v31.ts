// Version 31 (Windows 11 22H2 and later). Not described by libscca (sccainfo 20200717 rejects it);
// verified by hand on the samples: the file information is the version 30 variant 2 layout
// (metrics array at 0x128, eight run times at 0x80, run count at 0xc8, 96-byte volume entries).
import { V30_VOLUME_ENTRY_SIZE, readV30FileInformation } from './v30';
import type { VersionLayout } from '../file-information';

export const V31: VersionLayout = {
  version: 31,
  windows: 'Windows 11',
  metricsEntrySize: 32,
  metricsNameOffsetField: 12,
  metricsFileReferenceField: 24,
  volumeEntrySize: V30_VOLUME_ENTRY_SIZE,
  readFileInformation: (r) => readV30FileInformation(r, 31),
};
