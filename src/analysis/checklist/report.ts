// Renders an Evaluation for people (Markdown) and for external checks (JSON: hosts → roles →
// items, then verdicts and suspects; hosts by name, times as ISO 8601). Used by `tracelens check`
// and by the app's report download.
import type { ToolSheet } from '../../sheets/types';
import type { Evaluation, ItemResult } from './types';
import { formatCount } from '../../model/text';
import { isoSeconds } from '../../model/time-text';

export interface CheckJson {
  sheet: string;
  hosts: {
    host: string;
    roles: {
      role: string;
      items: (Omit<ItemResult, 'evidence'> & { evidence: { file: string; ref: string; row: number }[] })[];
    }[];
  }[];
  verdicts: {
    text: string;
    coverage: string;
    successConditionMet: boolean;
    execution: {
      host: string;
      image: string;
      commandLine: string;
      user: string;
      processId: number | null;
      processGuid: string;
      start: string;
      end: string;
      exitStatus: string;
      foundBy: string[];
    };
    destinations: {
      host: string | null;
      address: string;
      ports: number;
      protocols: string[];
      connections: number;
      dropped: number;
    }[];
  }[];
  suspects: { host: string; image: string; processId: number | null; target: string; ports: number }[];
}

export function evaluationToJson(ev: Evaluation): CheckJson {
  return {
    sheet: ev.sheet,
    hosts: ev.hosts.map((h) => ({
      host: h.hostName,
      roles: h.roles.map((r) => ({
        role: r.role,
        items: r.items.map((i) => ({
          ...i,
          evidence: i.evidence.map((e) => ({ file: e.file, ref: e.ref, row: e.row })),
        })),
      })),
    })),
    verdicts: ev.verdicts.map((v) => ({
      text: v.text,
      coverage: v.coverage,
      successConditionMet: v.successConditionMet,
      execution: {
        host: v.execution.hostName,
        image: v.execution.image,
        commandLine: v.execution.commandLine,
        user: v.execution.user,
        processId: v.execution.processId,
        processGuid: v.execution.processGuid,
        start: isoSeconds(v.execution.start),
        end: isoSeconds(v.execution.end),
        exitStatus: v.execution.exitStatus,
        foundBy: v.execution.foundBy,
      },
      destinations: v.destinations.map((d) => ({
        host: d.host === null ? null : d.hostName,
        address: d.address,
        ports: d.ports,
        protocols: d.protocols,
        connections: d.connections,
        dropped: d.dropped,
      })),
    })),
    suspects: ev.suspects.map((s) => ({
      host: s.hostName,
      image: s.image,
      processId: s.processId,
      target: s.target,
      ports: s.ports,
    })),
  };
}

const STATUS_MARK: Record<string, string> = {
  matched: '✅ matched',
  'not-found': '❌ not-found',
  'not-collected': '⬜ not-collected',
  'rolled-over': '⏪ rolled-over',
};

function cell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function evidenceCell(i: ItemResult): string {
  if (i.evidence.length === 0) return '';
  const first = i.evidence.slice(0, 3).map((e) => `${e.file} ${e.ref}`);
  return i.evidence.length > 3
    ? `${first.join('; ')}; … (${formatCount(i.evidence.length)} in all)`
    : first.join('; ');
}

export function evaluationToMarkdown(ev: Evaluation, sheet: ToolSheet): string {
  const out: string[] = [];
  out.push(`# ${sheet.title}`, '', `Sheet: ${sheet.reference} (\`${sheet.id}\`).`, '');
  out.push('## Verdicts', '');
  if (ev.verdicts.length === 0) out.push(`No execution of ${sheet.name} was found in the case.`, '');
  for (const v of ev.verdicts) out.push(`- ${v.text}`, `  - ${v.coverage}`);
  if (ev.verdicts.length) out.push('');
  if (ev.suspects.length) {
    out.push('## Possible renamed scanners', '');
    for (const s of ev.suspects)
      out.push(
        `- ${s.hostName}: \`${s.image}\` (pid ${s.processId ?? '?'}) reached ${formatCount(s.ports)} ports of ${s.target}`,
      );
    out.push('');
  }
  for (const h of ev.hosts) {
    out.push(`## ${h.hostName}`, '');
    for (const r of h.roles) {
      const matched = r.items.filter((i) => i.status === 'matched').length;
      out.push(`### ${r.role} (${matched} of ${r.items.length} matched)`, '');
      out.push('| # | Item | Log | Event | Status | Reason | Evidence |', '|---|---|---|---|---|---|---|');
      for (const i of r.items) {
        out.push(
          `| ${i.sheetRow ?? ''} | ${cell(i.title)}${i.recordedByDefault ? ' *(default)*' : ''} | ${cell(i.log)} | ${i.eventId ?? ''} | ${STATUS_MARK[i.status] ?? i.status} | ${cell(i.reason)} | ${cell(evidenceCell(i))} |`,
        );
      }
      out.push('');
    }
  }
  return out.join('\n');
}
