// The events table: struct-of-arrays, one row per timeline event, strings interned.
// Fields (EventData by name, prefetch/MFT/USN attributes) are a side table addressed by
// [fieldStart, fieldStart + fieldCount) so rows have any number of named values.
import type { NormalizedEvent } from '../parsers/types';
import { ARTIFACT_CODE } from './artifact';
import { type IndexIntoStringTable, StringTable } from './string-table';

export { ARTIFACT_BY_CODE, ARTIFACT_CODE } from './artifact';

export type IndexIntoEventsTable = number;
export type IndexIntoFieldsTable = number;
export type IndexIntoFileTable = number;
export type IndexIntoHostTable = number;
/** Milliseconds since 1970-01-01 UTC. */
export type Milliseconds = number;

/** Plain typed arrays + the strings array: what a worker transfers back. */
export interface EventsBatch {
  length: number;
  timeMs: Float64Array;
  /** 100 ns units within the millisecond, 0..9999. */
  tick: Uint16Array;
  artifact: Uint8Array;
  eventId: Int32Array;
  source: Uint32Array;
  computer: Uint32Array;
  label: Uint32Array;
  summary: Uint32Array;
  ref: Float64Array;
  offset: Float64Array;
  fieldStart: Uint32Array;
  fieldCount: Uint16Array;
  fieldsLength: number;
  fieldKey: Uint32Array;
  fieldValue: Uint32Array;
  strings: string[];
}

export interface EventsTable extends EventsBatch {
  file: Uint32Array;
  host: Uint32Array;
}

type Column = Float64Array | Uint32Array | Uint16Array | Uint8Array | Int32Array;
type ColumnCtor<T extends Column> = {
  new (n: number): T;
  new (buffer: ArrayBuffer, byteOffset?: number): T;
  readonly BYTES_PER_ELEMENT: number;
};

/**
 * Address space a column reserves when it moves to a resizable buffer: RESERVE_FACTOR times its
 * size then (at least RESERVE_MIN_ELEMENTS, at most RESERVE_MAX_ELEMENTS elements). Reserving
 * little for small columns matters: a worker parses thousands of small files, and freed
 * reservations only return at a full GC, so fixed large reservations exhaust the address space
 * and every buffer allocation then forces a full GC.
 */
const RESERVE_FACTOR = 64;
const RESERVE_MIN_ELEMENTS = 2 ** 22;
const RESERVE_MAX_ELEMENTS = 2 ** 29;

/**
 * A column of `n` elements on a resizable ArrayBuffer when the runtime has them (ES2024), so growing
 * it commits more pages in place instead of copying into a buffer twice the size: peak memory
 * stays near the filled length instead of 1.5–3× it. Falls back to a plain array.
 */
function column<T extends Column>(ctor: ColumnCtor<T>, n: number, max: number): T {
  try {
    const buf = new ArrayBuffer(n * ctor.BYTES_PER_ELEMENT, { maxByteLength: max * ctor.BYTES_PER_ELEMENT });
    if (buf.resizable) return new ctor(buf);
  } catch {
    /* no resizable buffers here, or no address space for the reservation */
  }
  return new ctor(n);
}

/** `a` with room for `need` elements: grown in place when resizable, else a copy twice the size. */
export function growColumn<T extends Column>(a: T, need: number): T {
  if (need <= a.length) return a;
  const buf = a.buffer as ArrayBuffer;
  const bpe = a.BYTES_PER_ELEMENT;
  if (buf.resizable) {
    let n = Math.ceil(a.length * 1.25) + 1024;
    if (n < need) n = need;
    n = Math.min(n, Math.floor(buf.maxByteLength / bpe));
    if (n >= need) {
      try {
        buf.resize(n * bpe);
        // A fixed-length view (a batch's subarray) does not follow the buffer: view it anew.
        return a.length >= need ? a : new (a.constructor as ColumnCtor<T>)(buf, a.byteOffset);
      } catch {
        /* out of memory for the resize: copy below */
      }
    }
  }
  let n = a.length * 2 || 1024;
  while (n < need) n *= 2;
  const ctor = a.constructor as ColumnCtor<T>;
  // A plain column moves to a resizable one with room to grow in place from here.
  const b = column(
    ctor,
    n,
    Math.min(Math.max(n * RESERVE_FACTOR, RESERVE_MIN_ELEMENTS), RESERVE_MAX_ELEMENTS),
  );
  b.set(a);
  return b;
}

