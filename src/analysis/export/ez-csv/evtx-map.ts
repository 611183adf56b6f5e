// Our own PayloadData mapping for the event ids analysts filter on most. EvtxECmd's columns
// (UserName, RemoteHost, ExecutableInfo, PayloadData1..6) are free text; each cell here is
// `Field: value` with the field names Windows itself uses in EventData, so a reader can search
// for them. Events without a mapping leave these columns empty; Payload always holds the whole
// EventData / UserData. Field meanings: Microsoft's "Audit ..." event pages and Sysmon's schema.

type Data = Record<string, string>;

/** Value of `name` in EventData, or of a UserData leaf whose path ends with `/name`. */
export function dataValue(data: Data, name: string): string {
  const v = data[name];
  if (v !== undefined) return v;
  const tail = `/${name}`;
  for (const k in data) if (k.endsWith(tail)) return data[k];
  return '';
}

export interface EvtxMapped {
  description: string;
  userName: string;
  remoteHost: string;
  executableInfo: string;
  payload: [string, string, string, string, string, string];
}

interface MapSpec {
  description: string;
  user?: [domain: string, name: string];
  remote?: (d: (n: string) => string) => string;
  exe?: string;
  payload: (string | ((d: (n: string) => string) => string))[];
}

const both = (a: string, b: string) => (a && b ? `${a} (${b})` : a || b);
function account(d: (n: string) => string, domain: string, name: string): string {
  const dom = domain ? d(domain) : '';
  return dom && dom !== '-' ? `${dom}\\${d(name)}` : d(name);
}

const SECURITY: Record<number, MapSpec> = {
  4624: {
    description: 'Logon succeeded',
    user: ['TargetDomainName', 'TargetUserName'],
    remote: (d) => both(d('WorkstationName'), d('IpAddress')),
    exe: 'ProcessName',
    payload: [
      'LogonType',
      'TargetLogonId',
      'AuthenticationPackageName',
      'LogonProcessName',
      'IpPort',
      'SubjectUserName',
    ],
  },
  4625: {
    description: 'Logon failed',
    user: ['TargetDomainName', 'TargetUserName'],
    remote: (d) => both(d('WorkstationName'), d('IpAddress')),
    exe: 'ProcessName',
    payload: ['LogonType', 'Status', 'SubStatus', 'FailureReason', 'AuthenticationPackageName', 'IpPort'],
  },
  4648: {
    description: 'Logon with explicit credentials',
    user: ['SubjectDomainName', 'SubjectUserName'],
    remote: (d) => both(d('TargetServerName'), d('IpAddress')),
    exe: 'ProcessName',
    payload: [
      (d) => `TargetAccount: ${account(d, 'TargetDomainName', 'TargetUserName')}`,
      'TargetInfo',
      'SubjectLogonId',
      'IpPort',
    ],
  },
  4672: {
    description: 'Special privileges assigned to a logon',
    user: ['SubjectDomainName', 'SubjectUserName'],
    payload: ['SubjectLogonId', 'PrivilegeList'],
  },
  4688: {
    description: 'Process created',
    user: ['SubjectDomainName', 'SubjectUserName'],
    exe: 'NewProcessName',
    payload: [
      'CommandLine',
      'ParentProcessName',
      'NewProcessId',
      'ProcessId',
      'TokenElevationType',
      'MandatoryLabel',
    ],
  },
  5140: {
    description: 'Network share accessed',
    user: ['SubjectDomainName', 'SubjectUserName'],
    remote: (d) => both(d('IpAddress'), d('IpPort')),
    payload: ['ShareName', 'ShareLocalPath', 'AccessMask', 'SubjectLogonId'],
  },
  5145: {
    description: 'Network share object checked',
    user: ['SubjectDomainName', 'SubjectUserName'],
    remote: (d) => both(d('IpAddress'), d('IpPort')),
    payload: ['ShareName', 'RelativeTargetName', 'AccessMask', 'AccessList', 'SubjectLogonId'],
  },
  5156: {
    description: 'WFP allowed a connection',
    remote: (d) => both(d('DestAddress'), d('DestPort')),
    exe: 'Application',
    payload: ['Direction', 'SourceAddress', 'SourcePort', 'DestAddress', 'DestPort', 'Protocol'],
  },
  5158: {
    description: 'WFP allowed a bind to a local port',
    exe: 'Application',
    payload: ['SourceAddress', 'SourcePort', 'Protocol', 'ProcessID'],
  },
  1102: {
    description: 'Security log cleared',
    user: ['SubjectDomainName', 'SubjectUserName'],
    payload: ['SubjectUserSid', 'SubjectLogonId'],
  },
};

const SYSTEM: Record<number, MapSpec> = {
  7045: {
    description: 'Service installed',
    user: ['', 'AccountName'],
    exe: 'ImagePath',
    payload: ['ServiceName', 'ServiceType', 'StartType', 'AccountName'],
  },
  104: {
    description: 'Event log cleared',
    user: ['SubjectDomainName', 'SubjectUserName'],
    payload: ['Channel', 'BackupPath'],
  },
};

const SYSMON: Record<number, MapSpec> = {
  1: {
    description: 'Sysmon process created',
    user: ['', 'User'],
    exe: 'Image',
    payload: ['CommandLine', 'ParentImage', 'ParentCommandLine', 'Hashes', 'ProcessGuid', 'IntegrityLevel'],
  },
  3: {
    description: 'Sysmon network connection',
    user: ['', 'User'],
    remote: (d) => both(d('DestinationHostname') || d('DestinationIp'), d('DestinationPort')),
    exe: 'Image',
    payload: ['Protocol', 'Initiated', 'SourceIp', 'SourcePort', 'DestinationIp', 'DestinationPort'],
  },
  11: {
    description: 'Sysmon file created',
    user: ['', 'User'],
    exe: 'Image',
    payload: ['TargetFilename', 'CreationUtcTime', 'ProcessGuid'],
  },
};

function tableFor(channel: string, provider: string): Record<number, MapSpec> | null {
  if (channel === 'Security' && provider === 'Microsoft-Windows-Security-Auditing') return SECURITY;
  if (channel === 'Security' && provider === 'Microsoft-Windows-Eventlog') return SECURITY;
  if (
    channel === 'System' &&
    (provider === 'Service Control Manager' || provider === 'Microsoft-Windows-Eventlog')
  )
    return SYSTEM;
  if (channel === 'Microsoft-Windows-Sysmon/Operational') return SYSMON;
  return null;
}

/** Mapped columns for one record; null when we have no mapping for its channel/provider/id. */
export function mapEvtx(channel: string, provider: string, eventId: number, data: Data): EvtxMapped | null {
  const spec = tableFor(channel, provider)?.[eventId];
  if (!spec) return null;
  if (
    SYSTEM === tableFor(channel, provider) &&
    (eventId === 104) !== (provider === 'Microsoft-Windows-Eventlog')
  )
    return null;
  if (channel === 'Security' && (eventId === 1102) !== (provider === 'Microsoft-Windows-Eventlog'))
    return null;
  const d = (n: string) => dataValue(data, n);
  const payload = ['', '', '', '', '', ''] as EvtxMapped['payload'];
  spec.payload.slice(0, 6).forEach((p, i) => {
    if (typeof p === 'function') payload[i] = p(d);
    else if (d(p) !== '') payload[i] = `${p}: ${d(p)}`;
  });
  return {
    description: spec.description,
    userName: spec.user ? account(d, spec.user[0], spec.user[1]) : '',
    remoteHost: spec.remote ? spec.remote(d) : '',
    executableInfo: spec.exe ? d(spec.exe) : '',
    payload,
  };
}
