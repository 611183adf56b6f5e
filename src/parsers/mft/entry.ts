// One $MFT entry as the parser emits it: a base FILE record with its extension records merged
// (attributes found through $ATTRIBUTE_LIST or through the extensions' base references).
import type { Problem } from '../diagnostics';
import {
  ATTR_ATTRIBUTE_LIST,
  ATTR_DATA,
  ATTR_FILE_NAME,
  ATTR_STANDARD_INFORMATION,
  forEachAttribute,
} from './attribute-header';
import { type AttributeListEntry, readAttributeList } from './attributes/attribute-list';
import { type DataStream, readDataStream } from './attributes/data';
import { type FileName, namespaceRank, readFileName } from './attributes/file-name';
import { type MftTimes, readStandardInformation } from './attributes/standard-information';
import { type FileRecordHeader, MFT_RECORD_IN_USE, MFT_RECORD_IS_DIRECTORY } from './file-record';

export interface MftEntry {
  entry: number;
  sequence: number;
  /** Byte offset of the base record in the $MFT file. */
  offset: number;
  inUse: boolean;
  isDirectory: boolean;
  /** Record header flags (0x1 in use, 0x2 directory, 0x4/0x8 index views). */
  headerFlags: number;
  linkCount: number;
  /** $LogFile sequence number of the base record. */
  lsn: number;
  /** Full path from the volume root (`\Windows\Prefetch\X.pf`; root is `\`); '' without a name. */
  path: string;
  /** True when some parent reference did not match (path starts with `\$Orphan`). */
  orphan: boolean;
  /** True when the parent chain loops. */
  loop: boolean;
  /** Preferred $FILE_NAME (Win32 over POSIX over DOS); '' when none. */
  name: string;
  namespace: number;
  parentEntry: number;
  parentSequence: number;
  /** Every $FILE_NAME (hard links, DOS names), base and extension records together. */
  fileNames: FileName[];
  si: MftTimes | null;
  /** FILE_ATTRIBUTE_* from $STANDARD_INFORMATION. */
  siFlags: number;
  securityId: number;
  /** Last USN recorded in $STANDARD_INFORMATION, -1 when absent. */
  usn: number;
  /** Times of the preferred $FILE_NAME. */
  fn: MftTimes | null;
  /** Logical size of the unnamed $DATA stream (bytes), 0 when there is none. */
  size: number;
  allocatedSize: number;
  /** Unnamed $DATA present and resident. */
  dataResident: boolean;
  /** Named $DATA streams (alternate data streams). */
  streams: DataStream[];
  hasAttributeList: boolean;
  /** Entries of the resident $ATTRIBUTE_LIST, empty when absent or non-resident. */
  attributeList: AttributeListEntry[];
  /** Extension records merged into this entry. */
  extensionEntries: number[];
  /** $STANDARD_INFORMATION created is earlier than $FILE_NAME created. */
  timestompHint: boolean;
  /** $STANDARD_INFORMATION created has no sub-second part (.0000000). */
  siZeroFraction: boolean;
}

export function emptyEntry(entry: number, offset: number, h: FileRecordHeader): MftEntry {
  return {
    entry,
    sequence: h.sequence,
    offset,
    inUse: (h.flags & MFT_RECORD_IN_USE) !== 0,
    isDirectory: (h.flags & MFT_RECORD_IS_DIRECTORY) !== 0,
    headerFlags: h.flags,
    linkCount: h.linkCount,
    lsn: h.lsn,
    path: '',
    orphan: false,
    loop: false,
    name: '',
    namespace: -1,
    parentEntry: -1,
    parentSequence: -1,
    fileNames: [],
    si: null,
    siFlags: 0,
    securityId: -1,
    usn: -1,
    fn: null,
    size: 0,
    allocatedSize: 0,
    dataResident: false,
    streams: [],
    hasAttributeList: false,
    attributeList: [],
    extensionEntries: [],
    timestompHint: false,
    siZeroFraction: false,
  };
}

/** Adds the attributes of one fixed-up record (base or extension) to `e`. */
export function addRecordAttributes(e: MftEntry, rec: Uint8Array, h: FileRecordHeader): Problem | null {
  return forEachAttribute(rec, h.firstAttributeOffset, h.usedSize, (a) => {
    switch (a.type) {
      case ATTR_STANDARD_INFORMATION: {
        if (a.nonResident || e.si) return;
        const si = readStandardInformation(rec, a.valueOffset, a.valueLength);
        if (si) {
          e.si = si.times;
          e.siFlags = si.flags;
          e.securityId = si.securityId;
          e.usn = si.usn;
        }
        return;
      }
      case ATTR_FILE_NAME: {
        if (a.nonResident) return;
        const fn = readFileName(rec, a.valueOffset, a.valueLength);
        if (fn) e.fileNames.push(fn);
        return;
      }
      case ATTR_DATA: {
        const s = readDataStream(a);
        if (!s) return;
        if (s.name === '') {
          e.size = s.size;
          e.allocatedSize = s.allocatedSize;
          e.dataResident = s.resident;
        } else if (!e.streams.some((x) => x.name === s.name)) {
          e.streams.push(s);
        }
        return;
      }
      case ATTR_ATTRIBUTE_LIST: {
        e.hasAttributeList = true;
        if (!a.nonResident) e.attributeList = readAttributeList(rec, a.valueOffset, a.valueLength);
        return;
      }
    }
  });
}

function before(a: { timeMs: number; tick: number }, b: { timeMs: number; tick: number }): boolean {
  return a.timeMs < b.timeMs || (a.timeMs === b.timeMs && a.tick < b.tick);
}

/** Picks the preferred name and derives the SI/FN flags once all records are merged. */
export function finishEntry(e: MftEntry): void {
  let best: FileName | null = null;
  for (const fn of e.fileNames) {
    if (!best || namespaceRank(fn.namespace) > namespaceRank(best.namespace)) best = fn;
  }
  if (best) {
    e.name = best.name;
    e.namespace = best.namespace;
    e.parentEntry = best.parentEntry;
    e.parentSequence = best.parentSequence;
    e.fn = best.times;
  }
  if (e.si && e.fn) e.timestompHint = before(e.si.created, e.fn.created);
  if (e.si && Number.isFinite(e.si.created.timeMs)) {
    e.siZeroFraction = e.si.created.timeMs % 1000 === 0 && e.si.created.tick === 0;
  }
}
