// Event definitions (System values + EventData field names, order and value types) for the Sysmon
// and Security events the scenario writes. Copied from real logs (python-evtx template walk of
// ../shared/samples/evtx: museum-Win10-APTSimulatorVM Sysmon/Security, PanacheSysmon,
// DE_RDP_Tunnel_5156, Security_short_selected (5152), evtx-to-mitre 4656/4663/4658 and 4688,
// velociraptor RDPAuth_Security (4689)). `sizet` fields are SizeT (0x10) as a 64-bit host writes them.
import { defineEventSchema, type EventSchema, type EvtxEvent } from './event';
import type { EventDataField } from './template-tree';
import type { EvtxScalar, EvtxValueType } from './values';

export const SYSMON_PROVIDER = {
  name: 'Microsoft-Windows-Sysmon',
  guid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}',
  channel: 'Microsoft-Windows-Sysmon/Operational',
} as const;

export const SECURITY_PROVIDER = {
  name: 'Microsoft-Windows-Security-Auditing',
  guid: '{54849625-5478-4994-A5BA-3E3B0328C30D}',
  channel: 'Security',
} as const;

export const KEYWORDS_AUDIT_SUCCESS = 0x8020000000000000n;
export const KEYWORDS_AUDIT_FAILURE = 0x8010000000000000n;
export const KEYWORDS_SYSMON = 0x8000000000000000n;

export interface EventDefinition {
  provider: { name: string; guid: string; channel: string };
  eventId: number;
  version: number;
  level: number;
  task: number;
  opcode: number;
  keywords: bigint;
  /** Security/@UserID Sysmon writes (S-1-5-18); Security writes none. */
  userId: string | null;
  schema: EventSchema;
}

function fields(spec: string): EventDataField[] {
  return spec
    .trim()
    .split(/\s+/)
    .map((p) => {
      const [name, type] = p.split(':');
      return { name, type: (type ?? 'string') as EvtxValueType };
    });
}

function sysmon(eventId: number, version: number, spec: string): EventDefinition {
  return {
    provider: SYSMON_PROVIDER,
    eventId,
    version,
    level: 4,
    task: eventId,
    opcode: 0,
    keywords: KEYWORDS_SYSMON,
    userId: 'S-1-5-18',
    schema: defineEventSchema(`sysmon/${eventId}/${version}`, fields(spec)),
  };
}

function security(
  eventId: number,
  version: number,
  task: number,
  spec: string,
  keywords = KEYWORDS_AUDIT_SUCCESS,
) {
  return {
    provider: SECURITY_PROVIDER,
    eventId,
    version,
    level: 0,
    task,
    opcode: 0,
    keywords,
    userId: null,
    schema: defineEventSchema(`security/${eventId}/${version}`, fields(spec)),
  } satisfies EventDefinition;
}

const WFP_CONNECTION =
  'ProcessID:uint64 Application Direction SourceAddress SourcePort DestAddress DestPort Protocol:uint32 FilterRTID:uint64 LayerName LayerRTID:uint64 RemoteUserID:sid RemoteMachineID:sid';

