import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { requireOrSkip, SAMPLES } from '../../testing/samples';
import { ezPrefix, runParse } from './parse';

describe('tracelens parse --format ez-csv', () => {
  const pf = join(SAMPLES, 'prefetch', 'ez-Win10__CALC.EXE-3FBEF7FD.pf');
  const evtx = join(SAMPLES, 'evtx', 'omerbenamram-evtx__Security_short_selected.evtx');

  it('without --out says which files the inputs need and writes nothing', async () => {
    if (!requireOrSkip('../shared/samples', existsSync(pf) && existsSync(evtx))) return;
    const err: string[] = [];
    expect(await runParse({ paths: [pf, evtx], format: 'ez-csv' }, (s) => err.push(s))).toBe(2);
    expect(err.at(-1)).toBe(
      'ez-csv writes one CSV per artifact type; give --out PREFIX or --out DIR. These inputs need 3 file(s): PREFIX_PECmd_Output.csv, PREFIX_PECmd_Output_Timeline.csv, PREFIX_EvtxECmd_Output.csv',
    );
  });

  it('--out DIR writes his default names (UTC yyyyMMddHHmmss stem), one file per layout', async () => {
    if (!requireOrSkip('../shared/samples', existsSync(pf) && existsSync(evtx))) return;
    const dir = mkdtempSync(join(tmpdir(), 'tracelens-ez-'));
    try {
      expect(ezPrefix(dir, new Date(Date.UTC(2024, 0, 2, 3, 4, 5)))).toBe(join(dir, '20240102030405'));
      expect(ezPrefix(join(dir, 'case1'))).toBe(join(dir, 'case1'));
      const err: string[] = [];
      expect(await runParse({ paths: [pf, evtx], format: 'ez-csv', out: dir }, (s) => err.push(s))).toBe(0);
      const names = readdirSync(dir).sort();
      expect(names.map((n) => n.replace(/^\d{14}_/, ''))).toEqual([
        'EvtxECmd_Output.csv',
        'PECmd_Output.csv',
        'PECmd_Output_Timeline.csv',
      ]);
      const timeline = readFileSync(join(dir, names[2]), 'utf8');
      expect(timeline.split('\r\n')).toHaveLength(4);
      expect(err.filter((l) => l.startsWith('ez-csv: '))).toHaveLength(3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
