import { describe, expect, it } from 'vitest';
import { NMAP_SHEET } from '../../sheets/nmap';
import { PING_SHEET } from '../../sheets/ping';
import { SECURITY, SYSMON } from '../../sheets/windows';
import { CaseBuilder } from '../../testing/case-builder';
import { evaluateSheet } from './engine';
import {
  buildScanCase,
  NMAP_PID,
  pfHashOf,
  type ScanFixture,
  SRV01_IP,
  T0,
  WS01_IP,
} from '../../testing/scan-fixture';
import type { Evaluation, ItemStatus } from './types';

const SOURCE_IDS = NMAP_SHEET.items.filter((i) => i.role === 'source').map((i) => i.id);
const DEST_IDS = NMAP_SHEET.items.filter((i) => i.role === 'destination').map((i) => i.id);
const EVENT_LOG_SOURCE = NMAP_SHEET.items
  .filter((i) => i.role === 'source' && i.artifact === 'evtx')
  .map((i) => i.id);
const SYSMON_SOURCE = NMAP_SHEET.items
  .filter((i) => i.role === 'source' && i.log === SYSMON)
  .map((i) => i.id);
const SECURITY_SOURCE = NMAP_SHEET.items
  .filter((i) => i.role === 'source' && i.log === SECURITY)
  .map((i) => i.id);

function run(o: ScanFixture = {}, opts = {}): Evaluation {
  return evaluateSheet(buildScanCase(o).store, NMAP_SHEET, opts);
}

function statuses(ev: Evaluation, host: string, role: 'source' | 'destination'): Record<string, ItemStatus> {
  const h = ev.hosts.find((x) => x.hostName === host);
  const r = h?.roles.find((x) => x.role === role);
  if (!r) throw new Error(`no ${role} role on ${host}`);
  return Object.fromEntries(r.items.map((i) => [i.id, i.status]));
}

function item(ev: Evaluation, host: string, role: 'source' | 'destination', id: string) {
  const found = ev.hosts
    .find((x) => x.hostName === host)
    ?.roles.find((x) => x.role === role)
    ?.items.find((i) => i.id === id);
  if (!found) throw new Error(`no ${id}`);
  return found;
}

function all(ids: string[], s: ItemStatus): Record<string, ItemStatus> {
  return Object.fromEntries(ids.map((id) => [id, s]));
}

