// How a sheet item's rows are tied to an execution: one module per `ItemLink` kind
// (src/sheets/types.ts) in this folder, each a `Link`. The engine runs them (source items: the
// process items first) and judges the rows they return (judge.ts).
import type { IndexIntoEventsTable, IndexIntoHostTable } from '../../../model/events-table';
import type { ItemLink, SheetItem, ToolSheet } from '../../../sheets/types';
import type { CaseIndex } from '../case-index';
import type { ExecState } from '../executions';
import type { InboundRow } from '../network';
import type { PfIdentity } from './prefetch-identity';

/** What every link may read: the case, the sheet, a host's inbound rows. */
export interface LinkContext {
  readonly ix: CaseIndex;
  readonly sheet: ToolSheet;
  /** Inbound rows of a host for the sheet's 'inbound' items (conditions applied). */
  inbound(host: IndexIntoHostTable): InboundRow[];
}

/** Source role: the rows of one execution, on its own host. */
export interface SourceScope {
  readonly host: IndexIntoHostTable;
  readonly exec: ExecState;
  /** Rows of the items linked so far (the process items first), by item id. */
  readonly linked: Map<string, IndexIntoEventsTable[]>;
  /** Prefetch identity of the execution's image, from the device paths its process rows show. */
  pf(): PfIdentity;
  /** Row → the `.pf` hash it was linked by (prefetch and prefetch-file items). */
  readonly pfHashes: Map<IndexIntoEventsTable, string>;
}

/** Destination role: rows on `host` from one of `srcIps` within [from - skew, to + skew], ms. */
export interface DestinationScope {
  readonly host: IndexIntoHostTable;
  readonly srcIps: Set<string>;
  readonly from: number;
  readonly to: number;
  readonly skew: number;
}

export interface LinkResult {
  rows: IndexIntoEventsTable[];
  /** Why rows close to the item were not linked ('' when none). */
  note: string;
  /**
   * What was looked for, as the reason writes it ("3 events {what}.", "none {what}."). Asked once
   * every item of the execution is linked: an execution whose exit is not recorded ends at its
   * last linked row.
   */
  what: () => string;
}

/** A sheet item whose link is of kind `K`. */
export type ItemOf<K extends ItemLink['kind']> = SheetItem & { link: Extract<ItemLink, { kind: K }> };

/** Ties an item's rows to a scope. */
export type Link<S, K extends ItemLink['kind'] = ItemLink['kind']> = (
  ctx: LinkContext,
  item: ItemOf<K>,
  scope: S,
) => LinkResult;

export function describeConditions(cs: SheetItem['where']): string {
  const op: Record<string, string> = {
    eq: '=',
    ne: '≠',
    endsWith: 'ends with',
    contains: 'contains',
    flagsEq: '=',
    hasFlags: 'includes',
  };
  return (cs ?? [])
    .map((c) => `${c.field} ${op[c.op] ?? c.op} ${Array.isArray(c.value) ? c.value.join(' or ') : c.value}`)
    .join(', ');
}
