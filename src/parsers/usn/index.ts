// USN change journal ($UsnJrnl:$J) parser. Reads the file in windows (1 MiB by default), skips
// zero runs (sparse.ts), decodes V2/V3/V4 records (record.ts), and resynchronises on the next
// sound 8-byte aligned header after a damaged one. Spec: MS docs USN_RECORD_V2/V3/V4.
import { fileAttributesSheet, fileAttributesWindows } from '../../dicts/file-attributes';
import { usnReasonsSheet, usnReasonsWindows } from '../../dicts/usn';
import { isoFromParts } from '../bytes/filetime';
import { readFully } from '../bytes/reader';
import { DiagnosticSink } from '../diagnostics';
import { type ArtifactParser, checkAbort, type ParseContext } from '../types';
import { checkUsnRecord, minRecordSize, readUsnRecord, USN_MAX_RECORD_SIZE, type UsnRecord } from './record';
import { nextNonZero } from './sparse';
import { u16le, u32le } from '../bytes/le';

export type { UsnExtent, UsnRecord } from './record';

export const USN_SOURCE = '$UsnJrnl:$J';
export const USN_DEFAULT_READ_SIZE = 1024 * 1024;
const MAX_DIAGNOSTICS = 10000;

/** Counts over one $J. */
export interface UsnStats {
  records: number;
  v2: number;
  v3: number;
  v4: number;
  /** Zero bytes skipped (sparse head and page padding). */
  zeroBytes: number;
  /** Offset of the first record, -1 when none. */
  firstRecordOffset: number;
  /** Damaged regions (each costs one diagnostic and is resynchronised). */
  damaged: number;
  firstTimeMs: number;
  lastTimeMs: number;
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** A private, 8-byte aligned window over [start, start + bytes.length). */
class Window {
  start = 0;
  bytes: Uint8Array = new Uint8Array(0);
  words: Uint32Array = new Uint32Array(0);

  set(start: number, src: Uint8Array): void {
    this.start = start;
    if (src.byteOffset % 8 === 0) {
      this.bytes = src;
    } else {
      const copy = new Uint8Array(src.length);
      copy.set(src);
      this.bytes = copy;
    }
    this.words = new Uint32Array(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length >>> 2);
  }

