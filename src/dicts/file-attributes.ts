// FILE_ATTRIBUTE_* flags (winnt.h; MS docs "File Attribute Constants"), as stored in NTFS
// $STANDARD_INFORMATION / $FILE_NAME and in USN records. Two renderings: Windows constant names,
// and the JPCERT/CC sheet's style (`archive+not_indexed`): short lower-case names sorted
// alphabetically and joined by '+'.
import { type FlagName, flagNames } from './usn';

export const FILE_ATTRIBUTE_READONLY = 0x1;
export const FILE_ATTRIBUTE_HIDDEN = 0x2;
export const FILE_ATTRIBUTE_SYSTEM = 0x4;
export const FILE_ATTRIBUTE_DIRECTORY = 0x10;
export const FILE_ATTRIBUTE_ARCHIVE = 0x20;
export const FILE_ATTRIBUTE_NORMAL = 0x80;
export const FILE_ATTRIBUTE_NOT_CONTENT_INDEXED = 0x2000;
/** NTFS $FILE_NAME / $STANDARD_INFORMATION: the entry has an $I30 index (a directory). */
export const FILE_ATTRIBUTE_DUP_FILE_NAME_INDEX_PRESENT = 0x10000000;

export const FILE_ATTRIBUTE_FLAGS: readonly FlagName[] = [
  { bit: 0x00000001, windows: 'FILE_ATTRIBUTE_READONLY', sheet: 'readonly' },
  { bit: 0x00000002, windows: 'FILE_ATTRIBUTE_HIDDEN', sheet: 'hidden' },
  { bit: 0x00000004, windows: 'FILE_ATTRIBUTE_SYSTEM', sheet: 'system' },
  { bit: 0x00000010, windows: 'FILE_ATTRIBUTE_DIRECTORY', sheet: 'directory' },
  { bit: 0x00000020, windows: 'FILE_ATTRIBUTE_ARCHIVE', sheet: 'archive' },
  { bit: 0x00000040, windows: 'FILE_ATTRIBUTE_DEVICE', sheet: 'device' },
  { bit: 0x00000080, windows: 'FILE_ATTRIBUTE_NORMAL', sheet: 'normal' },
  { bit: 0x00000100, windows: 'FILE_ATTRIBUTE_TEMPORARY', sheet: 'temporary' },
  { bit: 0x00000200, windows: 'FILE_ATTRIBUTE_SPARSE_FILE', sheet: 'sparse' },
  { bit: 0x00000400, windows: 'FILE_ATTRIBUTE_REPARSE_POINT', sheet: 'reparse_point' },
  { bit: 0x00000800, windows: 'FILE_ATTRIBUTE_COMPRESSED', sheet: 'compressed' },
  { bit: 0x00001000, windows: 'FILE_ATTRIBUTE_OFFLINE', sheet: 'offline' },
  { bit: 0x00002000, windows: 'FILE_ATTRIBUTE_NOT_CONTENT_INDEXED', sheet: 'not_indexed' },
  { bit: 0x00004000, windows: 'FILE_ATTRIBUTE_ENCRYPTED', sheet: 'encrypted' },
  { bit: 0x00008000, windows: 'FILE_ATTRIBUTE_INTEGRITY_STREAM', sheet: 'integrity_stream' },
  { bit: 0x00010000, windows: 'FILE_ATTRIBUTE_VIRTUAL', sheet: 'virtual' },
  { bit: 0x00020000, windows: 'FILE_ATTRIBUTE_NO_SCRUB_DATA', sheet: 'no_scrub_data' },
  { bit: 0x00040000, windows: 'FILE_ATTRIBUTE_RECALL_ON_OPEN', sheet: 'recall_on_open' },
  { bit: 0x00080000, windows: 'FILE_ATTRIBUTE_PINNED', sheet: 'pinned' },
  { bit: 0x00100000, windows: 'FILE_ATTRIBUTE_UNPINNED', sheet: 'unpinned' },
  { bit: 0x00400000, windows: 'FILE_ATTRIBUTE_RECALL_ON_DATA_ACCESS', sheet: 'recall_on_data_access' },
  { bit: 0x10000000, windows: 'FILE_ATTRIBUTE_DUP_FILE_NAME_INDEX_PRESENT', sheet: 'directory_index' },
  { bit: 0x20000000, windows: 'FILE_ATTRIBUTE_DUP_VIEW_INDEX_PRESENT', sheet: 'view_index' },
];

/** `archive+not_indexed`; empty string for 0. */
export function fileAttributesSheet(value: number): string {
  return flagNames(FILE_ATTRIBUTE_FLAGS, value, 'sheet').join('+');
}

/** ['FILE_ATTRIBUTE_ARCHIVE', 'FILE_ATTRIBUTE_NOT_CONTENT_INDEXED'] (bit order). */
export function fileAttributesWindows(value: number): string[] {
  return flagNames(FILE_ATTRIBUTE_FLAGS, value, 'windows');
}
