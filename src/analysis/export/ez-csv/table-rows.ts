// Timeline rows (the app's events table, model/events-table.ts) in Eric Zimmerman's CSV layouts:
// each row becomes the shape rows.ts writes (the same code as `tracelens parse --format ez-csv`),
// filled from what the row holds (the fields each parser's `toEvents` gives it) and `null` where
// the table does not keep the value, which leaves that cell empty (EZ_APP_EMPTY). Never guessed.
//   EVTX   one line per row; ChunkNumber from the record's offset (chunks of CHUNK_SIZE bytes
//          after the file header), Payload from the row's EventData/UserData fields.
//   $MFT   an entry's lines (its ADS lines after it) at its first row; its other rows (an entry
//          has a row per timestamp) add nothing.
//   $J     one line per row.
//   PECmd  the timeline one line per row (run); the .pf's line at its first row, with the run
//          times of all of the file's rows in the table.
import type { CaseFile } from '../../../model/case';
import {
  ARTIFACT_CODE,
  type EventsTable,
  type IndexIntoEventsTable,
  rowFields,
} from '../../../model/events-table';
import type { TimeParts } from '../../../parsers/bytes/filetime';
import { CHUNK_SIZE } from '../../../parsers/evtx/chunk-header';
import { FILE_HEADER_SIZE } from '../../../parsers/evtx/file-header';
import { ezTimeFromIso } from './cell';
import type { EzFileKind } from './columns';
import {
  type EvtxEzRecord,
  type EzTimes,
  evtxLine,
  type MftEzEntry,
  mftEzLines,
  type PrefetchEzRecord,
  prefetchLine,
  prefetchTimelineLines,
  usnLine,
} from './rows';

/** The table keeps the first volume's device path only. */
const PF_VOLUME_DETAIL = [
  'Volume0Serial',
  'Volume0Created',
  'Volume1Name',
  'Volume1Serial',
  'Volume1Created',
];

/** Columns the app's export leaves empty because the events table does not hold them. */
export const EZ_APP_EMPTY: Record<EzFileKind, readonly string[]> = {
  evtx: ['RecordNumber'],
  mft: ['ReferenceCount', 'NameType', 'UpdateSequenceNumber', 'LogfileSequenceNumber', 'SecurityId'],
  usn: [],
  prefetch: ['Note', 'Size', ...PF_VOLUME_DETAIL, 'Directories', 'FilesLoaded'],
  prefetchTimeline: [],
};

/** Where lines go: `EzCsvSet.emit`. */
export interface EzLineSink {
  emit(kind: EzFileKind, lines: readonly string[]): void;
}

type Fields = Record<string, string>;

const num = (v: string | undefined): number => (v === undefined || v === '' ? -1 : Number(v));

function evtxRecord(t: EventsTable, r: IndexIntoEventsTable, f: Fields): EvtxEzRecord {
  const data: Fields = {};
  for (const k in f) if (!k.startsWith('@')) data[k] = f[k];
  const offset = t.offset[r];
  return {
    headerRecordId: null,
    recordId: t.ref[r],
    timeMs: t.timeMs[r],
    tick: t.tick[r],
    eventId: t.eventId[r],
    level: num(f['@Level']),
    provider: f['@Provider'] ?? '',
    channel: t.strings[t.source[r]] ?? '',
    processId: num(f['@ProcessID']),
    threadId: num(f['@ThreadID']),
    computer: t.strings[t.computer[r]] ?? '',
    chunkIndex: offset >= FILE_HEADER_SIZE ? Math.floor((offset - FILE_HEADER_SIZE) / CHUNK_SIZE) : null,
    userId: f['@UserID'] ?? '',
    keywords: f['@Keywords'] ?? '',
    data,
  };
}

function times(f: Fields, prefix: 'Si' | 'Fn'): EzTimes {
  const at = (n: string) => ezTimeFromIso(f[`${prefix}${n}`] ?? '');
  return {
    created: at('Created'),
    modified: at('Modified'),
    changed: at('Changed'),
    accessed: at('Accessed'),
  };
}

/** `name:size|name:size` (mft toEvents' Streams) back into streams. */
function streams(s: string): { name: string; size: number }[] {
  const out: { name: string; size: number }[] = [];
  const re = /([\s\S]*?):(\d+)(?:\||$)/y;
  while (re.lastIndex < s.length) {
    const m = re.exec(s);
    if (!m) break;
    out.push({ name: m[1], size: Number(m[2]) });
  }
  return out;
}