  get end(): number {
    return this.start + this.bytes.length;
  }
}

/** Walks every record of the $J. Never throws for bad data. */
export async function parseUsn(
  src: { size: number; read(o: number, l: number): Promise<Uint8Array> },
  ctx: ParseContext,
  onRecord: (r: UsnRecord) => void,
): Promise<UsnStats> {
  const stats: UsnStats = {
    records: 0,
    v2: 0,
    v3: 0,
    v4: 0,
    zeroBytes: 0,
    firstRecordOffset: -1,
    damaged: 0,
    firstTimeMs: Number.NaN,
    lastTimeMs: Number.NaN,
  };
  const size = src.size;
  const readSize = Math.max(8, ctx.readSize ?? USN_DEFAULT_READ_SIZE) & ~7;
  const w = new Window();
  const diag = DiagnosticSink.of(ctx, MAX_DIAGNOSTICS);
  const load = async (pos: number, need: number) => {
    w.set(pos, await readFully(src, pos, Math.max(readSize, need)));
    ctx.onProgress?.(pos, size);
  };
  let pos = 0;
  let damagedAt = -1;
  let reloadedAt = -1;
  let lastProgress = 0;
  while (pos < size) {
    if (pos < w.start || pos + 8 > w.end) {
      checkAbort(ctx.signal);
      if (size - pos < 8) {
        const tail = await readFully(src, pos, size - pos);
        if (tail.some((x) => x !== 0)) {
          diag.report(
            'warning',
            pos,
            'record.header',
            '8 bytes for a record header',
            `${size - pos} trailing bytes`,
            'truncated tail ignored',
          );
        } else stats.zeroBytes += size - pos;
        break;
      }
      await load(pos, 8);
      if (w.bytes.length < 8) {
        diag.report(
          'error',
          pos,
          'source',
          `${size - pos} more bytes`,
          `${w.bytes.length}`,
          'read returned short; stopping',
        );
        stats.damaged++;
        break;
      }
    }
    if (pos - lastProgress >= 64 * 1024 * 1024) {
      lastProgress = pos;
      checkAbort(ctx.signal);
    }
    const rel = pos - w.start;
    const b = w.bytes;
    if (
      (b[rel] | b[rel + 1] | b[rel + 2] | b[rel + 3] | b[rel + 4] | b[rel + 5] | b[rel + 6] | b[rel + 7]) ===
      0
    ) {
      const next = nextNonZero(w.words, rel);
      const to = w.start + Math.max(next, rel + 8);
      stats.zeroBytes += to - pos;
      pos = to;
      continue;
    }
    const length = u32le(b, rel);
    const major = u16le(b, rel + 4);
    const plausible = minRecordSize(major) > 0 && length % 8 === 0 && length >= minRecordSize(major);
    if (
      plausible &&
      length <= USN_MAX_RECORD_SIZE &&
      pos + length > w.end &&
      w.end < size &&
      reloadedAt !== pos
    ) {
      reloadedAt = pos;
      await load(pos, length);
      continue;
    }
    const avail = Math.min(w.end, size) - pos;
    const problem = checkUsnRecord(b, rel, avail);
    if (problem) {
      if (damagedAt < 0) {
        damagedAt = pos;
        stats.damaged++;
        const truncated = plausible && length <= USN_MAX_RECORD_SIZE && pos + length > size;
        diag.report(
          'error',
          pos + problem.offset,
          problem.field,
          problem.expected,
          problem.found,
          truncated
            ? 'record truncated by the end of the file'
            : 'damaged record; scanning for the next sound record',
        );
      }
      pos += 8;
      continue;
    }
    if (damagedAt >= 0) {
      diag.report(
        'info',
        pos,
        'record',
        'a sound record',
        `one after ${pos - damagedAt} damaged bytes from ${hex(damagedAt)}`,
        'resynchronised',
      );
      damagedAt = -1;
    }
    const r = readUsnRecord(b, rel, pos);
    if (stats.firstRecordOffset < 0) stats.firstRecordOffset = pos;
    stats.records++;
    if (r.version === 2) stats.v2++;
    else if (r.version === 3) stats.v3++;
    else stats.v4++;
    const t = r.time.timeMs;
    if (Number.isFinite(t)) {
      if (!(t >= stats.firstTimeMs)) stats.firstTimeMs = t;
      if (!(t <= stats.lastTimeMs)) stats.lastTimeMs = t;
    }
    onRecord(r);
    pos += r.length;
  }
  if (stats.records === 0 && stats.damaged === 0) {
    diag.report(
      'warning',
      -1,
      'usn',
      'at least one USN record',
      size === 0 ? 'an empty file' : `all ${size} bytes are zero`,
      'no records (an empty or wiped $J?)',
    );
  }
  diag.reportDropped('usn');
  ctx.onProgress?.(size, size);
  return stats;
}

function hexFlags(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

export const usnParser: ArtifactParser<UsnRecord> = {
  kind: 'usn',
  async parse(src, ctx, onRecord) {
    const stats = await parseUsn(src, ctx, onRecord);
    return {
      artifact: 'usn',
      ok: stats.records,
      errors: stats.damaged,
      firstTimeMs: stats.firstTimeMs,
      lastTimeMs: stats.lastTimeMs,
      info: {
        records: stats.records,
        v2: stats.v2,
        v3: stats.v3,
        v4: stats.v4,
        zeroBytes: stats.zeroBytes,
        firstRecordOffset: stats.firstRecordOffset,
        damagedRegions: stats.damaged,
      },
    };
  },

  toJson(r, fileName) {
    const out: Record<string, unknown> = {
      artifact: 'usn',
      file: fileName,
      usn: r.usn,
      time: isoFromParts(r.time.timeMs, r.time.tick) || null,
      entry: r.entry,
      sequence: r.sequence,
      parentEntry: r.parentEntry,
      parentSequence: r.parentSequence,
      name: r.name,
      path: r.path,
      reasonFlags: r.reasons,
      reasons: usnReasonsWindows(r.reasons),
      reasonsSheet: usnReasonsSheet(r.reasons),
      attributeFlags: r.attributes,
      attributes: fileAttributesWindows(r.attributes),
      attributesSheet: fileAttributesSheet(r.attributes),
      version: r.version,
      offset: r.offset,
      fileId: r.fileId,
      parentFileId: r.parentFileId,
      sourceInfo: r.sourceInfo,
      securityId: r.securityId,
    };
    if (r.version === 4) {
      out.extents = r.extents;
      out.remainingExtents = r.remainingExtents;
    }
    return out;
  },

  toEvents(r, emit) {
    const reasons = usnReasonsSheet(r.reasons);
    const attributes = fileAttributesSheet(r.attributes);
    const who = r.version === 4 ? `[range record: ${r.extents.length} extents of ${r.entry}]` : r.name;
    emit({
      artifact: 'usn',
      timeMs: r.time.timeMs,
      tick: r.time.tick,
      eventId: -1,
      source: USN_SOURCE,
      computer: '',
      ref: r.usn,
      offset: r.offset,
      label: reasons,
      summary: `${who} ${reasons} ${attributes}`.trimEnd(),
      fields: {
        Usn: String(r.usn),
        Name: r.name,
        Path: r.path ?? '',
        PathNote: r.path ? '' : `unresolved parent: entry ${r.parentEntry} sequence ${r.parentSequence}`,
        Entry: String(r.entry),
        Sequence: String(r.sequence),
        ParentEntry: String(r.parentEntry),
        ParentSequence: String(r.parentSequence),
        Reasons: reasons,
        ReasonFlags: hexFlags(r.reasons),
        Attributes: attributes,
        AttributeFlags: hexFlags(r.attributes),
        Version: String(r.version),
        SourceInfo: hexFlags(r.sourceInfo),
        SecurityId: String(r.securityId),
        FileId: r.fileId,
        ParentFileId: r.parentFileId,
      },
    });
  },
};
