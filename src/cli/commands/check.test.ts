import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckJson } from '../../analysis/checklist/report';
import { NMAP_SHEET } from '../../sheets/nmap';
import { hasTool, requireOrSkip, run, SAMPLES, sampleFiles } from '../../testing/samples';
import { generateDemoCase } from '../../writers/scenario';
import { runCheck } from './check';

async function check(args: string[]): Promise<{ code: number; out: string; err: string[] }> {
  let out = '';
  const err: string[] = [];
  const code = await runCheck(
    args,
    (s) => err.push(s),
    (s) => {
      out += s;
    },
  );
  return { code, out, err };
}

describe('tracelens check arguments', () => {
  it('rejects an unknown sheet, format or option with exit code 2', async () => {
    expect((await check(['x', '--sheet', 'nope'])).code).toBe(2);
    expect((await check(['x', '--format', 'xml'])).code).toBe(2);
    expect((await check(['x', '--bogus'])).code).toBe(2);
    expect((await check([])).code).toBe(2);
    const r = await check(['x', '--tool']);
    expect(r.code).toBe(2);
    expect(r.err[0]).toContain('missing its value');
  });
});

describe('tracelens check on the real EVTX samples (none of them is an nmap run)', () => {
  const dir = join(SAMPLES, 'evtx');
  it('reports every item not-found or not-collected, never matched, and no verdict', async () => {
    if (!requireOrSkip('../shared/samples/evtx', existsSync(dir) && sampleFiles('evtx').length > 0)) return;
    const r = await check([dir, '--format', 'json']);
    const json = JSON.parse(r.out) as CheckJson;
    expect(json.sheet).toBe('nmap');
    expect(json.verdicts).toEqual([]);
    expect(json.hosts.length).toBeGreaterThan(3);
    const ids = NMAP_SHEET.items.filter((i) => i.role === 'source').map((i) => i.id);
    const statuses = new Map<string, number>();
    for (const h of json.hosts) {
      const src = h.roles.find((x) => x.role === 'source');
      expect(src?.items.map((i) => i.id)).toEqual(ids);
      for (const role of h.roles) {
        for (const i of role.items) {
          expect(['not-found', 'not-collected'], `${h.host} ${i.id}: ${i.reason}`).toContain(i.status);
          expect(i.evidence).toEqual([]);
          expect(i.reason.length).toBeGreaterThan(20);
          statuses.set(i.status, (statuses.get(i.status) ?? 0) + 1);
        }
      }
    }
    expect(statuses.get('not-found')).toBeGreaterThan(0);
    expect(statuses.get('not-collected')).toBeGreaterThan(0);
    const pc01 = json.hosts.find((h) => h.host === 'PC01');
    const i5156 = pc01?.roles.find((x) => x.role === 'source')?.items.find((i) => i.id === 'src.sec-5156');
    expect(i5156?.status).toBe('not-found');
    expect(i5156?.reason).toMatch(
      /^Security log of PC01 covers 2019-02-13T18:01:41Z–18:05:24Z and records 5156 \(63 events\), but none for nmap/,
    );
    const md = await check([dir, '--format', 'md']);
    expect(md.out).toContain('No execution of nmap was found in the case.');
    expect(md.out).toContain('## PC01');
  });
});

describe('tracelens check on the demo case written to disk', () => {
  it('prints the full verdict (md) and the same items as JSON, with --tool and --skew accepted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracelens-check-'));
    try {
      for (const f of generateDemoCase({ variant: 'default' })) {
        const p = join(dir, f.path);
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, f.bytes);
      }
      const md = await check([dir, '--format', 'md', '--tool', 'scan.exe', '--skew', '60']);
      expect(md.code).toBe(0);
      expect(md.out).toMatch(
        /\n- nmap ran on WS01 at 2026-10-14T10:02:11Z as CORP\\alice \(`C:\\Tools\\nmap\\nmap\.exe -Pn 10\.0\.0\.20`\), exit 0x0; scanned SRV01 \(10\.0\.0\.20\): [\d,]+ ports over TCP, UDP; .*success condition met\n/,
      );
      expect(md.out).toContain('### source (15 of 15 matched)');
      expect(md.out).toContain('### destination (3 of 3 matched)');
      const js = await check([dir]);
      const json = JSON.parse(js.out) as CheckJson;
      expect(json.hosts.map((h) => h.host).sort()).toEqual(['SRV01', 'WS01']);
      const ws = json.hosts.find((h) => h.host === 'WS01')?.roles.find((r) => r.role === 'source');
      expect(ws?.items.every((i) => i.status === 'matched' && i.evidence.length > 0)).toBe(true);
      expect(json.verdicts[0].execution).toMatchObject({
        host: 'WS01',
        start: '2026-10-14T10:02:11Z',
        exitStatus: '0x0',
      });
      expect(json.verdicts[0].successConditionMet).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the ping sheet on real data (APTSimulator VM: Sysmon log + its PING.EXE prefetch)', () => {
  const sysmon = join(
    SAMPLES,
    'evtx',
    'museum-Win10-APTSimulatorVM__Microsoft-Windows-Sysmon%4Operational.evtx',
  );
  const pf = join(SAMPLES, 'prefetch', 'museum-Win10-APTSimulatorVM__PING.EXE-4A8A6853.pf');
  it('finds one execution per Sysmon 1 of PING.EXE (as evtxexport counts them), each closed by its Sysmon 5', async () => {
    if (!requireOrSkip('APTSimulator samples', existsSync(sysmon) && existsSync(pf))) return;
    if (!requireOrSkip('evtxexport', hasTool('evtxexport'))) return;
    const xml = run('evtxexport', ['-f', 'xml', sysmon]).stdout;
    const count = { 1: 0, 5: 0 } as Record<number, number>;
    for (const e of xml.split('<Event ')) {
      const id = /<EventID>(\d+)</.exec(e)?.[1];
      if (id && /Name="Image">[^<]*\\PING\.EXE</i.test(e)) count[Number(id)] = (count[Number(id)] ?? 0) + 1;
    }
    expect(count[1]).toBeGreaterThan(10);
    const r = await check([sysmon, pf, '--sheet', 'ping']);
    const json = JSON.parse(r.out) as CheckJson;
    expect(json.sheet).toBe('ping');
    expect(json.verdicts).toHaveLength(count[1]);
    expect(
      json.verdicts.every(
        (v) => / as DESKTOP-TMKU40H\\TestUser \(`ping /.test(v.text) && v.text.includes(', exited;'),
      ),
    ).toBe(true);
    const items = json.hosts.find((h) => h.host === 'DESKTOP-TMKU40H')?.roles[0].items ?? [];
    const by = Object.fromEntries(items.map((i) => [i.id, i]));
    expect(by['src.sysmon-1'].evidence).toHaveLength(count[1]);
    expect(by['src.sysmon-5'].evidence).toHaveLength(count[5]);
    expect(by['src.sec-4688'].status).toBe('not-collected');
    expect(by['src.prefetch'].status).toBe('matched');
    expect(by['src.prefetch'].evidence).toHaveLength(8);
    expect(by['src.prefetch'].reason).toContain(
      'PING.EXE-4A8A6853.pf (hash of \\DEVICE\\HARDDISKVOLUME3\\WINDOWS\\SYSTEM32\\PING.EXE, volume number guessed)',
    );
  });
});
