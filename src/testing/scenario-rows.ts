// Test support: a Scenario (src/writers/scenario/model.ts) rendered as the rows our parsers read
// from its files, one CaseBuilder file per file that render-host.ts writes (same paths), from the
// same artifacts (`hostArtifacts`): the events of each log, the prefetch files, the $MFT entries
// and the USN records. No EVTX bytes are written or parsed, so checklist tests run on the demo
// model directly. Rows follow the parsers' NormalizedEvent conventions (EventData values as the
// XML view renders them, record numbers and USNs as refs). The $MFT rows are the scenario's files
// only, not the folders and system entries an $MFT also holds.
import { fileAttributesSheet } from '../dicts/file-attributes';
import { usnReasonsSheet } from '../dicts/usn';
import { partsFromIso } from '../parsers/bytes/filetime';
import { hashHex } from '../parsers/prefetch/hash';
import { findExecutablePath } from '../parsers/prefetch/record';
import { SECURITY, SYSMON } from '../sheets/windows';
import type { EvtxEvent } from '../writers/evtx/event';
import type { EvtxScalar, EvtxValueType } from '../writers/evtx/values';
import { DEFAULT_SEED } from '../writers/scenario/demo-scenario';
import type { Scenario } from '../writers/scenario/model';
import {
  type HostArtifacts,
  hostArtifacts,
  MFT_PATH,
  SECURITY_LOG,
  SYSMON_LOG,
  USN_PATH,
} from '../writers/scenario/render-host';
import { iso7, type Micros } from '../writers/scenario/time';
import { writeUsn } from '../writers/usn/write-usn';
import { CaseBuilder, type RowSpec } from './case-builder';

export interface ScenarioRowsOptions {
  /** The render seed (as `generateDemoCase`'s). */
  seed?: number;
  /** Which files were collected, by generated path (`WS01/C/$MFT`); default all. */
  collected?: (path: string) => boolean;
}

/** The text Windows' XML view (and so our EVTX parser) shows for a value of `type`. */
function valueText(type: EvtxValueType, value: EvtxScalar): string {
  if (value === null) return '';
  switch (type) {
    case 'bool':
      return value ? 'true' : 'false';
    case 'guid':
      return String(value).toUpperCase();
    case 'hex32':
    case 'hex64':
    case 'sizet':
      return `0x${BigInt(value as number | bigint).toString(16)}`;
    case 'uint8':
    case 'uint16':
    case 'uint32':
    case 'uint64':
      return BigInt(value as number | bigint).toString(10);
    default:
      return String(value);
  }
}

const msOfIso = (iso: string) => partsFromIso(iso).timeMs;
const msOf = (us: Micros) => Math.floor(us / 1000);

function eventRow(e: EvtxEvent, recordId: number): RowSpec {
  const fields: Record<string, string> = {};
  e.schema.fields.forEach((f, i) => {
    fields[f.name] = valueText(f.type, e.values[i]);
  });
  return { time: msOfIso(e.timeCreated), eventId: e.eventId, ref: recordId, fields };
}

function addLogs(cb: CaseBuilder, a: HostArtifacts, collected: (path: string) => boolean): void {
  const { host } = a;
  const logs = [
    { log: 'security', path: `${host.name}/${SECURITY_LOG}`, first: host.securityFirstRecordId },
    { log: 'sysmon', path: `${host.name}/${SYSMON_LOG}`, first: host.sysmonFirstRecordId },
  ] as const;
  for (const l of logs) {
    if ((l.log === 'sysmon' && !host.audit.sysmon) || !collected(l.path)) continue;
    const events = a.logItems.filter((it) => it.log === l.log).map((it) => it.make());
    const rows = events.map((e, i) => eventRow(e, l.first + i));
    cb.evtx(l.path, host.fqdn, l.log === 'security' ? SECURITY : SYSMON, rows);
  }
}

function addPrefetch(cb: CaseBuilder, a: HostArtifacts, collected: (path: string) => boolean): void {
  for (const { file, path } of a.prefetch) {
    const p = file.prefetch!;
    if (!collected(path)) continue;
    const runs = [...p.lastRunTimes].sort((x, y) => y - x);
    const fields = {
      Executable: p.executable,
      Hash: hashHex(p.hash),
      ExecutablePath: findExecutablePath(p.executable, p.files),
      RunCount: String(p.runCount),
      Version: '30',
      PrefetchFile: path.slice(path.lastIndexOf('/') + 1),
      Volume: a.host.volumeDevice,
    };
    cb.file(
      path,
      'prefetch',
      runs.map((t, i) => ({
        time: msOf(t),
        ref: i,
        label: 'Executed',
        fields: { ...fields, RunIndex: String(i) },
      })),
    );
  }
}

const withoutDrive = (p: string) => p.replace(/^[A-Za-z]:/, '');

function addNtfs(cb: CaseBuilder, a: HostArtifacts, collected: (path: string) => boolean): void {
  const { host, ntfs } = a;
  const mftPath = `${host.name}/${MFT_PATH}`;
  if (collected(mftPath)) {
    const rows: RowSpec[] = [];
    for (const f of ntfs.files) {
      const ref = ntfs.mft.refs.get(withoutDrive(f.path));
      if (!ref) continue;
      const fields = {
        Path: withoutDrive(f.path),
        Name: f.path.slice(f.path.lastIndexOf('\\') + 1),
        Entry: String(ref.entry),
        Sequence: String(ref.sequence),
        InUse: f.deleted === null ? 'true' : 'false',
        IsDirectory: 'false',
        Size: String(f.size),
        SiCreated: iso7(f.created),
        SiModified: iso7(f.created + 40_000),
        SiChanged: iso7(f.created + 40_000),
        SiAccessed: iso7(f.created + 40_000),
      };
      rows.push(
        { time: msOf(f.created), ref: ref.entry, label: 'SI created', fields },
        { time: msOf(f.created + 40_000), ref: ref.entry, label: 'SI modified', fields },
      );
    }
    cb.file(mftPath, 'mft', rows);
  }
  const usnPath = `${host.name}/${USN_PATH}`;
  if (collected(usnPath)) {
    const usns: number[] = [];
    writeUsn(ntfs.usn, usns);
    cb.file(
      usnPath,
      'usn',
      ntfs.usn.records.map((r, i) => ({
        time: msOfIso(r.time),
        ref: usns[i],
        label: usnReasonsSheet(r.reasons),
        fields: {
          Usn: String(usns[i]),
          Name: r.name,
          Entry: String(r.entry),
          Sequence: String(r.sequence),
          ParentEntry: String(r.parentEntry),
          ParentSequence: String(r.parentSequence),
          Reasons: usnReasonsSheet(r.reasons),
          Attributes: fileAttributesSheet(r.attributes),
        },
      })),
    );
  }
}

/** Every host of `scenario` as rows, host by host, in render-host.ts's file order. */
export function scenarioRows(scenario: Scenario, o: ScenarioRowsOptions = {}): CaseBuilder {
  const cb = new CaseBuilder();
  const collected = o.collected ?? (() => true);
  for (const h of scenario.hosts) {
    const a = hostArtifacts(scenario, h.name, o.seed ?? DEFAULT_SEED);
    addPrefetch(cb, a, collected);
    addLogs(cb, a, collected);
    addNtfs(cb, a, collected);
  }
  return cb;
}
