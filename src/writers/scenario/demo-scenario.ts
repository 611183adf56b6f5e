// The built-in demo case: CORP\alice runs `nmap.exe -Pn 10.0.0.20` on WS01 against SRV01,
// following JPCERT/CC's tool-analysis sheet for nmap (../shared/sheets/nmap.txt), inside a
// morning of ordinary activity on both hosts. Variants switch audit settings or the attack.
import { hashHex, prefetchHashVista } from '../../parsers/prefetch/hash';
import {
  CMD,
  DLL_NAMES,
  EXPLORER,
  type ProgramSpec,
  PUBLIC_HTTPS_PEERS,
  SERVER_PROGRAMS,
  SERVICES,
  SVCHOST,
  WORKSTATION_PROGRAMS,
} from './catalog';
import type {
  AuditSettings,
  ConnectionSpec,
  FileSpec,
  HostSpec,
  ProcessSpec,
  Scenario,
  UserRef,
} from './model';
import { nmapTopTcpPorts } from './nmap-ports';
import { Prng } from './prng';
import { type Micros, microsFromIso, SECOND } from './time';

export interface DemoVariant {
  id: string;
  title: string;
  description: string;
}

/** What each variant changes, relative to 'default'. */
export const DEMO_VARIANTS: DemoVariant[] = [
  {
    id: 'default',
    title: 'nmap scan, full auditing',
    description:
      'WS01 (Sysmon + process, filtering-platform and object-access auditing) runs nmap -Pn against SRV01; every item of the sheet is present on both hosts.',
  },
  {
    id: 'default-audit-only',
    title: 'Default audit settings only',
    description:
      'No Sysmon and Windows default audit policy on both hosts: the Security logs hold logons only (no 4688/4689/5156/5158/5152/4656/4663/4658). Just the prefetch trace (with its $MFT entry and USN records) survives.',
  },
  {
    id: 'no-sysmon',
    title: 'No Sysmon',
    description: 'Sysmon is not installed on either host; Security auditing as in the default case.',
  },
  {
    id: 'renamed-binary',
    title: 'Renamed binary',
    description:
      'nmap.exe was copied to C:\\ProgramData\\svc.exe and run from there: Image, prefetch name and hash follow svc.exe, Sysmon 1 OriginalFileName still says nmap.exe.',
  },
  {
    id: 'rolled-over',
    title: 'Logs rolled over',
    description:
      'Both hosts’ Security and Sysmon logs start at 11:00, after the scan: no event of the scan is left; prefetch, $MFT and USN still show it.',
  },
  {
    id: 'firewall-blocked',
    title: 'Scan blocked by firewall',
    description:
      'SRV01’s firewall drops every probe: SRV01 holds only 5152 drops for the scan (no inbound 5156, no Sysmon 3); WS01 is as in the default case.',
  },
];

export interface DemoOptions {
  variant?: string;
  /** Multiplies the background noise (1 -> a few MB; ~150 -> ~1 GB). */
  scale?: number;
  seed?: number;
}

export const DEMO_HOSTS = ['WS01', 'SRV01'] as const;
export const DEFAULT_SEED = 20261014;

const CASE_START = microsFromIso('2026-10-14T08:00:00Z');
const CASE_END = microsFromIso('2026-10-14T12:00:00Z');
export const SCAN_START = microsFromIso('2026-10-14T10:02:11.2345670Z');
const ROLLED_OVER_LOGS_START = microsFromIso('2026-10-14T11:00:00Z');
export const WS01_IP = '10.0.0.10';
export const SRV01_IP = '10.0.0.20';
const DNS_SERVER = '10.0.0.2';
export const SRV01_OPEN_TCP = [135, 445, 3389];
const SCAN_UDP_PORTS = [53, 123, 137, 161];
const VOLUME_DEVICE = '\\DEVICE\\HARDDISKVOLUME2';
const DOMAIN_SID = 'S-1-5-21-3623811015-3361044348-30300820';
const ZERO_GUID = '{00000000-0000-0000-0000-000000000000}';
const NOISE = {
  processes: 160,
  connections: 500,
  files: 250,
  baseFiles: 700,
  logons: 8,
  smbSessions: 10,
  prefetch: 5,
};

