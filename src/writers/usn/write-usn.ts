// $UsnJrnl:$J writer: USN_RECORD_V2 / V3 records (MS docs "USN_RECORD_V2/V3 structure"), packed
// into pages like Windows does (a record never crosses a page; the page tail is zero), after an
// optional sparse (zero) prefix. Read back by src/parsers/usn.
import { filetimeFromParts, partsFromIso } from '../../parsers/bytes/filetime';

export interface UsnRecordSpec {
  version?: 2 | 3;
  /** Defaults to the record's absolute offset, as Windows assigns it. */
  usn?: number;
  time: string;
  entry: number;
  sequence: number;
  parentEntry: number;
  parentSequence: number;
  name: string;
  reasons: number;
  attributes: number;
  sourceInfo?: number;
  securityId?: number;
}

export interface UsnSpec {
  records: UsnRecordSpec[];
  /** Leading zero bytes (the deallocated head of the journal), rounded up to 8. Default 0. */
  sparsePrefixBytes?: number;
  /** Page size: records do not cross it and the last page is zero-padded. Default 4096. */
  pageSize?: number;
}

function setU64(v: DataView, o: number, n: number): void {
  v.setUint32(o, n >>> 0, true);
  v.setUint32(o + 4, Math.floor(n / 4294967296) >>> 0, true);
}

function setRef(v: DataView, o: number, entry: number, sequence: number): void {
  v.setUint32(o, entry >>> 0, true);
  v.setUint16(o + 4, Math.floor(entry / 4294967296) & 0xffff, true);
  v.setUint16(o + 6, sequence & 0xffff, true);
}

export function usnRecordLength(r: UsnRecordSpec): number {
  const header = (r.version ?? 2) === 3 ? 0x4c : 0x3c;
  return (header + r.name.length * 2 + 7) & ~7;
}

/** Writes one record at `o` of `out`, whose absolute offset is `at`. */
function writeRecord(out: Uint8Array, o: number, r: UsnRecordSpec, at: number): void {
  const v = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const v3 = r.version === 3;
  const len = usnRecordLength(r);
  v.setUint32(o, len, true);
  v.setUint16(o + 4, v3 ? 3 : 2, true);
  v.setUint16(o + 6, 0, true);
  setRef(v, o + 8, r.entry, r.sequence);
  const p = v3 ? o + 0x18 : o + 0x10;
  setRef(v, p, r.parentEntry, r.parentSequence);
  setU64(v, v3 ? o + 0x28 : o + 0x18, r.usn ?? at);
  const t = v3 ? o + 0x30 : o + 0x20;
  const parts = partsFromIso(r.time);
  if (Number.isFinite(parts.timeMs)) {
    const { lo, hi } = filetimeFromParts(parts.timeMs, parts.tick);
    v.setUint32(t, lo, true);
    v.setUint32(t + 4, hi, true);
  }
  v.setUint32(t + 8, r.reasons >>> 0, true);
  v.setUint32(t + 12, (r.sourceInfo ?? 0) >>> 0, true);
  v.setUint32(t + 16, (r.securityId ?? 0) >>> 0, true);
  v.setUint32(t + 20, r.attributes >>> 0, true);
  v.setUint16(t + 24, r.name.length * 2, true);
  v.setUint16(t + 26, v3 ? 0x4c : 0x3c, true);
  for (let i = 0; i < r.name.length; i++) v.setUint16(t + 28 + i * 2, r.name.charCodeAt(i), true);
}

/** The whole $J as bytes. Offsets of records are reported through `usnOffsets` when given. */
export function writeUsn(spec: UsnSpec, usnOffsets?: number[]): Uint8Array {
  const page = spec.pageSize ?? 4096;
  const prefix = Math.ceil((spec.sparsePrefixBytes ?? 0) / 8) * 8;
  const offsets: number[] = [];
  let pos = prefix;
  for (const r of spec.records) {
    const len = usnRecordLength(r);
    if (len > page) throw new Error(`writeUsn: record of ${len} bytes does not fit a ${page}-byte page`);
    if (Math.floor(pos / page) !== Math.floor((pos + len - 1) / page)) pos = Math.ceil(pos / page) * page;
    offsets.push(pos);
    pos += len;
  }
  const end = spec.records.length > 0 ? Math.ceil(pos / page) * page : prefix;
  const out = new Uint8Array(end);
  spec.records.forEach((r, i) => {
    writeRecord(out, offsets[i], r, offsets[i]);
  });
  if (usnOffsets) usnOffsets.push(...offsets);
  return out;
}

/**
 * `n` v2 records of files `file-<i>.txt` (entries 1000…, parent 500, DATA_EXTEND, ARCHIVE) at
 * one time, page-packed: a plain $J of known content for tests and benchmarks.
 */
export function writeNumberedUsn(n: number, time = '2024-05-01T10:00:00.0000000Z'): Uint8Array {
  return writeUsn({
    records: Array.from({ length: n }, (_, i) => ({
      time,
      entry: 1000 + i,
      sequence: 1,
      parentEntry: 500,
      parentSequence: 1,
      name: `file-${i}.txt`,
      reasons: 0x100,
      attributes: 0x20,
    })),
  });
}
