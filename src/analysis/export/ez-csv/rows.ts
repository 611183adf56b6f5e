// One CSV line per record in the layouts of columns.ts. Input is one shape per layout
// (`EvtxEzRecord`, `MftEzEntry`, `UsnEzRecord`, `PrefetchEzRecord`): our parsers' records fit it
// (what `tracelens parse` reads), and so does what a timeline row holds (table-rows.ts, the
// app's export), with `null` for what a row does not know (an empty cell). Values are ours:
// times in UTC as `yyyy-MM-dd HH:mm:ss.fffffff`, flags as names joined by '|', booleans True/False.
import { fileAttributesWindows } from '../../../dicts/file-attributes';
import { usnReasonsWindows } from '../../../dicts/usn';
import type { TimeParts } from '../../../parsers/bytes/filetime';
import type { EvtxRecord } from '../../../parsers/evtx/index';
import type { MftEntry } from '../../../parsers/mft/index';
import type { PrefetchRecord, PrefetchVolume } from '../../../parsers/prefetch/index';
import type { UsnRecord } from '../../../parsers/usn/index';
import { ezLine, ezTime, ezTimeFromIso } from './cell';
import { mapEvtx } from './evtx-map';

const LEVELS = ['LogAlways', 'Critical', 'Error', 'Warning', 'Info', 'Verbose'];
const KEYWORDS: Record<string, string> = {
  '0x8020000000000000': 'Audit success',
  '0x8010000000000000': 'Audit failure',
};

/** EventData as `{"EventData":{"Data":[{"@Name":…,"#text":…}]}}`; UserData nested by path. */
export function evtxPayloadJson(data: Record<string, string>): string {
  const keys = Object.keys(data);
  if (keys.length === 0) return '';
  if (keys.some((k) => k.includes('/'))) {
    const root: Record<string, unknown> = {};
    for (const k of keys) {
      const parts = k.split('/');
      let node = root;
      for (let i = 0; i < parts.length - 1; i++) {
        let next = node[parts[i]];
        if (typeof next !== 'object' || next === null) {
          next = {};
          node[parts[i]] = next;
        }
        node = next as Record<string, unknown>;
      }
      node[parts[parts.length - 1]] = data[k];
    }
    return JSON.stringify({ UserData: root });
  }
  const items = keys.map((k) =>
    /^Data\[\d+\]$/.test(k) ? { '#text': data[k] } : { '@Name': k, '#text': data[k] },
  );
  return JSON.stringify({ EventData: { Data: items } });
}

/** An empty cell for what the input does not know. */
const known = (v: number | null): number | '' => (v === null ? '' : v);

/** What an EvtxECmd line is built from; `EvtxRecord` is one. */
export interface EvtxEzRecord
  extends Pick<
    EvtxRecord,
    | 'recordId'
    | 'timeMs'
    | 'tick'
    | 'eventId'
    | 'level'
    | 'provider'
    | 'channel'
    | 'processId'
    | 'threadId'
    | 'computer'
    | 'userId'
    | 'keywords'
    | 'data'
  > {
  headerRecordId: number | null;
  chunkIndex: number | null;
}

export function evtxLine(r: EvtxEzRecord, sourceFile: string): string {
  const m = mapEvtx(r.channel, r.provider, r.eventId, r.data);
  return ezLine([
    known(r.headerRecordId),
    String(r.recordId),
    ezTime(r.timeMs, r.tick),
    r.eventId,
    r.level < 0 ? '' : (LEVELS[r.level] ?? String(r.level)),
    r.provider,
    r.channel,
    Math.max(0, r.processId),
    Math.max(0, r.threadId),
    r.computer,
    known(r.chunkIndex),
    r.userId,
    m?.description ?? '',
    m?.userName ?? '',
    m?.remoteHost ?? '',
    ...(m?.payload ?? ['', '', '', '', '', '']),
    m?.executableInfo ?? '',
    false,
    sourceFile,
    KEYWORDS[r.keywords.toLowerCase()] ?? r.keywords,
    0,
    evtxPayloadJson(r.data),
  ]);
}

function t(p: TimeParts | undefined): string {
  return p ? ezTime(p.timeMs, p.tick) : '';
}

function parentPath(path: string): string {
  const i = path.lastIndexOf('\\');
  return i <= 0 ? '.' : `.${path.slice(0, i)}`;
}

function extension(name: string): string {
  const i = name.lastIndexOf('.');
  return i > 0 ? name.slice(i) : '';
}

const NAME_TYPES = ['Posix', 'Windows', 'Dos', 'DosWindows'];

/** MACB times as ezTime text ('' when absent). */
export interface EzTimes {
  created: string;
  modified: string;
  changed: string;
  accessed: string;
}

function ezTimes(m: MftEntry['si']): EzTimes {
  return {
    created: t(m?.created),
    modified: t(m?.modified),
    changed: t(m?.changed),
    accessed: t(m?.accessed),
  };
}

/** What MFTECmd's $MFT lines of one entry are built from. */
export interface MftEzEntry
  extends Pick<
    MftEntry,
    | 'entry'
    | 'sequence'
    | 'inUse'
    | 'parentEntry'
    | 'parentSequence'
    | 'path'
    | 'name'
    | 'size'
    | 'isDirectory'
    | 'timestompHint'
    | 'siZeroFraction'
    | 'siFlags'
  > {
  streams: readonly { name: string; size: number }[];
  si: EzTimes;
  fn: EzTimes;
  linkCount: number | null;
  /** $FILE_NAME namespace, -1 when unknown. */
  namespace: number;
  usn: number | null;
  lsn: number | null;
  securityId: number | null;
}

