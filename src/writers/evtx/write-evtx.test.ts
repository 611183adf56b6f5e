import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { crc32 } from '../../parsers/bytes/crc32';
import { evtxParser } from '../../parsers/evtx/index';
import { type Diagnostic, memorySource, type NormalizedEvent } from '../../parsers/types';
import { hasTool, requireOrSkip, run } from '../../testing/samples';
import type { EvtxEvent } from './event';
import { EVENTS, makeEvent } from './schemas';
import {
  canonicalText,
  canonicalValue,
  parseReferenceEvents,
  type RefEvent,
  toolTimeMicros,
} from '../../testing/reference-xml';
import type { EvtxScalar, EvtxValueType } from './values';
import { writeEvtx } from './write-evtx';

const dir = mkdtempSync(join(tmpdir(), 'evtx-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const STRINGS = [
  'C:\\Tools\\nmap\\nmap.exe',
  'CORP\\alice',
  'a & b < c > "d"',
  'Zürich – 東京',
  '-',
  '%%1936',
  '',
];

function sampleValue(type: EvtxValueType, r: () => number, i: number): EvtxScalar {
  switch (type) {
    case 'string':
      return `${STRINGS[i % STRINGS.length]}${i % 3 === 0 ? '' : `#${Math.floor(r() * 1e6)}`}`;
    case 'uint8':
      return Math.floor(r() * 256);
    case 'uint16':
      return Math.floor(r() * 65536);
    case 'uint32':
      return Math.floor(r() * 4294967296);
    case 'uint64':
      return Math.floor(r() * 2 ** 40);
    case 'hex32':
      return Math.floor(r() * 4294967296);
    case 'hex64':
    case 'sizet':
      return BigInt(Math.floor(r() * 2 ** 32)) * 65536n + BigInt(Math.floor(r() * 65536));
    case 'bool':
      return r() < 0.5;
    case 'guid': {
      const h = () =>
        Math.floor(r() * 4294967296)
          .toString(16)
          .padStart(8, '0')
          .toUpperCase();
      const x = h() + h() + h() + h();
      return `{${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}}`;
    }
    case 'sid':
      return i % 2 ? 'S-1-5-18' : `S-1-5-21-${Math.floor(r() * 4e9)}-${Math.floor(r() * 4e9)}-1104`;
    case 'filetime':
      return '2026-10-14T10:02:11.1234567Z';
    default:
      return null;
  }
}

const DEFS = Object.values(EVENTS);
const COMPUTERS = ['WS01.corp.local', 'SRV01.corp.local'];

function buildEvents(n: number, seed: number): EvtxEvent[] {
  const r = lcg(seed);
  const out: EvtxEvent[] = [];
  const t0 = Date.parse('2026-10-14T10:00:00Z');
  for (let i = 0; i < n; i++) {
    const def = DEFS[i % DEFS.length];
    const values: Record<string, EvtxScalar> = {};
    def.schema.fields.forEach((f, j) => {
      values[f.name] = sampleValue(f.type, r, i + j);
    });
    const ms = t0 + i * 37;
    const tick = Math.floor(r() * 10000);
    const time = `${new Date(ms).toISOString().slice(0, 19)}.${String((ms % 1000) * 10000 + tick).padStart(7, '0')}Z`;
    out.push(
      makeEvent(def, { computer: COMPUTERS[i % 2], time, processId: 4 + (i % 3), threadId: 100 + i }, values),
    );
  }
  return out;
}

function isoMicros(iso: string): number {
  const m = /^(.*)\.(\d{7})Z$/.exec(iso)!;
  return Date.parse(`${m[1]}Z`) * 1000 + Math.floor(Number(m[2]) / 10);
}

function compareToTool(events: EvtxEvent[], got: RefEvent[], firstId: number, timeTolerance: number): void {
  expect(got.length).toBe(events.length);
  const bad: string[] = [];
  const check = (where: string, found: unknown, wanted: unknown) => {
    if (found !== wanted) bad.push(`${where}: found ${String(found)}, wanted ${String(wanted)}`);
  };
  events.forEach((e, i) => {
    const g = got[i];
    const w = `record ${i} (${e.schema.key})`;
    check(`${w} EventID`, g.system.EventID, String(e.eventId));
    check(`${w} Version`, g.system.Version, String(e.version));
    check(`${w} Level`, g.system.Level, String(e.level));
    check(`${w} Task`, g.system.Task, String(e.task));
    check(`${w} Opcode`, g.system.Opcode, String(e.opcode));
    check(`${w} Keywords`, BigInt(g.system.Keywords), e.keywords);
    check(`${w} EventRecordID`, g.system.EventRecordID, String(firstId + i));
    check(`${w} Channel`, g.system.Channel, e.channel);
    check(`${w} Computer`, g.system.Computer, e.computer);
    check(`${w} Provider@Name`, g.system['Provider@Name'], e.providerName);
    check(`${w} Provider@Guid`, g.system['Provider@Guid']?.toUpperCase(), e.providerGuid);
    check(`${w} ProcessID`, g.system['Execution@ProcessID'], String(e.processId));
    check(`${w} ThreadID`, g.system['Execution@ThreadID'], String(e.threadId));
    check(`${w} UserID`, g.system['Security@UserID'] ?? '', e.userId ?? '');
    const t = g.system['TimeCreated@SystemTime'];
    const dt = Math.abs(toolTimeMicros(t) - isoMicros(e.timeCreated));
    if (!(dt <= timeTolerance)) bad.push(`${w} TimeCreated ${t} vs ${e.timeCreated}`);
    check(
      `${w} Data names`,
      g.namedData.map(([n]) => n).join(','),
      e.schema.fields.map((f) => f.name).join(','),
    );
    e.schema.fields.forEach((f, j) => {
      check(
        `${w} ${f.name}`,
        canonicalText(f.type, g.namedData[j]?.[1] ?? ''),
        canonicalValue(f.type, e.values[j]),
      );
    });
  });
  expect(bad.slice(0, 20)).toEqual([]);
}

function dumpBoth(
  path: string,
  python = true,
): { python: RefEvent[]; libevtx: RefEvent[]; info: string } | null {
  const ok =
    requireOrSkip('evtx_dump.py (python3-evtx)', hasTool('evtx_dump.py')) &&
    requireOrSkip('evtxexport (libevtx-utils)', hasTool('evtxexport'));
  if (!ok) return null;
  const py = python ? run('evtx_dump.py', [path]) : { status: 0, stdout: '', stderr: '' };
  expect(py.status, py.stderr).toBe(0);
  const lx = run('evtxexport', ['-f', 'xml', path]);
  expect(lx.status, lx.stderr).toBe(0);
  const info = run('evtxinfo', [path]).stdout;
  return { python: parseReferenceEvents(py.stdout), libevtx: parseReferenceEvents(lx.stdout), info };
}

describe('EVTX writer', () => {
  const events = buildEvents(1500, 7);
  const bytes = writeEvtx(events, { firstRecordId: 41 });
  const path = join(dir, 'all-kinds.evtx');
  writeFileSync(path, bytes);
  if (process.env.KEEP_EVTX) writeFileSync(process.env.KEEP_EVTX, bytes);

  it('writes a file header and 64 KiB chunks whose CRCs and counts check out', () => {
    const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const chunks = (bytes.length - 4096) / 65536;
    expect(Number.isInteger(chunks) && chunks > 3).toBe(true);
    expect(v.getUint16(42, true)).toBe(chunks);
    expect(v.getUint32(24, true)).toBe(41 + events.length);
    expect(v.getUint32(124, true)).toBe(crc32(bytes, 0, 120));
    let records = 0;
    let expectId = 41;
    for (let c = 0; c < chunks; c++) {
      const o = 4096 + c * 65536;
      const chunk = bytes.subarray(o, o + 65536);
      const cv = new DataView(chunk.buffer, chunk.byteOffset, 65536);
      expect(cv.getUint32(124, true)).toBe(crc32(chunk, 128, 512, crc32(chunk, 0, 120)));
      const free = cv.getUint32(48, true);
      expect(cv.getUint32(52, true)).toBe(crc32(chunk, 512, free));
      expect(cv.getUint32(24, true)).toBe(expectId);
      for (let p = 512; p < free; ) {
        const size = cv.getUint32(p + 4, true);
        expect(cv.getUint32(p, true)).toBe(0x2a2a);
        expect(cv.getUint32(p + size - 4, true)).toBe(size);
        expect(cv.getUint32(p + 8, true)).toBe(expectId++);
        records++;
        p += size;
      }
      expect(cv.getUint32(32, true)).toBe(expectId - 1);
    }
    expect(records).toBe(events.length);
  });

  it('is read by evtxexport with every System and EventData value as written', () => {
    const d = dumpBoth(path, false);
    if (!d) return;
    expect(d.info, d.info).toMatch(/Number of records\s*:\s*1500/);
    expect(d.info).toMatch(/Version\s*:\s*3\.2/);
    expect(d.info).not.toMatch(/corrupted|dirty/i);
    compareToTool(events, d.libevtx, 41, 0);
  });

  it('is read by evtx_dump.py with every System and EventData value as written', () => {
    // python-evtx is slow (~70 records/s under load): a 5-chunk prefix of the same events.
    const few = events.slice(0, 400);
    const p = join(dir, 'few.evtx');
    writeFileSync(p, writeEvtx(few, { firstRecordId: 41 }));
    const d = dumpBoth(p);
    if (!d) return;
    compareToTool(few, d.python, 41, 3);
  });

  it('keeps arbitrary strings intact through both reference tools', () => {
    if (!requireOrSkip('evtxexport', hasTool('evtxexport'))) return;
    const printable = fc
      .string({ unit: fc.constantFrom(...'abcXYZ019 \\/:.-_&<>"\'%{}()[]äöü東京'.split('')), maxLength: 300 })
      // libfwevt 20181227 fails on a one-character string that needs XML escaping (`<`, `>`, `&`).
      .filter((s) => s.trim() === s && !/^[<>&]$/.test(s));
    fc.assert(
      fc.property(fc.array(printable, { minLength: 1, maxLength: 40 }), (strings) => {
        const evs = strings.map((s, i) =>
          makeEvent(
            EVENTS.sysmonFileCreate,
            { computer: 'WS01', time: '2026-10-14T10:02:11.0000000Z', processId: 1, threadId: 2 },
            {
              RuleName: '-',
              UtcTime: '2026-10-14 10:02:11.000',
              ProcessGuid: '{00000000-0000-0000-0000-000000000000}',
              ProcessId: i,
              Image: s,
              TargetFilename: `C:\\x\\${s}`,
              CreationUtcTime: '2026-10-14 10:02:11.000',
            },
          ),
        );
        const p = join(dir, 'strings.evtx');
        writeFileSync(p, writeEvtx(evs));
        const d = dumpBoth(p)!;
        compareToTool(evs, d.libevtx, 1, 0);
        compareToTool(evs, d.python, 1, 3);
      }),
      { numRuns: 6, seed: 42 },
    );
  });

  it('writes an empty log as a header and one empty chunk that the tools accept', () => {
    const empty = writeEvtx([]);
    expect(empty.length).toBe(4096 + 65536);
    const p = join(dir, 'empty.evtx');
    writeFileSync(p, empty);
    if (!requireOrSkip('evtxinfo (libevtx-utils)', hasTool('evtxinfo'))) return;
    const info = run('evtxinfo', [p]);
    expect(info.status).toBe(0);
    expect(info.stdout).toMatch(/Number of records\s*:\s*0\b/);
  });

  it('round-trips through our own EVTX parser', async () => {
    const diagnostics: Diagnostic[] = [];
    const got: NormalizedEvent[] = [];
    const summary = await evtxParser.parse(
      memorySource(bytes),
      { fileName: 'all-kinds.evtx', diagnostics },
      (r) => evtxParser.toEvents(r, (e) => got.push(e)),
    );
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(summary.ok).toBe(events.length);
    expect(got.length).toBe(events.length);
    events.forEach((e, i) => {
      const g = got[i];
      expect(g.eventId).toBe(e.eventId);
      expect(g.computer).toBe(e.computer);
      expect(g.source).toBe(e.channel);
      expect(g.ref).toBe(41 + i);
      e.schema.fields.forEach((f, j) => {
        const text = g.fields[f.name];
        expect(text, `${e.schema.key} ${f.name}`).toBeDefined();
        expect(canonicalText(f.type, text), `${e.schema.key} ${f.name}`).toBe(
          canonicalValue(f.type, e.values[j]),
        );
      });
    });
  });
});
