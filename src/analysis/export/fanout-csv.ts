// The port fan-out as CSV, one line per (source → destination) pair: who scanned whom, when,
// how many ports, and which (as ranges, "22,80,135-139"). Pure; the heat map's "Pairs" export.
import { portRuns } from '../../model/text';
import type { FanoutModel } from '../fanout';
import { csvField } from './csv';

export const FANOUT_CSV_HEADER = [
  'source',
  'source_address',
  'destination',
  'destination_address',
  'distinct_ports',
  'connections',
  'dropped',
  'protocols',
  'first_utc',
  'last_utc',
  'ports',
] as const;

/** Sorted distinct ports as ranges: [22, 80, 135, 136, 137] → "22,80,135-137". */
export function portRanges(sorted: ArrayLike<number>): string {
  return portRuns(sorted).join(',');
}

/** Header and one line per pair, in `order` (pair indices) or the model's order. */
export function fanoutPairsCsv(model: FanoutModel, order?: readonly number[]): string[] {
  const iso = (ms: number) => (Number.isFinite(ms) ? new Date(ms).toISOString() : '');
  const lines = [FANOUT_CSV_HEADER.join(',')];
  for (const p of order ?? model.pairs.map((_, i) => i)) {
    const P = model.pairs[p];
    if (!P) continue;
    // Connections of a pair are sorted by (port, time): distinct ports come out in order.
    const ports: number[] = [];
    for (let k = P.start; k < P.end; k++) {
      const port = model.port[k];
      if (ports[ports.length - 1] !== port) ports.push(port);
    }
    lines.push(
      [
        csvField(P.srcLabel),
        csvField(P.srcAddress),
        csvField(P.dstLabel),
        csvField(P.dstAddress),
        String(P.ports),
        String(P.connections),
        String(P.dropped),
        csvField(P.protocols.join(' ')),
        iso(P.first),
        iso(P.last),
        csvField(portRanges(ports)),
      ].join(','),
    );
  }
  return lines;
}
