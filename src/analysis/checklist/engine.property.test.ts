import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NMAP_SHEET } from '../../sheets/nmap';
import { PING_SHEET } from '../../sheets/ping';
import { SECURITY, SYSMON } from '../../sheets/windows';
import { CaseBuilder, type RowSpec } from '../../testing/case-builder';
import { evaluateSheet } from './engine';
import { evaluationToJson, evaluationToMarkdown } from './report';

const KEYS = [
  'Image',
  'ProcessId',
  'ProcessID',
  'ProcessGuid',
  'NewProcessId',
  'NewProcessName',
  'OriginalFileName',
  'CommandLine',
  'Initiated',
  'SourceIp',
  'DestinationIp',
  'SourcePort',
  'DestinationPort',
  'SourceAddress',
  'DestAddress',
  'SourcePort',
  'DestPort',
  'Direction',
  'Protocol',
  'Application',
  'TargetFilename',
  'ObjectName',
  'ProcessName',
  'HandleId',
  'Status',
  'Executable',
  'Hash',
  'ExecutablePath',
  'PrefetchFile',
  'Path',
  'Name',
  'InUse',
  'Reasons',
  'Attributes',
];
const VALUES = [
  'nmap.exe',
  'C:\\Tools\\nmap\\nmap.exe',
  'NMAP.EXE',
  'C:\\Windows\\Prefetch\\NMAP.EXE-23741204.pf',
  'NMAP.EXE-23741204.pf',
  '\\device\\harddiskvolume2\\tools\\nmap\\nmap.exe',
  '\\DEVICE\\HARDDISKVOLUME7\\TOOLS\\NMAP\\NMAP.EXE',
  '23741204',
  '0x1a2c',
  '6700',
  '0x0',
  '10.0.0.10',
  '10.0.0.20',
  '::ffff:10.0.0.20',
  '0.0.0.0',
  '%%14592',
  '%%14593',
  '6',
  '17',
  'true',
  'false',
  'FILE_CREATE',
  'CLOSE+DATA_EXTEND+FILE_CREATE',
  'archive+not_indexed',
  '',
  '{G}',
  'C:\\Windows\\System32\\svchost.exe',
];

const row = fc.record({
  time: fc.oneof(fc.integer({ min: 1_700_000_000_000, max: 1_700_000_600_000 }), fc.constant(Number.NaN)),
  eventId: fc.constantFrom(1, 3, 5, 11, 12, 4688, 4689, 5156, 5158, 5152, 4656, 4663, 4658, 7045),
  fields: fc.dictionary(
    fc.constantFrom(...KEYS),
    fc.oneof(fc.constantFrom(...VALUES), fc.string({ maxLength: 8 })),
    {
      maxKeys: 8,
    },
  ),
});

const fileSpec = fc.record({
  host: fc.constantFrom('WS01', 'SRV01', ''),
  kind: fc.constantFrom('sysmon', 'security', 'prefetch', 'mft', 'usn'),
  rows: fc.array(row, { maxLength: 25 }),
});

describe('evaluateSheet on random tables', () => {
  it('never throws, gives every item one known status, and matched ⇔ evidence', () => {
    fc.assert(
      fc.property(
        fc.array(fileSpec, { maxLength: 6 }),
        fc.integer({ min: 0, max: 600_000 }),
        (files, skewMs) => {
          const cb = new CaseBuilder();
          files.forEach((f, i) => {
            const rows = f.rows as RowSpec[];
            if (f.kind === 'sysmon' || f.kind === 'security')
              cb.evtx(`${f.host || 'x'}/${i}.evtx`, f.host, f.kind === 'sysmon' ? SYSMON : SECURITY, rows);
            else cb.file(`${f.host ? `${f.host}/C/` : ''}${i}.${f.kind}`, f.kind, rows);
          });
          for (const sheet of [NMAP_SHEET, PING_SHEET]) {
            const ev = evaluateSheet(cb.store, sheet, { skewMs, toolNames: ['nmap'] });
            for (const h of ev.hosts) {
              const src = h.roles.find((r) => r.role === 'source');
              expect(src?.items).toHaveLength(sheet.items.filter((i) => i.role === 'source').length);
              for (const r of h.roles)
                for (const i of r.items) {
                  expect(['matched', 'not-found', 'not-collected', 'rolled-over']).toContain(i.status);
                  expect(i.evidence.length > 0).toBe(i.status === 'matched');
                  expect(i.reason).not.toBe('');
                }
            }
            for (const v of ev.verdicts) expect(v.text).toMatch(new RegExp(`^${sheet.name}`));
            expect(() => JSON.stringify(evaluationToJson(ev))).not.toThrow();
            expect(evaluationToMarkdown(ev, sheet)).toContain('## Verdicts');
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
