import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCase } from '../../cli/load-case';
import { requireOrSkip, SAMPLES } from '../../testing/samples';
import { coverage } from '../timeline';
import { ingestReport } from './ingest-report';

const MFT = join(SAMPLES, 'mft', 'ez-xw__MFT.mft');
const JUNK = join(SAMPLES, 'prefetch', 'ez-Bad__notAPrefetch.pf');
const PF = join(SAMPLES, 'prefetch', 'ez-Win7__PING.EXE-B29F6629.pf');

describe('ingest report', () => {
  it('lists every file with state, counts, span and diagnostics, and coverage per host', async () => {
    if (!requireOrSkip('samples mft + prefetch', [MFT, JUNK, PF].every(existsSync))) return;
    const { store } = await loadCase([MFT, JUNK, PF], () => {});
    const cov = coverage(store.table, (h) => store.hosts.resolve(h));
    const r = ingestReport(store.files, store.hosts, cov, Date.parse('2026-11-28T00:00:00Z'));
    expect(r.generatedAt).toBe('2026-11-28T00:00:00.000Z');
    expect(r.files.map((f) => [f.path.split('/').pop(), f.state])).toEqual([
      ['ez-xw__MFT.mft', 'done'],
      ['ez-Bad__notAPrefetch.pf', 'unsupported'],
      ['ez-Win7__PING.EXE-B29F6629.pf', 'done'],
    ]);
    const mft = r.files[0];
    // PROVENANCE: 2 BAAD records and 10 torn fixups cost 12 entries; 615 read.
    expect([mft.records, mft.errors]).toEqual([615, 12]);
    const errors = mft.diagnostics.filter((d) => d.severity === 'error');
    expect(errors).toHaveLength(12);
    // Each names the entry it cost, at an offset inside that entry's 1 KiB record.
    for (const d of errors) {
      const entry = Number(/^entry\[(\d+)\]\.(magic|fixup)/.exec(d.field)?.[1]);
      expect(Math.floor(d.offset / 1024)).toBe(entry);
    }
    expect(errors.filter((d) => d.field.endsWith('.magic'))).toHaveLength(2);
    expect(errors[0].text).toMatch(/ez-xw__MFT\.mft at 0x[0-9a-f]+: .*expected .*found/);
    expect(r.files[1].reason).toBeTruthy();
    expect(r.files[1].records).toBeUndefined();
    const pf = r.files[2];
    expect(pf.artifact).toBe('prefetch');
    expect(pf.first && pf.last && pf.first <= pf.last).toBe(true);
    const all = r.hosts.flatMap((h) => h.coverage);
    expect(all.find((c) => c.artifact === 'prefetch')?.events).toBe(
      store.table.artifact.subarray(0, store.table.length).filter((a) => a === 1).length,
    );
    expect(all.find((c) => c.artifact === 'mft')?.source).toBe('$MFT');
  });
});
