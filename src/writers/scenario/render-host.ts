// Turns one host's share of a Scenario into the files that host would hold, in a KAPE-like
// layout: `<HOST>/C/Windows/System32/winevt/Logs/Security.evtx`, `…/Microsoft-Windows-Sysmon%4
// Operational.evtx`, `<HOST>/C/Windows/Prefetch/*.pf`, `<HOST>/C/$MFT`, `<HOST>/C/$Extend/$UsnJrnl%3A$J`.
// Which events exist follows the host's audit settings; field values follow real logs (see
// ../evtx/schemas.ts).
import { buildMftFromPaths, type PathFileSpec } from '../mft/write-mft';
import { writePrefetch } from '../prefetch/write-prefetch';
import { type UsnRecordSpec, type UsnSpec, writeUsn } from '../usn/write-usn';
import type { EvtxEvent } from '../evtx/event';
import { EVENTS, makeEvent } from '../evtx/schemas';
import { EvtxWriter } from '../evtx/write-evtx';
import type { ConnectionSpec, FileSpec, HostSpec, ProcessSpec, Scenario, UserRef } from './model';
import { Prng } from './prng';
import { iso7, type Micros, sysmonTime } from './time';

export interface GeneratedFile {
  path: string;
  bytes: Uint8Array;
}

export const USN_REASON = {
  DATA_OVERWRITE: 0x1,
  DATA_EXTEND: 0x2,
  FILE_CREATE: 0x100,
  FILE_DELETE: 0x200,
  CLOSE: 0x80000000,
} as const;
export const FILE_ATTRIBUTE = { ARCHIVE: 0x20, NOT_CONTENT_INDEXED: 0x2000 } as const;

const LOGS_DIR = 'C/Windows/System32/winevt/Logs';
export const SECURITY_LOG = `${LOGS_DIR}/Security.evtx`;
export const SYSMON_LOG = `${LOGS_DIR}/Microsoft-Windows-Sysmon%4Operational.evtx`;
export const MFT_PATH = 'C/$MFT';
export const USN_PATH = 'C/$Extend/$UsnJrnl%3A$J';

const INTEGRITY_SID = {
  System: 'S-1-16-16384',
  High: 'S-1-16-12288',
  Medium: 'S-1-16-8192',
  Low: 'S-1-16-4096',
};
const PORT_NAMES: Record<number, string> = {
  53: 'domain',
  80: 'http',
  88: 'kerberos',
  135: 'epmap',
  137: 'netbios-ns',
  139: 'netbios-ssn',
  389: 'ldap',
  443: 'https',
  445: 'microsoft-ds',
  3389: 'ms-wbt-server',
};
const WFP = {
  inbound: '%%14592',
  outbound: '%%14593',
  layerTransport: '%%14597',
  layerResourceAssignment: '%%14608',
  layerAcceptV4: '%%14610',
  layerConnectV4: '%%14611',
} as const;

const qualifiedUser = (u: UserRef) => u.display;
/** `C:\Tools\nmap\nmap.exe` -> `\device\harddiskvolume2\tools\nmap\nmap.exe` (WFP's spelling). */
function wfpApplication(host: HostSpec, image: string): string {
  if (!/^[A-Za-z]:\\/.test(image)) return image;
  return `${host.volumeDevice}${image.slice(2)}`.toLowerCase();
}

/** One event of a host's Security or Sysmon log, made when it is written (bounded memory). */
export interface LogItem {
  us: Micros;
  seq: number;
  log: 'security' | 'sysmon';
  make: () => EvtxEvent;
}

/**
 * A host's share of a scenario in the writers' terms: the prefetch files' bytes, the events of
 * each log in record order (oldest still present first), the $MFT and the USN journal's records.
 * `renderHost` writes it out; test support renders the same items as rows.
 */
export interface HostArtifacts {
  host: HostSpec;
  prefetch: { file: FileSpec; path: string; bytes: Uint8Array }[];
  logItems: LogItem[];
  ntfs: NtfsLayout;
}

