import { describe, expect, it, vi } from 'vitest';
import type { Diagnostic } from '../types';
import { buildScca } from '../../writers/prefetch/write-prefetch';
import { parsePrefetchBytes } from './parse-prefetch';

const engineError = vi.hoisted(() => ({ current: null as Error | null }));

vi.mock('./file-metrics', async (importOriginal) => {
  const original = await importOriginal<typeof import('./file-metrics')>();
  return {
    ...original,
    readFilenames: (...args: Parameters<typeof original.readFilenames>) => {
      if (engineError.current) throw engineError.current;
      return original.readFilenames(...args);
    },
  };
});

const VOL = '\\VOLUME{01d834b54842fb73-1a484cb6}';
const pf = buildScca({
  version: 30,
  executable: 'NMAP.EXE',
  hash: 0x1234abcd,
  runCount: 2,
  lastRunTimes: ['2024-05-01T10:00:00.0000000Z'],
  volumes: [{ devicePath: VOL, serial: 7, created: '2022-03-10T19:30:21.0000000Z' }],
  files: [`${VOL}\\NMAP.EXE`],
  directories: [`${VOL}\\TOOLS`],
});

function thrownBy(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a throw');
}

describe('prefetch: an engine limit in one section', () => {
  it("costs that section only, with its offset, field and the limit in our words, not the engine's", () => {
    const err = thrownBy(() => 'x'.repeat(2 ** 30));
    engineError.current = err;
    try {
      const d: Diagnostic[] = [];
      const rec = parsePrefetchBytes(pf, 'NMAP.EXE-1234ABCD.pf', d);
      expect(rec?.files).toEqual([]);
      expect(rec?.volumes.map((v) => v.devicePath)).toEqual([VOL]);
      expect(rec?.runCount).toBe(2);
      expect(d).toEqual([
        {
          severity: 'error',
          file: 'NMAP.EXE-1234ABCD.pf',
          offset: 0x128,
          field: 'fileMetrics',
          expected: 'a section within what one file may use',
          found: 'a text value is longer than the longest text one file may hold',
          message: '',
        },
      ]);
      expect(JSON.stringify(d)).not.toContain(err.message);
    } finally {
      engineError.current = null;
    }
  });

  it('still rethrows an error that is neither a bounds error nor the engine’s (a bug of ours stays loud)', () => {
    engineError.current = new Error('ours');
    try {
      expect(() => parsePrefetchBytes(pf, 'x.pf', [])).toThrow('ours');
    } finally {
      engineError.current = null;
    }
  });
});
