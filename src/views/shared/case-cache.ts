// Per-table caches shared by the views, so the time order and the fan-out model are computed
// once per case version and not once per view mount.
import { buildFanout, type FanoutModel } from '../../analysis/fanout';
import { NO_HOST, timeOrder } from '../../analysis/timeline';
import type { HostRegistry } from '../../model/case';
import type { EventsTable } from '../../model/events-table';
import type { CaseView } from '../contract';

const orders = new WeakMap<EventsTable, Uint32Array>();
const fanouts = new WeakMap<EventsTable, { key: string; model: FanoutModel }>();

/**
 * What, besides the table object, changes analysis results: host names and merges, and the host
 * each file is assigned to (assignFile rewrites the host column in place). Progress ticks bump
 * the case version but not this key, so aggregates are not recomputed while files load.
 */
export function hostsKey(view: CaseView): string {
  let k = '';
  for (const h of view.hosts.hosts) k += `${h.id}:${h.name}>${h.mergedInto};`;
  k += '|';
  for (const f of view.files) k += `${f.host},`;
  return k;
}

/** Row ids in time order; the table object changes identity whenever rows are appended. */
export function cachedTimeOrder(table: EventsTable): Uint32Array {
  let o = orders.get(table);
  if (!o || o.length !== table.length) {
    o = timeOrder(table);
    orders.set(table, o);
  }
  return o;
}

export function cachedFanout(view: CaseView): FanoutModel {
  const key = hostsKey(view);
  const hit = fanouts.get(view.table);
  if (hit && hit.key === key) return hit.model;
  const model = buildFanout(view.table, view.hosts, cachedTimeOrder(view.table));
  fanouts.set(view.table, { key, model });
  return model;
}

/** Resolved host id of a host-column value, -1 for none. */
export function resolveRowHost(hosts: HostRegistry, raw: number): number {
  return raw === NO_HOST ? -1 : hosts.resolve(raw);
}

export function hostLabel(hosts: HostRegistry, raw: number): string {
  return raw === NO_HOST ? '(unassigned)' : hosts.name(raw);
}