describe('nmap sheet on a full two-host scan', () => {
  const ev = run();

  it('matches every source item on WS01 and every destination item on SRV01', () => {
    expect(statuses(ev, 'WS01', 'source')).toEqual(all(SOURCE_IDS, 'matched'));
    expect(statuses(ev, 'SRV01', 'destination')).toEqual(all(DEST_IDS, 'matched'));
  });

  it('gives SRV01, where nmap never ran, a source checklist without any match', () => {
    const s = statuses(ev, 'SRV01', 'source');
    expect(Object.keys(s)).toEqual(SOURCE_IDS);
    expect(Object.values(s).every((x) => x === 'not-found' || x === 'not-collected')).toBe(true);
    expect(s['src.sec-4688']).toBe('not-collected');
    expect(item(ev, 'SRV01', 'source', 'src.sec-4688').reason).toContain('holds no 4688 at all');
    expect(s['src.prefetch']).toBe('not-collected');
    expect(s['src.sysmon-3']).toBe('not-found');
  });

  it('finds one execution from Sysmon 1, Security 4688 and Prefetch, closed by its exit', () => {
    expect(ev.verdicts).toHaveLength(1);
    const x = ev.verdicts[0].execution;
    expect(x.foundBy).toEqual(['Sysmon 1', 'Security 4688', 'Prefetch']);
    expect(x.processId).toBe(NMAP_PID);
    expect(x.start).toBe(T0);
    expect(x.end).toBe(T0 + 30_000);
    expect(x.exitStatus).toBe('0x0');
    expect(x.user).toBe('CORP\\alice');
  });

  it('writes the verdict with destination, ports, protocols, drops and the success condition', () => {
    const v = ev.verdicts[0];
    expect(v.text).toBe(
      `nmap ran on WS01 at 2026-10-14T10:02:11Z as CORP\\alice (\`nmap.exe -Pn ${SRV01_IP}\`), exit 0x0; ` +
        `scanned SRV01 (${SRV01_IP}): 62 ports over TCP, UDP; 57 dropped; success condition met`,
    );
    expect(v.destinations).toEqual([
      {
        host: 1,
        address: SRV01_IP,
        hostName: 'SRV01',
        ports: 62,
        protocols: ['TCP', 'UDP'],
        connections: 124,
        dropped: 57,
      },
    ]);
    expect(v.successConditionMet).toBe(true);
    expect(v.coverage).toBe(
      'Coverage: WS01 (source) 15 of 15 items matched. SRV01 (destination) 3 of 3 items matched.',
    );
  });

  it('cites evidence by file and record, and fills the sheet fields from the first row', () => {
    const i4688 = item(ev, 'WS01', 'source', 'src.sec-4688');
    expect(i4688.evidence).toHaveLength(1);
    expect(i4688.evidence[0].file).toBe('WS01/Security.evtx');
    expect(i4688.evidence[0].ref).toMatch(/^record \d+$/);
    expect(i4688.fields['Process Information > New Process ID']).toBe('0x1a2c');
    const usn = item(ev, 'WS01', 'source', 'src.usn');
    expect(usn.evidence.map((e) => e.ref)).toEqual(['usn 1000', 'usn 1096', 'usn 1200']);
    const mft = item(ev, 'WS01', 'source', 'src.mft');
    expect(mft.evidence.map((e) => e.ref)).toEqual(['entry 88001']);
    const pf = item(ev, 'WS01', 'source', 'src.prefetch');
    expect(pf.fields['Last Run Time']).toBe('2026-10-14T10:02:21Z');
    expect(pf.recordedByDefault).toBe(true);
    expect(item(ev, 'WS01', 'source', 'src.sysmon-1').recordedByDefault).toBe(false);
  });

  it('lists no suspects when the only fan-out is the named tool', () => {
    expect(ev.suspects).toEqual([]);
  });
});

