import { describe, expect, it } from 'vitest';
import { loadFilesIntoStore } from '../../testing/load-store';
import { generateDemoCase } from '../../writers/scenario';
import { buildFanout } from '../fanout';
import { FANOUT_CSV_HEADER, fanoutPairsCsv, portRanges } from './fanout-csv';

function expand(ranges: string): number[] {
  return ranges.split(',').flatMap((r) => {
    const [a, b = a] = r.split('-').map(Number);
    return Array.from({ length: b - a + 1 }, (_, i) => a + i);
  });
}

describe('fan-out CSV', () => {
  it('compresses sorted ports into ranges', () => {
    expect(portRanges([22, 80, 135, 136, 137, 139, 445, 445])).toBe('22,80,135-137,139,445');
    expect(portRanges([])).toBe('');
  });

  it('the demo scan: WS01 → SRV01 with every probed port listed once', async () => {
    const store = await loadFilesIntoStore(generateDemoCase({ variant: 'default' }));
    const model = buildFanout(store.table, {
      resolve: (h) => store.hosts.resolve(h),
      name: (h) => store.hosts.name(h),
    });
    const lines = fanoutPairsCsv(model);
    expect(lines[0]).toBe(FANOUT_CSV_HEADER.join(','));
    expect(lines).toHaveLength(model.pairs.length + 1);
    const cells = lines.find((l) => l.startsWith('WS01,') && l.split(',')[2] === 'SRV01');
    if (!cells) throw new Error('no WS01 → SRV01 line');
    const ports = expand(/"([^"]*)"$/.exec(cells)?.[1] ?? cells.split(',').pop() ?? '');
    const [, , , dstAddress, distinct, , dropped] = cells.split(',');
    expect(dstAddress).toBe('10.0.0.20');
    expect(Number(distinct)).toBe(1003);
    expect(Number(dropped)).toBe(1001);
    expect(ports).toHaveLength(1003);
    expect(new Set(ports).size).toBe(1003);
    expect(ports).toEqual([...ports].sort((a, b) => a - b));
    expect(ports).toContain(445);
  });
});
