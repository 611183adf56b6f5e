import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasTool, requireOrSkip, run, SAMPLES } from '../../testing/samples';
import { runExport } from './export';

describe('tracelens export --format timesketch', () => {
  it('rejects other formats and missing paths', async () => {
    const err: string[] = [];
    expect(await runExport(['x', '--format', 'csv'], (s) => err.push(s))).toBe(2);
    expect(await runExport(['--format', 'timesketch'], (s) => err.push(s))).toBe(2);
  });

  it('writes one JSON line per record of a real Security log, as many as evtxexport exports', async () => {
    const file = join(SAMPLES, 'evtx', 'evtx-attack-samples__DE_RDP_Tunnel_5156.evtx');
    if (!requireOrSkip('evtxexport', hasTool('evtxexport'))) return;
    const ref = run('evtxexport', ['-f', 'xml', file]);
    const records = (ref.stdout.match(/<EventRecordID>/g) ?? []).length;
    const dir = mkdtempSync(join(tmpdir(), 'tracelens-export-'));
    try {
      const out = join(dir, 'case.jsonl');
      const err: string[] = [];
      expect(await runExport([file, '--format', 'timesketch', '--out', out], (s) => err.push(s))).toBe(0);
      const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
      expect(lines).toHaveLength(records);
      const objs = lines.map((l) => JSON.parse(l));
      for (const o of objs) {
        expect(typeof o.message).toBe('string');
        expect(o.datetime).toMatch(/^2019-02-13T18:0\d:\d\d\.\d{6}\+00:00$/);
        expect(Date.parse(o.datetime) * 1000).toBeLessThanOrEqual(o.timestamp);
        expect(o.timestamp_desc).toBe('Event Recorded');
        expect(o.hostname).toBe('PC01');
        expect(o.data_type).toBe('windows:evtx:record');
      }
      const ids = objs.map((o) => o.record).sort((a, b) => a - b);
      const refIds = [...ref.stdout.matchAll(/<EventRecordID>(\d+)</g)]
        .map((m) => Number(m[1]))
        .sort((a, b) => a - b);
      expect(ids).toEqual(refIds);
      expect(objs.filter((o) => o.event_id === 5156)).toHaveLength(63);
      expect(err.at(-1)).toBe(`export: ${records} rows to ${out}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
