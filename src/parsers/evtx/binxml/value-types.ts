// Binary XML value types and how Windows' XML view renders them.
// Spec: libevtx "Windows XML Event Log (EVTX) format", section "Value types"; MS-EVEN6 2.2.10
// (BinXmlValueType). Array types are the base type with bit 0x80 set.
//
// Rendering follows the Event Viewer "XML View": HexInt32/64 and size_t as `0x` + lowercase hex
// without zero padding, GUIDs `{UPPERCASE}`, FILETIME/SYSTEMTIME as ISO 8601 UTC with seven
// fractional digits, booleans `true`/`false`, binary as uppercase hex, size_t in decimal (as
// libevtx and python-evtx print it). Inside an element an array expands into one element per item
// (Windows does this for classic insertion strings); elsewhere its items are joined with `, `.
import { isoFromParts } from '../../bytes/filetime';
import { sidAt } from '../../bytes/guid-sid';
import { decodeUtf16, decodeAnsi } from './strings';
import { i16le, i32le, u16le, u32le } from '../../bytes/le';

export const VT_NULL = 0x00;
export const VT_STRING = 0x01;
export const VT_ANSI_STRING = 0x02;
export const VT_INT8 = 0x03;
export const VT_UINT8 = 0x04;
export const VT_INT16 = 0x05;
export const VT_UINT16 = 0x06;
export const VT_INT32 = 0x07;
export const VT_UINT32 = 0x08;
export const VT_INT64 = 0x09;
export const VT_UINT64 = 0x0a;
export const VT_REAL32 = 0x0b;
export const VT_REAL64 = 0x0c;
export const VT_BOOL = 0x0d;
export const VT_BINARY = 0x0e;
export const VT_GUID = 0x0f;
export const VT_SIZE_T = 0x10;
export const VT_FILETIME = 0x11;
export const VT_SYSTEMTIME = 0x12;
export const VT_SID = 0x13;
export const VT_HEX_INT32 = 0x14;
export const VT_HEX_INT64 = 0x15;
export const VT_EVT_HANDLE = 0x20;
export const VT_BINXML = 0x21;
export const VT_EVT_XML = 0x23;
export const VT_ARRAY = 0x80;

export const VALUE_TYPE_NAMES: Record<number, string> = {
  [VT_NULL]: 'Null',
  [VT_STRING]: 'String',
  [VT_ANSI_STRING]: 'AnsiString',
  [VT_INT8]: 'Int8',
  [VT_UINT8]: 'UInt8',
  [VT_INT16]: 'Int16',
  [VT_UINT16]: 'UInt16',
  [VT_INT32]: 'Int32',
  [VT_UINT32]: 'UInt32',
  [VT_INT64]: 'Int64',
  [VT_UINT64]: 'UInt64',
  [VT_REAL32]: 'Real32',
  [VT_REAL64]: 'Real64',
  [VT_BOOL]: 'Bool',
  [VT_BINARY]: 'Binary',
  [VT_GUID]: 'Guid',
  [VT_SIZE_T]: 'SizeT',
  [VT_FILETIME]: 'FileTime',
  [VT_SYSTEMTIME]: 'SysTime',
  [VT_SID]: 'Sid',
  [VT_HEX_INT32]: 'HexInt32',
  [VT_HEX_INT64]: 'HexInt64',
  [VT_EVT_HANDLE]: 'EvtHandle',
  [VT_BINXML]: 'BinXml',
  [VT_EVT_XML]: 'EvtXml',
};

/** Item size in bytes of fixed-size types; 0 for variable-size ones (string, binary, SID, BinXml). */
export function fixedSize(type: number): number {
  switch (type & 0x7f) {
    case VT_INT8:
    case VT_UINT8:
      return 1;
    case VT_INT16:
    case VT_UINT16:
      return 2;
    case VT_INT32:
    case VT_UINT32:
    case VT_REAL32:
    case VT_BOOL:
    case VT_HEX_INT32:
      return 4;
    case VT_INT64:
    case VT_UINT64:
    case VT_REAL64:
    case VT_FILETIME:
    case VT_HEX_INT64:
      return 8;
    case VT_GUID:
    case VT_SYSTEMTIME:
      return 16;
    default:
      return 0;
  }
}