export function hostArtifacts(scenario: Scenario, hostName: string, seed: number): HostArtifacts {
  const host = scenario.hosts.find((h) => h.name === hostName);
  if (!host) throw new Error(`no host ${hostName} in scenario`);
  const rng = new Prng(seed).fork(`render:${hostName}`);
  const files = scenario.files.filter((f) => f.host === hostName);

  // Prefetch bytes first: their sizes go into $MFT.
  const prefetch: HostArtifacts['prefetch'] = [];
  for (const f of files) {
    if (!f.prefetch || f.deleted !== null) continue;
    const p = f.prefetch;
    const bytes = writePrefetch({
      version: 30,
      executable: p.executable,
      hash: p.hash,
      runCount: p.runCount,
      lastRunTimes: [...p.lastRunTimes].sort((a, b) => b - a).map(iso7),
      volumes: [
        { devicePath: host.volumeDevice, serial: host.volumeSerial, created: iso7(host.volumeCreated) },
      ],
      files: p.files,
      directories: p.directories,
    });
    f.size = bytes.length;
    prefetch.push({
      file: f,
      path: `${hostName}/${f.path.replace(/^C:\\/, 'C/').replace(/\\/g, '/')}`,
      bytes,
    });
  }
  const logItems = hostLogItems(scenario, host, files, rng);
  return { host, prefetch, logItems, ntfs: ntfsLayout(files, scenario.end, rng) };
}

/** Everything `host` holds; `scenario` may be the host's own slice (other hosts' items are ignored). */
export function renderHost(scenario: Scenario, hostName: string, seed: number): GeneratedFile[] {
  const { host, prefetch, logItems, ntfs } = hostArtifacts(scenario, hostName, seed);
  const out: GeneratedFile[] = prefetch.map((p) => ({ path: p.path, bytes: p.bytes }));
  const security = new EvtxWriter({ firstRecordId: host.securityFirstRecordId });
  const sysmon = host.audit.sysmon ? new EvtxWriter({ firstRecordId: host.sysmonFirstRecordId }) : null;
  for (const it of logItems) {
    if (it.log === 'security') security.add(it.make());
    else sysmon?.add(it.make());
  }
  out.push({ path: `${host.name}/${SECURITY_LOG}`, bytes: security.finish() });
  if (sysmon) out.push({ path: `${host.name}/${SYSMON_LOG}`, bytes: sysmon.finish() });
  out.push({ path: `${host.name}/${MFT_PATH}`, bytes: ntfs.mft.bytes });
  out.push({ path: `${host.name}/${USN_PATH}`, bytes: writeUsn(ntfs.usn) });
  return out;
}