describe('linking rules', () => {
  it('links Security 4688/4689 by hex PID and WFP events by decimal PID without Sysmon', () => {
    const ev = run({ sysmon: false });
    const s = statuses(ev, 'WS01', 'source');
    for (const id of SECURITY_SOURCE) expect(s[id]).toBe('matched');
    for (const id of SYSMON_SOURCE) expect(s[id]).toBe('not-collected');
    expect(item(ev, 'WS01', 'source', 'src.sysmon-1').reason).toBe(
      'No Sysmon log was collected for WS01 (recording it needs Sysmon installed, config including ProcessCreate).',
    );
    expect(item(ev, 'WS01', 'source', 'src.sec-5156').evidence).toHaveLength(62);
    expect(ev.verdicts[0].execution.foundBy).toEqual(['Security 4688', 'Prefetch']);
  });

  it('does not link a later process that reuses the PID after nmap exited', () => {
    const ev = run({ pidReuse: true });
    expect(item(ev, 'WS01', 'source', 'src.sec-5156').evidence).toHaveLength(62);
    expect(ev.verdicts[0].destinations.map((d) => d.address)).toEqual([SRV01_IP]);
    expect(ev.verdicts[0].execution.exitStatus).toBe('0x0');
  });

  it('bounds the window by the next process with the same PID when the exit is not recorded', () => {
    const ev = run({ pidReuse: true, exit: false, sysmon: false });
    expect(item(ev, 'WS01', 'source', 'src.sec-5156').evidence).toHaveLength(62);
    expect(statuses(ev, 'WS01', 'source')['src.sec-4689']).toBe('not-found');
    const x = ev.verdicts[0];
    expect(x.destinations.map((d) => d.address)).toEqual([SRV01_IP]);
    expect(x.execution.end).toBe(T0 + 2000 + 61 * 100);
    expect(x.text).toContain('exit not recorded');
  });

  it('tolerates a destination clock two minutes off by default, not with a small tolerance', () => {
    const skewed = run({ destSkewMs: 90_000 });
    expect(statuses(skewed, 'SRV01', 'destination')).toEqual(all(DEST_IDS, 'matched'));
    const strict = run({ destSkewMs: 90_000 }, { skewMs: 10_000 });
    expect(statuses(strict, 'SRV01', 'destination')).toEqual(all(DEST_IDS, 'not-found'));
    expect(item(strict, 'SRV01', 'destination', 'dst.sec-5156').reason).toContain(
      `but none from ${WS01_IP} in 2026-10-14T10:02:01Z–10:02:51Z (clock-skew tolerance ±10 s)`,
    );
  });

  it('finds a renamed binary through OriginalFileName and still matches every item', () => {
    const ev = run({ image: 'C:\\Tools\\svc.exe' });
    expect(statuses(ev, 'WS01', 'source')).toEqual(all(SOURCE_IDS, 'matched'));
    expect(statuses(ev, 'SRV01', 'destination')).toEqual(all(DEST_IDS, 'matched'));
    expect(ev.verdicts[0].text).toMatch(/^nmap \(renamed svc\.exe, OriginalFileName nmap\.exe\) ran on WS01/);
    expect(item(ev, 'WS01', 'source', 'src.prefetch').fields['Process Name']).toBe('SVC.EXE');
  });

  it('rejects prefetch traces whose hash does not match the execution path', () => {
    const ev = run({ pfHash: 'DEADBEEF' });
    const s = statuses(ev, 'WS01', 'source');
    for (const id of [
      'src.sysmon-11',
      'src.sec-4656',
      'src.sec-4663',
      'src.sec-4658',
      'src.usn',
      'src.mft',
      'src.prefetch',
    ])
      expect(s[id]).toBe('not-found');
    const expected = `NMAP.EXE-${pfHashOf('\\DEVICE\\HARDDISKVOLUME2\\TOOLS\\NMAP\\NMAP.EXE')}.pf`;
    expect(item(ev, 'WS01', 'source', 'src.prefetch').reason).toContain(
      `Found NMAP.EXE-DEADBEEF.pf, but its hash does not match \\DEVICE\\HARDDISKVOLUME2\\TOOLS\\NMAP\\NMAP.EXE (expected ${expected}).`,
    );
    expect(s['src.sysmon-1']).toBe('matched');
  });

  it('tries volumes 1-9 when no event shows the volume number, and says so', () => {
    const ev = run({ security: false, devicePath: '' });
    const s = statuses(ev, 'WS01', 'source');
    expect(s['src.prefetch']).toBe('matched');
    expect(s['src.usn']).toBe('matched');
    const sec = { ...run({ security: false, devicePath: '', pfHash: '00000000' }) };
    expect(item(sec, 'WS01', 'source', 'src.mft').reason).toContain(
      'volume number unknown: volumes 1-9 tried',
    );
  });
});

