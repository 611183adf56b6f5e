// An item's status and reason from the rows its link found and what the host's log or artifact
// covers (matched / not-collected / rolled-over / not-found), and the merge of one item's results
// over several executions.
import type { IndexIntoEventsTable, IndexIntoHostTable } from '../../model/events-table';
import type { SheetItem } from '../../sheets/types';
import type { CaseIndex, LogCoverage } from './case-index';
import { SAME_HOST_SLACK_MS } from './executions';
import { artifactName, itemLabel } from './labels';
import type { ItemStatus } from './types';
import { plural } from '../../model/text';
import { isoSeconds, timeRange } from '../../model/time-text';

export interface Judged {
  status: ItemStatus;
  reason: string;
  rows: IndexIntoEventsTable[];
}

function coverageText(item: SheetItem, cov: LogCoverage, hostName: string): string {
  const span = Number.isFinite(cov.first)
    ? `covers ${timeRange(cov.first, cov.last)}`
    : 'holds no timed rows';
  if (item.artifact !== 'evtx' || item.eventId === null) {
    return `${artifactName(item)} of ${hostName} ${span} (${plural(cov.rows, 'row')})`;
  }
  const n = cov.byEvent.get(item.eventId)?.length ?? 0;
  return `${artifactName(item)} of ${hostName} ${span} and records ${item.eventId} (${plural(n, 'event')})`;
}

/** Status of an item whose linked rows are `rows`; `what` says what was looked for. */
export function judge(
  ix: CaseIndex,
  item: SheetItem,
  host: IndexIntoHostTable,
  windowStart: number | null,
  rows: IndexIntoEventsTable[],
  what: string,
  note = '',
): Judged {
  const hostName = ix.hostName(host);
  const cov = ix.coverage(host, item.artifact, item.log);
  const tail = note ? ` ${note}` : '';
  if (rows.length > 0) {
    const n = item.artifact === 'evtx' ? plural(rows.length, 'event') : plural(rows.length, 'record');
    return { status: 'matched', reason: `${itemLabel(item)} on ${hostName}: ${n} ${what}.${tail}`, rows };
  }
  if (!cov || (cov.rows === 0 && item.artifact !== 'evtx')) {
    const kind = artifactName(item);
    return {
      status: 'not-collected',
      reason: `No ${kind} was collected for ${hostName}${item.requires ? ` (recording it needs ${item.requires})` : ''}.`,
      rows,
    };
  }
  if (cov.rows === 0) {
    return {
      status: 'not-collected',
      reason: `The ${artifactName(item)} of ${hostName} was collected but holds no events.`,
      rows,
    };
  }
  const mayRoll = item.artifact === 'evtx' || item.artifact === 'usn';
  if (windowStart !== null && mayRoll && cov.first > windowStart + SAME_HOST_SLACK_MS) {
    return {
      status: 'rolled-over',
      reason: `${artifactName(item)} of ${hostName} starts at ${isoSeconds(cov.first)}, after ${isoSeconds(windowStart)}: the records of that time were overwritten (log rolled over).${tail}`,
      rows,
    };
  }
  if (item.artifact === 'evtx' && item.eventId !== null && !cov.byEvent.get(item.eventId)?.length) {
    return {
      status: 'not-collected',
      reason: `${artifactName(item)} of ${hostName} ${Number.isFinite(cov.first) ? `covers ${timeRange(cov.first, cov.last)} ` : ''}(${plural(cov.rows, 'event')}) but holds no ${item.eventId} at all: not recorded${item.requires ? ` (needs ${item.requires})` : ''}.`,
      rows,
    };
  }
  if (windowStart !== null && item.artifact === 'evtx' && cov.last < windowStart - SAME_HOST_SLACK_MS) {
    return {
      status: 'not-collected',
      reason: `${artifactName(item)} of ${hostName} ends at ${isoSeconds(cov.last)}, before ${isoSeconds(windowStart)}: that time was not collected.`,
      rows,
    };
  }
  return {
    status: 'not-found',
    reason: `${coverageText(item, cov, hostName)}, but none ${what}.${tail}`,
    rows,
  };
}

/** Per item: matched wins (evidence joined), else the last part's status. */
export function mergeJudged(parts: Map<string, Judged>[]): Map<string, Judged> {
  const out = new Map<string, Judged>();
  if (parts.length === 0) return out;
  for (const id of parts[0].keys()) {
    const matched = parts.map((p) => p.get(id)).filter((j): j is Judged => j?.status === 'matched');
    if (matched.length) {
      const rows = [...new Set(matched.flatMap((j) => j.rows))];
      const more =
        matched.length > 1 ? ` (+${matched.length - 1} more execution${matched.length > 2 ? 's' : ''})` : '';
      out.set(id, { status: 'matched', reason: `${matched[0].reason}${more}`, rows });
    } else {
      out.set(id, parts[parts.length - 1].get(id) as Judged);
    }
  }
  return out;
}
