// Attribute record header inside a FILE record (libfsntfs documentation "MFT attribute").
//
//   0x00 u32 type (0xFFFFFFFF ends the list)   0x04 u32 record length
//   0x08 u8  non-resident flag                 0x09 u8  name length (UTF-16 units)
//   0x0A u16 name offset                       0x0C u16 data flags   0x0E u16 attribute id
//   resident:      0x10 u32 value length       0x14 u16 value offset
//   non-resident:  0x10 u64 first VCN          0x18 u64 last VCN     0x20 u16 run list offset
//                  0x22 u16 compression unit   0x28 u64 allocated    0x30 u64 data size (logical)
//                  0x38 u64 initialized size
import type { Problem } from '../diagnostics';
import { utf16 } from '../bytes/text';
import { u16le, u32le, u64le } from '../bytes/le';

export const ATTR_STANDARD_INFORMATION = 0x10;
export const ATTR_ATTRIBUTE_LIST = 0x20;
export const ATTR_FILE_NAME = 0x30;
export const ATTR_DATA = 0x80;
export const ATTR_INDEX_ROOT = 0x90;
export const ATTR_END = 0xffffffff;
export const ATTR_RESIDENT_HEADER_SIZE = 0x18;
export const ATTR_NON_RESIDENT_HEADER_SIZE = 0x40;

/** One attribute header. Offsets are inside the (fixed-up) record. */
export interface AttributeHeader {
  /** Offset of the attribute in its record. */
  offset: number;
  type: number;
  length: number;
  nonResident: boolean;
  name: string;
  flags: number;
  id: number;
  /** Resident: offset of the value inside the record; -1 when non-resident. */
  valueOffset: number;
  /** Resident: value length in bytes. */
  valueLength: number;
  /** Non-resident: first VCN (0 for the attribute part holding the sizes). */
  startVcn: number;
  /** Non-resident: bytes allocated on disk. */
  allocatedSize: number;
  /** Non-resident: logical size (bytes). */
  dataSize: number;
  initializedSize: number;
}

/**
 * Walks the attribute headers of a fixed-up record, calling `visit` for each. Stops at the end
 * marker, at the record end, or at the first header that does not fit; that last case is
 * returned as a problem (the attributes before it were visited) unless it starts at or after
 * `usedSize`: freed records often keep a stale used size, so attributes are read up to the
 * record end and only damage inside the used part is reported.
 */
export function forEachAttribute(
  rec: Uint8Array,
  first: number,
  usedSize: number,
  visit: (a: AttributeHeader) => void,
): Problem | null {
  const problem = walk(rec, first, visit);
  return problem && problem.attributeOffset < usedSize ? problem.problem : null;
}

function walk(
  rec: Uint8Array,
  first: number,
  visit: (a: AttributeHeader) => void,
): { attributeOffset: number; problem: Problem } | null {
  const end = rec.length;
  let o = first;
  const fail = (problem: Problem) => ({ attributeOffset: o, problem });
  for (let guard = 0; guard < 4096; guard++) {
    if (o + 4 > end) {
      return o === end
        ? null
        : fail({
            offset: o,
            field: 'attribute.type',
            expected: 'end marker 0xffffffff',
            found: 'end of record',
          });
    }
    const type = u32le(rec, o);
    if (type === ATTR_END) return null;
    if (o + ATTR_RESIDENT_HEADER_SIZE > end) {
      return fail({
        offset: o,
        field: 'attribute.header',
        expected: `${ATTR_RESIDENT_HEADER_SIZE} bytes`,
        found: `${end - o} bytes`,
      });
    }
    const length = u32le(rec, o + 4);
    const nonResident = rec[o + 8] !== 0;
    const minLength = nonResident ? ATTR_NON_RESIDENT_HEADER_SIZE : ATTR_RESIDENT_HEADER_SIZE;
    if (length < minLength || o + length > end || length % 8 !== 0) {
      return fail({
        offset: o + 4,
        field: 'attribute.length',
        expected: `multiple of 8, >= 0x${minLength.toString(16)}, within the record (0x${end.toString(16)})`,
        found: `0x${length.toString(16)} at attribute offset 0x${o.toString(16)}`,
      });
    }
    const nameLength = rec[o + 9];
    const nameOffset = u16le(rec, o + 10);
    let name = '';
    if (nameLength > 0) {
      if (nameOffset + nameLength * 2 > length) {
        return fail({
          offset: o + 10,
          field: 'attribute.name',
          expected: `name inside the attribute (0x${length.toString(16)} bytes)`,
          found: `offset 0x${nameOffset.toString(16)} + ${nameLength} chars`,
        });
      }
      name = utf16(rec, o + nameOffset, nameLength * 2);
    }
    const a: AttributeHeader = {
      offset: o,
      type,
      length,
      nonResident,
      name,
      flags: u16le(rec, o + 12),
      id: u16le(rec, o + 14),
      valueOffset: -1,
      valueLength: 0,
      startVcn: 0,
      allocatedSize: 0,
      dataSize: 0,
      initializedSize: 0,
    };
    if (nonResident) {
      a.startVcn = u64le(rec, o + 0x10);
      a.allocatedSize = u64le(rec, o + 0x28);
      a.dataSize = u64le(rec, o + 0x30);
      a.initializedSize = u64le(rec, o + 0x38);
    } else {
      const valueLength = u32le(rec, o + 0x10);
      const valueOffset = u16le(rec, o + 0x14);
      if (valueOffset + valueLength > length) {
        return fail({
          offset: o + 0x10,
          field: 'attribute.value',
          expected: `value inside the attribute (0x${length.toString(16)} bytes)`,
          found: `offset 0x${valueOffset.toString(16)} + length 0x${valueLength.toString(16)}`,
        });
      }
      a.valueOffset = o + valueOffset;
      a.valueLength = valueLength;
    }
    visit(a);
    o += length;
  }
  return fail({ offset: o, field: 'attribute', expected: 'at most 4096 attributes', found: 'more' });
}
