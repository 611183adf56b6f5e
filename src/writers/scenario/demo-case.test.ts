import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { hashHex, prefetchHashVista } from '../../parsers/prefetch/hash';
import { detect } from '../../parsers/detect';
import { PARSERS } from '../../parsers/registry';
import { type Diagnostic, memorySource } from '../../parsers/types';
import { hasTool, requireOrSkip, run } from '../../testing/samples';
import { parseReferenceEvents, type RefEvent } from '../../testing/reference-xml';
import { generateDemoCase } from './demo-case';
import { DEMO_VARIANTS } from './demo-scenario';
import type { GeneratedFile } from './render-host';

const dir = mkdtempSync(join(tmpdir(), 'demo-case-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NMAP_PF = `NMAP.EXE-${hashHex(prefetchHashVista('\\DEVICE\\HARDDISKVOLUME2\\TOOLS\\NMAP\\NMAP.EXE'))}.pf`;
const SVC_PF = `SVC.EXE-${hashHex(prefetchHashVista('\\DEVICE\\HARDDISKVOLUME2\\PROGRAMDATA\\SVC.EXE'))}.pf`;
const SECURITY = 'C/Windows/System32/winevt/Logs/Security.evtx';
const SYSMON = 'C/Windows/System32/winevt/Logs/Microsoft-Windows-Sysmon%4Operational.evtx';
const NMAP_SRC_PORTS = (p: string) => Number(p) >= 50123 && Number(p) < 50123 + 1000;

const cases = new Map<string, GeneratedFile[]>();
function demo(variant: string): GeneratedFile[] {
  let c = cases.get(variant);
  if (!c) {
    c = generateDemoCase({ variant });
    cases.set(variant, c);
  }
  return c;
}
function file(files: GeneratedFile[], path: string): GeneratedFile | undefined {
  return files.find((f) => f.path === path);
}

/** evtxexport's view of one generated log (and evtxinfo's record count). */
function exportLog(bytes: Uint8Array, name: string): RefEvent[] {
  const p = join(dir, name.replace(/[/%]/g, '_'));
  writeFileSync(p, bytes);
  const r = run('evtxexport', ['-f', 'xml', p]);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stdout + r.stderr).not.toMatch(/Unable to/);
  const events = parseReferenceEvents(r.stdout);
  const info = run('evtxinfo', [p]).stdout;
  expect(info).toMatch(new RegExp(`Number of records\\s*:\\s*${events.length}\\b`));
  expect(info).not.toMatch(/corrupted|dirty/i);
  return events;
}

const data = (e: RefEvent, name: string) => e.namedData.find(([n]) => n === name)?.[1];
const count = (events: RefEvent[], pred: (e: RefEvent) => boolean) => events.filter(pred).length;
const isEvent = (id: number) => (e: RefEvent) => e.system.EventID === String(id);

interface Expected {
  ws: Record<string, number>;
  srv: Record<string, number>;
}

/** Key-event counts each variant must show (null: the log file does not exist). */
function keyCounts(
  ws: { sec: RefEvent[]; sys: RefEvent[] | null },
  srv: { sec: RefEvent[]; sys: RefEvent[] | null },
) {
  const tool = (e: RefEvent) =>
    /\\(nmap|svc)\.exe$/i.test(
      data(e, 'Image') ?? data(e, 'NewProcessName') ?? data(e, 'ProcessName') ?? data(e, 'Application') ?? '',
    );
  const fromWs = (e: RefEvent) =>
    data(e, 'SourceAddress') === '10.0.0.10' || data(e, 'DestAddress') === '10.0.0.10';
  const scanPeer = (e: RefEvent) =>
    NMAP_SRC_PORTS(data(e, 'DestPort') ?? data(e, 'DestinationPort') ?? '') ||
    NMAP_SRC_PORTS(data(e, 'SourcePort') ?? '');
  return {
    ws: {
      sysmon1: ws.sys ? count(ws.sys, (e) => isEvent(1)(e) && tool(e)) : -1,
      sysmon3: ws.sys ? count(ws.sys, (e) => isEvent(3)(e) && tool(e)) : -1,
      sysmon5: ws.sys ? count(ws.sys, (e) => isEvent(5)(e) && tool(e)) : -1,
      sysmon11pf: ws.sys
        ? count(
            ws.sys,
            (e) => isEvent(11)(e) && /\\Prefetch\\(NMAP|SVC)\.EXE-/.test(data(e, 'TargetFilename') ?? ''),
          )
        : -1,
      sysmon12: ws.sys ? count(ws.sys, (e) => isEvent(12)(e) && tool(e)) : -1,
      s4688: count(ws.sec, (e) => isEvent(4688)(e) && tool(e)),
      s4689: count(ws.sec, (e) => isEvent(4689)(e) && tool(e) && Number(data(e, 'Status')) === 0),
      s5156: count(ws.sec, (e) => isEvent(5156)(e) && tool(e) && data(e, 'Direction') === '%%14593'),
      s5158: count(ws.sec, (e) => isEvent(5158)(e) && tool(e)),
      s4656: count(
        ws.sec,
        (e) => isEvent(4656)(e) && /\\Prefetch\\(NMAP|SVC)\.EXE-/.test(data(e, 'ObjectName') ?? ''),
      ),
      s4663: count(
        ws.sec,
        (e) => isEvent(4663)(e) && /\\Prefetch\\(NMAP|SVC)\.EXE-/.test(data(e, 'ObjectName') ?? ''),
      ),
      s4658: count(ws.sec, isEvent(4658)),
    },
    srv: {
      sysmon3: srv.sys
        ? count(srv.sys, (e) => isEvent(3)(e) && data(e, 'Initiated') === 'false' && scanPeer(e))
        : -1,
      s5156in: count(
        srv.sec,
        (e) => isEvent(5156)(e) && data(e, 'Direction') === '%%14592' && fromWs(e) && scanPeer(e),
      ),
      s5152: count(srv.sec, (e) => isEvent(5152)(e) && data(e, 'SourceAddress') === '10.0.0.10'),
    },
  } satisfies Expected;
}

const SCAN_PROBES = 1000 + 4 + 2; // TCP top ports + UDP probes to SRV01 + DNS lookups
const FULL_WS = {
  sysmon1: 1,
  sysmon3: SCAN_PROBES,
  sysmon5: 1,
  sysmon11pf: 1,
  sysmon12: 1,
  s4688: 1,
  s4689: 1,
  s5156: SCAN_PROBES,
  s5158: SCAN_PROBES,
  s4656: 1,
  s4663: 1,
  s4658: 1,
};
const NO_EVENTS_WS = Object.fromEntries(Object.keys(FULL_WS).map((k) => [k, 0]));
const NO_SYSMON = { sysmon1: -1, sysmon3: -1, sysmon5: -1, sysmon11pf: -1, sysmon12: -1 };
const EXPECTED: Record<string, Expected> = {
  default: { ws: FULL_WS, srv: { sysmon3: 3, s5156in: 3, s5152: 1001 } },
  'default-audit-only': { ws: { ...NO_EVENTS_WS, ...NO_SYSMON }, srv: { sysmon3: -1, s5156in: 0, s5152: 0 } },
  'no-sysmon': { ws: { ...FULL_WS, ...NO_SYSMON }, srv: { sysmon3: -1, s5156in: 3, s5152: 1001 } },
  'renamed-binary': { ws: FULL_WS, srv: { sysmon3: 3, s5156in: 3, s5152: 1001 } },
  'rolled-over': { ws: NO_EVENTS_WS, srv: { sysmon3: 0, s5156in: 0, s5152: 0 } },
  'firewall-blocked': { ws: FULL_WS, srv: { sysmon3: 0, s5156in: 0, s5152: 1004 } },
};

describe('demo case', () => {
  it('is deterministic for a seed and changes with the seed', () => {
    const a = generateDemoCase({ seed: 7 });
    const b = generateDemoCase({ seed: 7 });
    const c = generateDemoCase({ seed: 8 });
    expect(a.map((f) => f.path)).toEqual(b.map((f) => f.path));
    a.forEach((f, i) => {
      expect(Buffer.compare(Buffer.from(f.bytes), Buffer.from(b[i].bytes)), f.path).toBe(0);
    });
    const sec = (x: GeneratedFile[]) => Buffer.from(file(x, `WS01/${SECURITY}`)!.bytes);
    expect(Buffer.compare(sec(a), sec(c))).not.toBe(0);
  });

  it('lays the files out like a KAPE collection, with the nmap prefetch file named by its hash', () => {
    const files = demo('default');
    const paths = files.map((f) => f.path);
    for (const h of ['WS01', 'SRV01'])
      for (const p of [SECURITY, SYSMON, 'C/$MFT', 'C/$Extend/$UsnJrnl%3A$J'])
        expect(paths).toContain(`${h}/${p}`);
    expect(paths).toContain(`WS01/C/Windows/Prefetch/${NMAP_PF}`);
    expect(NMAP_PF).toMatch(/^NMAP\.EXE-[0-9A-F]{8}\.pf$/);
    expect(paths.filter((p) => p.startsWith('WS01/C/Windows/Prefetch/')).length).toBeGreaterThan(10);
    const total = files.reduce((s, f) => s + f.bytes.length, 0);
    expect(total).toBeGreaterThan(4e6);
    expect(total).toBeLessThan(20e6);
  });

  it('scales the background noise linearly', () => {
    const size = (s: number) => generateDemoCase({ scale: s }).reduce((n, f) => n + f.bytes.length, 0);
    const one = size(1);
    const three = size(3);
    expect(three / one).toBeGreaterThan(2);
    expect(three / one).toBeLessThan(3.2);
  });

  for (const v of DEMO_VARIANTS) {
    it(`variant ${v.id}: evtxexport reads every log and finds the expected key events`, () => {
      if (!requireOrSkip('evtxexport (libevtx-utils)', hasTool('evtxexport'))) return;
      const files = demo(v.id);
      const log = (h: string, p: string) => {
        const f = file(files, `${h}/${p}`);
        return f ? exportLog(f.bytes, `${v.id}-${h}-${p}`) : null;
      };
      const ws = { sec: log('WS01', SECURITY)!, sys: log('WS01', SYSMON) };
      const srv = { sec: log('SRV01', SECURITY)!, sys: log('SRV01', SYSMON) };
      expect(ws.sec.length).toBeGreaterThan(0);
      expect(srv.sec.length).toBeGreaterThan(0);
      expect(keyCounts(ws, srv)).toEqual(EXPECTED[v.id]);
      const pf = files.filter((f) => f.path.startsWith('WS01/C/Windows/Prefetch/'));
      expect(pf.some((f) => f.path.endsWith(v.id === 'renamed-binary' ? SVC_PF : NMAP_PF))).toBe(true);
      if (v.id === 'renamed-binary') {
        const s1 = ws.sys!.find((e) => isEvent(1)(e) && data(e, 'Image') === 'C:\\ProgramData\\svc.exe')!;
        expect(data(s1, 'OriginalFileName')).toBe('nmap.exe');
        expect(pf.some((f) => f.path.endsWith(NMAP_PF))).toBe(false);
      }
      if (v.id === 'default') {
        const s1 = ws.sys!.find((e) => isEvent(1)(e) && data(e, 'Image') === 'C:\\Tools\\nmap\\nmap.exe')!;
        expect(data(s1, 'CommandLine')).toBe('C:\\Tools\\nmap\\nmap.exe -Pn 10.0.0.20');
        expect(data(s1, 'User')).toBe('CORP\\alice');
        expect(data(s1, 'ParentImage')).toBe('C:\\Windows\\System32\\cmd.exe');
        expect(data(s1, 'IntegrityLevel')).toBe('Medium');
        const s12 = ws.sys!.find(isEvent(12))!;
        expect(data(s12, 'EventType')).toBe('CreateKey');
        expect(data(s12, 'TargetObject')).toMatch(/Tcpip\\Parameters$/);
        const protocols = new Set(
          ws
            .sys!.filter((e) => isEvent(3)(e) && data(e, 'Image')?.endsWith('nmap.exe'))
            .map((e) => data(e, 'Protocol')),
        );
        expect([...protocols].sort()).toEqual(['tcp', 'udp']);
        const s11 = ws.sys!.find((e) => isEvent(11)(e) && data(e, 'TargetFilename')?.endsWith(NMAP_PF))!;
        expect(data(s11, 'Image')).toBe('C:\\Windows\\System32\\svchost.exe');
      }
      if (v.id === 'rolled-over') {
        const first = (evs: RefEvent[]) => evs.map((e) => e.system['TimeCreated@SystemTime']).sort()[0];
        for (const evs of [ws.sec, ws.sys!, srv.sec, srv.sys!])
          expect(first(evs) >= '2026-10-14T11:00:00').toBe(true);
        expect(Number(ws.sec[0].system.EventRecordID)).toBeGreaterThan(1_000_000);
      }
    });
  }

  it('python-evtx reads a generated Sysmon log exactly like evtxexport does', () => {
    if (!requireOrSkip('evtx_dump.py (python3-evtx)', hasTool('evtx_dump.py'))) return;
    const f = file(demo('rolled-over'), `SRV01/${SYSMON}`)!; // the smallest log: python-evtx is slow
    const p = join(dir, 'srv01-sysmon.evtx');
    writeFileSync(p, f.bytes);
    const py = parseReferenceEvents(run('evtx_dump.py', [p]).stdout);
    const lx = exportLog(f.bytes, 'srv01-sysmon-2');
    expect(py.length).toBe(lx.length);
    // The tools differ only in case (GUIDs, True/true): compare case-insensitively.
    const flat = (evs: RefEvent[]) =>
      evs.map((e) => `${e.system.EventRecordID}:${e.namedData.map((d) => d[1]).join('|')}`.toLowerCase());
    expect(flat(py)).toEqual(flat(lx));
  });

  for (const v of DEMO_VARIANTS) {
    it(`variant ${v.id}: our own parsers detect every file by content and parse it with 0 errors`, async () => {
      const files = demo(v.id);
      const pfName = v.id === 'renamed-binary' ? SVC_PF : NMAP_PF;
      let usnSeen: [number, number][] = [];
      let mftHits = 0;
      for (const f of files) {
        const src = memorySource(f.bytes);
        const d = await detect(src);
        const want = f.path.endsWith('.evtx')
          ? 'evtx'
          : f.path.endsWith('.pf')
            ? 'prefetch'
            : f.path.endsWith('$MFT')
              ? 'mft'
              : 'usn';
        expect(d.kind, f.path).toBe(want);
        const parser = PARSERS[want];
        const diagnostics: Diagnostic[] = [];
        const hits: [number, number][] = [];
        const summary = await parser.parse(src, { fileName: f.path, diagnostics }, (r) => {
          if (want !== 'mft' && want !== 'usn') return;
          const j = parser.toJson(r, f.path) as { reasonFlags?: number; attributeFlags?: number };
          if (!JSON.stringify(j).includes(pfName)) return;
          if (want === 'usn') hits.push([j.reasonFlags ?? -1, j.attributeFlags ?? -1]);
          else mftHits++;
        });
        expect(
          diagnostics.filter((x) => x.severity === 'error'),
          f.path,
        ).toEqual([]);
        expect(summary.errors, f.path).toBe(0);
        expect(summary.ok, f.path).toBeGreaterThan(0);
        if (f.path.startsWith('WS01/') && want === 'usn') usnSeen = hits;
      }
      // the sheet's order and attributes: FILE_CREATE, DATA_EXTEND|FILE_CREATE,
      // CLOSE|DATA_EXTEND|FILE_CREATE, each ARCHIVE|NOT_CONTENT_INDEXED
      expect(usnSeen).toEqual([
        [0x100, 0x2020],
        [0x102, 0x2020],
        [0x80000102, 0x2020],
      ]);
      expect(mftHits).toBeGreaterThanOrEqual(1);
    });
  }

  it('sccainfo reads the nmap prefetch file: name, hash, run time, tool path', () => {
    if (!requireOrSkip('sccainfo (libscca-utils)', hasTool('sccainfo'))) return;
    const f = demo('default').find((x) => x.path.endsWith(NMAP_PF))!;
    const p = join(dir, NMAP_PF);
    writeFileSync(p, f.bytes);
    const r = run('sccainfo', [p]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Format version\s*:\s*30/);
    expect(r.stdout).toMatch(/Executable filename\s*:\s*NMAP\.EXE/);
    expect(r.stdout).toMatch(new RegExp(`Prefetch hash\\s*:\\s*0x${NMAP_PF.slice(9, 17).toLowerCase()}`));
    expect(r.stdout).toMatch(/Run count\s*:\s*1/);
    expect(r.stdout).toMatch(/Last run time: 1\s*:\s*Oct 14, 2026 10:02:11\.2345670/);
    expect(r.stdout).toContain('\\DEVICE\\HARDDISKVOLUME2\\TOOLS\\NMAP\\NMAP.EXE');
  });
});
