// EVTX entry points: the ArtifactParser, chunk-range parsing for the worker pool, and the full XML
// of one record on demand. Spec: libevtx "Windows XML Event Log (EVTX) format"; MS-EVEN6.
// The file is read in chunk-aligned ranges (ctx.readSize, default 4 MiB), never whole. The chunk
// count comes from the file size, not the header, so chunks past the header's last one are read.
import { eventName } from '../../dicts/event-names';
import { decodeInsertionString } from '../../dicts/insertion-strings';
import { readFully } from '../bytes/reader';
import { DiagnosticSink } from '../diagnostics';
import {
  type ArtifactParser,
  type ByteSource,
  checkAbort,
  type Diagnostic,
  type NormalizedEvent,
  type ParseContext,
  type ParseSummary,
} from '../types';
import { ChunkData } from './binxml/chunk-data';
import { BinXmlError } from './binxml/errors';
import type { XmlNode } from './binxml/nodes';
import { BinXmlReader } from './binxml/reader';
import { renderXml } from './binxml/render-xml';
import { EMPTY_VALUES } from './binxml/nodes';
import { type EvtxRangeStats, newChunkParseState, parseChunk } from './chunk';
import { CHUNK_HEADER_SIZE, CHUNK_SIZE } from './chunk-header';
import type { EvtxRecord } from './evtx-record';
import { type EvtxFileHeader, FILE_HEADER_SIZE, readFileHeader } from './file-header';
import { RECORD_HEADER_SIZE, RECORD_MIN_SIZE, recordSignatureAt, recordSizeAt } from './record';
import { recordSummary } from './summary';

export type { EvtxRecord } from './evtx-record';
export type { EvtxRangeStats } from './chunk';
export { mergeEvtxStats, newStats } from './chunk';

/** Default read size: whole chunks, about 4 MiB per read. */
export const DEFAULT_READ_SIZE = 4 * 1024 * 1024;

export interface EvtxChunkPlan {
  /** Chunk slots in the file, from its size (a trailing partial chunk counts). */
  chunkCount: number;
  header: EvtxFileHeader;
  /** Header findings (signature, CRC, dirty/full, count mismatch) for the caller to report once. */
  diagnostics: Diagnostic[];
}

/** Chunk slots of a file of `size` bytes, a trailing partial chunk included (header counts are not trusted). */
export function evtxChunkCount(size: number): number {
  return size <= FILE_HEADER_SIZE ? 0 : Math.ceil((size - FILE_HEADER_SIZE) / CHUNK_SIZE);
}