/** The parser's entry in that shape. */
export function mftEzEntry(e: MftEntry): MftEzEntry {
  return {
    ...e,
    si: ezTimes(e.si),
    fn: ezTimes(e.fn),
    usn: Math.max(0, e.usn),
    securityId: Math.max(0, e.securityId),
  };
}

/** The entry's line, then one line per alternate data stream (IsAds=True), as MFTECmd lists them. */
export function mftLines(e: MftEntry, sourceFile: string): string[] {
  return mftEzLines(mftEzEntry(e), sourceFile);
}

export function mftEzLines(e: MftEzEntry, sourceFile: string): string[] {
  const { si, fn } = e;
  const fnOnlyIfDiffers = (s: string, f: string) => (s !== '' && s === f ? '' : f);
  const base = (name: string, size: number, isAds: boolean) =>
    ezLine([
      e.entry,
      e.sequence,
      e.inUse,
      Math.max(0, e.parentEntry),
      e.parentSequence < 0 ? '' : e.parentSequence,
      e.entry === 5 ? '.' : parentPath(e.path),
      name,
      isAds ? extension(name.slice(name.lastIndexOf(':') + 1)) : extension(name),
      size,
      known(e.linkCount),
      '',
      e.isDirectory,
      !isAds && e.streams.length > 0,
      isAds,
      e.timestompHint,
      e.siZeroFraction,
      si.modified !== '' && si.created !== '' && si.modified < si.created,
      fileAttributesWindows(e.siFlags)
        .map((f) => f.replace(/^FILE_ATTRIBUTE_/, ''))
        .join('|'),
      e.namespace < 0 ? '' : (NAME_TYPES[e.namespace] ?? String(e.namespace)),
      si.created,
      fnOnlyIfDiffers(si.created, fn.created),
      si.modified,
      fnOnlyIfDiffers(si.modified, fn.modified),
      si.changed,
      fnOnlyIfDiffers(si.changed, fn.changed),
      si.accessed,
      fnOnlyIfDiffers(si.accessed, fn.accessed),
      known(e.usn),
      known(e.lsn),
      known(e.securityId),
      '',
      '',
      '',
      sourceFile,
    ]);
  const out = [base(e.name, e.size, false)];
  for (const s of e.streams) out.push(base(`${e.name}:${s.name}`, s.size, true));
  return out;
}

/** What a MFTECmd $J line is built from; `UsnRecord` is one. */
export type UsnEzRecord = Pick<
  UsnRecord,
  | 'name'
  | 'entry'
  | 'sequence'
  | 'parentEntry'
  | 'parentSequence'
  | 'path'
  | 'usn'
  | 'time'
  | 'reasons'
  | 'attributes'
  | 'offset'
>;

export function usnLine(r: UsnEzRecord, sourceFile: string): string {
  return ezLine([
    r.name,
    extension(r.name),
    r.entry,
    r.sequence,
    r.parentEntry,
    r.parentSequence,
    r.path === null ? '' : parentPath(r.path),
    r.usn,
    ezTime(r.time.timeMs, r.time.tick),
    usnReasonsWindows(r.reasons)
      .map((n) => n.replace(/^USN_REASON_/, ''))
      .join('|'),
    fileAttributesWindows(r.attributes)
      .map((n) => n.replace(/^FILE_ATTRIBUTE_/, ''))
      .join('|'),
    r.offset,
    sourceFile,
  ]);
}

const PREFETCH_VERSIONS: Record<number, string> = {
  17: 'Windows XP or Server 2003 (17)',
  23: 'Windows Vista or 7 (23)',
  26: 'Windows 8 or 8.1 (26)',
  30: 'Windows 10 or 11 (30)',
  31: 'Windows 11 (31)',
};

/** What PECmd's lines of one .pf are built from; `PrefetchRecord` is one. */
export interface PrefetchEzRecord
  extends Pick<
    PrefetchRecord,
    | 'executable'
    | 'executablePath'
    | 'hash'
    | 'version'
    | 'runCount'
    | 'lastRunTimes'
    | 'directories'
    | 'files'
  > {
  sccaSize: number | null;
  volumes: readonly Pick<PrefetchVolume, 'devicePath' | 'serial' | 'created'>[];
}

/** The .pf's line for PECmd_Output.csv. Source file times are not read (empty columns). */
export function prefetchLine(r: PrefetchEzRecord, sourceFile: string): string {
  const runs = r.lastRunTimes.map((p) => ezTime(p.timeMs, p.tick));
  const v = (i: number) => r.volumes[i];
  return ezLine([
    r.volumes.length > 2 ? `${r.volumes.length} volumes; Volume0/1 columns show the first two` : '',
    sourceFile,
    '',
    '',
    '',
    r.executable,
    (r.hash >>> 0).toString(16).toUpperCase().padStart(8, '0'),
    known(r.sccaSize),
    PREFETCH_VERSIONS[r.version] ?? String(r.version),
    r.runCount,
    runs[0] ?? '',
    ...Array.from({ length: 7 }, (_, i) => runs[i + 1] ?? ''),
    v(0)?.devicePath ?? '',
    v(0)?.serial ?? '',
    ezTimeFromIso(v(0)?.created ?? ''),
    v(1)?.devicePath ?? '',
    v(1)?.serial ?? '',
    ezTimeFromIso(v(1)?.created ?? ''),
    r.directories.join(', '),
    r.files.join(', '),
    false,
  ]);
}

/** One line per run time for PECmd_Output_Timeline.csv (RunTime, ExecutableName). */
export function prefetchTimelineLines(r: PrefetchEzRecord): string[] {
  const exe = r.executablePath || r.executable;
  return r.lastRunTimes.map((p) => ezLine([ezTime(p.timeMs, p.tick), exe]));
}