function hostLogItems(scenario: Scenario, host: HostSpec, files: FileSpec[], rng: Prng): LogItem[] {
  const items: LogItem[] = [];
  let seq = 0;
  const a = host.audit;
  const networkConnect = a.sysmon && a.sysmonNetworkConnect !== false;
  const skew = host.clockOffset ?? 0;
  const secThreads = [56, 60, 412, 688, 7420].map((t) => t + (host.name.length % 3) * 4);
  const secOrigin = (us: Micros) => ({
    computer: host.fqdn,
    time: iso7(us + skew),
    processId: 4,
    threadId: secThreads[((us / 1000) % secThreads.length) | 0],
  });
  const sysOrigin = (us: Micros) => ({
    computer: host.fqdn,
    time: iso7(us + skew + 1200 + (((us / 7) % 900) | 0)),
    processId: host.sysmonPid,
    threadId: host.sysmonPid + 796,
  });
  const sec = (us: Micros, make: () => EvtxEvent) => items.push({ us, seq: seq++, log: 'security', make });
  const sys = (us: Micros, make: () => EvtxEvent) => items.push({ us, seq: seq++, log: 'sysmon', make });

  for (const p of scenario.processes) {
    if (p.host !== host.name || p.start < scenario.start) continue;
    if (a.sysmon) {
      sys(p.start, () => makeEvent(EVENTS.sysmonProcessCreate, sysOrigin(p.start), sysmon1(p)));
      if (p.end !== null) {
        const end = p.end;
        sys(end, () =>
          makeEvent(EVENTS.sysmonProcessTerminate, sysOrigin(end), {
            RuleName: '-',
            UtcTime: sysmonTime(end),
            ProcessGuid: p.guid,
            ProcessId: p.pid,
            Image: p.image,
            User: qualifiedUser(p.user),
          }),
        );
      }
    }
    if (a.processAudit) {
      sec(p.start, () => makeEvent(EVENTS.securityProcessCreate, secOrigin(p.start), security4688(p)));
      if (p.end !== null) {
        const end = p.end;
        sec(end, () =>
          makeEvent(EVENTS.securityProcessExit, secOrigin(end), {
            SubjectUserSid: p.user.sid,
            SubjectUserName: p.user.name,
            SubjectDomainName: p.user.domain,
            SubjectLogonId: p.user.logonId,
            Status: p.exitStatus,
            ProcessId: p.pid,
            ProcessName: p.image,
          }),
        );
      }
    }
  }

  for (const c of scenario.connections) {
    const outbound = c.srcHost === host.name;
    const inbound = c.dstHost === host.name;
    if (!outbound && !inbound) continue;
    const t = c.time;
    const proto = c.protocol === 'tcp' ? 6 : 17;
    if (outbound && c.srcProcess) {
      const p = c.srcProcess;
      if (a.wfpAudit) {
        sec(t, () =>
          makeEvent(EVENTS.securityWfpBind, secOrigin(t), {
            ProcessId: p.pid,
            Application: wfpApplication(host, p.image),
            SourceAddress: '0.0.0.0',
            SourcePort: String(c.srcPort),
            Protocol: proto,
            FilterRTID: 0,
            LayerName: WFP.layerResourceAssignment,
            LayerRTID: 36,
          }),
        );
        sec(t + 150, () =>
          makeEvent(EVENTS.securityWfpConnection, secOrigin(t + 150), wfpConnection(host, c, 'out')),
        );
      }
      if (networkConnect)
        sys(t + 300, () => makeEvent(EVENTS.sysmonNetworkConnect, sysOrigin(t + 300), sysmon3(c, 'out')));
    }
    if (inbound) {
      const arrive = t + 400;
      if (c.dstBlocked || !c.dstProcess) {
        if (a.wfpAudit)
          sec(arrive, () =>
            makeEvent(EVENTS.securityWfpDrop, secOrigin(arrive), {
              ProcessId: 0,
              Application: '-',
              Direction: WFP.inbound,
              SourceAddress: c.srcIp,
              SourcePort: String(c.srcPort),
              DestAddress: c.dstIp,
              DestPort: String(c.dstPort),
              Protocol: proto,
              FilterRTID: 0,
              LayerName: WFP.layerTransport,
              LayerRTID: 13,
            }),
          );
      } else {
        if (a.wfpAudit)
          sec(arrive, () =>
            makeEvent(EVENTS.securityWfpConnection, secOrigin(arrive), wfpConnection(host, c, 'in')),
          );
        if (networkConnect)
          sys(arrive + 200, () =>
            makeEvent(EVENTS.sysmonNetworkConnect, sysOrigin(arrive + 200), sysmon3(c, 'in')),
          );
      }
    }
  }

  for (const f of files) {
    const t = f.created;
    if (a.sysmon && f.sysmonFileCreate && f.creator) {
      const p = f.creator;
      sys(t, () =>
        makeEvent(EVENTS.sysmonFileCreate, sysOrigin(t), {
          RuleName: '-',
          UtcTime: sysmonTime(t),
          ProcessGuid: p.guid,
          ProcessId: p.pid,
          Image: p.image,
          TargetFilename: f.path,
          CreationUtcTime: sysmonTime(t),
        }),
      );
    }
    if (a.objectAccessAudit && f.objectAccess && f.creator) {
      const p = f.creator;
      const handle = 0x100 + rng.int(1, 0x3ff) * 4;
      const subject = {
        SubjectUserSid: p.user.sid,
        SubjectUserName: p.user.name,
        SubjectDomainName: p.user.domain,
        SubjectLogonId: p.user.logonId,
        ObjectServer: 'Security',
      };
      const access = '%%4417\r\n\t\t\t\t%%4418\r\n\t\t\t\t';
      sec(t - 80, () =>
        makeEvent(EVENTS.securityHandleRequest, secOrigin(t - 80), {
          ...subject,
          ObjectType: 'File',
          ObjectName: f.path,
          HandleId: handle,
          TransactionId: '{00000000-0000-0000-0000-000000000000}',
          AccessList: `%%1537\r\n\t\t\t\t%%1538\r\n\t\t\t\t%%1541\r\n\t\t\t\t${access}%%4419\r\n\t\t\t\t%%4420\r\n\t\t\t\t%%4423\r\n\t\t\t\t%%4424\r\n\t\t\t\t`,
          AccessReason: '-',
          AccessMask: 0x130196,
          PrivilegeList: '-',
          RestrictedSidCount: 0,
          ProcessId: p.pid,
          ProcessName: p.image,
          ResourceAttributes: 'S:AI',
        }),
      );
      sec(t + 2500, () =>
        makeEvent(EVENTS.securityObjectAccess, secOrigin(t + 2500), {
          ...subject,
          ObjectType: 'File',
          ObjectName: f.path,
          HandleId: handle,
          AccessList: access,
          AccessMask: 0x6,
          ProcessId: p.pid,
          ProcessName: p.image,
          ResourceAttributes: 'S:AI',
        }),
      );
      sec(t + 9000, () =>
        makeEvent(EVENTS.securityHandleClose, secOrigin(t + 9000), {
          ...subject,
          HandleId: handle,
          ProcessId: p.pid,
          ProcessName: p.image,
        }),
      );
    }
  }

  for (const r of scenario.registry) {
    if (r.host !== host.name || !a.sysmon) continue;
    const p = r.process;
    sys(r.time, () =>
      makeEvent(EVENTS.sysmonRegistryAddDelete, sysOrigin(r.time), {
        RuleName: '-',
        EventType: r.eventType,
        UtcTime: sysmonTime(r.time),
        ProcessGuid: p.guid,
        ProcessId: p.pid,
        Image: p.image,
        TargetObject: r.targetObject,
      }),
    );
  }

  // Logon/Special Logon are in Windows' default audit policy: always written.
  for (const l of scenario.logons) {
    if (l.host !== host.name) continue;
    const t = l.time;
    sec(t, () =>
      makeEvent(EVENTS.securityLogon, secOrigin(t), {
        SubjectUserSid: l.logonType === 3 ? 'S-1-0-0' : host.system.sid,
        SubjectUserName: l.logonType === 3 ? '-' : host.system.name,
        SubjectDomainName: l.logonType === 3 ? '-' : host.system.domain,
        SubjectLogonId: l.logonType === 3 ? 0 : host.system.logonId,
        TargetUserSid: l.user.sid,
        TargetUserName: l.user.name,
        TargetDomainName: l.user.domain,
        TargetLogonId: l.user.logonId,
        LogonType: l.logonType,
        LogonProcessName: l.logonType === 3 ? 'Kerberos' : l.logonType === 5 ? 'Advapi  ' : 'User32 ',
        AuthenticationPackageName: l.logonType === 5 ? 'Negotiate' : 'Kerberos',
        WorkstationName: l.workstation,
        LogonGuid: l.user.logonGuid,
        TransmittedServices: '-',
        LmPackageName: '-',
        KeyLength: 0,
        ProcessId: l.processId,
        ProcessName: l.processName,
        IpAddress: l.ipAddress,
        IpPort: l.ipAddress === '-' ? '-' : String(49152 + (((t / 1000) % 16000) | 0)),
        ImpersonationLevel: '%%1833',
        RestrictedAdminMode: '-',
        TargetOutboundUserName: '-',
        TargetOutboundDomainName: '-',
        VirtualAccount: '%%1843',
        TargetLinkedLogonId: 0,
        ElevatedToken: l.user.sid === 'S-1-5-18' ? '%%1842' : '%%1843',
      }),
    );
    if (l.user.sid === 'S-1-5-18' || l.logonType === 5)
      sec(t + 10, () =>
        makeEvent(EVENTS.securitySpecialPrivileges, secOrigin(t + 10), {
          SubjectUserSid: l.user.sid,
          SubjectUserName: l.user.name,
          SubjectDomainName: l.user.domain,
          SubjectLogonId: l.user.logonId,
          PrivilegeList:
            'SeAssignPrimaryTokenPrivilege\r\n\t\t\tSeTcbPrivilege\r\n\t\t\tSeSecurityPrivilege\r\n\t\t\tSeTakeOwnershipPrivilege\r\n\t\t\tSeLoadDriverPrivilege\r\n\t\t\tSeBackupPrivilege\r\n\t\t\tSeRestorePrivilege\r\n\t\t\tSeDebugPrivilege\r\n\t\t\tSeAuditPrivilege\r\n\t\t\tSeSystemEnvironmentPrivilege\r\n\t\t\tSeImpersonatePrivilege\r\n\t\t\tSeDelegateSessionUserImpersonatePrivilege',
        }),
      );
  }

  items.sort((x, y) => x.us - y.us || x.seq - y.seq);
  const from = host.logsStartAt ?? Number.NEGATIVE_INFINITY;
  return items.filter((it) => it.us >= from && (it.log === 'security' || a.sysmon));
}