export const EVENTS = {
  sysmonProcessCreate: sysmon(
    1,
    5,
    'RuleName UtcTime ProcessGuid:guid ProcessId:uint32 Image FileVersion Description Product Company OriginalFileName CommandLine CurrentDirectory User LogonGuid:guid LogonId:hex64 TerminalSessionId:uint32 IntegrityLevel Hashes ParentProcessGuid:guid ParentProcessId:uint32 ParentImage ParentCommandLine ParentUser',
  ),
  sysmonNetworkConnect: sysmon(
    3,
    5,
    'RuleName UtcTime ProcessGuid:guid ProcessId:uint32 Image User Protocol Initiated:bool SourceIsIpv6:bool SourceIp SourceHostname SourcePort:uint16 SourcePortName DestinationIsIpv6:bool DestinationIp DestinationHostname DestinationPort:uint16 DestinationPortName',
  ),
  sysmonProcessTerminate: sysmon(5, 3, 'RuleName UtcTime ProcessGuid:guid ProcessId:uint32 Image User'),
  sysmonFileCreate: sysmon(
    11,
    2,
    'RuleName UtcTime ProcessGuid:guid ProcessId:uint32 Image TargetFilename CreationUtcTime',
  ),
  sysmonRegistryAddDelete: sysmon(
    12,
    2,
    'RuleName EventType UtcTime ProcessGuid:guid ProcessId:uint32 Image TargetObject',
  ),
  securityLogon: security(
    4624,
    2,
    12544,
    'SubjectUserSid:sid SubjectUserName SubjectDomainName SubjectLogonId:hex64 TargetUserSid:sid TargetUserName TargetDomainName TargetLogonId:hex64 LogonType:uint32 LogonProcessName AuthenticationPackageName WorkstationName LogonGuid:guid TransmittedServices LmPackageName KeyLength:uint32 ProcessId:sizet ProcessName IpAddress IpPort ImpersonationLevel RestrictedAdminMode TargetOutboundUserName TargetOutboundDomainName VirtualAccount TargetLinkedLogonId:hex64 ElevatedToken',
  ),
  securitySpecialPrivileges: security(
    4672,
    0,
    12548,
    'SubjectUserSid:sid SubjectUserName SubjectDomainName SubjectLogonId:hex64 PrivilegeList',
  ),
  securityProcessCreate: security(
    4688,
    2,
    13312,
    'SubjectUserSid:sid SubjectUserName SubjectDomainName SubjectLogonId:hex64 NewProcessId:sizet NewProcessName TokenElevationType ProcessId:sizet CommandLine TargetUserSid:sid TargetUserName TargetDomainName TargetLogonId:hex64 ParentProcessName MandatoryLabel:sid',
  ),
  securityProcessExit: security(
    4689,
    0,
    13313,
    'SubjectUserSid:sid SubjectUserName SubjectDomainName SubjectLogonId:hex64 Status:hex32 ProcessId:sizet ProcessName',
  ),
  securityHandleRequest: security(
    4656,
    1,
    12800,
    'SubjectUserSid:sid SubjectUserName SubjectDomainName SubjectLogonId:hex64 ObjectServer ObjectType ObjectName HandleId:sizet TransactionId:guid AccessList AccessReason AccessMask:hex32 PrivilegeList RestrictedSidCount:uint32 ProcessId:sizet ProcessName ResourceAttributes',
  ),
  securityObjectAccess: security(
    4663,
    1,
    12800,
    'SubjectUserSid:sid SubjectUserName SubjectDomainName SubjectLogonId:hex64 ObjectServer ObjectType ObjectName HandleId:sizet AccessList AccessMask:hex32 ProcessId:sizet ProcessName ResourceAttributes',
  ),
  securityHandleClose: security(
    4658,
    0,
    12800,
    'SubjectUserSid:sid SubjectUserName SubjectDomainName SubjectLogonId:hex64 ObjectServer HandleId:sizet ProcessId:sizet ProcessName',
  ),
  securityWfpConnection: security(5156, 1, 12810, WFP_CONNECTION),
  securityWfpBind: security(
    5158,
    0,
    12810,
    'ProcessId:uint64 Application SourceAddress SourcePort Protocol:uint32 FilterRTID:uint64 LayerName LayerRTID:uint64',
  ),
  securityWfpDrop: security(
    5152,
    0,
    12809,
    'ProcessId:uint64 Application Direction SourceAddress SourcePort DestAddress DestPort Protocol:uint32 FilterRTID:uint64 LayerName LayerRTID:uint64',
    KEYWORDS_AUDIT_FAILURE,
  ),
} as const;

export type EventKind = keyof typeof EVENTS;

/** Where and when an event was logged, and by which process/thread of the logging service. */
export interface EventOrigin {
  computer: string;
  /** ISO UTC, 7 fractional digits allowed. */
  time: string;
  processId: number;
  threadId: number;
}

/** Builds an EvtxEvent from named values; every schema field must be given (use '-' or null). */
export function makeEvent(
  def: EventDefinition,
  origin: EventOrigin,
  values: Readonly<Record<string, EvtxScalar>>,
): EvtxEvent {
  const f = def.schema.fields;
  const out = new Array<EvtxScalar>(f.length);
  for (let i = 0; i < f.length; i++) {
    const v = values[f[i].name];
    if (v === undefined) throw new Error(`${def.schema.key}: missing field ${f[i].name}`);
    out[i] = v;
  }
  return {
    providerName: def.provider.name,
    providerGuid: def.provider.guid,
    channel: def.provider.channel,
    computer: origin.computer,
    eventId: def.eventId,
    version: def.version,
    level: def.level,
    task: def.task,
    opcode: def.opcode,
    keywords: def.keywords,
    timeCreated: origin.time,
    processId: origin.processId,
    threadId: origin.threadId,
    userId: def.userId,
    schema: def.schema,
    values: out,
  };
}