export function isKnownValueType(type: number): boolean {
  return VALUE_TYPE_NAMES[type & 0x7f] !== undefined;
}

const HEX_UPPER: string[] = [];
for (let i = 0; i < 256; i++) HEX_UPPER.push(i.toString(16).toUpperCase().padStart(2, '0'));

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/** Unsigned 64-bit as decimal, exact. */
export function u64String(lo: number, hi: number): string {
  if (hi < 0x200000) return `${hi * 4294967296 + lo}`;
  return ((BigInt(hi) << 32n) | BigInt(lo)).toString();
}

function i64String(lo: number, hi: number): string {
  if (hi & 0x80000000) {
    const v = BigInt.asIntN(64, (BigInt(hi) << 32n) | BigInt(lo));
    return v.toString();
  }
  return u64String(lo, hi);
}

const HEX64_CACHE = new Map<number, Map<number, string>>();
let hex64Cached = 0;

/** `0x` + lowercase hex of a 64-bit value, no padding (results cached: Keywords repeat). */
export function hex64(lo: number, hi: number): string {
  let byLo = HEX64_CACHE.get(hi);
  const hit = byLo?.get(lo);
  if (hit !== undefined) return hit;
  const s = hi === 0 ? `0x${lo.toString(16)}` : `0x${hi.toString(16)}${lo.toString(16).padStart(8, '0')}`;
  if (hex64Cached > 4096) {
    HEX64_CACHE.clear();
    hex64Cached = 0;
    byLo = undefined;
  }
  if (byLo === undefined) {
    byLo = new Map();
    HEX64_CACHE.set(hi, byLo);
  }
  byLo.set(lo, s);
  hex64Cached++;
  return s;
}

/** FILETIME (two uint32 halves) as `YYYY-MM-DDTHH:MM:SS.fffffffZ`; zero is the 1601 epoch. */
export function filetimeIso(lo: number, hi: number): string {
  if (lo === 0 && hi === 0) return '1601-01-01T00:00:00.0000000Z';
  const ticksHiRem = (hi % 10000) * 4294967296 + lo;
  const ms = Math.floor(hi / 10000) * 4294967296 + Math.floor(ticksHiRem / 10000) - 11644473600000;
  const iso = isoFromParts(ms, ticksHiRem % 10000);
  return iso === '' ? `${hex64(lo, hi)}` : iso;
}

/** `{XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}` in upper case, like Windows' XML view. */
export function guidUpper(b: Uint8Array, o: number): string {
  const H = HEX_UPPER;
  return `{${H[b[o + 3]]}${H[b[o + 2]]}${H[b[o + 1]]}${H[b[o]]}-${H[b[o + 5]]}${H[b[o + 4]]}-${H[b[o + 7]]}${H[b[o + 6]]}-${H[b[o + 8]]}${H[b[o + 9]]}-${H[b[o + 10]]}${H[b[o + 11]]}${H[b[o + 12]]}${H[b[o + 13]]}${H[b[o + 14]]}${H[b[o + 15]]}}`;
}

export function upperHex(b: Uint8Array, o: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += HEX_UPPER[b[o + i]];
  return s;
}

function systemtimeIso(b: Uint8Array, o: number): string {
  const v = (i: number) => u16le(b, o + i * 2);
  const year = v(0);
  const ms = v(7);
  return `${String(year).padStart(4, '0')}-${pad2(v(1))}-${pad2(v(3))}T${pad2(v(4))}:${pad2(v(5))}:${pad2(v(6))}.${String(ms).padStart(3, '0')}0000Z`;
}

