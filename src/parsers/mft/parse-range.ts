// Streaming over $MFT in slices of whole records. Two passes:
//   1. scanMftRange: header + $FILE_NAME only, into compact columns (path-table.ts);
//   2. parseMftRange: full entries, extension records merged, paths from the resolver.
// Ranges [firstEntry, endEntry) can be given to different workers: each scans its range, the
// columns are merged (mergePathColumns), and each parses its range with the shared resolver.
import { readFully } from '../bytes/reader';
import { DiagnosticSink, type Problem } from '../diagnostics';
import { checkAbort, type ByteSource, type ParseContext } from '../types';
import { ATTR_FILE_NAME, forEachAttribute } from './attribute-header';
import { namespaceRank, readFileNameBrief } from './attributes/file-name';
import { addRecordAttributes, emptyEntry, finishEntry, type MftEntry } from './entry';
import { applyFixups } from './fixup';
import {
  BAAD_MAGIC,
  FILE_MAGIC,
  FILE_RECORD_HEADER_SIZE,
  type FileRecordHeader,
  isZeroRange,
  MFT_RECORD_IN_USE,
  MFT_RECORD_IS_DIRECTORY,
  readFileRecordHeader,
  recordMagic,
  recordSizeFromHeader,
} from './file-record';
import {
  createPathColumns,
  type MftPathColumns,
  MftPathResolver,
  offerName,
  STATE_BAD,
  STATE_DIRECTORY,
  STATE_EXTENSION,
  STATE_IN_USE,
  STATE_PRESENT,
} from './path-table';

export const MFT_DEFAULT_READ_SIZE = 4 * 1024 * 1024;
export const MFT_DEFAULT_RECORD_SIZE = 1024;
const LAYOUT_PROBE_BYTES = 64 * 1024;
/** Diagnostics per file beyond which only a count is kept. */
export const MFT_MAX_DIAGNOSTICS = 10000;
/** Field of the "further diagnostics dropped" warning that closes a capped $MFT report. */
export const MFT_DROPPED_FIELD = 'mft';

export interface MftLayout {
  /** Bytes per FILE record, from the first record header. */
  recordSize: number;
  /** Whole records in the file. */
  entryCount: number;
}

/** Counts over the records of a range. */
export interface MftStats {
  /** Records read (all slots, including zero-filled ones). */
  records: number;
  /** Records with FILE magic (base and extension). */
  file: number;
  baad: number;
  zero: number;
  other: number;
  /** FILE records with the in-use flag. */
  inUse: number;
  /** FILE records with both the in-use and the directory flag. */
  directories: number;
  extension: number;
  fixupErrors: number;
  attributeErrors: number;
  /** Entries passed to onEntry. */
  emitted: number;
  orphans: number;
  loops: number;
  firstTimeMs: number;
  lastTimeMs: number;
  diagnosticsDropped: number;
}

