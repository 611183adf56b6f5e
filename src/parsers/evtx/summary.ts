// One-line summaries for the timeline, built from the key fields of well-known events. Codes are
// decoded for reading here only; the record's fields stay raw.
import { decodeInsertionString } from '../../dicts/insertion-strings';
import { ipProtocolName } from '../../dicts/ip-protocols';
import type { EvtxRecord } from './evtx-record';

function join(...parts: string[]): string {
  return parts.filter((p) => p !== '' && p !== undefined).join(' ');
}

function sysmon(r: EvtxRecord): string {
  const d = r.data;
  switch (r.eventId) {
    case 1:
      return d.CommandLine ? `${d.Image ?? ''}: ${d.CommandLine}` : (d.Image ?? '');
    case 3:
      return join(
        d.Image ?? '',
        `${d.SourceIp ?? ''}:${d.SourcePort ?? ''} -> ${d.DestinationIp ?? ''}:${d.DestinationPort ?? ''}`,
        d.Protocol ?? '',
      );
    case 5:
      return d.Image ?? '';
    case 11:
    case 23:
    case 26:
      return join(d.Image ?? '', '->', d.TargetFilename ?? '');
    case 12:
    case 13:
    case 14:
      return join(d.EventType ?? '', d.TargetObject ?? '', d.Details ? `= ${d.Details}` : '');
    case 22:
      return join(d.Image ?? '', d.QueryName ?? '');
    default:
      return d.Image ?? '';
  }
}

function security(r: EvtxRecord): string {
  const d = r.data;
  switch (r.eventId) {
    case 4688:
      return join(
        d.CommandLine ? `${d.NewProcessName ?? ''}: ${d.CommandLine}` : (d.NewProcessName ?? ''),
        d.SubjectUserName ? `(${d.SubjectUserName})` : '',
      );
    case 4689:
      return join(d.ProcessName ?? '', d.Status ? `status ${d.Status}` : '');
    case 5152:
    case 5156:
    case 5157:
      return join(
        d.Application ?? '',
        `-> ${d.DestAddress ?? ''}:${d.DestPort ?? ''}`,
        ipProtocolName(d.Protocol ?? ''),
        decodeInsertionString(d.Direction ?? ''),
      );
    case 5158:
    case 5159:
      return join(
        d.Application ?? '',
        `bind ${d.SourceAddress ?? ''}:${d.SourcePort ?? ''}`,
        ipProtocolName(d.Protocol ?? ''),
      );
    case 4656:
    case 4663:
      return join(
        d.ObjectType ?? '',
        d.ObjectName ?? '',
        d.ProcessName ? `by ${d.ProcessName}` : '',
        d.AccessList ? `[${decodeInsertionString(d.AccessList)}]` : '',
      );
    case 4658:
      return join(d.ProcessName ?? '', d.HandleId ? `handle ${d.HandleId}` : '');
    case 1102:
      return join(
        'cleared by',
        `${d['LogFileCleared/SubjectDomainName'] ?? ''}\\${d['LogFileCleared/SubjectUserName'] ?? ''}`,
      );
    case 4624:
    case 4625:
      return join(
        `${d.TargetDomainName ?? ''}\\${d.TargetUserName ?? ''}`,
        d.LogonType ? `type ${d.LogonType}` : '',
        d.IpAddress ?? '',
      );
    default:
      return join(d.SubjectUserName ?? '', d.ObjectName ?? d.ProcessName ?? d.Application ?? '');
  }
}

/** A short line from the record's key fields (empty data -> provider name). */
export function recordSummary(r: EvtxRecord): string {
  let s = '';
  if (r.channel === 'Microsoft-Windows-Sysmon/Operational' || r.provider === 'Microsoft-Windows-Sysmon')
    s = sysmon(r);
  else if (r.channel === 'Security') s = security(r);
  if (s.trim() !== '') return s;
  for (const v of Object.values(r.data)) {
    if (v !== '') return `${r.provider}: ${v.length > 120 ? `${v.slice(0, 117)}...` : v}`;
  }
  return r.provider;
}
