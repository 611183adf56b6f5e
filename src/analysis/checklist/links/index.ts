// Which link ties an item's rows: a source item's by its link kind, every destination item's by
// its inbound rows. The process items are linked first: their rows end an execution whose exit
// is not recorded and show its device paths (the prefetch identity the other links check).
import type { ItemLink, SheetItem } from '../../../sheets/types';
import { linkHandle } from './handle';
import { linkInbound } from './inbound';
import type { DestinationScope, Link, SourceScope } from './link';
import { linkPrefetch } from './prefetch';
import { linkPrefetchFile } from './prefetch-file';
import { pfNamePhrase } from './prefetch-identity';
import { linkProcess } from './process';

/** An 'inbound' link ties rows on a destination host: on the execution's own host it links none. */
const linkNoSourceRows: Link<SourceScope, 'inbound'> = (_ctx, _item, scope) => ({
  rows: [],
  note: '',
  what: () => `for ${pfNamePhrase(scope.pf(), scope.pfHashes, [])}`,
});

const SOURCE_LINKS: { [K in ItemLink['kind']]: Link<SourceScope, K> } = {
  process: linkProcess,
  'prefetch-file': linkPrefetchFile,
  handle: linkHandle,
  prefetch: linkPrefetch,
  inbound: linkNoSourceRows,
};

/** True for the items linked first: the execution's own process rows. */
export function linksOwnRows(item: SheetItem): boolean {
  return item.link.kind === 'process';
}

export function sourceLink(item: SheetItem): Link<SourceScope> {
  return SOURCE_LINKS[item.link.kind] as Link<SourceScope>;
}

export const destinationLink: Link<DestinationScope> = linkInbound;

export type { DestinationScope, LinkContext, LinkResult, SourceScope } from './link';
export { type DevicePathSource, hostVolumes, type PfIdentity, prefetchIdentity } from './prefetch-identity';