function strSeed(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
function guid(hex32: string): string {
  const x = hex32.toUpperCase();
  return `{${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}}`;
}
function hashesFor(image: string): string {
  const r = new Prng(strSeed(image.toLowerCase()));
  return `SHA256=${r.hex(64)},IMPHASH=${r.hex(32)}`;
}
/** `C:\Tools\nmap\nmap.exe` -> `\DEVICE\HARDDISKVOLUME2\TOOLS\NMAP\NMAP.EXE` */
export function devicePath(dosPath: string): string {
  return `${VOLUME_DEVICE}${dosPath.slice(2)}`.toUpperCase();
}

function system(host: string): UserRef {
  return {
    display: 'NT AUTHORITY\\SYSTEM',
    sid: 'S-1-5-18',
    name: `${host}$`,
    domain: 'CORP',
    logonId: 0x3e7,
    logonGuid: ZERO_GUID,
  };
}
function networkService(): UserRef {
  return {
    display: 'NT AUTHORITY\\NETWORK SERVICE',
    sid: 'S-1-5-20',
    name: 'NETWORK SERVICE',
    domain: 'NT AUTHORITY',
    logonId: 0x3e4,
    logonGuid: ZERO_GUID,
  };
}
function localService(): UserRef {
  return {
    display: 'NT AUTHORITY\\LOCAL SERVICE',
    sid: 'S-1-5-19',
    name: 'LOCAL SERVICE',
    domain: 'NT AUTHORITY',
    logonId: 0x3e5,
    logonGuid: ZERO_GUID,
  };
}
const ALICE: UserRef = {
  display: 'CORP\\alice',
  sid: `${DOMAIN_SID}-1104`,
  name: 'alice',
  domain: 'CORP',
  logonId: 0x5a3c1f,
  logonGuid: '{7C3A9E21-4B1D-5F0A-8E2C-9D4F6A1B3C5E}',
};
const ALICE_ON_SRV01: UserRef = {
  ...ALICE,
  logonId: 0x1c2e7a4,
  logonGuid: '{2B8F4D61-0A3C-E57B-19D2-6C4E8A0F7B13}',
};

function audit(all: boolean, objectAccess = all): AuditSettings {
  return { sysmon: all, processAudit: all, wfpAudit: all, objectAccessAudit: objectAccess };
}

/** Builds processes with host-specific pids and Sysmon-style ProcessGuids. */
class ProcessFactory {
  private counter = 0;
  private readonly used = new Set<number>();
  constructor(
    private readonly host: HostSpec,
    private readonly rng: Prng,
  ) {}
  /** Windows reuses pids: only the last few thousand handed out are kept distinct. */
  pid(): number {
    if (this.used.size > 4000) this.used.clear();
    for (;;) {
      const p = this.rng.int(250, 12000) * 4;
      if (!this.used.has(p)) {
        this.used.add(p);
        return p;
      }
    }
  }
  make(
    program: Pick<
      ProgramSpec,
      'image' | 'description' | 'product' | 'company' | 'originalFileName' | 'fileVersion' | 'integrity'
    >,
    args: string,
    user: UserRef,
    parent: ProcessSpec | null,
    start: Micros,
    end: Micros | null,
    opts: { pid?: number; currentDirectory?: string; commandLine?: string } = {},
  ): ProcessSpec {
    const pid = opts.pid ?? this.pid();
    const sec = Math.floor(start / SECOND);
    const g = `${this.host.guidPrefix}${(sec >>> 16).toString(16).padStart(4, '0')}${(sec & 0xffff).toString(16).padStart(4, '0')}${(this.counter++ & 0xffff).toString(16).padStart(4, '0')}0000000006${(pid & 0xff).toString(16).padStart(2, '0')}`;
    const quoted = program.image.includes(' ') ? `"${program.image}"` : program.image;
    return {
      host: this.host.name,
      pid,
      guid: guid(g),
      image: program.image,
      commandLine: opts.commandLine ?? (args ? `${quoted} ${args}` : quoted),
      currentDirectory:
        opts.currentDirectory ?? (user.sid === ALICE.sid ? 'C:\\Users\\alice\\' : 'C:\\Windows\\system32\\'),
      user,
      integrity: program.integrity,
      terminalSessionId: user.sid === ALICE.sid ? 1 : 0,
      fileVersion: program.fileVersion,
      description: program.description,
      product: program.product,
      company: program.company,
      originalFileName: program.originalFileName,
      hashes: hashesFor(program.image),
      parent: parent
        ? {
            pid: parent.pid,
            guid: parent.guid,
            image: parent.image,
            commandLine: parent.commandLine,
            user: parent.user,
          }
        : null,
      start,
      end,
      exitStatus: 0,
    };
  }
}

function msProgram(image: string, description: string, integrity: ProgramSpec['integrity'] = 'System') {
  return {
    image,
    description,
    product: 'Microsoft® Windows® Operating System',
    company: 'Microsoft Corporation',
    originalFileName: image.slice(image.lastIndexOf('\\') + 1),
    fileVersion: '10.0.19041.3636 (WinBuild.160101.0800)',
    integrity,
  };
}

interface HostContext {
  host: HostSpec;
  procs: ProcessFactory;
  /** Long-running processes (started before the case window). */
  services: ProcessSpec;
  svchost: ProcessSpec;
  sysmain: ProcessSpec;
  systemProc: ProcessSpec;
  explorer: ProcessSpec | null;
  chrome: ProcessSpec | null;
  dnsClient: ProcessSpec;
  listeners: Map<number, ProcessSpec>;
}

function makeHost(
  name: string,
  ip: string,
  os: string,
  a: AuditSettings,
  rng: Prng,
  variant: string,
  i: number,
): HostSpec {
  return {
    name,
    fqdn: `${name}.corp.local`,
    os,
    ip,
    audit: a,
    prefetch: true,
    volumeDevice: VOLUME_DEVICE,
    volumeSerial: rng.int(0x10000000, 0x7fffffff) >>> 0,
    volumeCreated: microsFromIso(i === 0 ? '2025-03-02T14:21:07.1234560Z' : '2024-11-19T09:12:44.5000000Z'),
    guidPrefix: rng.hex(8),
    sysmonPid: 2796 + i * 412,
    securityFirstRecordId: variant === 'rolled-over' ? 1_204_377 + i * 99_000 : 48_213 + i * 7_000,
    sysmonFirstRecordId: variant === 'rolled-over' ? 402_117 + i * 51_000 : 21_877 + i * 3_000,
    logsStartAt: variant === 'rolled-over' ? ROLLED_OVER_LOGS_START : undefined,
    system: system(name),
  };
}

function hostContext(host: HostSpec, rng: Prng, workstation: boolean): HostContext {
  const procs = new ProcessFactory(host, rng.fork('pids'));
  const boot = CASE_START - 2 * 3600 * SECOND - rng.int(0, 3600) * SECOND;
  const sys = host.system;
  const systemProc = procs.make(msProgram('System', 'NT Kernel & System'), '', sys, null, boot, null, {
    pid: 4,
    commandLine: '',
  });
  const services = procs.make(
    msProgram(SERVICES, 'Services and Controller app'),
    '',
    sys,
    null,
    boot + 4 * SECOND,
    null,
    { pid: 712 },
  );
  const svchost = procs.make(
    msProgram(SVCHOST, 'Host Process for Windows Services'),
    '-k netsvcs -p',
    sys,
    services,
    boot + 6 * SECOND,
    null,
  );
  const sysmain = procs.make(
    msProgram(SVCHOST, 'Host Process for Windows Services'),
    '-k LocalSystemNetworkRestricted -p -s SysMain',
    sys,
    services,
    boot + 7 * SECOND,
    null,
  );
  const dnsClient = procs.make(
    msProgram(SVCHOST, 'Host Process for Windows Services'),
    '-k NetworkService -p -s Dnscache',
    networkService(),
    services,
    boot + 8 * SECOND,
    null,
  );
  const listeners = new Map<number, ProcessSpec>();
  listeners.set(445, systemProc);
  listeners.set(
    135,
    procs.make(
      msProgram(SVCHOST, 'Host Process for Windows Services'),
      '-k RPCSS -p',
      networkService(),
      services,
      boot + 5 * SECOND,
      null,
    ),
  );
  listeners.set(
    3389,
    procs.make(
      msProgram(SVCHOST, 'Host Process for Windows Services'),
      '-k termsvcs -s TermService',
      networkService(),
      services,
      boot + 9 * SECOND,
      null,
    ),
  );
  let explorer: ProcessSpec | null = null;
  let chrome: ProcessSpec | null = null;
  if (workstation) {
    explorer = procs.make(
      msProgram(EXPLORER, 'Windows Explorer', 'Medium'),
      '',
      ALICE,
      null,
      CASE_START - 20 * 60 * SECOND,
      null,
      {
        commandLine: 'C:\\Windows\\Explorer.EXE',
      },
    );
    const c = WORKSTATION_PROGRAMS.find((p) => p.originalFileName === 'chrome.exe')!;
    chrome = procs.make(
      { ...c, integrity: 'Medium' },
      '',
      ALICE,
      explorer,
      CASE_START - 15 * 60 * SECOND,
      null,
    );
  }
  return { host, procs, services, svchost, sysmain, systemProc, explorer, chrome, dnsClient, listeners };
}

function weightedPick(rng: Prng, programs: ProgramSpec[]): ProgramSpec {
  const total = programs.reduce((s, p) => s + p.weight, 0);
  let x = rng.next() * total;
  for (const p of programs) {
    x -= p.weight;
    if (x < 0) return p;
  }
  return programs[programs.length - 1];
}

function ephemeralPort(rng: Prng): number {
  return rng.int(52000, 65535);
}

function prefetchSpec(
  exeDosPath: string,
  extraFiles: string[],
  runs: Micros[],
): NonNullable<FileSpec['prefetch']> {
  const exe = exeDosPath.slice(exeDosPath.lastIndexOf('\\') + 1).toUpperCase();
  const dev = devicePath(exeDosPath);
  const sys32 = `${VOLUME_DEVICE}\\WINDOWS\\SYSTEM32`;
  const dlls = [
    'NTDLL.DLL',
    'KERNEL32.DLL',
    'KERNELBASE.DLL',
    'ADVAPI32.DLL',
    'MSVCRT.DLL',
    'SECHOST.DLL',
    'RPCRT4.DLL',
  ];
  const files = [
    ...dlls.slice(0, 2).map((d) => `${sys32}\\${d}`),
    dev,
    ...dlls.slice(2).map((d) => `${sys32}\\${d}`),
    ...extraFiles,
  ];
  const dirs = new Set<string>();
  for (const f of files) {
    const parts = f.split('\\');
    for (let i = 4; i < parts.length; i++) dirs.add(parts.slice(0, i).join('\\'));
  }
  return {
    executable: exe,
    hash: prefetchHashVista(dev),
    runCount: runs.length,
    lastRunTimes: runs.slice(-8),
    files,
    directories: [...dirs].sort(),
  };
}

export function prefetchPath(exeDosPath: string): string {
  const exe = exeDosPath.slice(exeDosPath.lastIndexOf('\\') + 1).toUpperCase();
  return `C:\\Windows\\Prefetch\\${exe}-${hashHex(prefetchHashVista(devicePath(exeDosPath)))}.pf`;
}

/**
 * The scenario for `opts`; with `onlyHost`, the other host's background noise is left out (the
 * shared items — the scan, SMB sessions between the hosts — are always there), which bounds
 * memory when a large case is generated host by host. Output for a host does not depend on it.
 */
export function buildDemoScenario(opts: DemoOptions = {}, onlyHost?: string): Scenario {
  const variant = opts.variant ?? 'default';
  if (!DEMO_VARIANTS.some((v) => v.id === variant))
    throw new Error(
      `unknown demo variant '${variant}' (known: ${DEMO_VARIANTS.map((v) => v.id).join(', ')})`,
    );
  const scale = opts.scale ?? 1;
  if (!(scale > 0) || !Number.isFinite(scale))
    throw new Error(`scale must be a positive number, got ${scale}`);
  const root = new Prng(opts.seed ?? DEFAULT_SEED);

  const full = variant === 'default-audit-only' ? audit(false) : audit(true);
  const wsAudit = { ...full, sysmon: full.sysmon && variant !== 'no-sysmon' };
  const srvAudit = { ...wsAudit, objectAccessAudit: false };
  const ws = makeHost('WS01', WS01_IP, 'Windows 10 Pro 22H2', wsAudit, root.fork('host:WS01'), variant, 0);
  const srv = makeHost(
    'SRV01',
    SRV01_IP,
    'Windows Server 2019 Standard',
    srvAudit,
    root.fork('host:SRV01'),
    variant,
    1,
  );
  const wsc = hostContext(ws, root.fork('ctx:WS01'), true);
  const srvc = hostContext(srv, root.fork('ctx:SRV01'), false);

  const sc: Scenario = {
    start: CASE_START,
    end: CASE_END,
    hosts: [ws, srv],
    processes: [],
    connections: [],
    files: [],
    registry: [],
    logons: [],
  };
  for (const c of [wsc, srvc])
    sc.processes.push(c.systemProc, c.services, c.svchost, c.sysmain, c.dnsClient, ...c.listeners.values());
  sc.processes.push(wsc.explorer!, wsc.chrome!);

  addScan(sc, wsc, srvc, variant, root.fork('scan'));
  addSmbSessions(sc, wsc, srvc, scale, root.fork('smb'));
  for (const c of [wsc, srvc]) {
    if (onlyHost && onlyHost !== c.host.name) continue;
    addNoise(sc, c, scale, root.fork(`noise:${c.host.name}`), c === wsc);
  }
  return sc;
}

function addScan(sc: Scenario, ws: HostContext, srv: HostContext, variant: string, rng: Prng): void {
  const renamed = variant === 'renamed-binary';
  const image = renamed ? 'C:\\ProgramData\\svc.exe' : 'C:\\Tools\\nmap\\nmap.exe';
  const dir = image.slice(0, image.lastIndexOf('\\'));
  const toolFiles = [
    'libssh2.dll',
    'zlibwapi.dll',
    'libcrypto-3-x64.dll',
    'libssl-3-x64.dll',
    'nmap-services',
    'nmap-payloads',
    'nmap-protocols',
    'nmap-rpc',
    'nmap-mac-prefixes',
  ];
  const cmd = ws.procs.make(
    msProgram(CMD, 'Windows Command Processor', 'Medium'),
    '',
    ALICE,
    ws.explorer,
    SCAN_START - 31 * SECOND - 277_000,
    null,
    {
      commandLine: '"C:\\Windows\\system32\\cmd.exe" ',
    },
  );
  const scanPorts = nmapTopTcpPorts().slice();
  for (let i = scanPorts.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [scanPorts[i], scanPorts[j]] = [scanPorts[j], scanPorts[i]];
  }
  const perPort = 24_000;
  const scanEnd = SCAN_START + 900_000 + scanPorts.length * perPort + 600_000;
  const nmap = ws.procs.make(
    {
      image,
      description: 'Nmap',
      product: 'Nmap',
      company: 'Insecure.Com LLC',
      originalFileName: 'nmap.exe',
      fileVersion: '7.95',
      integrity: 'Medium',
    },
    '',
    ALICE,
    cmd,
    SCAN_START,
    scanEnd,
    { currentDirectory: `${dir}\\`, commandLine: `${image} -Pn ${SRV01_IP}` },
  );
  sc.processes.push(cmd, nmap);
  sc.registry.push({
    host: 'WS01',
    time: SCAN_START + 352_118,
    process: nmap,
    eventType: 'CreateKey',
    targetObject: 'HKLM\\System\\CurrentControlSet\\Services\\Tcpip\\Parameters',
  });
  const conn = (
    time: Micros,
    protocol: 'tcp' | 'udp',
    srcPort: number,
    dstIp: string,
    dstPort: number,
    toSrv: boolean,
  ): ConnectionSpec => ({
    time,
    protocol,
    srcHost: 'WS01',
    srcIp: WS01_IP,
    srcPort,
    srcProcess: nmap,
    dstHost: toSrv ? 'SRV01' : null,
    dstIp,
    dstPort,
    dstProcess: toSrv && protocol === 'tcp' ? (srv.listeners.get(dstPort) ?? null) : null,
    dstBlocked: toSrv && variant === 'firewall-blocked',
  });
  sc.connections.push(conn(SCAN_START + 211_000, 'udp', 61544, DNS_SERVER, 53, false));
  sc.connections.push(conn(SCAN_START + 236_000, 'udp', 61545, DNS_SERVER, 53, false));
  SCAN_UDP_PORTS.forEach((p, i) => {
    sc.connections.push(conn(SCAN_START + 640_000 + i * 9_000, 'udp', 59871 + i, SRV01_IP, p, true));
  });
  let srcPort = 50123;
  scanPorts.forEach((p, i) => {
    const t = SCAN_START + 900_000 + i * perPort + rng.int(0, perPort - 2000);
    sc.connections.push(conn(t, 'tcp', srcPort++, SRV01_IP, p, true));
  });

  // Tool files dropped that morning, then the prefetch file SysMain writes ~10 s after launch.
  const dropped = SCAN_START - 14 * 60 * SECOND - 8_422_000;
  for (const f of [image.slice(image.lastIndexOf('\\') + 1), ...toolFiles]) {
    sc.files.push({
      host: 'WS01',
      path: `${dir}\\${f}`,
      created: dropped + rng.int(0, 900_000),
      size: f.endsWith('.exe') ? 2_983_424 : rng.int(20_000, 4_000_000),
      attributes: 0x20,
      creator: ws.explorer,
      deleted: null,
      sysmonFileCreate: f.endsWith('.exe') || f.endsWith('.dll'),
      objectAccess: false,
      journaled: true,
    });
  }
  const extra = toolFiles.map((f) => devicePath(`${dir}\\${f}`));
  extra.push(
    `${VOLUME_DEVICE}\\WINDOWS\\SYSTEM32\\WS2_32.DLL`,
    `${VOLUME_DEVICE}\\WINDOWS\\SYSTEM32\\IPHLPAPI.DLL`,
    `${VOLUME_DEVICE}\\WINDOWS\\SYSTEM32\\NPCAP\\WPCAP.DLL`,
    `${VOLUME_DEVICE}\\WINDOWS\\SYSTEM32\\NPCAP\\PACKET.DLL`,
  );
  sc.files.push({
    host: 'WS01',
    path: prefetchPath(image),
    created: SCAN_START + 10_312_455,
    size: 0,
    attributes: 0x2020,
    creator: ws.sysmain,
    deleted: null,
    sysmonFileCreate: true,
    objectAccess: true,
    journaled: true,
    prefetch: prefetchSpec(image, extra, [SCAN_START]),
  });
}

function addSmbSessions(sc: Scenario, ws: HostContext, srv: HostContext, scale: number, rng: Prng): void {
  const n = Math.round(NOISE.smbSessions * scale);
  for (let i = 0; i < n; i++) {
    const t = sc.start + rng.int(0, (sc.end - sc.start) / SECOND - 1) * SECOND + rng.int(0, 999_999);
    sc.connections.push({
      time: t,
      protocol: 'tcp',
      srcHost: 'WS01',
      srcIp: WS01_IP,
      srcPort: ephemeralPort(rng),
      srcProcess: ws.systemProc,
      dstHost: 'SRV01',
      dstIp: SRV01_IP,
      dstPort: 445,
      dstProcess: srv.systemProc,
      dstBlocked: false,
    });
    sc.logons.push({
      host: 'SRV01',
      time: t + 3_000,
      user: ALICE_ON_SRV01,
      logonType: 3,
      ipAddress: WS01_IP,
      workstation: 'WS01',
      processName: '-',
      processId: 0,
    });
  }
}

function addNoise(sc: Scenario, c: HostContext, scale: number, rng: Prng, workstation: boolean): void {
  const host = c.host;
  const span = sc.end - sc.start;
  const at = () => sc.start + Math.floor(rng.next() * span);
  const programs = workstation ? WORKSTATION_PROGRAMS : SERVER_PROGRAMS;
  const userFor = (p: ProgramSpec): UserRef =>
    p.runAs === 'user'
      ? workstation
        ? ALICE
        : host.system
      : p.runAs === 'network'
        ? networkService()
        : p.runAs === 'local'
          ? localService()
          : host.system;

  const noiseProcs: ProcessSpec[] = [];
  const nProcs = Math.round(NOISE.processes * scale);
  for (let i = 0; i < nProcs; i++) {
    const prog = weightedPick(rng, programs);
    const start = at();
    const end = Math.min(start + rng.int(1, 1800) * SECOND + rng.int(0, 999_999), sc.end + 3600 * SECOND);
    const parent =
      prog.parent === EXPLORER && c.explorer ? c.explorer : prog.parent === SERVICES ? c.services : c.svchost;
    const p = c.procs.make(
      prog,
      rng.pick(prog.args),
      userFor(prog),
      parent,
      start,
      end > sc.end ? null : end,
    );
    if (prog.originalFileName === 'chrome.exe' && c.chrome) {
      p.parent = {
        pid: c.chrome.pid,
        guid: c.chrome.guid,
        image: c.chrome.image,
        commandLine: c.chrome.commandLine,
        user: ALICE,
      };
    }
    noiseProcs.push(p);
  }
  for (const p of noiseProcs) sc.processes.push(p);

  const nConn = Math.round(NOISE.connections * scale);
  for (let i = 0; i < nConn; i++) {
    const t = at();
    const kind = rng.next();
    const base = {
      time: t,
      srcHost: host.name,
      srcIp: host.ip,
      srcPort: ephemeralPort(rng),
      dstHost: null,
      dstProcess: null,
      dstBlocked: false,
    };
    if (kind < 0.35) {
      sc.connections.push({
        ...base,
        protocol: 'udp',
        srcProcess: c.dnsClient,
        dstIp: DNS_SERVER,
        dstPort: 53,
      });
    } else if (kind < 0.8) {
      const proc = workstation && c.chrome ? c.chrome : c.svchost;
      sc.connections.push({
        ...base,
        protocol: 'tcp',
        srcProcess: proc,
        dstIp: rng.pick(PUBLIC_HTTPS_PEERS),
        dstPort: 443,
      });
    } else if (kind < 0.92) {
      // broadcast name-resolution chatter, dropped by the host firewall (5152 noise)
      sc.connections.push({
        time: t,
        protocol: 'udp',
        srcHost: null,
        srcIp: rng.pick(['10.0.0.1', '10.0.0.31', '10.0.0.44']),
        srcPort: rng.pick([137, 138, 5353]),
        srcProcess: null,
        dstHost: host.name,
        dstIp: host.ip,
        dstPort: rng.pick([137, 138, 5355]),
        dstProcess: null,
        dstBlocked: true,
      });
    } else {
      // RPC endpoint-mapper queries from the backup server
      sc.connections.push({
        time: t,
        protocol: 'tcp',
        srcHost: null,
        srcIp: '10.0.0.30',
        srcPort: ephemeralPort(rng),
        srcProcess: null,
        dstHost: host.name,
        dstIp: host.ip,
        dstPort: 135,
        dstProcess: c.listeners.get(135)!,
        dstBlocked: false,
      });
    }
  }

  const nLogons = Math.round(NOISE.logons * scale);
  for (let i = 0; i < nLogons; i++) {
    sc.logons.push({
      host: host.name,
      time: at(),
      user: host.system,
      logonType: 5,
      ipAddress: '-',
      workstation: '-',
      processName: SERVICES,
      processId: c.services.pid,
    });
  }
  if (workstation)
    sc.logons.push({
      host: host.name,
      time: sc.start + 4 * 60 * SECOND,
      user: ALICE,
      logonType: 2,
      ipAddress: '127.0.0.1',
      workstation: host.name,
      processName: 'C:\\Windows\\System32\\svchost.exe',
      processId: 1044,
    });

  // Files created during the morning: temp files, caches, logs.
  const nFiles = Math.round(NOISE.files * scale);
  for (let i = 0; i < nFiles; i++) {
    const t = at();
    const creator = noiseProcs.length ? rng.pick(noiseProcs) : c.svchost;
    const k = rng.next();
    let path: string;
    let deleted: Micros | null = null;
    let sysmon = false;
    if (workstation && k < 0.4) {
      path = `C:\\Users\\alice\\AppData\\Local\\Google\\Chrome\\User Data\\Default\\Cache\\Cache_Data\\f_${rng.hex(6).toLowerCase()}`;
    } else if (k < 0.7) {
      path = workstation
        ? `C:\\Users\\alice\\AppData\\Local\\Temp\\${rng.hex(8)}.tmp`
        : `C:\\Windows\\Temp\\${rng.hex(8)}.tmp`;
      sysmon = true;
      if (rng.chance(0.6)) deleted = t + rng.int(1, 600) * SECOND;
    } else if (k < 0.85) {
      path = `C:\\Windows\\Logs\\${rng.pick(['CBS', 'DISM', 'WindowsUpdate', 'MoSetup'])}\\${rng.pick(['CbsPersist', 'dism', 'WindowsUpdate', 'setupact'])}_${rng.hex(6)}.log`;
    } else {
      path = `C:\\ProgramData\\Microsoft\\Windows Defender\\Scans\\History\\Service\\DetectionHistory\\${rng.hex(2)}\\${rng.hex(32)}`;
      sysmon = true;
    }
    sc.files.push({
      host: host.name,
      path,
      created: t,
      size: rng.int(0, 2_000_000),
      attributes: 0x20,
      creator,
      deleted: deleted !== null && deleted < sc.end ? deleted : null,
      sysmonFileCreate: sysmon,
      objectAccess: false,
      journaled: true,
    });
  }

  // Operating-system files from install time: $MFT only.
  const nBase = Math.round(NOISE.baseFiles * scale);
  for (let i = 0; i < nBase; i++) {
    const dll = rng.pick(DLL_NAMES);
    const k = rng.next();
    const path =
      k < 0.35
        ? `C:\\Windows\\System32\\${dll}${i < DLL_NAMES.length ? '' : rng.int(1, 999)}.dll`
        : k < 0.75
          ? `C:\\Windows\\WinSxS\\amd64_microsoft-windows-${dll}_31bf3856ad364e35_10.0.19041.${rng.int(1, 4000)}_none_${rng.hex(16).toLowerCase()}\\${dll}.dll`
          : k < 0.9
            ? `C:\\Program Files\\${rng.pick(['Common Files', 'Windows Defender', 'WindowsApps', 'Microsoft Office'])}\\${rng.hex(4)}\\${dll}.${rng.pick(['dll', 'exe', 'mui', 'dat'])}`
            : `C:\\Windows\\assembly\\NativeImages_v4.0.30319_64\\${dll}\\${rng.hex(32).toLowerCase()}\\${dll}.ni.dll`;
    sc.files.push({
      host: host.name,
      path,
      created: host.volumeCreated + rng.int(60, 200 * 86400) * SECOND,
      size: rng.int(4096, 8_000_000),
      attributes: 0x20,
      creator: null,
      deleted: null,
      sysmonFileCreate: false,
      objectAccess: false,
      journaled: false,
    });
  }

  // Prefetch files of programs that ran on this host before.
  if (host.prefetch) {
    const nPf = Math.min(10 + Math.round(NOISE.prefetch * scale), 1000);
    const images = [...new Set(programs.map((p) => p.image))];
    for (let i = 0; i < nPf; i++) {
      const image =
        i < images.length
          ? images[i]
          : `C:\\Program Files\\Vendor${i % 37}\\app${i}\\${rng.pick(['setup', 'update', 'helper', 'agent'])}${i}.exe`;
      const runs: Micros[] = [];
      let t = host.volumeCreated + rng.int(1, 100) * 86400 * SECOND;
      const n = rng.int(1, 40);
      for (let r = 0; r < n && t < sc.start; r++) {
        runs.push(t);
        t += rng.int(600, 5 * 86400) * SECOND;
      }
      sc.files.push({
        host: host.name,
        path: prefetchPath(image),
        created: runs[0] + 10 * SECOND,
        size: 0,
        attributes: 0x2020,
        creator: c.sysmain,
        deleted: null,
        sysmonFileCreate: false,
        objectAccess: false,
        journaled: false,
        prefetch: prefetchSpec(image, [], runs),
      });
    }
  }
}