export function emptyStats(): MftStats {
  return {
    records: 0,
    file: 0,
    baad: 0,
    zero: 0,
    other: 0,
    inUse: 0,
    directories: 0,
    extension: 0,
    fixupErrors: 0,
    attributeErrors: 0,
    emitted: 0,
    orphans: 0,
    loops: 0,
    firstTimeMs: Number.NaN,
    lastTimeMs: Number.NaN,
    diagnosticsDropped: 0,
  };
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** Record size from the first FILE header in the first 64 KiB; entry count from the file size. */
export async function detectMftLayout(src: ByteSource, ctx: ParseContext): Promise<MftLayout> {
  const diag = DiagnosticSink.of(ctx);
  const head = await readFully(src, 0, Math.min(src.size, LAYOUT_PROBE_BYTES));
  let recordSize = 0;
  for (let o = 0; o + FILE_RECORD_HEADER_SIZE <= head.length && recordSize === 0; o += 256) {
    const s = recordSizeFromHeader(head, o);
    if (s > 0 && o % s === 0) recordSize = s;
  }
  if (recordSize === 0) {
    recordSize = MFT_DEFAULT_RECORD_SIZE;
    diag.report(
      'warning',
      0,
      'record.allocatedSize',
      'a FILE record with a power-of-two size (256..65536) in the first 64 KiB',
      'none',
      `assuming ${MFT_DEFAULT_RECORD_SIZE}-byte records`,
    );
  }
  const entryCount = Math.floor(src.size / recordSize);
  if (src.size % recordSize !== 0) {
    diag.report(
      'warning',
      entryCount * recordSize,
      'mft.size',
      `a multiple of the record size ${recordSize}`,
      `${src.size} bytes (${src.size % recordSize} trailing bytes ignored)`,
      'truncated last record',
    );
  }
  return { recordSize, entryCount };
}

function sliceRecords(ctx: ParseContext, recordSize: number): number {
  return Math.max(1, Math.floor((ctx.readSize ?? MFT_DEFAULT_READ_SIZE) / recordSize));
}

/** Reads records [first, end) slice by slice, calling `each` with the raw record bytes. */
async function forEachRecord(
  src: ByteSource,
  ctx: ParseContext,
  layout: MftLayout,
  first: number,
  end: number,
  each: (entry: number, raw: Uint8Array, slice: Uint8Array, sliceFirst: number) => void,
  afterSlice?: () => Promise<void>,
): Promise<void> {
  const rs = layout.recordSize;
  const last = Math.min(end, layout.entryCount);
  const per = sliceRecords(ctx, rs);
  for (let e = Math.max(0, first); e < last; e += per) {
    checkAbort(ctx.signal);
    const n = Math.min(per, last - e);
    const slice = await readFully(src, e * rs, n * rs);
    const got = Math.floor(slice.length / rs);
    for (let k = 0; k < got; k++) each(e + k, slice.subarray(k * rs, (k + 1) * rs), slice, e);
    if (afterSlice) await afterSlice();
    ctx.onProgress?.(Math.min(src.size, (e + n) * rs), src.size);
    if (got < n) break;
  }
}

/** Copies `raw` into `scratch` and applies the fixups; returns the header and any fixup problem. */
function fixRecord(
  raw: Uint8Array,
  scratch: Uint8Array,
): { header: FileRecordHeader; problem: Problem | null } {
  scratch.set(raw);
  const header = readFileRecordHeader(scratch);
  return { header, problem: applyFixups(scratch, header.usaOffset, header.usaCount) };
}

/** Pass 1: compact columns for [first, end). Silent: diagnostics come from pass 2. */
export async function scanMftRange(
  src: ByteSource,
  ctx: ParseContext,
  layout: MftLayout,
  first: number,
  end: number,
): Promise<MftPathColumns> {
  const lo = Math.max(0, first);
  const hi = Math.max(lo, Math.min(end, layout.entryCount));
  const c = createPathColumns(lo, hi - lo);
  const scratch = new Uint8Array(layout.recordSize);
  await forEachRecord(src, ctx, layout, lo, hi, (entry, raw) => {
    const magic = recordMagic(raw);
    if (magic !== FILE_MAGIC) {
      if (magic === BAAD_MAGIC) c.state[entry - lo] = STATE_BAD;
      return;
    }
    const { header: h, problem } = fixRecord(raw, scratch);
    if (problem) {
      c.state[entry - lo] = STATE_BAD;
      return;
    }
    let st = STATE_PRESENT;
    if (h.flags & MFT_RECORD_IN_USE) st |= STATE_IN_USE;
    if (h.flags & MFT_RECORD_IS_DIRECTORY) st |= STATE_DIRECTORY;
    const target = h.baseEntry !== 0 ? h.baseEntry : entry;
    if (h.baseEntry !== 0) {
      st |= STATE_EXTENSION;
      c.baseEntry[entry - lo] = Math.min(h.baseEntry, 0xfffffffe);
    }
    c.state[entry - lo] = st;
    c.sequence[entry - lo] = h.sequence;
    forEachAttribute(scratch, h.firstAttributeOffset, h.usedSize, (a) => {
      if (a.type !== ATTR_FILE_NAME || a.nonResident) return;
      const fn = readFileNameBrief(scratch, a.valueOffset, a.valueLength);
      if (fn) offerName(c, target, namespaceRank(fn.namespace), fn.parentEntry, fn.parentSequence, fn.name);
    });
  });
  return c;
}

export interface MftRangeOptions {
  layout?: MftLayout;
  /** Shared resolver built from the whole file's columns. Without it the range scans the whole file. */
  resolver?: MftPathResolver;
}

function noteTime(stats: MftStats, t: number): void {
  if (!Number.isFinite(t)) return;
  if (!(t >= stats.firstTimeMs)) stats.firstTimeMs = t;
  if (!(t <= stats.lastTimeMs)) stats.lastTimeMs = t;
}

/**
 * Pass 2: decodes entries [firstEntry, endEntry) and calls `onEntry` for every base FILE record
 * (extension records are merged into their base, never emitted on their own). Zero-filled slots
 * are skipped silently; BAAD, unknown magic and bad fixups cost their entry and add a diagnostic.
 */
export async function parseMftRange(
  src: ByteSource,
  ctx: ParseContext,
  firstEntry: number,
  endEntry: number,
  onEntry: (entry: MftEntry) => void,
  opts: MftRangeOptions = {},
): Promise<MftStats> {
  const layout = opts.layout ?? (await detectMftLayout(src, ctx));
  const resolver =
    opts.resolver ?? new MftPathResolver(await scanMftRange(src, ctx, layout, 0, layout.entryCount));
  const rs = layout.recordSize;
  const stats = emptyStats();
  const scratch = new Uint8Array(rs);
  const extScratch = new Uint8Array(rs);
  const diag = DiagnosticSink.of(ctx, MFT_MAX_DIAGNOSTICS);
  const orphans0 = resolver.orphans;
  const loops0 = resolver.loops;
  const pendingExt: { entry: MftEntry; ext: number[] }[] = [];

  const mergeExtension = (e: MftEntry, ext: number, raw: Uint8Array | null) => {
    if (!raw || raw.length < rs || recordMagic(raw) !== FILE_MAGIC) {
      diag.report(
        'warning',
        ext * rs,
        `entry[${e.entry}].extension[${ext}]`,
        'a FILE extension record',
        raw && raw.length >= rs ? `magic ${hex(recordMagic(raw))}` : 'beyond end of file',
        'attributes held there are missing',
      );
      return;
    }
    const { header: h, problem } = fixRecord(raw, extScratch);
    if (problem || h.baseEntry !== e.entry) {
      diag.report(
        'warning',
        ext * rs + (problem ? problem.offset : 0x20),
        `entry[${e.entry}].extension[${ext}]${problem ? `.${problem.field}` : '.baseReference'}`,
        problem ? problem.expected : `base entry ${e.entry}`,
        problem ? problem.found : `${h.baseEntry}`,
        'extension record not merged',
      );
      return;
    }
    e.extensionEntries.push(ext);
    const p = addRecordAttributes(e, extScratch, h);
    if (p) {
      stats.attributeErrors++;
      diag.report('warning', ext * rs + p.offset, `entry[${ext}].${p.field}`, p.expected, p.found);
    }
  };

  const emit = (e: MftEntry) => {
    finishEntry(e);
    const r = resolver.resolve(e.entry);
    e.path = r.path;
    e.orphan = r.orphan;
    e.loop = r.loop;
    if (e.si) {
      noteTime(stats, e.si.created.timeMs);
      noteTime(stats, e.si.modified.timeMs);
    }
    stats.emitted++;
    onEntry(e);
  };

  await forEachRecord(
    src,
    ctx,
    layout,
    firstEntry,
    endEntry,
    (entry, raw, slice, sliceFirst) => {
      stats.records++;
      const offset = entry * rs;
      const magic = recordMagic(raw);
      if (magic !== FILE_MAGIC) {
        if (magic === 0 && isZeroRange(raw, 0, rs)) {
          stats.zero++;
          return;
        }
        if (magic === BAAD_MAGIC) {
          stats.baad++;
          diag.report(
            'error',
            offset,
            `entry[${entry}].magic`,
            '"FILE"',
            '"BAAD"',
            'record marked bad by chkdsk (multi-sector transfer failed); entry skipped',
          );
          return;
        }
        stats.other++;
        diag.report(
          'error',
          offset,
          `entry[${entry}].magic`,
          '"FILE" or a zero-filled slot',
          hex(magic),
          'entry skipped',
        );
        return;
      }
      stats.file++;
      const { header: h, problem } = fixRecord(raw, scratch);
      if (h.flags & MFT_RECORD_IN_USE) stats.inUse++;
      if ((h.flags & MFT_RECORD_IN_USE) !== 0 && (h.flags & MFT_RECORD_IS_DIRECTORY) !== 0)
        stats.directories++;
      if (problem) {
        stats.fixupErrors++;
        diag.report(
          'error',
          offset + problem.offset,
          `entry[${entry}].${problem.field}`,
          problem.expected,
          problem.found,
          'torn or damaged record; entry skipped',
        );
        return;
      }
      if (h.baseEntry !== 0) {
        stats.extension++;
        return;
      }
      if (
        h.usedSize > rs ||
        h.firstAttributeOffset < FILE_RECORD_HEADER_SIZE ||
        h.firstAttributeOffset >= rs
      ) {
        diag.report(
          'warning',
          offset + 0x14,
          `entry[${entry}].header`,
          `first attribute offset in 0x30..0x${rs.toString(16)}, used size <= ${rs}`,
          `first 0x${h.firstAttributeOffset.toString(16)}, used 0x${h.usedSize.toString(16)}`,
          'attributes read up to the record end',
        );
      }
      const e = emptyEntry(entry, offset, h);
      const p = addRecordAttributes(e, scratch, { ...h, usedSize: Math.min(h.usedSize, rs) });
      if (p) {
        stats.attributeErrors++;
        diag.report(
          'warning',
          offset + p.offset,
          `entry[${entry}].${p.field}`,
          p.expected,
          p.found,
          'attributes after this one are missing',
        );
      }
      const ext = new Set(resolver.extensions.get(entry) ?? []);
      for (const a of e.attributeList) if (a.entry !== entry) ext.add(a.entry);
      if (ext.size === 0) {
        emit(e);
        return;
      }
      const outside: number[] = [];
      for (const x of [...ext].sort((a, b) => a - b)) {
        const k = x - sliceFirst;
        if (k >= 0 && (k + 1) * rs <= slice.length)
          mergeExtension(e, x, slice.subarray(k * rs, (k + 1) * rs));
        else outside.push(x);
      }
      if (outside.length === 0) emit(e);
      else pendingExt.push({ entry: e, ext: outside });
    },
    async () => {
      // Entries whose extensions live outside their slice: one read per extension record.
      for (const { entry: e, ext } of pendingExt) {
        for (const x of ext) {
          const raw = x < layout.entryCount ? await readFully(src, x * rs, rs) : null;
          mergeExtension(e, x, raw);
        }
        emit(e);
      }
      pendingExt.length = 0;
    },
  );
  stats.orphans = resolver.orphans - orphans0;
  stats.loops = resolver.loops - loops0;
  stats.diagnosticsDropped = diag.dropped;
  diag.reportDropped(MFT_DROPPED_FIELD);
  return stats;
}
