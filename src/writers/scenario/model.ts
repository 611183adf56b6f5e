// The declarative scenario: hosts, users, processes, connections, files and registry changes,
// with times in microseconds. render-host.ts turns one host's share into the files it holds.
import type { Micros } from './time';

export interface AuditSettings {
  /** Sysmon installed: Microsoft-Windows-Sysmon/Operational exists (events 1/3/5/11/12). */
  sysmon: boolean;
  /** Sysmon's config includes NetworkConnect (event 3); absent means it does. */
  sysmonNetworkConnect?: boolean;
  /** Audit Process Creation/Termination (4688/4689, with command lines). */
  processAudit: boolean;
  /** Audit Filtering Platform Connection / Packet Drop (5156/5158/5152). */
  wfpAudit: boolean;
  /** Audit File System with a SACL on C:\Windows\Prefetch (4656/4663/4658). */
  objectAccessAudit: boolean;
}

export interface UserRef {
  /** How Sysmon's User fields show the account: `CORP\alice`, `NT AUTHORITY\SYSTEM`. */
  display: string;
  sid: string;
  name: string;
  domain: string;
  /** Logon session id (the HexInt64 SubjectLogonId). */
  logonId: number;
  logonGuid: string;
}

export interface HostSpec {
  name: string;
  fqdn: string;
  os: string;
  ip: string;
  audit: AuditSettings;
  /** Prefetch folder populated (Windows clients; servers usually disable it). */
  prefetch: boolean;
  /** Device path of C: as NTFS reports it to prefetch (`\DEVICE\HARDDISKVOLUME2`). */
  volumeDevice: string;
  volumeSerial: number;
  volumeCreated: Micros;
  /** Sysmon ProcessGuid prefix (first GUID group, host-specific). */
  guidPrefix: string;
  /** pid of the logging processes written into System/Execution. */
  sysmonPid: number;
  /** First EventRecordID of each log, and the oldest event still in the logs (rolled over). */
  securityFirstRecordId: number;
  sysmonFirstRecordId: number;
  logsStartAt?: Micros;
  /** How far the host's clock runs ahead of true time; its logs' times carry it. Absent: 0. */
  clockOffset?: Micros;
  /** Machine account user (`WS01$`). */
  system: UserRef;
}

export interface ProcessSpec {
  host: string;
  pid: number;
  guid: string;
  image: string;
  commandLine: string;
  currentDirectory: string;
  user: UserRef;
  integrity: 'System' | 'High' | 'Medium' | 'Low';
  terminalSessionId: number;
  /** Version resource fields Sysmon 1 shows. */
  fileVersion: string;
  description: string;
  product: string;
  company: string;
  originalFileName: string;
  hashes: string;
  parent: { pid: number; guid: string; image: string; commandLine: string; user: UserRef } | null;
  start: Micros;
  /** null: still running at the end of the scenario. */
  end: Micros | null;
  exitStatus: number;
}

export interface ConnectionSpec {
  time: Micros;
  protocol: 'tcp' | 'udp';
  srcHost: string | null;
  srcIp: string;
  srcPort: number;
  srcProcess: ProcessSpec | null;
  dstHost: string | null;
  dstIp: string;
  dstPort: number;
  /** Listening process on the destination host; null = nothing listens (closed port). */
  dstProcess: ProcessSpec | null;
  /** Destination firewall drops the packet (5152) even if something listens. */
  dstBlocked: boolean;
}

export interface FileSpec {
  host: string;
  /** `C:\Windows\Prefetch\NMAP.EXE-1A2B3C4D.pf` */
  path: string;
  created: Micros;
  size: number;
  attributes: number;
  creator: ProcessSpec | null;
  /** Deleted at this time (MFT entry freed, USN FILE_DELETE). */
  deleted: Micros | null;
  /** Sysmon 11 for this creation (Sysmon config includes it). */
  sysmonFileCreate: boolean;
  /** 4656/4663/4658 (the folder has an auditing SACL). */
  objectAccess: boolean;
  /** USN records written for the creation (false: created before the journal's oldest record). */
  journaled: boolean;
  /** Prefetch file contents (the writer builds the .pf bytes). */
  prefetch?: {
    executable: string;
    hash: number;
    runCount: number;
    lastRunTimes: Micros[];
    files: string[];
    directories: string[];
  };
}

export interface RegistrySpec {
  host: string;
  time: Micros;
  process: ProcessSpec;
  eventType: 'CreateKey' | 'DeleteKey';
  targetObject: string;
}

export interface LogonSpec {
  host: string;
  time: Micros;
  user: UserRef;
  logonType: number;
  ipAddress: string;
  workstation: string;
  processName: string;
  processId: number;
}

export interface Scenario {
  start: Micros;
  end: Micros;
  hosts: HostSpec[];
  processes: ProcessSpec[];
  connections: ConnectionSpec[];
  files: FileSpec[];
  registry: RegistrySpec[];
  logons: LogonSpec[];
}
