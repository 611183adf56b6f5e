import { describe, expect, it } from 'vitest';
import { NMAP_SHEET } from '../../sheets/nmap';
import { PING_SHEET } from '../../sheets/ping';
import { SECURITY, SYSMON } from '../../sheets/windows';
import { CaseBuilder } from '../../testing/case-builder';
import {
  exitNotRecorded,
  logsStartAt,
  type NmapCaseOptions,
  nmapCase,
  nmapScenario,
  noProcessAuditNoSysmonNetwork,
  pfHashOf,
  pidReusedLater,
  prefetchDeleted,
  prefetchHash,
  registryByExplorer,
  registryDeleteKey,
  serverClockAhead,
  serverDefaults,
  toolAs,
  volumeByGuid,
} from '../../testing/nmap-case';
import { SCAN_START, SRV01_IP, WS01_IP } from '../../writers/scenario/demo-scenario';
import { SECURITY_LOG } from '../../writers/scenario/render-host';
import { microsFromIso } from '../../writers/scenario/time';
import { evaluateSheet } from './engine';
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

/** The demo's scan, as the model describes it (times in ms). */
const DEMO = nmapScenario();
const NMAP = DEMO.tool;
const T0 = Math.floor(SCAN_START / 1000);
/** nmap's outbound connections: 1000 TCP ports and 4 UDP probes to SRV01, 2 DNS lookups. */
const NMAP_CONNECTIONS = DEMO.scenario.connections.filter((c) => c.srcProcess === NMAP);
const WS01_LOGS_ROLL_OVER = logsStartAt('WS01', microsFromIso('2026-10-14T11:00:00Z'));

function run(o: NmapCaseOptions = {}, opts = {}): Evaluation {
  return evaluateSheet(nmapCase(o).store, NMAP_SHEET, opts);
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
    const server = run({ vary: [serverDefaults] });
    const d = statuses(server, 'SRV01', 'source');
    expect(Object.values(d).every((x) => x === 'not-found' || x === 'not-collected')).toBe(true);
    expect(d['src.sec-4688']).toBe('not-collected');
    expect(item(server, 'SRV01', 'source', 'src.sec-4688').reason).toContain('holds no 4688 at all');
    expect(d['src.prefetch']).toBe('not-collected');
    expect(d['src.sysmon-3']).toBe('not-found');
  });

  it('finds one execution from Sysmon 1, Security 4688 and Prefetch, closed by its exit', () => {
    expect(ev.verdicts).toHaveLength(1);
    const x = ev.verdicts[0].execution;
    expect(x.foundBy).toEqual(['Security 4688', 'Sysmon 1', 'Prefetch']);
    expect(x.processId).toBe(NMAP.pid);
    expect(x.start).toBe(T0);
    expect(x.end).toBe(Math.floor(NMAP.end! / 1000));
    expect(x.exitStatus).toBe('0x0');
    expect(x.user).toBe('CORP\\alice');
  });

  it('writes the verdict with destination, ports, protocols, drops and the success condition', () => {
    const v = ev.verdicts[0];
    expect(v.text).toBe(
      `nmap ran on WS01 at 2026-10-14T10:02:11Z as CORP\\alice (\`C:\\Tools\\nmap\\nmap.exe -Pn ${SRV01_IP}\`), exit 0x0; ` +
        `scanned SRV01 (${SRV01_IP}): 1,003 ports over TCP, UDP; 1,001 dropped; ` +
        'also contacted 10.0.0.2 (not in the case): 1 port over UDP; success condition met',
    );
    expect(v.destinations).toEqual([
      {
        host: null,
        hostName: '',
        address: '10.0.0.2',
        ports: 1,
        protocols: ['UDP'],
        connections: 4,
        dropped: 0,
      },
      {
        host: 1,
        address: SRV01_IP,
        hostName: 'SRV01',
        ports: 1003,
        protocols: ['TCP', 'UDP'],
        connections: 2008,
        dropped: 1001,
      },
    ]);
    expect(v.successConditionMet).toBe(true);
    expect(v.coverage).toBe(
      'Coverage: WS01 (source) 15 of 15 items matched. SRV01 (destination) 3 of 3 items matched. not in the case: 10.0.0.2.',
    );
  });

  it('cites evidence by file and record, and fills the sheet fields from the first row', () => {
    const i4688 = item(ev, 'WS01', 'source', 'src.sec-4688');
    expect(i4688.evidence).toHaveLength(1);
    expect(i4688.evidence[0].file).toBe(`WS01/${SECURITY_LOG}`);
    expect(i4688.evidence[0].ref).toMatch(/^record \d+$/);
    expect(i4688.fields['Process Information > New Process ID']).toBe(`0x${NMAP.pid.toString(16)}`);
    const usn = item(ev, 'WS01', 'source', 'src.usn');
    expect(usn.evidence.map((e) => e.ref)).toEqual(['usn 1093632', 'usn 1093736', 'usn 1093840']);
    const mft = item(ev, 'WS01', 'source', 'src.mft');
    expect(mft.evidence.map((e) => e.ref)).toEqual(['entry 78']);
    const pf = item(ev, 'WS01', 'source', 'src.prefetch');
    expect(pf.fields['Last Run Time']).toBe('2026-10-14T10:02:11Z');
    expect(pf.recordedByDefault).toBe(true);
    expect(item(ev, 'WS01', 'source', 'src.sysmon-1').recordedByDefault).toBe(false);
  });

  it('lists no suspects when the only fan-out is the named tool', () => {
    expect(ev.suspects).toEqual([]);
  });
});

