// 'handle' links: rows sharing `handleField` and the PID with the rows item `of` linked, from the
// first of those on (closing the handles the execution's process opened).
import type { IndexIntoEventsTable } from '../../../model/events-table';
import { SAME_HOST_SLACK_MS } from '../executions';
import { itemLabel } from '../labels';
import { allHold, fieldOf, parsePid } from '../util';
import type { ItemOf, LinkContext, LinkResult, SourceScope } from './link';

export function linkHandle(ctx: LinkContext, item: ItemOf<'handle'>, scope: SourceScope): LinkResult {
  const e = scope.exec;
  const link = item.link;
  const keys = new Set<string>();
  let first = Number.POSITIVE_INFINITY;
  for (const r of scope.linked.get(link.of) ?? []) {
    const f = ctx.ix.fields(r);
    keys.add(
      `${parsePid(fieldOf(f, link.pidField), link.pidRadix)}|${(fieldOf(f, link.handleField) ?? '').toLowerCase()}`,
    );
    first = Math.min(first, ctx.ix.time(r));
  }
  const rows: IndexIntoEventsTable[] = [];
  if (keys.size) {
    for (const row of ctx.ix.rows(e.host, item.artifact, item.log, item.eventId)) {
      const f = ctx.ix.fields(row);
      const key = `${parsePid(fieldOf(f, link.pidField), link.pidRadix)}|${(fieldOf(f, link.handleField) ?? '').toLowerCase()}`;
      if (keys.has(key) && ctx.ix.time(row) >= first - SAME_HOST_SLACK_MS && allHold(f, item.where))
        rows.push(row);
    }
  }
  const what = () =>
    `closing the ${itemLabel(ctx.sheet.items.find((i) => i.id === link.of) ?? item)} handles of ${scope.pf().expectedName()}`;
  return { rows, note: '', what };
}