/** Gives back the unused tail of a resizable column (a no-op for plain arrays). */
function shrink(a: Column, n: number): void {
  const buf = a.buffer as ArrayBuffer;
  if (!buf.resizable) return;
  try {
    buf.resize(n * a.BYTES_PER_ELEMENT);
  } catch {
    /* keep the capacity */
  }
}

/** Accumulates NormalizedEvents into columns. Used in the worker and in Node. */
export class EventsBuilder {
  length = 0;
  fieldsLength = 0;
  readonly strings: StringTable;
  timeMs = new Float64Array(1024);
  tick = new Uint16Array(1024);
  artifact = new Uint8Array(1024);
  eventId = new Int32Array(1024);
  source = new Uint32Array(1024);
  computer = new Uint32Array(1024);
  label = new Uint32Array(1024);
  summary = new Uint32Array(1024);
  ref = new Float64Array(1024);
  offset = new Float64Array(1024);
  fieldStart = new Uint32Array(1024);
  fieldCount = new Uint16Array(1024);
  fieldKey = new Uint32Array(4096);
  fieldValue = new Uint32Array(4096);

  constructor(strings = new StringTable()) {
    this.strings = strings;
  }

  add(e: NormalizedEvent): IndexIntoEventsTable {
    const i = this.length;
    if (i >= this.timeMs.length) {
      const n = i + 1;
      this.timeMs = growColumn(this.timeMs, n);
      this.tick = growColumn(this.tick, n);
      this.artifact = growColumn(this.artifact, n);
      this.eventId = growColumn(this.eventId, n);
      this.source = growColumn(this.source, n);
      this.computer = growColumn(this.computer, n);
      this.label = growColumn(this.label, n);
      this.summary = growColumn(this.summary, n);
      this.ref = growColumn(this.ref, n);
      this.offset = growColumn(this.offset, n);
      this.fieldStart = growColumn(this.fieldStart, n);
      this.fieldCount = growColumn(this.fieldCount, n);
    }
    const s = this.strings;
    this.timeMs[i] = e.timeMs;
    this.tick[i] = e.tick;
    this.artifact[i] = ARTIFACT_CODE[e.artifact];
    this.eventId[i] = e.eventId;
    this.source[i] = s.intern(e.source);
    this.computer[i] = s.intern(e.computer);
    this.label[i] = s.intern(e.label);
    this.summary[i] = s.intern(e.summary);
    this.ref[i] = e.ref;
    this.offset[i] = e.offset;
    const start = this.fieldsLength;
    let count = 0;
    for (const key in e.fields) {
      const at = start + count;
      if (at >= this.fieldKey.length) {
        this.fieldKey = growColumn(this.fieldKey, at + 1);
        this.fieldValue = growColumn(this.fieldValue, at + 1);
      }
      this.fieldKey[at] = s.intern(key);
      this.fieldValue[at] = s.intern(e.fields[key]);
      if (++count === 0xffff) break;
    }
    this.fieldStart[i] = start;
    this.fieldCount[i] = count;
    this.fieldsLength = start + count;
    this.length = i + 1;
    return i;
  }