describe('linking rules', () => {
  const outbound5156 = NMAP_CONNECTIONS.length;

  it('links Security 4688/4689 by hex PID and WFP events by decimal PID without Sysmon', () => {
    const ev = run({ variant: 'no-sysmon' });
    const s = statuses(ev, 'WS01', 'source');
    for (const id of SECURITY_SOURCE) expect(s[id]).toBe('matched');
    for (const id of SYSMON_SOURCE) expect(s[id]).toBe('not-collected');
    expect(item(ev, 'WS01', 'source', 'src.sysmon-1').reason).toBe(
      'No Sysmon log was collected for WS01 (recording it needs Sysmon installed, config including ProcessCreate).',
    );
    expect(item(ev, 'WS01', 'source', 'src.sec-5156').evidence).toHaveLength(outbound5156);
    expect(ev.verdicts[0].execution.foundBy).toEqual(['Security 4688', 'Prefetch']);
  });

  it('does not link a later process that reuses the PID after nmap exited', () => {
    const ev = run({ vary: [pidReusedLater] });
    expect(item(ev, 'WS01', 'source', 'src.sec-5156').evidence).toHaveLength(outbound5156);
    expect(ev.verdicts[0].destinations.map((d) => d.address)).toEqual(['10.0.0.2', SRV01_IP]);
    expect(ev.verdicts[0].execution.exitStatus).toBe('0x0');
  });

  it('bounds the window by the next process with the same PID when the exit is not recorded', () => {
    const ev = run({ variant: 'no-sysmon', vary: [pidReusedLater, exitNotRecorded] });
    expect(item(ev, 'WS01', 'source', 'src.sec-5156').evidence).toHaveLength(outbound5156);
    expect(statuses(ev, 'WS01', 'source')['src.sec-4689']).toBe('not-found');
    const x = ev.verdicts[0];
    expect(x.destinations.map((d) => d.address)).toEqual(['10.0.0.2', SRV01_IP]);
    const last5156 = Math.max(...NMAP_CONNECTIONS.map((c) => c.time + 150));
    expect(x.execution.end).toBe(Math.floor(last5156 / 1000));
    expect(x.text).toContain('exit not recorded');
  });

  it('tolerates a destination clock two minutes off by default, not with a small tolerance', () => {
    const skewed = run({ vary: [serverClockAhead(90_000)] });
    expect(statuses(skewed, 'SRV01', 'destination')).toEqual(all(DEST_IDS, 'matched'));
    const strict = run({ vary: [serverClockAhead(90_000)] }, { skewMs: 10_000 });
    expect(statuses(strict, 'SRV01', 'destination')).toEqual(all(DEST_IDS, 'not-found'));
    expect(item(strict, 'SRV01', 'destination', 'dst.sec-5156').reason).toContain(
      `but none from ${WS01_IP} in 2026-10-14T10:02:01Z–10:02:46Z (clock-skew tolerance ±10 s)`,
    );
  });

  it('finds a renamed binary through OriginalFileName and still matches every item', () => {
    const ev = run({ variant: 'renamed-binary' });
    expect(statuses(ev, 'WS01', 'source')).toEqual(all(SOURCE_IDS, 'matched'));
    expect(statuses(ev, 'SRV01', 'destination')).toEqual(all(DEST_IDS, 'matched'));
    expect(ev.verdicts[0].text).toMatch(/^nmap \(renamed svc\.exe, OriginalFileName nmap\.exe\) ran on WS01/);
    expect(item(ev, 'WS01', 'source', 'src.prefetch').fields['Process Name']).toBe('SVC.EXE');
  });

  it('rejects prefetch traces whose hash does not match the execution path', () => {
    const ev = run({ vary: [prefetchHash('DEADBEEF')] });
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
    const expected = `NMAP.EXE-${pfHashOf('C:\\Tools\\nmap\\nmap.exe')}.pf`;
    expect(item(ev, 'WS01', 'source', 'src.prefetch').reason).toContain(
      `Found NMAP.EXE-DEADBEEF.pf, but its hash does not match \\DEVICE\\HARDDISKVOLUME2\\TOOLS\\NMAP\\NMAP.EXE (expected ${expected}).`,
    );
    expect(s['src.sysmon-1']).toBe('matched');
  });

  it('tries volumes 1-9 when no event shows the volume number, and says so', () => {
    const noSecurity = { missing: [`WS01/${SECURITY_LOG}`] };
    const ev = run({ ...noSecurity, vary: [volumeByGuid] });
    const s = statuses(ev, 'WS01', 'source');
    expect(s['src.prefetch']).toBe('matched');
    expect(s['src.usn']).toBe('matched');
    const sec = run({ ...noSecurity, vary: [volumeByGuid, prefetchHash('00000000')] });
    expect(item(sec, 'WS01', 'source', 'src.mft').reason).toContain(
      'volume number unknown: volumes 1-9 tried',
    );
  });
});

