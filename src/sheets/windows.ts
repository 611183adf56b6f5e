// Windows log facts shared by every sheet: channel names, field names of Sysmon and Security
// events (Sysmon schema 4.x, Microsoft "Advanced security audit policy" event docs), and the
// process create/exit sources the engine reads to find executions.
import { WFP_DIRECTIONS, WFP_INBOUND, WFP_OUTBOUND } from '../dicts/wfp';
import type { ConnectionFields, ProcessCreateSource, ProcessExitSource, SheetField } from './types';

export const SYSMON = 'Microsoft-Windows-Sysmon/Operational';
export const SECURITY = 'Security';

/** WFP `Direction` values: raw message ids as the log stores them, and rendered text. */
export const DIRECTION_INBOUND = [WFP_INBOUND, WFP_DIRECTIONS[WFP_INBOUND]];
export const DIRECTION_OUTBOUND = [WFP_OUTBOUND, WFP_DIRECTIONS[WFP_OUTBOUND]];

export const AUDIT_PROCESS_CREATION = "audit policy 'Audit Process Creation' (+ command line in 4688)";
export const AUDIT_PROCESS_TERMINATION = "audit policy 'Audit Process Termination'";
export const AUDIT_FILTERING_CONNECTION = "audit policy 'Audit Filtering Platform Connection'";
export const AUDIT_FILTERING_DROP = "audit policy 'Audit Filtering Platform Packet Drop'";
export const AUDIT_FILE_SYSTEM = "audit policy 'Audit File System' + SACL on \\Windows\\Prefetch";
export const SYSMON_RULE = (rule: string) => `Sysmon installed, config including ${rule}`;

export const PROCESS_CREATES: ProcessCreateSource[] = [
  {
    log: SYSMON,
    eventId: 1,
    imageField: 'Image',
    originalNameField: 'OriginalFileName',
    pidField: 'ProcessId',
    pidRadix: 10,
    guidField: 'ProcessGuid',
    commandLineField: 'CommandLine',
    userFields: ['User'],
    label: 'Sysmon 1',
  },
  {
    log: SECURITY,
    eventId: 4688,
    imageField: 'NewProcessName',
    pidField: 'NewProcessId',
    pidRadix: 16,
    commandLineField: 'CommandLine',
    userFields: ['SubjectDomainName', 'SubjectUserName'],
    label: 'Security 4688',
  },
];

export const PROCESS_EXITS: ProcessExitSource[] = [
  {
    log: SYSMON,
    eventId: 5,
    pidField: 'ProcessId',
    pidRadix: 10,
    guidField: 'ProcessGuid',
    label: 'Sysmon 5',
  },
  {
    log: SECURITY,
    eventId: 4689,
    pidField: 'ProcessId',
    pidRadix: 16,
    statusField: 'Status',
    label: 'Security 4689',
  },
];

export const SYSMON_3_CONNECTION: ConnectionFields = {
  localAddress: 'SourceIp',
  localPort: 'SourcePort',
  remoteAddress: 'DestinationIp',
  remotePort: 'DestinationPort',
  protocol: 'Protocol',
  image: 'Image',
};

export const WFP_CONNECTION: ConnectionFields = {
  localAddress: 'SourceAddress',
  localPort: 'SourcePort',
  remoteAddress: 'DestAddress',
  remotePort: 'DestPort',
  protocol: 'Protocol',
  image: 'Application',
};

export const SYSMON_PROCESS_FIELDS: SheetField[] = [
  { label: 'ProcessGuid', field: 'ProcessGuid', meaning: 'Process ID' },
  { label: 'ProcessId', field: 'ProcessId', meaning: 'Process ID' },
  { label: 'Image', field: 'Image', meaning: 'Path to the executable file (path to the tool)' },
];

export const SUBJECT_FIELDS: SheetField[] = [
  {
    label: 'Subject > Security ID',
    field: 'SubjectUserSid',
    meaning: 'SID of the user who executed the tool',
  },
  { label: 'Subject > Account Name', field: 'SubjectUserName', meaning: 'Account name' },
  { label: 'Subject > Account Domain', field: 'SubjectDomainName', meaning: 'Domain' },
  { label: 'Subject > Logon ID', field: 'SubjectLogonId', meaning: 'Session ID of the user' },
];