  /**
   * Views of the filled part, ready to transfer (no copy: a copy here would double the peak
   * memory of a large file). The builder must not be used afterwards.
   */
  finish(): EventsBatch {
    const n = this.length;
    const f = this.fieldsLength;
    for (const c of [
      this.timeMs,
      this.tick,
      this.artifact,
      this.eventId,
      this.source,
      this.computer,
      this.label,
      this.summary,
      this.ref,
      this.offset,
      this.fieldStart,
      this.fieldCount,
    ]) {
      shrink(c, n);
    }
    shrink(this.fieldKey, f);
    shrink(this.fieldValue, f);
    return {
      length: n,
      timeMs: this.timeMs.subarray(0, n),
      tick: this.tick.subarray(0, n),
      artifact: this.artifact.subarray(0, n),
      eventId: this.eventId.subarray(0, n),
      source: this.source.subarray(0, n),
      computer: this.computer.subarray(0, n),
      label: this.label.subarray(0, n),
      summary: this.summary.subarray(0, n),
      ref: this.ref.subarray(0, n),
      offset: this.offset.subarray(0, n),
      fieldStart: this.fieldStart.subarray(0, n),
      fieldCount: this.fieldCount.subarray(0, n),
      fieldsLength: f,
      fieldKey: this.fieldKey.subarray(0, f),
      fieldValue: this.fieldValue.subarray(0, f),
      strings: this.strings.strings.slice(),
    };
  }
}

/** The ArrayBuffers of a batch, for Comlink.transfer / postMessage transfer lists. */
export function batchTransferables(b: EventsBatch): ArrayBuffer[] {
  return [
    b.timeMs,
    b.tick,
    b.artifact,
    b.eventId,
    b.source,
    b.computer,
    b.label,
    b.summary,
    b.ref,
    b.offset,
    b.fieldStart,
    b.fieldCount,
    b.fieldKey,
    b.fieldValue,
  ].map((a) => a.buffer as ArrayBuffer);
}

/** Reads one row's fields back as an object (detail view, checklist evidence, exports). */
export function rowFields(t: EventsBatch, row: IndexIntoEventsTable): Record<string, string> {
  const out: Record<string, string> = {};
  const start = t.fieldStart[row];
  const end = start + t.fieldCount[row];
  for (let k = start; k < end; k++) out[t.strings[t.fieldKey[k]]] = t.strings[t.fieldValue[k]];
  return out;
}

/** Value of one named field of a row, or undefined. `keyIndex` from StringTable.find. */
export function rowField(
  t: EventsBatch,
  row: IndexIntoEventsTable,
  keyIndex: IndexIntoStringTable,
): string | undefined {
  if (keyIndex < 0) return undefined;
  const start = t.fieldStart[row];
  const end = start + t.fieldCount[row];
  for (let k = start; k < end; k++) if (t.fieldKey[k] === keyIndex) return t.strings[t.fieldValue[k]];
  return undefined;
}

/** The table with every column cut to its filled length (columns may carry spare capacity). */
export function trimTable(t: EventsTable): EventsTable {
  const n = t.length;
  const f = t.fieldsLength;
  return {
    ...t,
    timeMs: t.timeMs.subarray(0, n),
    tick: t.tick.subarray(0, n),
    artifact: t.artifact.subarray(0, n),
    eventId: t.eventId.subarray(0, n),
    source: t.source.subarray(0, n),
    computer: t.computer.subarray(0, n),
    label: t.label.subarray(0, n),
    summary: t.summary.subarray(0, n),
    ref: t.ref.subarray(0, n),
    offset: t.offset.subarray(0, n),
    fieldStart: t.fieldStart.subarray(0, n),
    fieldCount: t.fieldCount.subarray(0, n),
    fieldKey: t.fieldKey.subarray(0, f),
    fieldValue: t.fieldValue.subarray(0, f),
    file: t.file.subarray(0, n),
    host: t.host.subarray(0, n),
  };
}

/** A table of no rows (plain zero-length columns: nothing reserved until it grows). */
export function emptyTable(): EventsTable {
  return {
    length: 0,
    timeMs: new Float64Array(0),
    tick: new Uint16Array(0),
    artifact: new Uint8Array(0),
    eventId: new Int32Array(0),
    source: new Uint32Array(0),
    computer: new Uint32Array(0),
    label: new Uint32Array(0),
    summary: new Uint32Array(0),
    ref: new Float64Array(0),
    offset: new Float64Array(0),
    fieldStart: new Uint32Array(0),
    fieldCount: new Uint16Array(0),
    fieldsLength: 0,
    fieldKey: new Uint32Array(0),
    fieldValue: new Uint32Array(0),
    strings: [''],
    file: new Uint32Array(0),
    host: new Uint32Array(0),
  };
}
