// End-to-end: the generated demo case (src/writers/scenario) → real parsers → CaseStore →
// checklist. Expected statuses per variant are written out as flips of the default.
import { describe, expect, it } from 'vitest';
import type { CaseStore } from '../../model/case-store';
import { NMAP_SHEET } from '../../sheets/nmap';
import { loadFilesIntoStore } from '../../testing/load-store';
import { generateDemoCase } from '../../writers/scenario';
import { evaluateSheet } from './engine';
import type { Evaluation, ItemStatus } from './types';

type Statuses = Record<string, ItemStatus>;

function loadDemo(variant: string): Promise<CaseStore> {
  return loadFilesIntoStore(generateDemoCase({ variant }));
}

function statuses(ev: Evaluation, host: string, role: string): Statuses {
  const r = ev.hosts.find((h) => h.hostName === host)?.roles.find((x) => x.role === role);
  if (!r) throw new Error(`no ${role} role on ${host}`);
  return Object.fromEntries(r.items.map((i) => [i.id, i.status]));
}

const SOURCE = NMAP_SHEET.items.filter((i) => i.role === 'source');
const DEST = NMAP_SHEET.items.filter((i) => i.role === 'destination');
const ids = (items: typeof SOURCE, s: ItemStatus, pick = (_: (typeof SOURCE)[number]) => true): Statuses =>
  Object.fromEntries(items.filter(pick).map((i) => [i.id, s]));
const EVENT_LOG = (i: (typeof SOURCE)[number]) => i.artifact === 'evtx';
const SYSMON_ONLY = (i: (typeof SOURCE)[number]) => i.log === 'Microsoft-Windows-Sysmon/Operational';

const DEFAULT_SOURCE = ids(SOURCE, 'matched');
const DEFAULT_DEST = ids(DEST, 'matched');

const EXPECTED: Record<string, { source: Statuses; dest: Statuses; success: boolean }> = {
  default: { source: DEFAULT_SOURCE, dest: DEFAULT_DEST, success: true },
  'default-audit-only': {
    source: { ...DEFAULT_SOURCE, ...ids(SOURCE, 'not-collected', EVENT_LOG) },
    dest: ids(DEST, 'not-collected'),
    success: false,
  },
  'no-sysmon': {
    source: { ...DEFAULT_SOURCE, ...ids(SOURCE, 'not-collected', SYSMON_ONLY) },
    dest: { ...DEFAULT_DEST, 'dst.sysmon-3': 'not-collected' },
    success: true,
  },
  'renamed-binary': { source: DEFAULT_SOURCE, dest: DEFAULT_DEST, success: true },
  'rolled-over': {
    source: { ...DEFAULT_SOURCE, ...ids(SOURCE, 'rolled-over', EVENT_LOG) },
    dest: ids(DEST, 'rolled-over'),
    success: false,
  },
  'firewall-blocked': {
    source: DEFAULT_SOURCE,
    dest: { 'dst.sysmon-3': 'not-found', 'dst.sec-5156': 'not-found', 'dst.sec-5152': 'matched' },
    success: false,
  },
};

describe('checklist on the generated demo case', () => {
  for (const [variant, want] of Object.entries(EXPECTED)) {
    it(`${variant}: every item has the status the variant implies`, async () => {
      const ev = evaluateSheet(await loadDemo(variant), NMAP_SHEET);
      expect(statuses(ev, 'WS01', 'source')).toEqual(want.source);
      expect(statuses(ev, 'SRV01', 'destination')).toEqual(want.dest);
      const srvSource = Object.values(statuses(ev, 'SRV01', 'source'));
      expect(srvSource.filter((s) => s === 'matched')).toEqual([]);
      expect(ev.verdicts).toHaveLength(1);
      expect(ev.verdicts[0].successConditionMet).toBe(want.success);
      expect(ev.suspects).toEqual([]);
      for (const h of ev.hosts)
        for (const r of h.roles)
          for (const i of r.items) {
            expect(i.reason.length, `${h.hostName} ${i.id}`).toBeGreaterThan(20);
            expect(i.evidence.length > 0, `${h.hostName} ${i.id} evidence`).toBe(i.status === 'matched');
          }
      if (variant === 'default') {
        expect(ev.verdicts[0].text).toMatch(
          /^nmap ran on WS01 at 2026-10-14T10:02:11Z as CORP\\alice \(`C:\\Tools\\nmap\\nmap\.exe -Pn 10\.0\.0\.20`\), exit 0x0; scanned SRV01 \(10\.0\.0\.20\): [\d,]{5} ports over TCP, UDP; [\d,]{5} dropped; .*success condition met$/,
        );
        expect(
          ev.verdicts[0].coverage.startsWith(
            'Coverage: WS01 (source) 15 of 15 items matched. SRV01 (destination) 3 of 3 items matched.',
          ),
        ).toBe(true);
      }
      if (variant === 'renamed-binary') {
        expect(ev.verdicts[0].text).toMatch(
          /^nmap \(renamed svc\.exe, OriginalFileName nmap\.exe\) ran on WS01/,
        );
      }
      if (variant === 'firewall-blocked') {
        expect(ev.verdicts[0].text).toContain(
          'success condition not met (SRV01 received 0 allowed connections on 0 ports)',
        );
      }
      if (variant === 'default-audit-only' || variant === 'rolled-over') {
        expect(ev.verdicts[0].execution.foundBy).toEqual(['Prefetch']);
        expect(ev.verdicts[0].coverage).toContain(
          `SRV01 (possible destination) 0 of 3 items matched — ${variant === 'rolled-over' ? 'rolled-over' : 'not-collected'}: Sysmon 3, Security 5156, Security 5152.`,
        );
      }
    });
  }
});
