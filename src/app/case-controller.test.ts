import { describe, expect, it } from 'vitest';
import { EventsBuilder } from '../model/events-table';
import { channelWorkers, noCounts, sleep } from '../testing/channel-workers';
import type { FileOrigin, ParseOutcome, ProgressCallback } from '../workers/api';
import { CaseController } from './case-controller';

/** Worker stand-ins whose `parse` is the given function. */
function factory(parse: (o: FileOrigin, name: string, p?: ProgressCallback) => Promise<ParseOutcome>) {
  return channelWorkers(noCounts(), { parse });
}

function prefetchBatch(n: number) {
  const b = new EventsBuilder();
  for (let i = 0; i < n; i++) {
    b.add({
      artifact: 'prefetch',
      timeMs: Date.UTC(2024, 0, 1) + i * 1000,
      tick: 0,
      eventId: -1,
      source: 'Prefetch',
      computer: '',
      ref: i,
      offset: 0,
      label: 'Executed',
      summary: `NMAP.EXE run ${i}`,
      fields: { Executable: 'NMAP.EXE' },
    });
  }
  return b.finish();
}

async function settle(c: CaseController) {
  for (
    let i = 0;
    i < 200 && (c.progress.running || c.store.files.some((f) => f.state.kind === 'queued'));
    i++
  ) {
    await sleep(10);
  }
  await sleep(50);
}

describe('CaseController', () => {
  it('keeps the final state when a progress message arrives after the result', async () => {
    const c = new CaseController(
      factory(async (_o, _n, onProgress) => {
        setTimeout(() => void onProgress?.(5, 10, 'parse'), 5);
        return { kind: 'unsupported', reason: 'not an artifact' };
      }),
    );
    c.addFiles([{ path: 'x.bin', blob: new Blob(['x']) }]);
    await settle(c);
    expect(c.store.files[0].state).toEqual({ kind: 'unsupported', reason: 'not an artifact' });
    c.dispose();
  });

  it('expands an archive into member entries that take their host from the member path', async () => {
    const member = {
      path: 'WS07/C/Windows/Prefetch/NMAP.EXE-1234.pf',
      method: 8,
      encrypted: false,
      localHeaderOffset: 0,
      compressedSize: 10,
      uncompressedSize: 20,
      crc32: 0,
    };
    const c = new CaseController(
      factory(async (o) =>
        o.kind === 'blob'
          ? {
              kind: 'archive',
              members: [member],
              skipped: [{ path: 'WS07/secret.evtx', reason: 'encrypted member: not opened' }],
            }
          : {
              kind: 'parsed',
              artifact: 'prefetch',
              detail: 'SCCA version 30',
              batch: prefetchBatch(3),
              summary: { artifact: 'prefetch', ok: 1, errors: 0, firstTimeMs: 0, lastTimeMs: 0, info: {} },
              diagnostics: [],
              computer: '',
            },
      ),
    );
    c.addFiles([{ path: 'collection.zip', blob: new Blob(['PK']) }]);
    await settle(c);
    const byPath = new Map(c.store.files.map((f) => [f.path, f]));
    expect(byPath.get('collection.zip')?.state).toEqual({ kind: 'done', ok: 1, errors: 1 });
    expect(c.extras[0].container).toBe('zip');
    const pf = byPath.get('collection.zip/WS07/C/Windows/Prefetch/NMAP.EXE-1234.pf')!;
    expect(pf.state).toEqual({ kind: 'done', ok: 1, errors: 0 });
    expect(c.store.hosts.name(pf.host)).toBe('WS07');
    expect(byPath.get('collection.zip/WS07/secret.evtx')?.state).toEqual({
      kind: 'unsupported',
      reason: 'encrypted member: not opened',
    });
    expect(c.store.table.length).toBe(3);
    expect(c.evaluation).not.toBeNull();
    const detail = await c.loadRecordDetail(1);
    expect(detail).toContain('summary: NMAP.EXE run 1');
    expect(detail).toContain('Executable: NMAP.EXE');
    expect(detail).toContain('host: WS07');
    c.dispose();
  });

  it('cancel marks a running file cancelled and later files still load', async () => {
    let calls = 0;
    const c = new CaseController(
      factory(async (_o, name) => {
        calls++;
        if (name === 'slow.bin') await new Promise(() => {});
        return { kind: 'unsupported', reason: 'nope' };
      }),
    );
    c.addFiles([{ path: 'slow.bin', blob: new Blob(['s']) }]);
    await sleep(50);
    c.cancelFile(0);
    await sleep(50);
    expect(c.store.files[0].state).toEqual({ kind: 'cancelled' });
    c.addFiles([{ path: 'next.bin', blob: new Blob(['n']) }]);
    await settle(c);
    expect(c.store.files[1].state).toEqual({ kind: 'unsupported', reason: 'nope' });
    expect(calls).toBe(2);
    c.dispose();
  });

  it('rename, merge and assign update the store', () => {
    const c = new CaseController(factory(async () => ({ kind: 'unsupported', reason: '' })));
    const a = c.store.hosts.getOrAdd('ws01');
    const b = c.store.hosts.getOrAdd('WS01.corp.local.x');
    const d = c.store.hosts.getOrAdd('SRV01');
    expect(a).toBe(b);
    c.renameHost(a, 'WORKSTATION-01');
    expect(c.hostName(a)).toBe('WORKSTATION-01');
    c.mergeHosts(d, a);
    expect(c.hostName(d)).toBe('WORKSTATION-01');
    expect(c.store.hosts.active()).toHaveLength(1);
    c.dispose();
  });
});
