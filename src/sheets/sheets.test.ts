import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, requireOrSkip } from '../testing/samples';
import { SHEETS } from './index';
import { NMAP_SHEET } from './nmap';
import { SYSMON } from './windows';

const SHEET_TEXT = join(REPO_ROOT, '..', 'shared', 'sheets', 'nmap.txt');

interface SheetRow {
  log: string;
  eventId: number;
  rest: string;
  bullets: string[];
}

/** The (log, event id) rows of one "Details" event-log table of the JPCERT/CC text, with bullets. */
function detailRows(text: string, from: string, to: string): SheetRow[] {
  const start = text.indexOf(from);
  const end = text.indexOf(to, start + from.length);
  const rows: SheetRow[] = [];
  for (const line of text.slice(start, end === -1 ? undefined : end).split('\n')) {
    const m = /^(?:\d+ )?(Microsoft-Windows-Sysmon\/Operational|Security) (\d+) (.*)$/.exec(line.trim());
    if (m) rows.push({ log: m[1], eventId: Number(m[2]), rest: m[3], bullets: [] });
    else if (line.trim().startsWith('•') && rows.length)
      rows[rows.length - 1].bullets.push(line.trim().slice(1).split(':')[0].trim());
  }
  return rows;
}

describe('the nmap sheet data against the JPCERT/CC text', () => {
  const present = existsSync(SHEET_TEXT);
  const text = present ? readFileSync(SHEET_TEXT, 'utf8') : '';

  it('has one item per (log, event id) row of both "Details" sections, with its task category', () => {
    if (!requireOrSkip('../shared/sheets/nmap.txt', present)) return;
    for (const [role, from, to] of [
      ['source', '- Details: Source Host', '- USN Journal'],
      ['destination', '- Details: Destination Host', '- Remarks'],
    ] as const) {
      const rows = detailRows(text, from, to);
      const items = NMAP_SHEET.items.filter((i) => i.role === role && i.artifact === 'evtx');
      expect(rows.map((r) => `${r.log} ${r.eventId}`).sort()).toEqual(
        items.map((i) => `${i.log} ${i.eventId}`).sort(),
      );
      for (const r of rows) {
        const item = items.find((i) => i.log === r.log && i.eventId === r.eventId);
        expect(r.rest.startsWith(item?.category ?? '?'), `${r.log} ${r.eventId}: ${r.rest}`).toBe(true);
        if (r.log === SYSMON) {
          const labels = new Set(item?.fields.map((f) => f.label));
          for (const b of r.bullets)
            for (const name of b.split('/')) expect(labels, `${item?.id} ${name}`).toContain(name);
        }
      }
    }
  });

  it('carries the file-system sections (USN order and attributes, MFT, Prefetch) and marks only them default', () => {
    if (!requireOrSkip('../shared/sheets/nmap.txt', present)) return;
    expect(text).toContain('FILE_CREATE archive+not_indexed');
    expect(text).toContain('CLOSE+DATA_EXTEND+FILE_CREATE archive+not_indexed');
    const usn = NMAP_SHEET.items.find((i) => i.id === 'src.usn');
    expect(usn?.link.kind === 'prefetch-file' && usn.link.sequence?.map((s) => s[0].value)).toEqual([
      'FILE_CREATE',
      'DATA_EXTEND+FILE_CREATE',
      'CLOSE+DATA_EXTEND+FILE_CREATE',
    ]);
    const defaults = NMAP_SHEET.items.filter((i) => i.recordedByDefault).map((i) => i.id);
    expect(defaults).toEqual(['src.usn', 'src.mft', 'src.prefetch']);
    for (const i of NMAP_SHEET.items) expect(i.requires === '', i.id).toBe(i.recordedByDefault);
  });
});

describe('every registered sheet', () => {
  it('has unique item ids, fields to read, and links that point at existing items', () => {
    for (const sheet of Object.values(SHEETS)) {
      const ids = sheet.items.map((i) => i.id);
      expect(new Set(ids).size, sheet.id).toBe(ids.length);
      for (const i of sheet.items) {
        expect(i.fields.length, i.id).toBeGreaterThan(0);
        expect(i.artifact === 'evtx', i.id).toBe(i.eventId !== null);
        if (i.link.kind === 'handle') expect(ids).toContain(i.link.of);
      }
      expect(sheet.toolNames.length).toBeGreaterThan(0);
      expect(SHEETS[sheet.id]).toBe(sheet);
    }
  });
});
