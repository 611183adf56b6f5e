// 'prefetch-file' links: rows naming the execution's `<EXE>-<HASH>.pf` in a Prefetch folder, whose
// hash must match the execution's device path (prefetch-identity.ts); `withinWindow` limits them
// to [start - SAME_HOST_SLACK_MS, end + afterMs], `sequence` (USN) to rows showing those
// condition sets in that order.
import type { IndexIntoEventsTable } from '../../../model/events-table';
import { SAME_HOST_SLACK_MS } from '../executions';
import { allHold, fieldOf } from '../util';
import { plural } from '../../../model/text';
import { timeRange } from '../../../model/time-text';
import { describeConditions, type ItemOf, type LinkContext, type LinkResult, type SourceScope } from './link';
import { inPrefetchFolder, parsePfName, pfNamePhrase } from './prefetch-identity';

const PF_SUFFIX = /\.pf$/i;

export function linkPrefetchFile(
  ctx: LinkContext,
  item: ItemOf<'prefetch-file'>,
  scope: SourceScope,
): LinkResult {
  const e = scope.exec;
  const link = item.link;
  const pf = scope.pf();
  const found = scope.pfHashes;
  const mismatched = new Set<string>();
  let failedWhere = 0;
  const a = e.start - SAME_HOST_SLACK_MS;
  const b = Math.max(e.end, e.start) + (link.afterMs ?? 0);
  let rows: IndexIntoEventsTable[] = [];
  for (const row of ctx.ix.rows(e.host, item.artifact, item.log, item.eventId)) {
    const v = ctx.ix.value(row, link.nameField);
    if (!v || !PF_SUFFIX.test(v) || !inPrefetchFolder(v)) continue;
    const f = ctx.ix.fields(row);
    const name = parsePfName(v);
    if (!name || name.exe !== pf.exe) continue;
    if (link.withinWindow) {
      const t = ctx.ix.time(row);
      if (!(t >= a && t <= b)) continue;
    }
    if (!pf.check(name.hash).ok) {
      mismatched.add(`${name.exe}-${name.hash}.pf`);
      continue;
    }
    if (!allHold(f, item.where)) {
      failedWhere++;
      continue;
    }
    found.set(row, name.hash);
    rows.push(row);
  }
  let note = failedWhere
    ? `${plural(failedWhere, 'record')} name the file but ${failedWhere === 1 ? 'does' : 'do'} not meet ${describeConditions(item.where)}.`
    : '';
  if (mismatched.size) {
    note =
      `${note} Found ${[...mismatched].join(', ')}, but its hash does not match ${pf.describePath()} (expected ${pf.expectedName()}).`.trim();
  }
  if (link.sequence && rows.length) {
    const t = ctx.ix.input.table;
    rows.sort((x, y) => t.ref[x] - t.ref[y] || t.timeMs[x] - t.timeMs[y]);
    const picked: IndexIntoEventsTable[] = [];
    let k = 0;
    for (const row of rows) {
      if (k < link.sequence.length && allHold(ctx.ix.fields(row), link.sequence[k])) {
        picked.push(row);
        k++;
      }
    }
    if (k < link.sequence.length) {
      const seen = [
        ...new Set(rows.map((r) => fieldOf(ctx.ix.fields(r), link.sequence?.[0][0].field ?? '') ?? '')),
      ];
      note =
        `${note} ${plural(rows.length, 'record')} name it (${seen.slice(0, 6).join(', ')}) but not the sheet's sequence ${link.sequence.map((s) => s.map((c) => c.value).join(' ')).join(' → ')}.`.trim();
      rows = [];
    } else rows = picked;
  }
  const what = () => {
    const name = pfNamePhrase(pf, found, rows);
    return link.withinWindow
      ? `for ${name} in ${timeRange(e.start - SAME_HOST_SLACK_MS, Math.max(e.end, e.start) + (link.afterMs ?? 0))}`
      : `for ${name}`;
  };
  return { rows, note, what };
}
