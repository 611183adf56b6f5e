// 'process' links: rows of the execution's own process, by GUID when both sides have one, else by
// PID within the execution's window ± SAME_HOST_SLACK_MS (a PID reused after the exit cannot link).
import type { IndexIntoEventsTable } from '../../../model/events-table';
import type { CaseIndex } from '../case-index';
import { type ExecState, SAME_HOST_SLACK_MS } from '../executions';
import { allHold, fieldOf, formatPid, parsePid } from '../util';
import { basename, plural } from '../../../model/text';
import { timeRange } from '../../../model/time-text';
import { describeConditions, type ItemOf, type LinkContext, type LinkResult, type SourceScope } from './link';

export function linkProcess(ctx: LinkContext, item: ItemOf<'process'>, scope: SourceScope): LinkResult {
  const e = scope.exec;
  const link = item.link;
  const failed = { n: 0 };
  const rows = processRows(ctx.ix, item, e, failed);
  const note = failed.n
    ? `${plural(failed.n, 'event')} of the process ${failed.n === 1 ? 'does' : 'do'} not meet ${describeConditions(item.where)}.`
    : '';
  const what = () => {
    const exe = basename(e.image);
    const range = timeRange(e.start, Math.max(e.end, e.start));
    return e.pid === null
      ? `from ${exe} (process id unknown: found by ${e.foundBy.join(', ')}) around ${range}`
      : `from ${exe} (pid ${formatPid(e.pid, link.pidRadix)}${e.guid && link.guidField ? ` ${e.guid}` : ''}) in ${range}`;
  };
  return { rows, note, what };
}

/** Rows of the execution's process; `failed` counts its rows that miss the item's conditions. */
function processRows(
  ix: CaseIndex,
  item: ItemOf<'process'>,
  e: ExecState,
  failed: { n: number },
): IndexIntoEventsTable[] {
  if (item.eventId === null) return [];
  const link = item.link;
  const out: IndexIntoEventsTable[] = [];
  const a = e.start - SAME_HOST_SLACK_MS;
  const b = e.linkEnd + SAME_HOST_SLACK_MS;
  for (const row of ix.rows(e.host, item.artifact, item.log, item.eventId)) {
    const f = ix.fields(row);
    const guid = link.guidField ? (fieldOf(f, link.guidField) ?? '').toUpperCase() : '';
    let mine: boolean;
    if (guid && e.guid) mine = guid === e.guid;
    else {
      const t = ix.time(row);
      mine =
        e.pid !== null && parsePid(fieldOf(f, link.pidField), link.pidRadix) === e.pid && t >= a && t <= b;
    }
    if (!mine) continue;
    if (allHold(f, item.where)) out.push(row);
    else failed.n++;
  }
  return out;
}