function sysmon1(p: ProcessSpec) {
  const parent = p.parent;
  return {
    RuleName: '-',
    UtcTime: sysmonTime(p.start),
    ProcessGuid: p.guid,
    ProcessId: p.pid,
    Image: p.image,
    FileVersion: p.fileVersion,
    Description: p.description,
    Product: p.product,
    Company: p.company,
    OriginalFileName: p.originalFileName,
    CommandLine: p.commandLine,
    CurrentDirectory: p.currentDirectory,
    User: qualifiedUser(p.user),
    LogonGuid: p.user.logonGuid,
    LogonId: p.user.logonId,
    TerminalSessionId: p.terminalSessionId,
    IntegrityLevel: p.integrity,
    Hashes: p.hashes,
    ParentProcessGuid: parent?.guid ?? '{00000000-0000-0000-0000-000000000000}',
    ParentProcessId: parent?.pid ?? 0,
    ParentImage: parent?.image ?? '-',
    ParentCommandLine: parent?.commandLine ?? '-',
    ParentUser: parent ? qualifiedUser(parent.user) : '-',
  };
}

function security4688(p: ProcessSpec) {
  const subject = p.parent?.user ?? p.user;
  const sameUser = subject.sid === p.user.sid;
  return {
    SubjectUserSid: subject.sid,
    SubjectUserName: subject.name,
    SubjectDomainName: subject.domain,
    SubjectLogonId: subject.logonId,
    NewProcessId: p.pid,
    NewProcessName: p.image,
    TokenElevationType: '%%1936',
    ProcessId: p.parent?.pid ?? 4,
    CommandLine: p.commandLine,
    TargetUserSid: sameUser ? 'S-1-0-0' : p.user.sid,
    TargetUserName: sameUser ? '-' : p.user.name,
    TargetDomainName: sameUser ? '-' : p.user.domain,
    TargetLogonId: sameUser ? 0 : p.user.logonId,
    ParentProcessName: p.parent?.image ?? '',
    MandatoryLabel: INTEGRITY_SID[p.integrity],
  };
}

