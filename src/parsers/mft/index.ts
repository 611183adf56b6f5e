// $MFT parser entry point: layout from the first FILE header, a path pass over compact columns,
// then full entries with paths (parse-range.ts). Format: libfsntfs documentation
// "New Technologies File System (NTFS)", sections MFT entry and MFT attributes.
import { fileAttributesSheet, fileAttributesWindows } from '../../dicts/file-attributes';
import { isoFromTimeParts, type TimeParts } from '../bytes/filetime';
import type { ArtifactParser, NormalizedEvent, ParseSummary } from '../types';
import type { MftTimes } from './attributes/standard-information';
import type { MftEntry } from './entry';
import { detectMftLayout, type MftLayout, type MftStats, parseMftRange, scanMftRange } from './parse-range';
import { MftPathResolver } from './path-table';

export type { MftEntry } from './entry';
export type { MftLayout, MftRangeOptions, MftStats } from './parse-range';
export { detectMftLayout, parseMftRange, scanMftRange } from './parse-range';
export { createPathColumns, mergePathColumns, MftPathResolver, ORPHAN_PREFIX } from './path-table';

export const MFT_SOURCE = '$MFT';

function timesJson(t: MftTimes | null): Record<string, string> | null {
  if (!t) return null;
  return {
    created: isoFromTimeParts(t.created),
    modified: isoFromTimeParts(t.modified),
    changed: isoFromTimeParts(t.changed),
    accessed: isoFromTimeParts(t.accessed),
  };
}

function sameTime(a: TimeParts, b: TimeParts): boolean {
  return (a.timeMs === b.timeMs || (Number.isNaN(a.timeMs) && Number.isNaN(b.timeMs))) && a.tick === b.tick;
}

/** The parse summary for the counts of a whole file (or of its merged ranges). */
export function summarizeMft(layout: MftLayout, stats: MftStats): ParseSummary {
  return {
    artifact: 'mft',
    ok: stats.emitted,
    errors: stats.baad + stats.other + stats.fixupErrors,
    firstTimeMs: stats.firstTimeMs,
    lastTimeMs: stats.lastTimeMs,
    info: {
      recordSize: layout.recordSize,
      entries: stats.file,
      inUse: stats.inUse,
      directories: stats.directories,
      baad: stats.baad,
      extension: stats.extension,
      zero: stats.zero,
      otherMagic: stats.other,
      fixupErrors: stats.fixupErrors,
      orphans: stats.orphans,
      loops: stats.loops,
    },
  };
}

export const mftParser: ArtifactParser<MftEntry> = {
  kind: 'mft',
  async parse(src, ctx, onRecord) {
    const layout = await detectMftLayout(src, ctx);
    const columns = await scanMftRange(src, ctx, layout, 0, layout.entryCount);
    const resolver = new MftPathResolver(columns);
    const stats = await parseMftRange(src, ctx, 0, layout.entryCount, onRecord, { layout, resolver });
    return summarizeMft(layout, stats);
  },

  toJson(e, fileName) {
    return {
      artifact: 'mft',
      file: fileName,
      entry: e.entry,
      sequence: e.sequence,
      inUse: e.inUse,
      isDirectory: e.isDirectory,
      path: e.path,
      name: e.name,
      parentEntry: e.parentEntry,
      parentSequence: e.parentSequence,
      size: e.size,
      si: timesJson(e.si),
      fn: timesJson(e.fn),
      streams: e.streams.map((s) => ({ name: s.name, size: s.size, resident: s.resident })),
      orphan: e.orphan,
      loop: e.loop,
      offset: e.offset,
      linkCount: e.linkCount,
      siFlags: e.siFlags,
      flags: fileAttributesWindows(e.siFlags),
      namespace: e.namespace,
      fileNames: e.fileNames.map((f) => ({
        name: f.name,
        namespace: f.namespace,
        parentEntry: f.parentEntry,
        parentSequence: f.parentSequence,
      })),
      hasAttributeList: e.hasAttributeList,
      extensionEntries: e.extensionEntries,
      timestompHint: e.timestompHint,
      siZeroFraction: e.siZeroFraction,
    };
  },

  toEvents(e, emit) {
    const status = e.inUse ? 'allocated' : 'deleted';
    const fields: Record<string, string> = {
      Path: e.path,
      Name: e.name,
      Entry: String(e.entry),
      Sequence: String(e.sequence),
      InUse: e.inUse ? 'true' : 'false',
      IsDirectory: e.isDirectory ? 'true' : 'false',
      Size: String(e.size),
      ParentEntry: String(e.parentEntry),
      ParentSequence: String(e.parentSequence),
      SiCreated: isoFromTimeParts(e.si?.created),
      SiModified: isoFromTimeParts(e.si?.modified),
      SiChanged: isoFromTimeParts(e.si?.changed),
      SiAccessed: isoFromTimeParts(e.si?.accessed),
      FnCreated: isoFromTimeParts(e.fn?.created),
      FnModified: isoFromTimeParts(e.fn?.modified),
      FnChanged: isoFromTimeParts(e.fn?.changed),
      FnAccessed: isoFromTimeParts(e.fn?.accessed),
      Flags: fileAttributesSheet(e.siFlags),
      SiFlags: `0x${e.siFlags.toString(16)}`,
      TimestompHint: e.timestompHint ? 'true' : '',
      SiZeroFraction: e.siZeroFraction ? 'true' : '',
      Orphan: e.orphan ? 'true' : '',
      HeaderFlag: 'FILE',
      Validity: e.inUse ? 'ALLOCATED' : 'DELETED',
      Streams: e.streams.map((s) => `${s.name}:${s.size}`).join('|'),
    };
    const summary = `${e.path || e.name || `entry ${e.entry} (no name)`} (${e.size} bytes, ${status})`;
    const base = (label: string, t: TimeParts | undefined): NormalizedEvent => ({
      artifact: 'mft',
      timeMs: t ? t.timeMs : Number.NaN,
      tick: t ? t.tick : 0,
      eventId: -1,
      source: MFT_SOURCE,
      computer: '',
      ref: e.entry,
      offset: e.offset,
      label,
      summary,
      fields,
    });
    emit(base('SI created', e.si?.created));
    if (e.si && !sameTime(e.si.created, e.si.modified)) emit(base('SI modified', e.si.modified));
  },
};
