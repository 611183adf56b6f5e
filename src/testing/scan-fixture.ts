// A two-host nmap scan built as events tables (WS01 10.0.0.10 scans SRV01 10.0.0.20), with
// switches that remove or alter exactly one kind of trace. Used by the checklist tests.
import { SECURITY, SYSMON } from '../sheets/windows';
import { hashHex, prefetchHashVista } from '../parsers/prefetch/hash';
import { CaseBuilder, type RowSpec } from './case-builder';

export const T0 = Date.parse('2026-10-14T10:02:11Z');
export const WS01_IP = '10.0.0.10';
export const SRV01_IP = '10.0.0.20';
export const NMAP_PID = 6700;
export const NMAP_GUID = '{11111111-2222-3333-4444-555555555555}';
const SVCHOST_PID = 0x4d0;
const OPEN_PORTS = [22, 80, 443];

export interface ScanFixture {
  /** WS01 logs/artifacts collected. */
  sysmon?: boolean;
  security?: boolean;
  prefetch?: boolean;
  mft?: boolean;
  usn?: boolean;
  /** SRV01: 'full' (Sysmon 3 + 5156 for open ports, 5152 for the rest), 'drops' (5152 only), 'none'. */
  dest?: 'full' | 'drops' | 'none';
  /** SRV01's clock runs this far ahead, ms. */
  destSkewMs?: number;
  image?: string;
  /** Device path the WFP events and prefetch show; '' hides the volume number everywhere. */
  devicePath?: string;
  originalName?: string;
  /** Overrides the hash in every .pf name (mismatch test). */
  pfHash?: string;
  /** WS01 Security log begins at this time (rolled over). */
  securityStartsAt?: number;
  /** Sysmon log begins at this time (rolled over). */
  sysmonStartsAt?: number;
  no4688?: boolean;
  noSysmon3?: boolean;
  exit?: boolean;
  ports?: number;
  /** Removes nmap's own Sysmon 12 (other processes' 12 stay). */
  noSysmon12?: boolean;
  /** EventType of nmap's Sysmon 12 (default CreateKey). */
  sysmon12EventType?: string;
  /** The .pf's $MFT entry is not in use (deleted). */
  mftDeleted?: boolean;
  /** Another process reuses nmap's PID after it exited and connects to 10.0.0.99. */
  pidReuse?: boolean;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function pfHashOf(devicePath: string): string {
  return hashHex(prefetchHashVista(devicePath));
}

export function buildScanCase(o: ScanFixture = {}): CaseBuilder {
  const cb = new CaseBuilder();
  const image = o.image ?? 'C:\\Tools\\nmap\\nmap.exe';
  const exe = image.slice(image.lastIndexOf('\\') + 1);
  const devicePath = o.devicePath ?? `\\device\\harddiskvolume2${image.slice(2).toLowerCase()}`;
  const hash = o.pfHash ?? pfHashOf(`\\DEVICE\\HARDDISKVOLUME2${image.slice(2).toUpperCase()}`);
  const pf = `${exe.toUpperCase()}-${hash}.pf`;
  const pfPath = `C:\\Windows\\Prefetch\\${pf}`;
  const ports = Array.from({ length: o.ports ?? 60 }, (_, i) => (i < 3 ? OPEN_PORTS[i] : 1000 + i));
  const udpPorts = [53, 161];
  const exitAt = T0 + 30_000;
  const sysmon: RowSpec[] = [
    {
      time: T0 - 3600_000,
      eventId: 1,
      fields: {
        Image: 'C:\\Windows\\System32\\cmd.exe',
        ProcessId: '1000',
        ProcessGuid: '{AAAAAAAA-0000-0000-0000-000000000001}',
        CommandLine: 'cmd.exe',
        User: 'CORP\\alice',
        OriginalFileName: 'Cmd.Exe',
      },
    },
    {
      time: T0 - 1800_000,
      eventId: 3,
      fields: {
        Image: 'C:\\Program Files\\Browser\\browser.exe',
        ProcessId: '2000',
        ProcessGuid: '{AAAAAAAA-0000-0000-0000-000000000002}',
        Protocol: 'tcp',
        Initiated: 'true',
        SourceIp: WS01_IP,
        SourcePort: '50000',
        DestinationIp: '93.184.216.34',
        DestinationPort: '443',
      },
    },
    {
      time: T0 - 1700_000,
      eventId: 5,
      fields: {
        Image: 'C:\\Windows\\System32\\cmd.exe',
        ProcessId: '1000',
        ProcessGuid: '{AAAAAAAA-0000-0000-0000-000000000001}',
      },
    },
    {
      time: T0 - 1600_000,
      eventId: 11,
      fields: {
        Image: 'C:\\Windows\\explorer.exe',
        ProcessId: '3000',
        TargetFilename: 'C:\\Users\\alice\\a.txt',
      },
    },
    {
      time: T0 - 1500_000,
      eventId: 12,
      fields: {
        Image: 'C:\\Windows\\explorer.exe',
        ProcessId: '3000',
        EventType: 'CreateKey',
        TargetObject: 'HKU\\x',
      },
    },
  ];
  const nmapSysmon = {
    Image: image,
    ProcessId: String(NMAP_PID),
    ProcessGuid: NMAP_GUID,
  };
  sysmon.push({
    time: T0,
    eventId: 1,
    fields: {
      ...nmapSysmon,
      CommandLine: `${exe} -Pn ${SRV01_IP}`,
      User: 'CORP\\alice',
      OriginalFileName: o.originalName ?? 'nmap.exe',
      ParentImage: 'C:\\Windows\\System32\\cmd.exe',
      UtcTime: '2026-10-14 10:02:11.000',
    },
  });
  if (!o.noSysmon12)
    sysmon.push({
      time: T0 + 1000,
      eventId: 12,
      fields: {
        ...nmapSysmon,
        EventType: o.sysmon12EventType ?? 'CreateKey',
        TargetObject: 'HKLM\\System\\CurrentControlSet\\Services\\Tcpip\\Parameters',
      },
    });
  const conn = (i: number, port: number, proto: 'tcp' | 'udp') => ({
    time: T0 + 2000 + i * 100,
    port,
    proto,
  });
  const scan = [
    ...ports.map((p, i) => conn(i, p, 'tcp')),
    ...udpPorts.map((p, i) => conn(ports.length + i, p, 'udp')),
  ];
  if (!o.noSysmon3) {
    for (const c of scan) {
      sysmon.push({
        time: c.time,
        eventId: 3,
        fields: {
          ...nmapSysmon,
          Protocol: c.proto,
          Initiated: 'true',
          User: 'CORP\\alice',
          SourceIp: WS01_IP,
          SourcePort: String(40000 + c.port),
          DestinationIp: SRV01_IP,
          DestinationPort: String(c.port),
        },
      });
    }
  }
  sysmon.push({
    time: T0 + 10_000,
    eventId: 11,
    fields: {
      Image: 'C:\\Windows\\System32\\svchost.exe',
      ProcessId: String(SVCHOST_PID),
      ProcessGuid: '{AAAAAAAA-0000-0000-0000-000000000003}',
      TargetFilename: pfPath,
      CreationUtcTime: '2026-10-14 10:02:21.000',
    },
  });
  if (o.exit !== false)
    sysmon.push({ time: exitAt, eventId: 5, fields: { ...nmapSysmon, UtcTime: iso(exitAt) } });
  const security: RowSpec[] = [
    {
      time: T0 - 7200_000,
      eventId: 4624,
      fields: { TargetUserName: 'alice', LogonType: '2' },
    },
    {
      time: T0 - 3600_000,
      eventId: 4688,
      fields: {
        NewProcessId: '0x3e8',
        NewProcessName: 'C:\\Windows\\System32\\cmd.exe',
        SubjectUserName: 'alice',
      },
    },
    {
      time: T0 - 1800_000,
      eventId: 5156,
      fields: {
        ProcessID: '2000',
        Application: '\\device\\harddiskvolume2\\program files\\browser\\browser.exe',
        Direction: '%%14593',
        SourceAddress: WS01_IP,
        SourcePort: '50000',
        DestAddress: '93.184.216.34',
        DestPort: '443',
        Protocol: '6',
      },
    },
    {
      time: T0 - 1700_000,
      eventId: 4656,
      fields: {
        ProcessId: '0x1000',
        ProcessName: 'C:\\Windows\\explorer.exe',
        ObjectName: 'C:\\Users\\alice\\a.txt',
        HandleId: '0x10',
      },
    },
  ];
  const pidHex = `0x${NMAP_PID.toString(16)}`;
  if (!o.no4688) {
    security.push({
      time: T0,
      eventId: 4688,
      fields: {
        SubjectUserSid: 'S-1-5-21-1-2-3-1104',
        SubjectUserName: 'alice',
        SubjectDomainName: 'CORP',
        SubjectLogonId: '0x3e7a1',
        NewProcessId: pidHex,
        NewProcessName: image,
        TokenElevationType: '%%1938',
        ProcessId: '0x3e8',
        CommandLine: `${exe} -Pn ${SRV01_IP}`,
      },
    });
  }
  const wfpApp = devicePath;
  security.push({
    time: T0 + 1500,
    eventId: 5158,
    fields: {
      ProcessId: String(NMAP_PID),
      Application: wfpApp,
      SourceAddress: '0.0.0.0',
      SourcePort: '40001',
      Protocol: '6',
    },
  });
  for (const c of scan) {
    security.push({
      time: c.time,
      eventId: 5156,
      fields: {
        ProcessID: String(NMAP_PID),
        Application: wfpApp,
        Direction: '%%14593',
        SourceAddress: WS01_IP,
        SourcePort: String(40000 + c.port),
        DestAddress: SRV01_IP,
        DestPort: String(c.port),
        Protocol: c.proto === 'tcp' ? '6' : '17',
      },
    });
  }
  const svc = {
    ProcessId: `0x${SVCHOST_PID.toString(16)}`,
    ProcessName: 'C:\\Windows\\System32\\svchost.exe',
  };
  security.push(
    {
      time: T0 + 10_000,
      eventId: 4656,
      fields: {
        ...svc,
        ObjectName: pfPath,
        ObjectType: 'File',
        HandleId: '0x1f4',
        AccessList: '%%4417 %%4418',
      },
    },
    {
      time: T0 + 10_001,
      eventId: 4663,
      fields: { ...svc, ObjectName: pfPath, ObjectType: 'File', HandleId: '0x1f4', AccessList: '%%4417' },
    },
    { time: T0 + 10_002, eventId: 4658, fields: { ...svc, HandleId: '0x1f4' } },
  );
  if (o.exit !== false) {
    security.push({
      time: exitAt,
      eventId: 4689,
      fields: {
        ProcessId: pidHex,
        ProcessName: image,
        Status: '0x0',
        SubjectUserName: 'alice',
        SubjectDomainName: 'CORP',
      },
    });
  }
  if (o.pidReuse) {
    const later = T0 + 3600_000;
    sysmon.push({
      time: later,
      eventId: 1,
      fields: {
        Image: 'C:\\Windows\\notepad.exe',
        ProcessId: String(NMAP_PID),
        ProcessGuid: '{AAAAAAAA-0000-0000-0000-000000000009}',
      },
    });
    security.push({
      time: later,
      eventId: 4688,
      fields: { NewProcessId: pidHex, NewProcessName: 'C:\\Windows\\notepad.exe' },
    });
    for (let i = 0; i < 5; i++) {
      security.push({
        time: later + 1000 + i,
        eventId: 5156,
        fields: {
          ProcessID: String(NMAP_PID),
          Application: '\\device\\harddiskvolume2\\windows\\notepad.exe',
          Direction: '%%14593',
          SourceAddress: WS01_IP,
          SourcePort: String(51000 + i),
          DestAddress: '10.0.0.99',
          DestPort: String(8000 + i),
          Protocol: '6',
        },
      });
      sysmon.push({
        time: later + 1000 + i,
        eventId: 3,
        fields: {
          Image: 'C:\\Windows\\notepad.exe',
          ProcessId: String(NMAP_PID),
          ProcessGuid: '{AAAAAAAA-0000-0000-0000-000000000009}',
          Protocol: 'tcp',
          Initiated: 'true',
          SourceIp: WS01_IP,
          SourcePort: String(51000 + i),
          DestinationIp: '10.0.0.99',
          DestinationPort: String(8000 + i),
        },
      });
    }
    security.push({
      time: later + 5000,
      eventId: 4689,
      fields: { ProcessId: pidHex, ProcessName: 'C:\\Windows\\notepad.exe', Status: '0x1' },
    });
  }
  const late = T0 + 7200_000;
  sysmon.push(
    {
      time: late,
      eventId: 1,
      fields: {
        Image: 'C:\\Windows\\System32\\cmd.exe',
        ProcessId: '1500',
        ProcessGuid: '{AAAAAAAA-0000-0000-0000-000000000005}',
      },
    },
    {
      time: late,
      eventId: 3,
      fields: {
        Image: 'C:\\Program Files\\Browser\\browser.exe',
        ProcessId: '2000',
        Protocol: 'tcp',
        Initiated: 'true',
        SourceIp: WS01_IP,
        SourcePort: '50001',
        DestinationIp: '93.184.216.34',
        DestinationPort: '443',
      },
    },
  );
  security.push(
    {
      time: late,
      eventId: 4688,
      fields: { NewProcessId: '0x5dc', NewProcessName: 'C:\\Windows\\System32\\cmd.exe' },
    },
    {
      time: late,
      eventId: 5156,
      fields: {
        ProcessID: '2000',
        Application: '\\device\\harddiskvolume2\\program files\\browser\\browser.exe',
        Direction: '%%14593',
        SourceAddress: WS01_IP,
        SourcePort: '50001',
        DestAddress: '93.184.216.34',
        DestPort: '443',
        Protocol: '6',
      },
    },
  );
  const dropIds = new Set<number>([...(o.no4688 ? [4688] : []), ...(o.noSysmon3 ? [3] : [])]);
  for (const list of [sysmon, security]) {
    const kept = list.filter(
      (r) => !(dropIds.has(r.eventId ?? -1) && (list === security ? r.eventId === 4688 : r.eventId === 3)),
    );
    list.length = 0;
    list.push(...kept);
  }
  const keep = (rows: RowSpec[], from: number | undefined) =>
    from === undefined ? rows : rows.filter((r) => (r.time as number) >= from);
  if (o.sysmon !== false)
    cb.evtx('WS01/Sysmon.evtx', 'WS01.corp.local', SYSMON, keep(sysmon, o.sysmonStartsAt));
  if (o.security !== false)
    cb.evtx('WS01/Security.evtx', 'WS01.corp.local', SECURITY, keep(security, o.securityStartsAt));
  if (o.prefetch !== false) {
    cb.file('WS01/C/Windows/Prefetch/CMD.EXE-89305D47.pf', 'prefetch', [
      {
        time: T0 - 3600_000,
        label: 'Executed',
        fields: {
          Executable: 'CMD.EXE',
          Hash: '89305D47',
          ExecutablePath: '\\VOLUME{01d2c0ffee}\\WINDOWS\\SYSTEM32\\CMD.EXE',
          RunCount: '5',
          RunIndex: '0',
          PrefetchFile: 'CMD.EXE-89305D47.pf',
        },
      },
    ]);
    cb.file(`WS01/C/Windows/Prefetch/${pf}`, 'prefetch', [
      {
        time: T0 + 10_000,
        label: 'Executed',
        fields: {
          Executable: exe.toUpperCase(),
          Hash: hash,
          ExecutablePath:
            o.devicePath === ''
              ? `\\VOLUME{01d2c0ffee}${image.slice(2).toUpperCase()}`
              : devicePath.toUpperCase(),
          RunCount: '1',
          RunIndex: '0',
          Version: '30',
          PrefetchFile: pf,
        },
      },
    ]);
  }
  if (o.mft !== false) {
    const entry = (time: number, label: string) => ({
      time,
      ref: 88001,
      label,
      fields: {
        Path: `\\Windows\\Prefetch\\${pf}`,
        Name: pf,
        Entry: '88001',
        Sequence: '3',
        InUse: o.mftDeleted ? 'false' : 'true',
        IsDirectory: 'false',
        Size: '4096',
      },
    });
    cb.file('WS01/C/$MFT', 'mft', [
      {
        time: T0 - 86400_000,
        ref: 500,
        label: 'SI created',
        fields: {
          Path: '\\Windows\\Prefetch\\CMD.EXE-89305D47.pf',
          Name: 'CMD.EXE-89305D47.pf',
          InUse: 'true',
        },
      },
      entry(T0 + 10_000, 'SI created'),
      entry(T0 + 10_050, 'SI modified'),
    ]);
  }
  if (o.usn !== false) {
    const rec = (usn: number, reasons: string, dt: number) => ({
      time: T0 + 10_000 + dt,
      ref: usn,
      label: reasons,
      fields: {
        Usn: String(usn),
        Name: pf,
        Reasons: reasons,
        Attributes: 'archive+not_indexed',
        Entry: '88001',
      },
    });
    cb.file('WS01/C/$Extend/$UsnJrnl_$J', 'usn', [
      {
        time: T0 - 60_000,
        ref: 900,
        label: 'DATA_EXTEND',
        fields: { Usn: '900', Name: 'a.txt', Reasons: 'DATA_EXTEND', Attributes: 'archive' },
      },
      rec(1000, 'FILE_CREATE', 0),
      rec(1096, 'DATA_EXTEND+FILE_CREATE', 10),
      rec(1200, 'CLOSE+DATA_EXTEND+FILE_CREATE', 20),
    ]);
  }
  const dest = o.dest ?? 'full';
  if (dest !== 'none') {
    const sk = o.destSkewMs ?? 0;
    const dSysmon: RowSpec[] = [
      {
        time: T0 - 1200_000 + sk,
        eventId: 3,
        fields: {
          Image: 'C:\\Windows\\System32\\svchost.exe',
          ProcessId: '900',
          Protocol: 'udp',
          Initiated: 'true',
          SourceIp: SRV01_IP,
          SourcePort: '50123',
          DestinationIp: '10.0.0.1',
          DestinationPort: '53',
        },
      },
    ];
    const dSec: RowSpec[] = [
      {
        time: T0 - 1200_000 + sk,
        eventId: 5156,
        fields: {
          ProcessID: '900',
          Application: '\\device\\harddiskvolume1\\windows\\system32\\svchost.exe',
          Direction: '%%14593',
          SourceAddress: SRV01_IP,
          SourcePort: '50123',
          DestAddress: '10.0.0.1',
          DestPort: '53',
          Protocol: '17',
        },
      },
    ];
    for (const c of scan) {
      const open = OPEN_PORTS.includes(c.port) || c.proto === 'udp';
      const t = c.time + sk;
      if (open && dest === 'full') {
        dSysmon.push({
          time: t,
          eventId: 3,
          fields: {
            Image: 'System',
            ProcessId: '4',
            Protocol: c.proto,
            Initiated: 'false',
            SourceIp: WS01_IP,
            SourcePort: String(40000 + c.port),
            DestinationIp: SRV01_IP,
            DestinationPort: String(c.port),
          },
        });
        dSec.push({
          time: t,
          eventId: 5156,
          fields: {
            ProcessID: '4',
            Application: 'System',
            Direction: '%%14592',
            SourceAddress: SRV01_IP,
            SourcePort: String(c.port),
            DestAddress: WS01_IP,
            DestPort: String(40000 + c.port),
            Protocol: c.proto === 'tcp' ? '6' : '17',
          },
        });
      } else {
        dSec.push({
          time: t,
          eventId: 5152,
          fields: {
            ProcessId: '0',
            Application: '-',
            Direction: '%%14592',
            SourceAddress: WS01_IP,
            SourcePort: String(40000 + c.port),
            DestAddress: SRV01_IP,
            DestPort: String(c.port),
            Protocol: c.proto === 'tcp' ? '6' : '17',
          },
        });
      }
    }
    dSysmon.push({
      time: T0 + 7200_000,
      eventId: 3,
      fields: {
        Image: 'C:\\Windows\\System32\\svchost.exe',
        ProcessId: '900',
        Protocol: 'udp',
        Initiated: 'true',
        SourceIp: SRV01_IP,
        SourcePort: '50124',
        DestinationIp: '10.0.0.1',
        DestinationPort: '53',
      },
    });
    dSec.push({
      time: T0 + 7200_000,
      eventId: 5156,
      fields: {
        ProcessID: '900',
        Application: '\\device\\harddiskvolume1\\windows\\system32\\svchost.exe',
        Direction: '%%14593',
        SourceAddress: SRV01_IP,
        SourcePort: '50124',
        DestAddress: '10.0.0.1',
        DestPort: '53',
        Protocol: '17',
      },
    });
    cb.evtx('SRV01/Sysmon.evtx', 'SRV01', SYSMON, dSysmon);
    cb.evtx('SRV01/Security.evtx', 'SRV01', SECURITY, dSec);
  }
  return cb;
}