/** Renders one item of a non-array type occupying `size` bytes at `o`. BinXml is not handled here. */
export function renderScalar(b: Uint8Array, o: number, size: number, type: number): string {
  switch (type) {
    case VT_NULL:
      return '';
    case VT_STRING:
      return decodeUtf16(b, o, size >> 1, true);
    case VT_ANSI_STRING:
      return decodeAnsi(b, o, size);
    case VT_INT8:
      return `${(b[o] << 24) >> 24}`;
    case VT_UINT8:
      return `${b[o]}`;
    case VT_INT16:
      return `${i16le(b, o)}`;
    case VT_UINT16:
      return `${u16le(b, o)}`;
    case VT_INT32:
      return `${i32le(b, o)}`;
    case VT_UINT32:
      return `${u32le(b, o)}`;
    case VT_INT64:
      return i64String(u32le(b, o), u32le(b, o + 4));
    case VT_UINT64:
      return u64String(u32le(b, o), u32le(b, o + 4));
    case VT_REAL32:
      return `${new DataView(b.buffer, b.byteOffset + o, 4).getFloat32(0, true)}`;
    case VT_REAL64:
      return `${new DataView(b.buffer, b.byteOffset + o, 8).getFloat64(0, true)}`;
    case VT_BOOL:
      return u32le(b, o) !== 0 ? 'true' : 'false';
    case VT_BINARY:
      return upperHex(b, o, size);
    case VT_GUID:
      return guidUpper(b, o);
    case VT_SIZE_T:
    case VT_EVT_HANDLE:
      return size >= 8 ? u64String(u32le(b, o), u32le(b, o + 4)) : `${u32le(b, o)}`;
    case VT_FILETIME:
      return filetimeIso(u32le(b, o), u32le(b, o + 4));
    case VT_SYSTEMTIME:
      return systemtimeIso(b, o);
    case VT_SID: {
      const sid = sidAt(b, o, size);
      return sid ? sid.sid : upperHex(b, o, size);
    }
    case VT_HEX_INT32:
      return `0x${u32le(b, o).toString(16)}`;
    case VT_HEX_INT64:
      return hex64(u32le(b, o), u32le(b, o + 4));
    default:
      return upperHex(b, o, size);
  }
}

/** Renders an array value (`type` has bit 0x80 set) as its items joined with `, `. */
export function renderArray(b: Uint8Array, o: number, size: number, type: number): string {
  return arrayItems(b, o, size, type).join(', ');
}

/** The items of an array value, each rendered like a scalar of the base type. */
export function arrayItems(b: Uint8Array, o: number, size: number, type: number): string[] {
  const base = type & 0x7f;
  const items: string[] = [];
  if (base === VT_STRING) {
    const n = size >> 1;
    let start = 0;
    for (let i = 0; i < n; i++) {
      if ((b[o + i * 2] | b[o + i * 2 + 1]) === 0) {
        items.push(decodeUtf16(b, o + start * 2, i - start, false));
        start = i + 1;
      }
    }
    if (start < n) items.push(decodeUtf16(b, o + start * 2, n - start, false));
    return items;
  }
  if (base === VT_ANSI_STRING) {
    let start = 0;
    for (let i = 0; i < size; i++) {
      if (b[o + i] === 0) {
        items.push(decodeAnsi(b, o + start, i - start));
        start = i + 1;
      }
    }
    if (start < size) items.push(decodeAnsi(b, o + start, size - start));
    return items;
  }
  if (base === VT_SID) {
    let p = o;
    while (p < o + size) {
      const sid = sidAt(b, p, o + size - p);
      if (!sid) break;
      items.push(sid.sid);
      p += sid.length;
    }
    return items;
  }
  let item = fixedSize(base);
  if (base === VT_SIZE_T || base === VT_EVT_HANDLE) item = 8;
  if (item === 0) return [upperHex(b, o, size)];
  for (let p = o; p + item <= o + size; p += item) items.push(renderScalar(b, p, item, base));
  return items;
}
