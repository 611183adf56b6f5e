// 'inbound' links: rows on a destination host between one of the source's addresses and the host,
// within the window ± clock skew (either end of the row's `peers` may be the source).
import type { IndexIntoEventsTable } from '../../../model/events-table';
import type { SheetItem } from '../../../sheets/types';
import { timeRange } from '../../../model/time-text';
import type { DestinationScope, LinkContext, LinkResult } from './link';

/** Any destination item: only 'inbound' items have inbound rows, the others link none. */
export function linkInbound(ctx: LinkContext, item: SheetItem, scope: DestinationScope): LinkResult {
  const { srcIps, skew } = scope;
  const rows = ctx.inbound(scope.host);
  const a = scope.from - skew;
  const b = scope.to + skew;
  const linked: IndexIntoEventsTable[] = [];
  for (const r of rows) {
    if (r.item !== item || !(r.time >= a && r.time <= b)) continue;
    if (r.ends.some((x) => srcIps.has(x.address))) linked.push(r.row);
  }
  const ips = srcIps.size ? [...srcIps].join(', ') : '(the source address is unknown)';
  const what = `from ${ips} in ${timeRange(a, b)}${skew ? ` (clock-skew tolerance ±${Math.round(skew / 1000)} s)` : ''}`;
  return { rows: linked, note: '', what: () => what };
}