function hex8(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

/** Reads the file header and counts the chunks (from the file size). */
export async function planEvtxChunks(src: ByteSource, fileName = ''): Promise<EvtxChunkPlan> {
  const head = await readFully(src, 0, Math.min(FILE_HEADER_SIZE, src.size));
  const header = readFileHeader(head);
  const chunkCount = evtxChunkCount(src.size);
  const diagnostics: Diagnostic[] = [];
  const diag = new DiagnosticSink(fileName, diagnostics);
  if (!header.signatureOk) {
    let found = '';
    for (let i = 0; i < Math.min(8, head.length); i++) found += head[i].toString(16).padStart(2, '0');
    diag.report(
      'error',
      0,
      'header.signature',
      '456c6646696c6500 ("ElfFile\\0")',
      found || 'nothing',
      'not an EVTX file header; chunks are still scanned',
    );
  } else if (header.storedCrc !== header.computedCrc) {
    diag.report(
      'warning',
      0x7c,
      'header.crc32',
      hex8(header.computedCrc),
      hex8(header.storedCrc),
      'file header checksum mismatch',
    );
  }
  if (src.size < FILE_HEADER_SIZE) {
    diag.report(
      'error',
      src.size,
      'header',
      `${FILE_HEADER_SIZE} bytes`,
      `${src.size} bytes`,
      'file shorter than its header (truncated)',
    );
  }
  if (header.dirty) {
    diag.report(
      'warning',
      0x78,
      'header.flags.dirty',
      'clean (flag 0x1 clear)',
      `flags ${hex8(header.flags)}`,
      'log was not closed cleanly; every chunk in the file is read',
    );
  }
  if (header.signatureOk && header.chunkCount !== chunkCount) {
    diag.report(
      'info',
      0x2a,
      'header.chunkCount',
      `${chunkCount} (from the file size)`,
      `${header.chunkCount}`,
      'chunk count taken from the file size',
    );
  }
  const tail = src.size > FILE_HEADER_SIZE ? (src.size - FILE_HEADER_SIZE) % CHUNK_SIZE : 0;
  if (tail !== 0) {
    diag.report(
      'warning',
      src.size,
      'file.size',
      `${FILE_HEADER_SIZE} + n * ${CHUNK_SIZE} bytes`,
      `${src.size} bytes`,
      `last chunk is cut short (${tail} bytes)`,
    );
  }
  return { chunkCount, header, diagnostics };
}

/**
 * Parses chunks [firstChunk, endChunk) in order, reading chunk-aligned ranges. Used by the worker
 * pool to split one file across workers (merge records by recordId, stats with mergeEvtxStats).
 */
export async function parseEvtxChunks(
  src: ByteSource,
  ctx: ParseContext,
  firstChunk: number,
  endChunk: number,
  onRecord: (record: EvtxRecord) => void,
): Promise<EvtxRangeStats> {
  const st = newChunkParseState(ctx.fileName, ctx.diagnostics);
  const total = evtxChunkCount(src.size);
  endChunk = Math.min(endChunk, total);
  const perRead = Math.max(1, Math.floor((ctx.readSize ?? DEFAULT_READ_SIZE) / CHUNK_SIZE));
  const bytesTotal = src.size;
  for (let c = Math.max(0, firstChunk); c < endChunk; ) {
    checkAbort(ctx.signal);
    const n = Math.min(perRead, endChunk - c);
    const start = FILE_HEADER_SIZE + c * CHUNK_SIZE;
    const bytes = await readFully(src, start, n * CHUNK_SIZE);
    for (let i = 0; i < n; i++) {
      const from = i * CHUNK_SIZE;
      if (from >= bytes.length) {
        st.stats.chunks++;
        st.stats.badChunks++;
        st.diag.report(
          'error',
          start + from,
          `chunk[${c + i}]`,
          `${CHUNK_SIZE} bytes`,
          '0 bytes',
          'source returned no bytes (truncated?)',
        );
        continue;
      }
      checkAbort(ctx.signal);
      parseChunk(
        bytes.subarray(from, Math.min(bytes.length, from + CHUNK_SIZE)),
        start + from,
        c + i,
        st,
        onRecord,
      );
    }
    c += n;
    ctx.onProgress?.(Math.min(bytesTotal, FILE_HEADER_SIZE + c * CHUNK_SIZE), bytesTotal);
  }
  return st.stats;
}

function mostFrequent(counts: Record<string, number>): string {
  let best = '';
  let n = -1;
  for (const [k, v] of Object.entries(counts)) {
    if (v > n) {
      best = k;
      n = v;
    }
  }
  return best;
}

/** ParseSummary from the header plan and the (merged) chunk statistics. */
export function summarizeEvtx(plan: EvtxChunkPlan, stats: EvtxRangeStats): ParseSummary {
  return {
    artifact: 'evtx',
    ok: stats.ok,
    errors: stats.errors,
    firstTimeMs: stats.firstTimeMs,
    lastTimeMs: stats.lastTimeMs,
    info: {
      channel: mostFrequent(stats.channels),
      computer: mostFrequent(stats.computers),
      dirty: plan.header.dirty,
      full: plan.header.full,
      chunks: plan.chunkCount,
      badChunks: stats.badChunks,
      zeroChunks: stats.zeroChunks,
      formatVersion: `${plan.header.majorVersion}.${plan.header.minorVersion}`,
      headerChunkCount: plan.header.chunkCount,
      nextRecordId: plan.header.nextRecordId,
    },
  };
}

const SYSTEM_FIELD_NAMES: [string, (r: EvtxRecord) => string][] = [
  ['@Provider', (r) => r.provider],
  ['@ProviderGuid', (r) => r.providerGuid],
  ['@Level', (r) => (r.level < 0 ? '' : `${r.level}`)],
  ['@Task', (r) => (r.task < 0 ? '' : `${r.task}`)],
  ['@Opcode', (r) => (r.opcode < 0 ? '' : `${r.opcode}`)],
  ['@Keywords', (r) => r.keywords],
  ['@Version', (r) => (r.version < 0 ? '' : `${r.version}`)],
  ['@UserID', (r) => r.userId],
  ['@ProcessID', (r) => (r.processId < 0 ? '' : `${r.processId}`)],
  ['@ThreadID', (r) => (r.threadId < 0 ? '' : `${r.threadId}`)],
  ['@ActivityID', (r) => r.activityId],
  ['@Qualifiers', (r) => r.qualifiers],
];

export function evtxToJson(record: EvtxRecord, fileName: string): Record<string, unknown> {
  const out: Record<string, unknown> = {
    artifact: 'evtx',
    file: fileName,
    recordId: record.recordId,
    time: record.time,
    eventId: record.eventId,
    provider: record.provider,
    channel: record.channel,
    computer: record.computer,
    data: record.data,
  };
  let decoded: Record<string, string> | null = null;
  for (const k in record.data) {
    const v = record.data[k];
    if (v.includes('%%')) {
      const name = decodeInsertionString(v);
      if (name !== v) {
        if (decoded === null) decoded = {};
        decoded[k] = name;
      }
    }
  }
  if (decoded !== null) out.dataDecoded = decoded;
  if (record.version >= 0) out.version = record.version;
  if (record.level >= 0) out.level = record.level;
  if (record.task >= 0) out.task = record.task;
  if (record.opcode >= 0) out.opcode = record.opcode;
  if (record.keywords !== '') out.keywords = record.keywords;
  if (record.qualifiers !== '') out.qualifiers = record.qualifiers;
  if (record.providerGuid !== '') out.providerGuid = record.providerGuid;
  if (record.userId !== '') out.userId = record.userId;
  if (record.processId >= 0) out.processId = record.processId;
  if (record.threadId >= 0) out.threadId = record.threadId;
  if (record.activityId !== '') out.activityId = record.activityId;
  out.offset = record.offset;
  out.chunkIndex = record.chunkIndex;
  return out;
}

export function evtxToEvents(record: EvtxRecord, emit: (event: NormalizedEvent) => void): void {
  const fields: Record<string, string> = {};
  for (const k in record.data) fields[k] = record.data[k];
  for (const [name, get] of SYSTEM_FIELD_NAMES) {
    const v = get(record);
    if (v !== '') fields[name] = v;
  }
  emit({
    artifact: 'evtx',
    timeMs: record.timeMs,
    tick: record.tick,
    eventId: record.eventId,
    source: record.channel,
    computer: record.computer,
    ref: record.recordId,
    offset: record.offset,
    label: eventName(record.channel, record.provider, record.eventId),
    summary: recordSummary(record),
    fields,
  });
}

export const evtxParser: ArtifactParser<EvtxRecord> = {
  kind: 'evtx',
  async parse(src, ctx, onRecord) {
    const plan = await planEvtxChunks(src, ctx.fileName);
    for (const d of plan.diagnostics) ctx.diagnostics.push(d);
    const stats = await parseEvtxChunks(src, ctx, 0, plan.chunkCount, onRecord);
    return summarizeEvtx(plan, stats);
  },
  toJson: evtxToJson,
  toEvents: evtxToEvents,
};

/**
 * XML of the record at absolute `recordOffset`, Windows-like
 * (`<Event xmlns=…><System>…</System><EventData><Data Name="…">…</Data></EventData></Event>`).
 * Reads only the containing chunk. On damage returns an XML comment naming what failed.
 */
export async function renderRecordXml(
  src: ByteSource,
  recordOffset: number,
  fileName: string,
): Promise<string> {
  if (recordOffset < FILE_HEADER_SIZE + CHUNK_HEADER_SIZE) {
    return `<!-- ${fileName}: offset 0x${recordOffset.toString(16)} is not inside a chunk -->`;
  }
  const index = Math.floor((recordOffset - FILE_HEADER_SIZE) / CHUNK_SIZE);
  const base = FILE_HEADER_SIZE + index * CHUNK_SIZE;
  const buf = await readFully(src, base, CHUNK_SIZE);
  const pos = recordOffset - base;
  if (pos + RECORD_MIN_SIZE > buf.length || !recordSignatureAt(buf, pos)) {
    return `<!-- ${fileName}: no record signature at 0x${recordOffset.toString(16)} -->`;
  }
  const size = recordSizeAt(buf, pos);
  if (size < RECORD_MIN_SIZE || pos + size > buf.length) {
    return `<!-- ${fileName}: record at 0x${recordOffset.toString(16)} has impossible size ${size} -->`;
  }
  const chunk = new ChunkData(buf, base, index);
  chunk.budget.reset(pos + RECORD_HEADER_SIZE);
  try {
    const reader = new BinXmlReader(chunk, pos + RECORD_HEADER_SIZE, pos + size - 4, false);
    const nodes: XmlNode[] = [];
    reader.readFragment(nodes);
    return renderXml(chunk, nodes, EMPTY_VALUES, 0);
  } catch (e) {
    if (e instanceof BinXmlError) {
      return `<!-- ${fileName}: chunk[${index}].record@0x${recordOffset.toString(16)}.${e.field} at 0x${(base + e.chunkOffset).toString(16)}: expected ${e.expected}, found ${e.found} -->`;
    }
    throw e;
  }
}
