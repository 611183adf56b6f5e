// Parses one 64 KiB chunk: header checks (signature, CRC32s, offset tables), then the records
// between 0x200 and the free space offset. A damaged chunk or record costs only itself.
// Spec: libevtx "Chunk", "Event record"; the Rust `evtx` crate's handling of bad chunks.
import { DiagnosticSink } from '../diagnostics';
import type { Diagnostic } from '../types';
import { ChunkData } from './binxml/chunk-data';
import { BinXmlError } from './binxml/errors';
import { newValueTable, type XmlNode } from './binxml/nodes';
import {
  applyNodes,
  applyPlan,
  CTX_ROOT,
  FieldSink,
  planFor,
  SYS_CHANNEL,
  SYS_COMPUTER,
} from './binxml/plan';
import { BinXmlReader } from './binxml/reader';
import { TOKEN_FRAGMENT_HEADER, TOKEN_TEMPLATE_INSTANCE } from './binxml/tokens';
import {
  CHUNK_HEADER_SIZE,
  CHUNK_SIZE,
  chunkDataCrc,
  type EvtxChunkHeader,
  readChunkHeader,
  STRING_TABLE_OFFSET,
  TEMPLATE_TABLE_OFFSET,
} from './chunk-header';
import { buildRecord, type EvtxRecord } from './evtx-record';
import {
  findNextRecord,
  RECORD_HEADER_SIZE,
  RECORD_MIN_SIZE,
  readRecordHeader,
  recordSignatureAt,
  recordSizeAt,
} from './record';
import { u32le } from '../bytes/le';

/** Counts over a range of chunks; merge ranges with mergeEvtxStats. */
export interface EvtxRangeStats {
  ok: number;
  errors: number;
  firstTimeMs: number;
  lastTimeMs: number;
  /** Chunk slots examined (bad and zero-filled included). */
  chunks: number;
  /** Chunks with a bad signature, a CRC mismatch, or cut short. */
  badChunks: number;
  zeroChunks: number;
  channels: Record<string, number>;
  computers: Record<string, number>;
}

export function newStats(): EvtxRangeStats {
  return {
    ok: 0,
    errors: 0,
    firstTimeMs: Number.NaN,
    lastTimeMs: Number.NaN,
    chunks: 0,
    badChunks: 0,
    zeroChunks: 0,
    channels: Object.create(null),
    computers: Object.create(null),
  };
}

export function mergeEvtxStats(into: EvtxRangeStats, from: EvtxRangeStats): EvtxRangeStats {
  into.ok += from.ok;
  into.errors += from.errors;
  if (!(into.firstTimeMs <= from.firstTimeMs))
    into.firstTimeMs = Number.isNaN(from.firstTimeMs) ? into.firstTimeMs : from.firstTimeMs;
  if (!(into.lastTimeMs >= from.lastTimeMs))
    into.lastTimeMs = Number.isNaN(from.lastTimeMs) ? into.lastTimeMs : from.lastTimeMs;
  into.chunks += from.chunks;
  into.badChunks += from.badChunks;
  into.zeroChunks += from.zeroChunks;
  for (const [k, v] of Object.entries(from.channels)) into.channels[k] = (into.channels[k] ?? 0) + v;
  for (const [k, v] of Object.entries(from.computers)) into.computers[k] = (into.computers[k] ?? 0) + v;
  return into;
}