describe('statuses', () => {
  it('rolled-over: logs that start after the execution', () => {
    const ev = run({ securityStartsAt: T0 + 600_000, sysmonStartsAt: T0 + 600_000 });
    const s = statuses(ev, 'WS01', 'source');
    for (const id of EVENT_LOG_SOURCE) expect(s[id]).toBe('rolled-over');
    for (const id of ['src.usn', 'src.mft', 'src.prefetch']) expect(s[id]).toBe('matched');
    expect(item(ev, 'WS01', 'source', 'src.sec-4688').reason).toBe(
      'Security log of WS01 starts at 2026-10-14T12:02:11Z, after 2026-10-14T10:02:21Z: the records of that time were overwritten (log rolled over).',
    );
    expect(ev.verdicts[0].execution.foundBy).toEqual(['Prefetch']);
  });

  it('not-collected when the log does not record the category (no 4688 at all, Sysmon without event 3)', () => {
    const ev = run({ no4688: true, noSysmon3: true });
    const s = statuses(ev, 'WS01', 'source');
    expect(s['src.sec-4688']).toBe('not-collected');
    expect(item(ev, 'WS01', 'source', 'src.sec-4688').reason).toMatch(
      /^Security log of WS01 covers .* but holds no 4688 at all: not recorded \(needs audit policy 'Audit Process Creation'/,
    );
    expect(s['src.sysmon-3']).toBe('not-collected');
    expect(item(ev, 'WS01', 'source', 'src.sysmon-3').reason).toContain('holds no 3 at all: not recorded');
    expect(s['src.sysmon-1']).toBe('matched');
    expect(s['src.sec-5156']).toBe('matched');
  });

  it('not-found when the log records the category but not for this execution, saying what was searched', () => {
    const ev = run({ noSysmon12: true });
    const i = item(ev, 'WS01', 'source', 'src.sysmon-12');
    expect(i.status).toBe('not-found');
    expect(i.reason).toBe(
      `Sysmon log of WS01 covers 2026-10-14T09:02:11Z–12:02:11Z and records 12 (1 event), but none from nmap.exe (pid ${NMAP_PID} {11111111-2222-3333-4444-555555555555}) in 2026-10-14T10:02:11Z–10:02:41Z.`,
    );
  });

  it('not-found explains rows of the execution that miss the sheet conditions', () => {
    const ev = run({ sysmon12EventType: 'SetValue', mftDeleted: true });
    const reg = item(ev, 'WS01', 'source', 'src.sysmon-12');
    expect(reg.status).toBe('not-found');
    expect(reg.reason).toMatch(
      /but none from nmap\.exe .*\. 1 event of the process does not meet EventType = CreateKey, TargetObject ends with \\Services\\Tcpip\\Parameters\.$/,
    );
    const mft = item(ev, 'WS01', 'source', 'src.mft');
    expect(mft.status).toBe('not-found');
    expect(mft.reason).toContain('2 records name the file but do not meet InUse = true.');
  });

  it('prefetch-only execution (default audit settings): file-system items matched, logs not collected', () => {
    const ev = run({ sysmon: false, security: false, dest: 'none' });
    const s = statuses(ev, 'WS01', 'source');
    for (const id of EVENT_LOG_SOURCE) expect(s[id]).toBe('not-collected');
    for (const id of ['src.usn', 'src.mft', 'src.prefetch']) expect(s[id]).toBe('matched');
    expect(ev.verdicts[0].text).toBe(
      'nmap ran on WS01 at 2026-10-14T10:02:21Z (\\DEVICE\\HARDDISKVOLUME2\\TOOLS\\NMAP\\NMAP.EXE), exit not recorded (known from Prefetch only); no destination found in the case; success condition not confirmed (destination unknown)',
    );
  });

  it('firewall-blocked: only drops on the destination, success condition not met', () => {
    const ev = run({ dest: 'drops' });
    expect(statuses(ev, 'SRV01', 'destination')).toEqual({
      'dst.sysmon-3': 'not-found',
      'dst.sec-5156': 'not-found',
      'dst.sec-5152': 'matched',
    });
    expect(ev.verdicts[0].successConditionMet).toBe(false);
    expect(ev.verdicts[0].text).toContain(
      'scanned SRV01 (10.0.0.20): 62 ports over TCP, UDP; 62 dropped; success condition not met (SRV01 received 0 allowed connections on 0 ports)',
    );
  });

  it('no execution anywhere: every item not-found or not-collected, never matched', () => {
    const cb = new CaseBuilder();
    cb.evtx('H/Security.evtx', 'HOST1', SECURITY, [
      { time: T0, eventId: 4688, fields: { NewProcessId: '0x10', NewProcessName: 'C:\\x\\calc.exe' } },
      { time: T0 + 1, eventId: 5156, fields: { ProcessID: '16', Direction: '%%14593', DestPort: '80' } },
    ]);
    const ev = evaluateSheet(cb.store, NMAP_SHEET);
    expect(ev.verdicts).toEqual([]);
    const s = statuses(ev, 'HOST1', 'source');
    expect(s['src.sec-4688']).toBe('not-found');
    expect(item(ev, 'HOST1', 'source', 'src.sec-4688').reason).toBe(
      'Security log of HOST1 covers 2026-10-14T10:02:11Z–10:02:11Z and records 4688 (1 event), but none for nmap (looked for nmap.exe; no execution found on this host).',
    );
    expect(s['src.sec-4689']).toBe('not-collected');
    expect(s['src.sysmon-1']).toBe('not-collected');
    const d = statuses(ev, 'HOST1', 'destination');
    expect(Object.values(d)).toEqual(['not-collected', 'not-found', 'not-collected']);
  });
});

describe('destinations and suspects', () => {
  it('finds the scanned host through an inbound fan-out when the source logs rolled over', () => {
    const ev = run({ securityStartsAt: T0 + 600_000, sysmonStartsAt: T0 + 600_000 });
    expect(statuses(ev, 'SRV01', 'destination')).toEqual(all(DEST_IDS, 'matched'));
    expect(ev.verdicts[0].destinations[0]).toMatchObject({ hostName: 'SRV01', ports: 62, dropped: 57 });
    expect(ev.verdicts[0].successConditionMet).toBe(true);
  });

  it('flags an unnamed process with a high port fan-out to one host as a suspect', () => {
    const ev = evaluateSheet(
      buildScanCase({ image: 'C:\\Tools\\scan.exe', originalName: 'scan.exe' }).store,
      NMAP_SHEET,
    );
    expect(ev.verdicts).toEqual([]);
    expect(ev.suspects).toEqual([
      {
        host: 0,
        hostName: 'WS01',
        image: 'C:\\Tools\\scan.exe',
        processId: NMAP_PID,
        target: SRV01_IP,
        ports: 62,
      },
    ]);
    const d = statuses(ev, 'SRV01', 'destination');
    expect(d).toEqual(all(DEST_IDS, 'matched'));
    expect(item(ev, 'SRV01', 'destination', 'dst.sec-5152').reason).toMatch(
      /^No execution of nmap in the case points here, but 10\.0\.0\.10 \(WS01\) reached 62 ports/,
    );
  });

  it('accepts user-given tool names', () => {
    const ev = evaluateSheet(
      buildScanCase({ image: 'C:\\Tools\\scan.exe', originalName: 'scan.exe' }).store,
      NMAP_SHEET,
      {
        toolNames: ['scan'],
      },
    );
    expect(ev.verdicts).toHaveLength(1);
    expect(statuses(ev, 'WS01', 'source')).toEqual(all(SOURCE_IDS, 'matched'));
    expect(ev.suspects).toEqual([]);
  });
});

describe('a second sheet through the same engine', () => {
  it('evaluates the ping sheet on its own names', () => {
    const cb = new CaseBuilder();
    const t = T0;
    cb.evtx('P/Sysmon.evtx', 'PC1', SYSMON, [
      {
        time: t,
        eventId: 1,
        fields: {
          Image: 'C:\\Windows\\System32\\PING.EXE',
          ProcessId: '42',
          ProcessGuid: '{G}',
          CommandLine: 'ping 10.0.0.1',
        },
      },
      {
        time: t + 4000,
        eventId: 5,
        fields: { Image: 'C:\\Windows\\System32\\PING.EXE', ProcessId: '42', ProcessGuid: '{G}' },
      },
    ]);
    const ev = evaluateSheet(cb.store, PING_SHEET);
    expect(ev.sheet).toBe('ping');
    expect(statuses(ev, 'PC1', 'source')).toEqual({
      'src.sysmon-1': 'matched',
      'src.sec-4688': 'not-collected',
      'src.sysmon-5': 'matched',
      'src.sec-4689': 'not-collected',
      'src.prefetch': 'not-collected',
      'src.mft': 'not-collected',
    });
    expect(ev.verdicts[0].text).toBe(
      'ping ran on PC1 at 2026-10-14T10:02:11Z (`ping 10.0.0.1`), exited; reached 10.0.0.1 (not in the case)',
    );
  });
});