/**
 * 5156 as Windows writes it: Source* is the local end, Dest* the remote end (so an inbound
 * connection on the server has SourceAddress = the server).
 */
function wfpConnection(host: HostSpec, c: ConnectionSpec, dir: 'in' | 'out') {
  const p = dir === 'out' ? c.srcProcess! : c.dstProcess!;
  const local = dir === 'out' ? [c.srcIp, c.srcPort] : [c.dstIp, c.dstPort];
  const remote = dir === 'out' ? [c.dstIp, c.dstPort] : [c.srcIp, c.srcPort];
  return {
    ProcessID: p.pid,
    Application: p.pid === 4 ? 'System' : wfpApplication(host, p.image),
    Direction: dir === 'out' ? WFP.outbound : WFP.inbound,
    SourceAddress: String(local[0]),
    SourcePort: String(local[1]),
    DestAddress: String(remote[0]),
    DestPort: String(remote[1]),
    Protocol: c.protocol === 'tcp' ? 6 : 17,
    FilterRTID: dir === 'out' ? 70187 : 70190,
    LayerName: dir === 'out' ? WFP.layerConnectV4 : WFP.layerAcceptV4,
    LayerRTID: dir === 'out' ? 48 : 44,
    RemoteUserID: 'S-1-0-0',
    RemoteMachineID: 'S-1-0-0',
  };
}

