import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { requireOrSkip, SAMPLES } from '../../testing/samples';
import { soundEvent } from '../../writers/evtx/template-dag';
import { writeEvtx } from '../../writers/evtx/write-evtx';
import { openFileSource } from '../node-source';
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

describe('tracelens parse DIR with a per-file time budget', () => {
  function events(n: number, image = (_i: number) => 'C:\\x.exe') {
    return Array.from({ length: n }, (_, i) => soundEvent(i, image(i)));
  }

  function log(n: number): Uint8Array {
    return writeEvtx(events(n));
  }

  it('a stalled output stream pauses the parse at its next read; all records come out once it drains', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracelens-slow-'));
    try {
      // > 4 MiB (one read of the EVTX parser) of long records
      const big = events(2400, (i) => `C:\\${'d'.repeat(900)}${i}.exe`);
      const path = join(dir, 'big.evtx');
      const bytes = writeEvtx(big);
      writeFileSync(path, bytes);
      expect(bytes.length).toBeGreaterThan(5 * 1024 * 1024);
      const held: (() => void)[] = [];
      let stalled = true;
      let written = '';
      const stream = new Writable({
        highWaterMark: 1024,
        write(chunk, _enc, done) {
          written += chunk.toString();
          if (stalled) held.push(done);
          else done();
        },
      });
      let reads = 0;
      let finished = false;
      const run = runParse(
        {
          paths: [path],
          format: 'jsonl',
          stream,
          // The output stalls longer than this: waiting for it must not count as the file stalling.
          fileTimeoutSeconds: 0.3,
          open: async (p) => {
            const src = await openFileSource(p);
            return {
              ...src,
              read: (o, l) => {
                reads++;
                return src.read(o, l);
              },
            };
          },
        },
        () => {},
      ).then((code) => {
        finished = true;
        return code;
      });
      while (held.length === 0) await new Promise((r) => setTimeout(r, 5));
      const readsAtStall = reads;
      await new Promise((r) => setTimeout(r, 700));
      expect(finished).toBe(false);
      expect(reads).toBe(readsAtStall);
      expect(written.split('\n').length - 1).toBeLessThan(big.length);
      stalled = false;
      for (const done of held.splice(0)) done();
      expect(await run).toBe(0);
      const lines = written.trim().split('\n');
      expect(lines).toHaveLength(big.length);
      expect(JSON.parse(lines.at(-1)!).recordId).toBe(big.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a file whose reads stall is reported as failed after its budget and the next file is still parsed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracelens-stall-'));
    try {
      writeFileSync(join(dir, 'a-stalls.evtx'), log(5));
      writeFileSync(join(dir, 'b-sound.evtx'), log(7));
      const out = join(dir, 'out.jsonl');
      const err: string[] = [];
      let stalledReads = 0;
      const code = await runParse(
        {
          paths: [join(dir, 'a-stalls.evtx'), join(dir, 'b-sound.evtx')],
          format: 'jsonl',
          out,
          fileTimeoutSeconds: 0.05,
          open: async (path) => {
            const src = await openFileSource(path);
            if (!path.endsWith('a-stalls.evtx')) return src;
            return {
              ...src,
              read: () => {
                stalledReads++;
                return new Promise<Uint8Array>(() => {});
              },
            };
          },
        },
        (s) => err.push(s),
      );
      expect(code).toBe(1);
      expect(stalledReads).toBe(1);
      expect(err).toEqual([
        `${join(dir, 'a-stalls.evtx')}: failed: made no progress for 0.05 s (--file-timeout)`,
        `${join(dir, 'b-sound.evtx')}: evtx: 7 ok, 0 errors`,
      ]);
      const lines = readFileSync(out, 'utf8').trim().split('\n');
      expect(lines.map((l) => JSON.parse(l).file)).toEqual(Array(7).fill(join(dir, 'b-sound.evtx')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
