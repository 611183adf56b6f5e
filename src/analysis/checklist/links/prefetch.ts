// 'prefetch' links: the Prefetch file itself (artifact rows, one per run time) named for the
// execution's image, whose hash must match its device path (prefetch-identity.ts).
import type { IndexIntoEventsTable } from '../../../model/events-table';
import { allHold, fieldOf } from '../util';
import type { ItemOf, LinkContext, LinkResult, SourceScope } from './link';
import { parsePfName, pfNamePhrase } from './prefetch-identity';

export function linkPrefetch(ctx: LinkContext, item: ItemOf<'prefetch'>, scope: SourceScope): LinkResult {
  const e = scope.exec;
  const pf = scope.pf();
  const found = scope.pfHashes;
  const rows: IndexIntoEventsTable[] = [];
  const mismatched = new Set<string>();
  for (const row of ctx.ix.rows(e.host, 'prefetch', 'prefetch', null)) {
    const f = ctx.ix.fields(row);
    const fromName = parsePfName(fieldOf(f, 'PrefetchFile') ?? '');
    const exeName = (fieldOf(f, 'Executable') ?? fromName?.exe ?? '').toUpperCase().slice(0, 29);
    const hash = (fieldOf(f, 'Hash') ?? fromName?.hash ?? '').toUpperCase();
    if (exeName !== pf.exe || !hash || !allHold(f, item.where)) continue;
    if (!pf.check(hash).ok) {
      mismatched.add(`${exeName}-${hash}.pf`);
      continue;
    }
    found.set(row, hash);
    rows.push(row);
  }
  const note = mismatched.size
    ? `Found ${[...mismatched].join(', ')}, but its hash does not match ${pf.describePath()} (expected ${pf.expectedName()}).`
    : '';
  return { rows, note, what: () => `for ${pfNamePhrase(pf, found, rows)}` };
}
