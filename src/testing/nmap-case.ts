// Test support: the demo's nmap scan case (src/writers/scenario/demo-scenario.ts) as checklist
// rows, with small variations of its model for shapes the demo variants do not have: a renamed
// or unnamed tool, a prefetch hash mismatch, a volume named by GUID, one host's logs rolled over,
// a skewed clock, audit settings, a PID reused later, an exit not recorded.
import { hashHex, prefetchHashVista } from '../parsers/prefetch/hash';
import { CMD, EXPLORER } from '../writers/scenario/catalog';
import { buildDemoScenario, devicePath, prefetchPath, SRV01_IP } from '../writers/scenario/demo-scenario';
import type { FileSpec, HostSpec, ProcessSpec, Scenario } from '../writers/scenario/model';
import { type Micros, SECOND } from '../writers/scenario/time';
import type { CaseBuilder } from './case-builder';
import { scenarioRows } from './scenario-rows';

/** Handles on the parts of the demo scenario that variations change. */
export interface NmapScenario {
  scenario: Scenario;
  ws: HostSpec;
  srv: HostSpec;
  /** The scanning process on WS01. */
  tool: ProcessSpec;
  /** Its prefetch file on WS01. */
  pf: FileSpec;
}

export type Variation = (s: NmapScenario) => void;

export interface NmapCaseOptions {
  /** A demo variant (DEMO_VARIANTS); default 'default'. */
  variant?: string;
  vary?: Variation[];
  /** Generated paths (or path prefixes: `SRV01/`) that were not collected. */
  missing?: string[];
}

export function nmapScenario(variant = 'default'): NmapScenario {
  const scenario = buildDemoScenario({ variant });
  const host = (n: string) => scenario.hosts.find((h) => h.name === n)!;
  const tool = scenario.processes.find((p) => p.host === 'WS01' && p.originalFileName === 'nmap.exe')!;
  const pf = scenario.files.find((f) => f.host === 'WS01' && f.path === prefetchPath(tool.image))!;
  return { scenario, ws: host('WS01'), srv: host('SRV01'), tool, pf };
}

export function nmapCase(o: NmapCaseOptions = {}): CaseBuilder {
  const s = nmapScenario(o.variant);
  for (const v of o.vary ?? []) v(s);
  const missing = o.missing ?? [];
  return scenarioRows(s.scenario, { collected: (path) => !missing.some((m) => path.startsWith(m)) });
}

export const pfHashOf = (dosPath: string) => hashHex(prefetchHashVista(devicePath(dosPath)));

/** The tool runs as `image` with this OriginalFileName; its prefetch file follows the image. */
export const toolAs =
  (image: string, originalFileName: string): Variation =>
  ({ tool, pf }) => {
    const old = devicePath(tool.image);
    tool.image = image;
    tool.originalFileName = originalFileName;
    tool.commandLine = `${image} -Pn ${SRV01_IP}`;
    tool.currentDirectory = image.slice(0, image.lastIndexOf('\\') + 1);
    const p = pf.prefetch!;
    pf.path = prefetchPath(image);
    p.executable = image.slice(image.lastIndexOf('\\') + 1).toUpperCase();
    p.hash = prefetchHashVista(devicePath(image));
    p.files = p.files.map((f) => (f === old ? devicePath(image) : f));
  };

/** The tool's prefetch file carries `hex` as its hash (name and header). */
export const prefetchHash =
  (hex: string): Variation =>
  ({ pf }) => {
    pf.path = pf.path.replace(/-[0-9A-F]{8}\.pf$/, `-${hex}.pf`);
    pf.prefetch!.hash = Number.parseInt(hex, 16);
  };

/** WS01's prefetch files name the volume by GUID (`\VOLUME{…}`), not `\DEVICE\HARDDISKVOLUME2`. */
export const volumeByGuid: Variation = ({ scenario, ws }) => {
  const guidPath = '\\VOLUME{01d2c0ffee5a1b2c-3d4e5f60}';
  const swap = (p: string) => p.replace(ws.volumeDevice, guidPath);
  for (const f of scenario.files) {
    if (f.host !== 'WS01' || !f.prefetch) continue;
    f.prefetch.files = f.prefetch.files.map(swap);
    f.prefetch.directories = f.prefetch.directories.map(swap);
  }
  ws.volumeDevice = guidPath;
};

/** A host's logs begin at `at`: older records were overwritten. */
export const logsStartAt =
  (host: 'WS01' | 'SRV01', at: Micros): Variation =>
  (s) => {
    (host === 'WS01' ? s.ws : s.srv).logsStartAt = at;
  };

/** SRV01's clock runs `ms` ahead. */
export const serverClockAhead =
  (ms: number): Variation =>
  ({ srv }) => {
    srv.clockOffset = ms * 1000;
  };

/** WS01 without 'Audit Process Creation/Termination', Sysmon without NetworkConnect. */
export const noProcessAuditNoSysmonNetwork: Variation = ({ ws }) => {
  ws.audit = { ...ws.audit, processAudit: false, sysmonNetworkConnect: false };
};

/** SRV01 as a Windows Server installs: no prefetch files, no process auditing. */
export const serverDefaults: Variation = ({ scenario, srv }) => {
  srv.audit = { ...srv.audit, processAudit: false };
  srv.prefetch = false;
  scenario.files = scenario.files.filter((f) => !(f.host === 'SRV01' && f.prefetch));
};

/** The tool's registry change (Sysmon 12) is made by Explorer instead. */
export const registryByExplorer: Variation = ({ scenario, tool }) => {
  const explorer = scenario.processes.find((p) => p.host === 'WS01' && p.image === EXPLORER)!;
  for (const r of scenario.registry) if (r.process === tool) r.process = explorer;
};

/** The tool's registry change is a DeleteKey, not the sheet's CreateKey. */
export const registryDeleteKey: Variation = ({ scenario, tool }) => {
  for (const r of scenario.registry) if (r.process === tool) r.eventType = 'DeleteKey';
};

/** The tool's prefetch file was deleted a minute after it was written. */
export const prefetchDeleted: Variation = ({ pf }) => {
  pf.deleted = pf.created + 60 * SECOND;
};

/** The tool's exit is not recorded (still running when the logs were collected). */
export const exitNotRecorded: Variation = ({ tool }) => {
  tool.end = null;
};

/** An hour after the scan, another process (notepad.exe) gets the tool's PID and connects to 10.0.0.99. */
export const pidReusedLater: Variation = ({ scenario, ws, tool }) => {
  const start = tool.start + 3600 * SECOND;
  const cmd = scenario.processes.find((p) => p.host === 'WS01' && p.image === CMD)!;
  const later: ProcessSpec = {
    ...tool,
    guid: tool.guid.replace(/^\{.{8}/, '{0BADC0DE'),
    image: 'C:\\Windows\\notepad.exe',
    commandLine: 'C:\\Windows\\notepad.exe',
    originalFileName: 'NOTEPAD.EXE',
    description: 'Notepad',
    start,
    end: start + 10 * SECOND,
    exitStatus: 1,
    parent: { pid: cmd.pid, guid: cmd.guid, image: cmd.image, commandLine: cmd.commandLine, user: cmd.user },
  };
  scenario.processes.push(later);
  for (let i = 0; i < 5; i++)
    scenario.connections.push({
      time: start + SECOND + i * 1000,
      protocol: 'tcp',
      srcHost: 'WS01',
      srcIp: ws.ip,
      srcPort: 51000 + i,
      srcProcess: later,
      dstHost: null,
      dstIp: '10.0.0.99',
      dstPort: 8000 + i,
      dstProcess: null,
      dstBlocked: false,
    });
};