/** Sysmon 3; on the receiving host the local end is Source (Initiated false), as the sheet shows. */
function sysmon3(c: ConnectionSpec, dir: 'in' | 'out') {
  const p = dir === 'out' ? c.srcProcess! : c.dstProcess!;
  const local =
    dir === 'out'
      ? { ip: c.srcIp, port: c.srcPort, host: c.srcHost }
      : { ip: c.dstIp, port: c.dstPort, host: c.dstHost };
  const remote =
    dir === 'out'
      ? { ip: c.dstIp, port: c.dstPort, host: c.dstHost }
      : { ip: c.srcIp, port: c.srcPort, host: c.srcHost };
  return {
    RuleName: '-',
    UtcTime: sysmonTime(c.time),
    ProcessGuid: p.guid,
    ProcessId: p.pid,
    Image: p.image,
    User: qualifiedUser(p.user),
    Protocol: c.protocol,
    Initiated: dir === 'out',
    SourceIsIpv6: false,
    SourceIp: local.ip,
    SourceHostname: local.host ? `${local.host}.corp.local` : '-',
    SourcePort: local.port,
    SourcePortName: PORT_NAMES[local.port] ?? '-',
    DestinationIsIpv6: false,
    DestinationIp: remote.ip,
    DestinationHostname: remote.host ? `${remote.host}.corp.local` : '-',
    DestinationPort: remote.port,
    DestinationPortName: PORT_NAMES[remote.port] ?? '-',
  };
}

/** The $MFT of a host's files (written) and its USN journal (records, written by `writeUsn`). */
export interface NtfsLayout {
  /** The files in the $MFT (first of each path, case-insensitively). */
  files: FileSpec[];
  mft: ReturnType<typeof buildMftFromPaths>;
  usn: UsnSpec;
}

function ntfsLayout(files: FileSpec[], end: Micros, rng: Prng): NtfsLayout {
  const seen = new Set<string>();
  files = files.filter((f) => {
    const k = f.path.toUpperCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const pathSpecs: PathFileSpec[] = files.map((f) => ({
    path: f.path,
    size: f.size,
    times: {
      created: iso7(f.created),
      modified: iso7(f.created + 40_000),
      changed: iso7(f.created + 40_000),
      accessed: iso7(f.created + 40_000),
    },
    inUse: f.deleted === null,
    attributes: f.attributes,
  }));
  const mft = buildMftFromPaths(pathSpecs);
  const key = (p: string) => p.replace(/^[A-Za-z]:/, '');
  const parentKey = (p: string) => {
    const k = key(p);
    const i = k.lastIndexOf('\\');
    return i <= 0 ? '\\' : k.slice(0, i);
  };
  const records: UsnRecordSpec[] = [];
  for (const f of files) {
    if (!f.journaled) continue;
    const ref = mft.refs.get(key(f.path));
    const parent = mft.refs.get(parentKey(f.path));
    if (!ref || !parent) continue;
    const name = f.path.slice(f.path.lastIndexOf('\\') + 1);
    const base = {
      entry: ref.entry,
      sequence: ref.sequence,
      parentEntry: parent.entry,
      parentSequence: parent.sequence,
      name,
      attributes: f.attributes,
    };
    const r = USN_REASON;
    records.push({ ...base, time: iso7(f.created), reasons: r.FILE_CREATE });
    records.push({ ...base, time: iso7(f.created + 30_000), reasons: r.DATA_EXTEND | r.FILE_CREATE });
    records.push({
      ...base,
      time: iso7(f.created + 40_000),
      reasons: r.CLOSE | r.DATA_EXTEND | r.FILE_CREATE,
    });
    if (f.deleted !== null) {
      records.push({ ...base, time: iso7(f.deleted), reasons: r.FILE_DELETE | r.CLOSE });
    } else if (rng.chance(0.25) && f.created + 60_000_000 < end) {
      const t = f.created + rng.int(60, 3600) * 1_000_000;
      if (t < end) {
        records.push({ ...base, time: iso7(t), reasons: r.DATA_OVERWRITE });
        records.push({ ...base, time: iso7(t + 20_000), reasons: r.DATA_OVERWRITE | r.CLOSE });
      }
    }
  }
  records.sort((x, y) => (x.time < y.time ? -1 : x.time > y.time ? 1 : 0));
  return { files, mft, usn: { records, sparsePrefixBytes: 0x100000 } };
}
