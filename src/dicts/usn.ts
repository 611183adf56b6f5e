// USN_RECORD Reason flags (winioctl.h, "USN_REASON_*"; MS docs "USN_RECORD_V2 structure").
// Two renderings: the Windows constant names, and the JPCERT/CC tool-analysis sheet's style
// (`CLOSE+DATA_EXTEND+FILE_CREATE`): the constant name without its prefix, names sorted
// alphabetically and joined by '+'. The sheet's own examples (FILE_CREATE, DATA_EXTEND+FILE_CREATE,
// CLOSE+DATA_EXTEND+FILE_CREATE) are alphabetical, not bit-ordered (descending bits would give
// CLOSE+FILE_CREATE+DATA_EXTEND), so alphabetical order is what we reproduce.

export interface FlagName {
  /** Bit value. */
  bit: number;
  /** Windows constant, e.g. USN_REASON_FILE_CREATE. */
  windows: string;
  /** Sheet style, e.g. FILE_CREATE. */
  sheet: string;
}

export const USN_REASON_FLAGS: readonly FlagName[] = [
  { bit: 0x00000001, windows: 'USN_REASON_DATA_OVERWRITE', sheet: 'DATA_OVERWRITE' },
  { bit: 0x00000002, windows: 'USN_REASON_DATA_EXTEND', sheet: 'DATA_EXTEND' },
  { bit: 0x00000004, windows: 'USN_REASON_DATA_TRUNCATION', sheet: 'DATA_TRUNCATION' },
  { bit: 0x00000010, windows: 'USN_REASON_NAMED_DATA_OVERWRITE', sheet: 'NAMED_DATA_OVERWRITE' },
  { bit: 0x00000020, windows: 'USN_REASON_NAMED_DATA_EXTEND', sheet: 'NAMED_DATA_EXTEND' },
  { bit: 0x00000040, windows: 'USN_REASON_NAMED_DATA_TRUNCATION', sheet: 'NAMED_DATA_TRUNCATION' },
  { bit: 0x00000100, windows: 'USN_REASON_FILE_CREATE', sheet: 'FILE_CREATE' },
  { bit: 0x00000200, windows: 'USN_REASON_FILE_DELETE', sheet: 'FILE_DELETE' },
  { bit: 0x00000400, windows: 'USN_REASON_EA_CHANGE', sheet: 'EA_CHANGE' },
  { bit: 0x00000800, windows: 'USN_REASON_SECURITY_CHANGE', sheet: 'SECURITY_CHANGE' },
  { bit: 0x00001000, windows: 'USN_REASON_RENAME_OLD_NAME', sheet: 'RENAME_OLD_NAME' },
  { bit: 0x00002000, windows: 'USN_REASON_RENAME_NEW_NAME', sheet: 'RENAME_NEW_NAME' },
  { bit: 0x00004000, windows: 'USN_REASON_INDEXABLE_CHANGE', sheet: 'INDEXABLE_CHANGE' },
  { bit: 0x00008000, windows: 'USN_REASON_BASIC_INFO_CHANGE', sheet: 'BASIC_INFO_CHANGE' },
  { bit: 0x00010000, windows: 'USN_REASON_HARD_LINK_CHANGE', sheet: 'HARD_LINK_CHANGE' },
  { bit: 0x00020000, windows: 'USN_REASON_COMPRESSION_CHANGE', sheet: 'COMPRESSION_CHANGE' },
  { bit: 0x00040000, windows: 'USN_REASON_ENCRYPTION_CHANGE', sheet: 'ENCRYPTION_CHANGE' },
  { bit: 0x00080000, windows: 'USN_REASON_OBJECT_ID_CHANGE', sheet: 'OBJECT_ID_CHANGE' },
  { bit: 0x00100000, windows: 'USN_REASON_REPARSE_POINT_CHANGE', sheet: 'REPARSE_POINT_CHANGE' },
  { bit: 0x00200000, windows: 'USN_REASON_STREAM_CHANGE', sheet: 'STREAM_CHANGE' },
  { bit: 0x00400000, windows: 'USN_REASON_TRANSACTED_CHANGE', sheet: 'TRANSACTED_CHANGE' },
  { bit: 0x00800000, windows: 'USN_REASON_INTEGRITY_CHANGE', sheet: 'INTEGRITY_CHANGE' },
  {
    bit: 0x01000000,
    windows: 'USN_REASON_DESIRED_STORAGE_CLASS_CHANGE',
    sheet: 'DESIRED_STORAGE_CLASS_CHANGE',
  },
  { bit: 0x80000000, windows: 'USN_REASON_CLOSE', sheet: 'CLOSE' },
];

export const USN_REASON_FILE_CREATE = 0x100;
export const USN_REASON_DATA_EXTEND = 0x2;
export const USN_REASON_CLOSE = 0x80000000;

/** USN_RECORD SourceInfo flags. */
export const USN_SOURCE_FLAGS: readonly FlagName[] = [
  { bit: 0x1, windows: 'USN_SOURCE_DATA_MANAGEMENT', sheet: 'DATA_MANAGEMENT' },
  { bit: 0x2, windows: 'USN_SOURCE_AUXILIARY_DATA', sheet: 'AUXILIARY_DATA' },
  { bit: 0x4, windows: 'USN_SOURCE_REPLICATION_MANAGEMENT', sheet: 'REPLICATION_MANAGEMENT' },
  { bit: 0x8, windows: 'USN_SOURCE_CLIENT_REPLICATION_MANAGEMENT', sheet: 'CLIENT_REPLICATION_MANAGEMENT' },
];

const SORTED = new WeakMap<readonly FlagName[], readonly FlagName[]>();
function sheetSorted(table: readonly FlagName[]): readonly FlagName[] {
  let s = SORTED.get(table);
  if (!s) {
    s = [...table].sort((a, b) => (a.sheet < b.sheet ? -1 : a.sheet > b.sheet ? 1 : 0));
    SORTED.set(table, s);
  }
  return s;
}
const REASONS_BY_SHEET = sheetSorted(USN_REASON_FLAGS);

/** Names of the set bits in table order; unknown bits as `0x…`. */
export function flagNames(table: readonly FlagName[], value: number, style: 'windows' | 'sheet'): string[] {
  const out: string[] = [];
  let known = 0;
  const ordered = style === 'sheet' ? sheetSorted(table) : table;
  for (const f of ordered) {
    known = (known | f.bit) >>> 0;
    if ((value & f.bit) >>> 0 !== 0) out.push(f[style]);
  }
  const unknown = (value & ~known) >>> 0;
  if (unknown !== 0) out.push(`0x${unknown.toString(16)}`);
  return out;
}

/** `CLOSE+DATA_EXTEND+FILE_CREATE` (alphabetical, as the sheet writes it). */
export function usnReasonsSheet(reasons: number): string {
  const out: string[] = [];
  let known = 0;
  for (const f of REASONS_BY_SHEET) {
    known = (known | f.bit) >>> 0;
    if ((reasons & f.bit) >>> 0 !== 0) out.push(f.sheet);
  }
  const unknown = (reasons & ~known) >>> 0;
  if (unknown !== 0) out.push(`0x${unknown.toString(16)}`);
  return out.join('+');
}

/** ['USN_REASON_DATA_EXTEND', 'USN_REASON_FILE_CREATE', 'USN_REASON_CLOSE'] (bit order). */
export function usnReasonsWindows(reasons: number): string[] {
  return flagNames(USN_REASON_FLAGS, reasons, 'windows');
}