describe('statuses', () => {
  it('rolled-over: logs that start after the execution', () => {
    const ev = run({ variant: 'rolled-over' });
    const s = statuses(ev, 'WS01', 'source');
    for (const id of EVENT_LOG_SOURCE) expect(s[id]).toBe('rolled-over');
    for (const id of ['src.usn', 'src.mft', 'src.prefetch']) expect(s[id]).toBe('matched');
    expect(item(ev, 'WS01', 'source', 'src.sec-4688').reason).toBe(
      'Security log of WS01 starts at 2026-10-14T11:00:29Z, after 2026-10-14T10:02:11Z: the records of that time were overwritten (log rolled over).',
    );
    expect(ev.verdicts[0].execution.foundBy).toEqual(['Prefetch']);
  });

  it('not-collected when the log does not record the category (no 4688 at all, Sysmon without event 3)', () => {
    const ev = run({ vary: [noProcessAuditNoSysmonNetwork] });
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
    const ev = run({ vary: [registryByExplorer] });
    const i = item(ev, 'WS01', 'source', 'src.sysmon-12');
    expect(i.status).toBe('not-found');
    expect(i.reason).toBe(
      `Sysmon log of WS01 covers 2026-10-14T08:00:08Z–11:58:56Z and records 12 (1 event), but none from nmap.exe (pid ${NMAP.pid} ${NMAP.guid}) in 2026-10-14T10:02:11Z–10:02:36Z.`,
    );
  });

  it('not-found explains rows of the execution that miss the sheet conditions', () => {
    const ev = run({ vary: [registryDeleteKey, prefetchDeleted] });
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
    const ev = run({ variant: 'default-audit-only' });
    const s = statuses(ev, 'WS01', 'source');
    for (const id of EVENT_LOG_SOURCE) expect(s[id]).toBe('not-collected');
    for (const id of ['src.usn', 'src.mft', 'src.prefetch']) expect(s[id]).toBe('matched');
    expect(ev.verdicts[0].text).toBe(
      'nmap ran on WS01 at 2026-10-14T10:02:11Z (\\DEVICE\\HARDDISKVOLUME2\\TOOLS\\NMAP\\NMAP.EXE), exit not recorded (known from Prefetch only); no destination found in the case; success condition not confirmed (destination unknown)',
    );
  });

  it('firewall-blocked: only drops on the destination, success condition not met', () => {
    const ev = run({ variant: 'firewall-blocked' });
    expect(statuses(ev, 'SRV01', 'destination')).toEqual({
      'dst.sysmon-3': 'not-found',
      'dst.sec-5156': 'not-found',
      'dst.sec-5152': 'matched',
    });
    expect(ev.verdicts[0].successConditionMet).toBe(false);
    expect(ev.verdicts[0].text).toContain(
      'scanned SRV01 (10.0.0.20): 1,003 ports over TCP, UDP; 1,004 dropped; also contacted 10.0.0.2 (not in the case): 1 port over UDP; success condition not met (SRV01 received 0 allowed connections on 0 ports)',
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
    const ev = run({ vary: [WS01_LOGS_ROLL_OVER] });
    expect(statuses(ev, 'SRV01', 'destination')).toEqual(all(DEST_IDS, 'matched'));
    expect(ev.verdicts[0].destinations[0]).toMatchObject({ hostName: 'SRV01', ports: 1003, dropped: 1001 });
    expect(ev.verdicts[0].successConditionMet).toBe(true);
  });

  const unnamed = { vary: [toolAs('C:\\Tools\\scan.exe', 'scan.exe')] };

  it('flags an unnamed process with a high port fan-out to one host as a suspect', () => {
    const ev = run(unnamed);
    expect(ev.verdicts).toEqual([]);
    expect(ev.suspects).toEqual([
      {
        host: 0,
        hostName: 'WS01',
        image: 'C:\\Tools\\scan.exe',
        processId: NMAP.pid,
        target: SRV01_IP,
        ports: 1003,
      },
    ]);
    const d = statuses(ev, 'SRV01', 'destination');
    expect(d).toEqual(all(DEST_IDS, 'matched'));
    expect(item(ev, 'SRV01', 'destination', 'dst.sec-5152').reason).toMatch(
      /^No execution of nmap in the case points here, but 10\.0\.0\.10 \(WS01\) reached 1,003 ports/,
    );
  });

  it('accepts user-given tool names', () => {
    const ev = run(unnamed, { toolNames: ['scan'] });
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
