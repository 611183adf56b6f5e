// The normalized EVTX record every consumer sees, built from a record's header and the fields the
// template plans flattened out of its Binary XML (see binxml/plan.ts for the naming rules).
import { filetimeParts, isoFromParts } from '../bytes/filetime';
import {
  type FieldSink,
  SYS_ACTIVITY_ID,
  SYS_CHANNEL,
  SYS_COMPUTER,
  SYS_EVENT_ID,
  SYS_EVENT_RECORD_ID,
  SYS_KEYWORDS,
  SYS_LEVEL,
  SYS_OPCODE,
  SYS_PROCESS_ID,
  SYS_PROVIDER,
  SYS_PROVIDER_GUID,
  SYS_QUALIFIERS,
  SYS_TASK,
  SYS_THREAD_ID,
  SYS_TIME_CREATED,
  SYS_USER_ID,
  SYS_VERSION,
} from './binxml/plan';
import { filetimeIso } from './binxml/value-types';

export interface EvtxRecord {
  /** System/EventRecordID (what Windows' XML view shows); the header's id when that is missing. */
  recordId: number;
  /** Event record identifier from the record header (differs in logs exported by query). */
  headerRecordId: number;
  /** System/TimeCreated/@SystemTime (falls back to the record's written time), ISO with 100 ns. */
  time: string;
  /** ms since 1970 (floor) and the remaining 100 ns units of `time`; NaN when unknown. */
  timeMs: number;
  tick: number;
  /** Record header written time: ms since 1970 (floor) and remaining 100 ns units. */
  writtenMs: number;
  writtenTick: number;
  /** System/EventID element value (without the Qualifiers); -1 when missing. */
  eventId: number;
  /** System/EventID/@Qualifiers as rendered, '' when absent. */
  qualifiers: string;
  /** System Version/Level/Task/Opcode; -1 when absent or not numeric. */
  version: number;
  level: number;
  task: number;
  opcode: number;
  /** System/Keywords as rendered (`0x8020000000000000`). */
  keywords: string;
  provider: string;
  providerGuid: string;
  /** System/Channel read from the record (never from the file name). */
  channel: string;
  computer: string;
  /** System/Security/@UserID (SID string) or ''. */
  userId: string;
  /** System/Execution @ProcessID/@ThreadID; -1 when absent. */
  processId: number;
  threadId: number;
  /** System/Correlation/@ActivityID or ''. */
  activityId: string;
  /** EventData/UserData values by name, rendered as Windows' XML view shows them (raw `%%` codes). */
  data: Record<string, string>;
  /** Absolute file offset of the record. */
  offset: number;
  /** Index of the chunk holding the record (0 = first chunk at 0x1000). */
  chunkIndex: number;
}

function num(s: string): number {
  if (s === '') return -1;
  const n = Number(s);
  return Number.isFinite(n) ? n : -1;
}

const ISO_RE = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/;

/** Literal SystemTime text (up to 9 fractional digits); parts land in sink.timeLo/timeHi. */
function parseIsoTime(iso: string, sink: FieldSink): boolean {
  const m = ISO_RE.exec(iso.trim());
  if (!m) return false;
  const base = Date.parse(`${m[1]}Z`);
  if (Number.isNaN(base)) return false;
  const ticks = Number((m[2] ?? '').padEnd(7, '0').slice(0, 7));
  sink.timeLo = base + Math.floor(ticks / 10000);
  sink.timeHi = ticks % 10000;
  return true;
}

export function buildRecord(
  sink: FieldSink,
  recordId: number,
  writtenLo: number,
  writtenHi: number,
  offset: number,
  chunkIndex: number,
): EvtxRecord {
  const sys = sink.sys;
  let time: string;
  let timeMs: number;
  let tick: number;
  if (sink.hasFiletime) {
    const p = filetimeParts(sink.timeLo, sink.timeHi);
    timeMs = p.timeMs;
    tick = p.tick;
    time = isoFromParts(timeMs, tick);
    if (time === '') time = filetimeIso(sink.timeLo, sink.timeHi);
  } else if (sys[SYS_TIME_CREATED] !== '' && parseIsoTime(sys[SYS_TIME_CREATED], sink)) {
    timeMs = sink.timeLo;
    tick = sink.timeHi;
    time = isoFromParts(timeMs, tick);
  } else {
    const p = filetimeParts(writtenLo, writtenHi);
    timeMs = p.timeMs;
    tick = p.tick;
    time = isoFromParts(timeMs, tick);
  }
  const written = filetimeParts(writtenLo, writtenHi);
  const pid = sys[SYS_PROCESS_ID];
  const tid = sys[SYS_THREAD_ID];
  const xmlId = sys[SYS_EVENT_RECORD_ID];
  const id = xmlId === '' ? Number.NaN : Number(xmlId);
  return {
    recordId: Number.isSafeInteger(id) ? id : recordId,
    headerRecordId: recordId,
    time,
    timeMs,
    tick,
    writtenMs: written.timeMs,
    writtenTick: written.tick,
    eventId: num(sys[SYS_EVENT_ID]),
    qualifiers: sys[SYS_QUALIFIERS],
    version: num(sys[SYS_VERSION]),
    level: num(sys[SYS_LEVEL]),
    task: num(sys[SYS_TASK]),
    opcode: num(sys[SYS_OPCODE]),
    keywords: sys[SYS_KEYWORDS],
    provider: sys[SYS_PROVIDER],
    providerGuid: sys[SYS_PROVIDER_GUID],
    channel: sys[SYS_CHANNEL],
    computer: sys[SYS_COMPUTER],
    userId: sys[SYS_USER_ID],
    processId: pid === '' ? -1 : num(pid),
    threadId: tid === '' ? -1 : num(tid),
    activityId: sys[SYS_ACTIVITY_ID],
    data: sink.data,
    offset,
    chunkIndex,
  };
}