function isZero(b: Uint8Array, from: number): boolean {
  for (let i = from; i < b.length; i++) if (b[i] !== 0) return false;
  return true;
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

function hex8(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

const SHARED_VALUES = newValueTable(64);

/** Decodes one record's Binary XML into `sink` within the record budget (throws BinXmlError). */
export function decodeRecordBody(chunk: ChunkData, start: number, end: number, sink: FieldSink): void {
  const b = chunk.buf;
  chunk.budget.reset(start);
  sink.budget = chunk.budget;
  const reader = new BinXmlReader(chunk, start, end, false);
  if (
    b[start] === TOKEN_FRAGMENT_HEADER &&
    start + 5 < end &&
    (b[start + 4] & 0xbf) === TOKEN_TEMPLATE_INSTANCE
  ) {
    reader.pos = start + 4;
    const template = reader.readTemplateInstance(SHARED_VALUES, null);
    applyPlan(chunk, planFor(template, CTX_ROOT, ''), SHARED_VALUES, sink, 0);
    return;
  }
  const nodes: XmlNode[] = [];
  reader.readFragment(nodes);
  applyNodes(chunk, nodes, CTX_ROOT, '', sink, 0);
}

export interface ChunkParseState {
  diag: DiagnosticSink;
  stats: EvtxRangeStats;
  sink: FieldSink;
}

export function newChunkParseState(file: string, diagnostics: Diagnostic[]): ChunkParseState {
  return { diag: new DiagnosticSink(file, diagnostics), stats: newStats(), sink: new FieldSink() };
}

function checkHeader(
  h: EvtxChunkHeader,
  buf: Uint8Array,
  base: number,
  index: number,
  st: ChunkParseState,
): boolean {
  let bad = false;
  const name = `chunk[${index}]`;
  if (h.storedHeaderCrc !== h.computedHeaderCrc) {
    bad = true;
    st.diag.report(
      'warning',
      base + 0x7c,
      `${name}.header.crc32`,
      hex8(h.computedHeaderCrc),
      hex8(h.storedHeaderCrc),
      'chunk header checksum mismatch; chunk parsed anyway',
    );
  }
  const free = h.freeSpaceOffset;
  if (free >= CHUNK_HEADER_SIZE && free <= CHUNK_SIZE && free <= buf.length) {
    const crc = chunkDataCrc(buf, free);
    if (crc !== h.storedDataCrc) {
      bad = true;
      st.diag.report(
        'warning',
        base + 0x34,
        `${name}.records.crc32`,
        hex8(crc),
        hex8(h.storedDataCrc),
        'event records checksum mismatch; records parsed anyway',
      );
    }
  }
  let badStrings = 0;
  let firstBad = -1;
  for (let i = 0; i < h.stringOffsets.length; i++) {
    const o = h.stringOffsets[i];
    if (o !== 0 && (o < CHUNK_HEADER_SIZE || o >= CHUNK_SIZE)) {
      if (firstBad < 0) firstBad = i;
      badStrings++;
    }
  }
  if (badStrings > 0) {
    st.diag.report(
      'warning',
      base + STRING_TABLE_OFFSET + firstBad * 4,
      `${name}.stringTable[${firstBad}]`,
      `0 or 0x200..0xffff`,
      hex(h.stringOffsets[firstBad]),
      `${badStrings} string table entries point outside the chunk; names are read where records point`,
    );
  }
  let badTemplates = 0;
  firstBad = -1;
  for (let i = 0; i < h.templateOffsets.length; i++) {
    const o = h.templateOffsets[i];
    if (o !== 0 && (o < CHUNK_HEADER_SIZE || o >= CHUNK_SIZE)) {
      if (firstBad < 0) firstBad = i;
      badTemplates++;
    }
  }
  if (badTemplates > 0) {
    st.diag.report(
      'warning',
      base + TEMPLATE_TABLE_OFFSET + firstBad * 4,
      `${name}.templateTable[${firstBad}]`,
      `0 or 0x200..0xffff`,
      hex(h.templateOffsets[firstBad]),
      `${badTemplates} template table entries point outside the chunk; templates are read where records point`,
    );
  }
  return bad;
}

/**
 * Parses chunk `index` whose bytes are `buf` (64 KiB, or less when the file is cut short) at
 * absolute offset `base`, calling `onRecord` for each record decoded.
 */
export function parseChunk(
  buf: Uint8Array,
  base: number,
  index: number,
  st: ChunkParseState,
  onRecord: (r: EvtxRecord) => void,
): void {
  const stats = st.stats;
  stats.chunks++;
  const name = `chunk[${index}]`;
  if (buf.length < CHUNK_HEADER_SIZE) {
    stats.badChunks++;
    st.diag.report(
      'error',
      base,
      `${name}.header`,
      `${CHUNK_HEADER_SIZE} bytes`,
      `${buf.length} bytes`,
      'file ends inside a chunk header (truncated file)',
    );
    return;
  }
  const h = readChunkHeader(buf);
  if (!h.signatureOk) {
    if (h.zeroed && isZero(buf, CHUNK_HEADER_SIZE)) {
      stats.zeroChunks++;
      st.diag.report(
        'info',
        base,
        `${name}.signature`,
        '"ElfChnk\\0"',
        'zero bytes',
        'zero-filled (unused) chunk skipped',
      );
      return;
    }
    stats.badChunks++;
    let found = '';
    for (let i = 0; i < 8; i++) found += buf[i].toString(16).padStart(2, '0');
    st.diag.report(
      'error',
      base,
      `${name}.signature`,
      '456c6643686e6b00 ("ElfChnk\\0")',
      found,
      h.zeroed
        ? 'chunk header zeroed but records data present; chunk skipped'
        : 'bad chunk signature; chunk skipped',
    );
    return;
  }
  let bad = checkHeader(h, buf, base, index, st);
  let limit = h.freeSpaceOffset;
  if (limit < CHUNK_HEADER_SIZE || limit > CHUNK_SIZE) {
    st.diag.report(
      'warning',
      base + 0x30,
      `${name}.header.freeSpaceOffset`,
      '0x200..0x10000',
      hex(limit),
      'records read up to the end of the chunk',
    );
    limit = buf.length;
  }
  if (limit > buf.length) {
    bad = true;
    st.diag.report(
      'error',
      base + buf.length,
      `${name}.records`,
      `records up to chunk offset ${hex(limit)}`,
      `file ends at chunk offset ${hex(buf.length)}`,
      'truncated chunk; records that fit are read',
    );
    limit = buf.length;
  }
  if (bad) stats.badChunks++;
  const chunk = new ChunkData(buf, base, index);
  const sink = st.sink;
  let pos = CHUNK_HEADER_SIZE;
  while (pos + RECORD_MIN_SIZE <= limit) {
    if (!recordSignatureAt(buf, pos)) {
      if (
        recordSizeAt(buf, pos) === 0 &&
        buf[pos] === 0 &&
        buf[pos + 1] === 0 &&
        buf[pos + 2] === 0 &&
        buf[pos + 3] === 0
      )
        break;
      const next = findNextRecord(buf, pos + 1, limit);
      stats.errors++;
      st.diag.report(
        'error',
        base + pos,
        `${name}.record@${hex(base + pos)}.signature`,
        '2a2a0000',
        hex8(u32le(buf, pos)),
        next < 0 ? 'no further record in this chunk' : `resynchronised at ${hex(base + next)}`,
      );
      if (next < 0) break;
      pos = next;
      continue;
    }
    const size = recordSizeAt(buf, pos);
    if (size < RECORD_MIN_SIZE || pos + size > limit) {
      const next = findNextRecord(buf, pos + 4, limit);
      stats.errors++;
      st.diag.report(
        'error',
        base + pos + 4,
        `${name}.record@${hex(base + pos)}.size`,
        `${RECORD_MIN_SIZE}..${limit - pos}`,
        `${size}`,
        next < 0
          ? 'impossible record size; no further record in this chunk'
          : `impossible record size; resynchronised at ${hex(base + next)}`,
      );
      if (next < 0) break;
      pos = next;
      continue;
    }
    const rh = readRecordHeader(buf, pos, size);
    if (rh.sizeCopy !== size) {
      st.diag.report(
        'warning',
        base + pos + size - 4,
        `${name}.record@${hex(base + pos)}.sizeCopy`,
        `${size}`,
        `${rh.sizeCopy}`,
        `record ${rh.recordId}: trailing size copy differs`,
      );
    }
    sink.reset();
    let record: EvtxRecord | null = null;
    try {
      decodeRecordBody(chunk, pos + RECORD_HEADER_SIZE, pos + size - 4, sink);
      record = buildRecord(sink, rh.recordId, rh.writtenLo, rh.writtenHi, base + pos, index);
    } catch (e) {
      stats.errors++;
      if (e instanceof BinXmlError) {
        st.diag.report(
          'error',
          base + e.chunkOffset,
          `${name}.record@${hex(base + pos)}.${e.field}`,
          e.expected,
          e.found,
          `record ${rh.recordId} skipped`,
        );
      } else if (e instanceof RangeError || e instanceof TypeError) {
        st.diag.report(
          'error',
          base + pos,
          `${name}.record@${hex(base + pos)}`,
          'decodable Binary XML',
          e.message,
          `record ${rh.recordId} skipped`,
        );
      } else throw e;
    }
    pos += size;
    if (record === null) continue;
    stats.ok++;
    const t = record.timeMs;
    if (!Number.isNaN(t)) {
      if (!(stats.firstTimeMs <= t)) stats.firstTimeMs = t;
      if (!(stats.lastTimeMs >= t)) stats.lastTimeMs = t;
    }
    const ch = sink.sys[SYS_CHANNEL];
    stats.channels[ch] = (stats.channels[ch] ?? 0) + 1;
    const comp = sink.sys[SYS_COMPUTER];
    stats.computers[comp] = (stats.computers[comp] ?? 0) + 1;
    onRecord(record);
  }
}
