// $ATTRIBUTE_LIST (type 0x20): where each attribute of a file lives when it does not fit in its
// base record (libfsntfs documentation "The attribute list attribute").
//
//   entry: 0x00 u32 type   0x04 u16 entry length   0x06 u8 name length   0x07 u8 name offset
//          0x08 u64 first VCN   0x10 u64 record reference (48-bit entry, 16-bit sequence)
//          0x18 u16 attribute id   0x1A name (UTF-16)
//
// A resident list is read from the record; a non-resident one lives in clusters outside $MFT,
// so extension records are also found through their own base-record reference.
import { utf16 } from '../../bytes/text';
import { u16le, u32le } from '../../bytes/le';

export const ATTRIBUTE_LIST_ENTRY_MIN_SIZE = 0x1a;

export interface AttributeListEntry {
  type: number;
  startVcn: number;
  /** MFT entry holding the attribute. */
  entry: number;
  sequence: number;
  id: number;
  name: string;
}

/** Reads the entries of a resident list; stops at the first entry that does not fit. */
export function readAttributeList(b: Uint8Array, o: number, length: number): AttributeListEntry[] {
  const out: AttributeListEntry[] = [];
  const end = Math.min(b.length, o + length);
  let p = o;
  while (p + ATTRIBUTE_LIST_ENTRY_MIN_SIZE <= end) {
    const entryLength = u16le(b, p + 4);
    if (entryLength < ATTRIBUTE_LIST_ENTRY_MIN_SIZE || p + entryLength > end) break;
    const nameLength = b[p + 6];
    const nameOffset = b[p + 7];
    out.push({
      type: u32le(b, p),
      startVcn: u32le(b, p + 8) + u32le(b, p + 12) * 4294967296,
      entry: u32le(b, p + 0x10) + u16le(b, p + 0x14) * 4294967296,
      sequence: u16le(b, p + 0x16),
      id: u16le(b, p + 0x18),
      name:
        nameLength > 0 && nameOffset + nameLength * 2 <= entryLength
          ? utf16(b, p + nameOffset, nameLength * 2)
          : '',
    });
    p += entryLength;
  }
  return out;
}
