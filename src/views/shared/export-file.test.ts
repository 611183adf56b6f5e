import { describe, expect, it } from 'vitest';
import { buildExport, fileStamp, safeFileName } from './export-file';

describe('buildExport', () => {
  const src = {
    header: 'n,square',
    total: 5,
    lines: (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => `${from + i},${(from + i) ** 2}`),
  };

  it('writes the header and every line in slices, with progress', async () => {
    const seen: number[] = [];
    const blob = await buildExport(src, {
      mime: 'text/csv',
      eol: '\r\n',
      sliceItems: 2,
      onProgress: (d) => seen.push(d),
    });
    expect(await blob?.text()).toBe('n,square\r\n0,0\r\n1,1\r\n2,4\r\n3,9\r\n4,16\r\n');
    expect(blob?.type).toBe('text/csv');
    expect(seen).toEqual([2, 4, 5]);
  });

  it('stops at the next slice when cancelled', async () => {
    const c = new AbortController();
    const blob = await buildExport(src, {
      mime: 'text/csv',
      eol: '\n',
      sliceItems: 1,
      signal: c.signal,
      onProgress: (d) => {
        if (d === 2) c.abort();
      },
    });
    expect(blob).toBeNull();
  });

  it('names files safely', () => {
    expect(fileStamp(Date.parse('2026-10-14T10:02:11.123Z'))).toBe('20261014T100211Z');
    expect(safeFileName('WS01/C:\\x?.csv')).toBe('WS01_C_x_.csv');
  });
});
