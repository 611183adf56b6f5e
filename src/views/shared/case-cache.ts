// What the views key their analysis answers on (the analysis worker holds the time order and the
// fan-out model), and host labels of rows.
import { NO_HOST } from '../../analysis/timeline';
import type { HostRegistry } from '../../model/case';
import type { CaseView } from '../contract';

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

export function hostLabel(hosts: HostRegistry, raw: number): string {
  return raw === NO_HOST ? '(unassigned)' : hosts.name(raw);
}