function mftEntry(f: Fields): MftEzEntry {
  return {
    entry: num(f.Entry),
    sequence: num(f.Sequence),
    inUse: f.InUse === 'true',
    parentEntry: num(f.ParentEntry),
    parentSequence: num(f.ParentSequence),
    path: f.Path ?? '',
    name: f.Name ?? '',
    size: Math.max(0, num(f.Size)),
    isDirectory: f.IsDirectory === 'true',
    timestompHint: f.TimestompHint === 'true',
    siZeroFraction: f.SiZeroFraction === 'true',
    siFlags: Number.parseInt(f.SiFlags ?? '0', 16) || 0,
    streams: streams(f.Streams ?? ''),
    si: times(f, 'Si'),
    fn: times(f, 'Fn'),
    linkCount: null,
    namespace: -1,
    usn: null,
    lsn: null,
    securityId: null,
  };
}

/** Builds the ez-csv lines of timeline rows; one instance per export (it remembers entries seen). */
export class EzTableRows {
  private readonly mftSeen = new Set<number>();
  private readonly pfSeen = new Set<number>();
  private pfRuns: Map<number, { index: number; time: TimeParts }[]> | null = null;

  constructor(
    private readonly table: EventsTable,
    private readonly files: readonly Pick<CaseFile, 'path'>[],
  ) {}

  /** Lines of rows[from, to) into `sink`, in row order. */
  add(sink: EzLineSink, rows: ArrayLike<IndexIntoEventsTable>, from = 0, to = rows.length): void {
    const t = this.table;
    const end = Math.min(to, rows.length);
    for (let p = Math.max(0, from); p < end; p++) {
      const r = rows[p];
      if (r >= t.length) continue;
      const file = t.file[r];
      const sourceFile = this.files[file]?.path ?? '';
      const f = rowFields(t, r);
      switch (t.artifact[r]) {
        case ARTIFACT_CODE.evtx:
          sink.emit('evtx', [evtxLine(evtxRecord(t, r, f), sourceFile)]);
          break;
        case ARTIFACT_CODE.mft: {
          const key = file * 2 ** 32 + t.ref[r];
          if (this.mftSeen.has(key)) break;
          this.mftSeen.add(key);
          sink.emit('mft', mftEzLines(mftEntry(f), sourceFile));
          break;
        }
        case ARTIFACT_CODE.usn:
          sink.emit('usn', [
            usnLine(
              {
                name: f.Name ?? '',
                entry: num(f.Entry),
                sequence: num(f.Sequence),
                parentEntry: num(f.ParentEntry),
                parentSequence: num(f.ParentSequence),
                path: f.Path ? f.Path : null,
                usn: t.ref[r],
                time: { timeMs: t.timeMs[r], tick: t.tick[r] },
                reasons: Number.parseInt(f.ReasonFlags ?? '0', 16) || 0,
                attributes: Number.parseInt(f.AttributeFlags ?? '0', 16) || 0,
                offset: t.offset[r],
              },
              sourceFile,
            ),
          ]);
          break;
        case ARTIFACT_CODE.prefetch: {
          const rec = this.prefetchRecord(f, file);
          if (!this.pfSeen.has(file)) {
            this.pfSeen.add(file);
            sink.emit('prefetch', [prefetchLine(rec, sourceFile)]);
          }
          const run = { ...rec, lastRunTimes: [{ timeMs: t.timeMs[r], tick: t.tick[r] }] };
          sink.emit('prefetchTimeline', prefetchTimelineLines(run));
          break;
        }
      }
    }
  }

  private prefetchRecord(f: Fields, file: number): PrefetchEzRecord {
    return {
      executable: f.Executable ?? '',
      executablePath: f.ExecutablePath ?? '',
      hash: Number.parseInt(f.Hash ?? '0', 16) || 0,
      version: num(f.Version),
      runCount: Math.max(0, num(f.RunCount)),
      lastRunTimes: this.runsOf(file),
      directories: [],
      files: [],
      sccaSize: null,
      volumes: f.Volume ? [{ devicePath: f.Volume, serial: '', created: '' }] : [],
    };
  }

  /** Run times of every row of one .pf in the table, newest first (the parser's RunIndex order). */
  private runsOf(file: number): TimeParts[] {
    if (!this.pfRuns) {
      const t = this.table;
      const runs = new Map<number, { index: number; time: TimeParts }[]>();
      for (let r = 0; r < t.length; r++) {
        if (t.artifact[r] !== ARTIFACT_CODE.prefetch) continue;
        let list = runs.get(t.file[r]);
        if (!list) {
          list = [];
          runs.set(t.file[r], list);
        }
        list.push({ index: num(rowFields(t, r).RunIndex), time: { timeMs: t.timeMs[r], tick: t.tick[r] } });
      }
      for (const list of runs.values()) list.sort((a, b) => a.index - b.index);
      this.pfRuns = runs;
    }
    return (this.pfRuns.get(file) ?? []).map((x) => x.time);
  }
}
