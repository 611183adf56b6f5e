// Binary XML value types and their encodings, from the libyal "Windows XML Event Log (EVTX)"
// format document, section "Value types" (MS-EVEN6 2.2.10 names them the same way).
import { filetimeFromParts, partsFromIso } from '../../parsers/bytes/filetime';

export const VALUE_TYPE = {
  null: 0x00,
  string: 0x01,
  uint8: 0x04,
  uint16: 0x06,
  uint32: 0x08,
  uint64: 0x0a,
  bool: 0x0d,
  guid: 0x0f,
  sizet: 0x10,
  filetime: 0x11,
  sid: 0x13,
  hex32: 0x14,
  hex64: 0x15,
  bxml: 0x21,
} as const;

/** Names of the value types the writer emits (`sizet` is the 8-byte SizeT of a 64-bit system). */
export type EvtxValueType = Exclude<keyof typeof VALUE_TYPE, 'bxml'>;

/**
 * A substitution value as the scenario gives it: strings for string/guid (`{GUID}`)/sid (`S-1-…`)/
 * filetime (ISO `…T…Z`), numbers or bigints for integers, booleans for bool, null for a Null value.
 */
export type EvtxScalar = string | number | bigint | boolean | null;

const TWO_32 = 4294967296;

function guidBytes(guid: string, out: Uint8Array, at: number): void {
  const h = guid.replace(/[{}-]/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(h)) throw new Error(`not a GUID: ${guid}`);
  const byte = (i: number) => Number.parseInt(h.slice(i * 2, i * 2 + 2), 16);
  // Data1 (LE u32), Data2 (LE u16), Data3 (LE u16), Data4 (8 bytes as written)
  out[at] = byte(3);
  out[at + 1] = byte(2);
  out[at + 2] = byte(1);
  out[at + 3] = byte(0);
  out[at + 4] = byte(5);
  out[at + 5] = byte(4);
  out[at + 6] = byte(7);
  out[at + 7] = byte(6);
  for (let i = 8; i < 16; i++) out[at + i] = byte(i);
}

function sidParts(sid: string): { revision: number; authority: number; subs: number[] } {
  const m = /^S-(\d+)-(\d+)((?:-\d+)*)$/.exec(sid);
  if (!m) throw new Error(`not a SID: ${sid}`);
  const subs = m[3] ? m[3].slice(1).split('-').map(Number) : [];
  return { revision: Number(m[1]), authority: Number(m[2]), subs };
}

/** Encoded size in bytes of `value` as `type` (0 for null). */
export function valueSize(type: EvtxValueType, value: EvtxScalar): number {
  if (value === null) return 0;
  switch (type) {
    case 'string':
      return (value as string).length * 2;
    case 'uint8':
      return 1;
    case 'uint16':
      return 2;
    case 'uint32':
    case 'bool':
    case 'hex32':
      return 4;
    case 'uint64':
    case 'hex64':
    case 'sizet':
    case 'filetime':
      return 8;
    case 'guid':
      return 16;
    case 'sid':
      return 8 + sidParts(value as string).subs.length * 4;
    default:
      return 0;
  }
}

function write64(view: DataView, at: number, value: number | bigint): void {
  if (typeof value === 'bigint') {
    const v = BigInt.asUintN(64, value);
    view.setUint32(at, Number(v & 0xffffffffn), true);
    view.setUint32(at + 4, Number(v >> 32n), true);
  } else {
    view.setUint32(at, value >>> 0, true);
    view.setUint32(at + 4, Math.floor(value / TWO_32) >>> 0, true);
  }
}

/** Writes `value` at `at`; returns the number of bytes written (equal to valueSize). */
export function writeValue(
  out: Uint8Array,
  view: DataView,
  at: number,
  type: EvtxValueType,
  value: EvtxScalar,
): number {
  if (value === null) return 0;
  switch (type) {
    case 'string': {
      const s = value as string;
      for (let i = 0; i < s.length; i++) {
        const c = s.charCodeAt(i);
        out[at + 2 * i] = c & 0xff;
        out[at + 2 * i + 1] = c >>> 8;
      }
      return s.length * 2;
    }
    case 'uint8':
      out[at] = Number(value) & 0xff;
      return 1;
    case 'uint16':
      view.setUint16(at, Number(value), true);
      return 2;
    case 'uint32':
    case 'hex32':
      view.setUint32(at, Number(value) >>> 0, true);
      return 4;
    case 'bool':
      view.setUint32(at, value ? 1 : 0, true);
      return 4;
    case 'uint64':
    case 'hex64':
    case 'sizet':
      write64(view, at, typeof value === 'bigint' ? value : Number(value));
      return 8;
    case 'filetime': {
      const p = partsFromIso(value as string);
      if (!Number.isFinite(p.timeMs)) throw new Error(`not an ISO time: ${value}`);
      const ft = filetimeFromParts(p.timeMs, p.tick);
      view.setUint32(at, ft.lo, true);
      view.setUint32(at + 4, ft.hi, true);
      return 8;
    }
    case 'guid':
      guidBytes(value as string, out, at);
      return 16;
    case 'sid': {
      const s = sidParts(value as string);
      out[at] = s.revision;
      out[at + 1] = s.subs.length;
      let a = s.authority;
      for (let i = 7; i >= 2; i--) {
        out[at + i] = a % 256;
        a = Math.floor(a / 256);
      }
      for (let i = 0; i < s.subs.length; i++) view.setUint32(at + 8 + i * 4, s.subs[i] >>> 0, true);
      return 8 + s.subs.length * 4;
    }
    default:
      return 0;
  }
}
