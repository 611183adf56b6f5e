import { describe, expect, it } from 'vitest';
import { SECURITY } from '../../sheets/windows';
import { CaseBuilder } from '../../testing/case-builder';
import { CSV_HEADER, CsvWriter, csvField } from './csv';

/** Minimal RFC 4180 reader for the round trip. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let f = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') {
        f += '"';
        i++;
      } else if (c === '"') q = false;
      else f += c;
    } else if (c === '"') q = true;
    else if (c === ',') {
      row.push(f);
      f = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(f);
      rows.push(row);
      row = [];
      f = '';
      i++;
    } else f += c;
  }
  if (f || row.length) {
    row.push(f);
    rows.push(row);
  }
  return rows;
}

describe('CSV export', () => {
  const cb = new CaseBuilder();
  cb.evtx('WS01/Security.evtx', 'WS01.corp.local', SECURITY, [
    {
      time: Date.parse('2026-10-14T10:02:11.123Z'),
      eventId: 4688,
      ref: 4242,
      label: 'Process Create',
      fields: { NewProcessName: 'C:\\Tools\\nmap\\nmap.exe', CommandLine: '=cmd|"/c calc",\r\nx' },
    },
    { time: Number.NaN, eventId: 1, ref: 7, fields: {} },
  ]);
  const { table, hosts, files } = cb.store;
  const w = new CsvWriter(table, hosts, files);

  it('quotes, doubles quotes and neutralises formulas', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('-2')).toBe("'-2");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('round-trips rows in the given order through an RFC 4180 reader', () => {
    const text = `${[w.header(), ...w.lines([1, 0])].join('\r\n')}\r\n`;
    const rows = parseCsv(text);
    expect(rows[0]).toEqual([...CSV_HEADER]);
    expect(rows).toHaveLength(3);
    const [untimed, proc] = [rows[1], rows[2]];
    expect(untimed[0]).toBe('');
    expect(untimed[8]).toBe('7');
    expect(proc.slice(0, 6)).toEqual([
      '2026-10-14T10:02:11.1230000Z',
      'WS01',
      'evtx',
      'Security',
      '4688',
      'Process Create',
    ]);
    expect(proc[7]).toBe('WS01/Security.evtx');
    expect(proc[8]).toBe('4242');
    expect(proc[9]).toBe('NewProcessName=C:\\Tools\\nmap\\nmap.exe; CommandLine==cmd|"/c calc",\r\nx');
  });
});
