import { describe, expect, it } from 'vitest';
import { evaluateSheet } from '../analysis/checklist/engine';
import type { Evaluation } from '../analysis/checklist/types';
import { NMAP_SHEET } from '../sheets/nmap';
import { generateDemoCase } from '../writers/scenario/demo-case';
import { buildDemoScenario, DEMO_VARIANTS } from '../writers/scenario/demo-scenario';
import { loadFilesIntoStore } from './load-store';
import { scenarioRows } from './scenario-rows';

/** What a checklist evaluation says, item by item, with the evidence it cites. */
function said(ev: Evaluation) {
  return {
    hosts: ev.hosts.map((h) => ({
      host: h.hostName,
      roles: h.roles.map((r) => ({
        role: r.role,
        items: r.items.map((i) => ({
          id: i.id,
          status: i.status,
          // the rows hold the scenario's files, not the folders and system entries of the $MFT
          reason: i.reason.replace(/^(\$MFT of \w+ covers \S+ )\([\d,]+ rows\)/, '$1(… rows)'),
          fields: i.fields,
          evidence: i.evidence.map((e) => `${e.file} ${e.ref}`),
        })),
      })),
    })),
    verdicts: ev.verdicts.map((v) => v.text),
    suspects: ev.suspects,
  };
}

describe('scenario rows', () => {
  for (const v of DEMO_VARIANTS) {
    it(`variant ${v.id}: the checklist says the same of the rows as of the parsed demo files`, async () => {
      const fromBytes = await loadFilesIntoStore(generateDemoCase({ variant: v.id }));
      const fromRows = scenarioRows(buildDemoScenario({ variant: v.id })).store;
      expect(said(evaluateSheet(fromRows, NMAP_SHEET))).toEqual(said(evaluateSheet(fromBytes, NMAP_SHEET)));
    });
  }
});
