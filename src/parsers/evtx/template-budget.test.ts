import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EvtxEvent } from '../../writers/evtx/event';
import { dagEventSchema, dagTopsFor, soundEvent, templateDag } from '../../writers/evtx/template-dag';
import type { TemplateDefinition } from '../../writers/evtx/template-tree';
import { EvtxWriter } from '../../writers/evtx/write-evtx';
import { type Diagnostic, memorySource } from '../types';
import { MAX_RECORD_FIELDS, MAX_RECORD_NODES } from './binxml/budget';
import { FieldSink } from './binxml/plan';
import { newChunkParseState, parseChunk } from './chunk';
import { type EvtxRecord, evtxParser, evtxToJson, renderRecordXml } from './index';

function sound(i: number): EvtxEvent {
  return soundEvent(i, `C:\\Tools\\tool${i}.exe`);
}

function withTops(i: number, key: string, tops: TemplateDefinition[]): EvtxEvent {
  return { ...sound(i), schema: dagEventSchema(key, tops), values: [] };
}

/** Sound records, the odd one at position 3, sound records after it filling a second chunk. */
function file(odd: EvtxEvent | null): Uint8Array {
  const w = new EvtxWriter();
  for (let i = 0; i < 3; i++) w.add(sound(i));
  w.add(odd ?? sound(1000));
  for (let i = 3; i < 300; i++) w.add(sound(i));
  return w.finish();
}

async function parse(bytes: Uint8Array) {
  const out = { records: [] as EvtxRecord[], diagnostics: [] as Diagnostic[] };
  const ctx = { fileName: 'f.evtx', diagnostics: out.diagnostics };
  const summary = await evtxParser.parse(memorySource(bytes), ctx, (r) => out.records.push(r));
  return { ...out, summary };
}

/** Absolute offsets of the definitions of `defs` (found by their GUID bytes after the 4-byte next offset). */
function definitionOffsets(bytes: Uint8Array, defs: readonly TemplateDefinition[]): number[] {
  return defs.map((d) => {
    const h = d.guid.slice(1, -1).replace(/-/g, '');
    const g = [
      ...[6, 4, 2, 0].map((i) => h.slice(i, i + 2)),
      ...[10, 8].map((i) => h.slice(i, i + 2)),
      ...[14, 12].map((i) => h.slice(i, i + 2)),
      ...Array.from({ length: 8 }, (_, i) => h.slice(16 + i * 2, 18 + i * 2)),
    ].map((x) => Number.parseInt(x, 16));
    outer: for (let p = 0; p + 16 <= bytes.length; p++) {
      for (let j = 0; j < 16; j++) if (bytes[p + j] !== g[j]) continue outer;
      return p - 4;
    }
    throw new Error(`definition of ${d.key} not found`);
  });
}

function comparable(r: EvtxRecord) {
  const { offset: _o, chunkIndex: _c, ...rest } = evtxToJson(r, 'f.evtx');
  return rest;
}

describe('EVTX template expansion budget', () => {
  it.each([false, true])(
    'a 2^24-node template DAG record is an error naming its template; every sound record comes out (distinct names: %s)',
    async (distinct) => {
      const dag = templateDag(24, distinct);
      const bytes = file(withTops(1000, 'dag', [dag[24]]));
      const control = await parse(file(null));
      const got = await parse(bytes);
      expect(got.summary.errors).toBe(1);
      expect(got.summary.ok).toBe(300);
      expect(got.records.map(comparable)).toEqual(
        control.records.filter((r) => r.recordId !== 4).map(comparable),
      );
      expect(new Set(got.records.map((r) => r.chunkIndex)).size).toBeGreaterThan(1);
      const errors = got.diagnostics.filter((d) => d.severity === 'error');
      expect(errors).toHaveLength(1);
      const e = errors[0];
      expect(e.field).toMatch(/^chunk\[0\]\.record@0x[0-9a-f]+\.template\.expansion\.(nodes|fields|chars)$/);
      expect(definitionOffsets(bytes, dag)).toContain(e.offset);
      expect(e.expected).toMatch(/^<= \d+ (expanded nodes|fields|output characters) per record$/);
      expect(e.found).toBe(
        `more while expanding the template at chunk offset 0x${(e.offset - 0x1000).toString(16)}`,
      );
      expect(e.message).toBe('record 4 skipped');
      const dagRecordOffset = Number.parseInt(/record@0x([0-9a-f]+)/.exec(e.field)![1], 16);
      const xml = await renderRecordXml(memorySource(bytes), dagRecordOffset, 'f.evtx');
      expect(xml).toMatch(
        /^<!-- f\.evtx: chunk\[0\]\.record@0x[0-9a-f]+\.template\.expansion\.(nodes|chars) at 0x[0-9a-f]+: expected <= \d+ /,
      );
      expect(xml.length).toBeLessThan(1000);
    },
  );

  it('a record of 50,000 `Data Name="x"` fields within budget gets x, x[2] … x[50000], with linear name probes', () => {
    const n = 50_000;
    expect(n).toBeLessThan(MAX_RECORD_FIELDS);
    const bytes = file(withTops(1000, 'many', dagTopsFor(n, templateDag(15))));
    const st = newChunkParseState('f.evtx', []);
    const records: EvtxRecord[] = [];
    parseChunk(bytes.subarray(0x1000, 0x11000), 0x1000, 0, st, (r) => records.push(r));
    const many = records.find((r) => r.recordId === 4)!;
    const keys = Object.keys(many.data);
    expect(keys).toHaveLength(n);
    expect(keys[0]).toBe('x');
    for (let i = 1; i < n; i++) if (keys[i] !== `x[${i + 1}]`) expect(keys[i]).toBe(`x[${i + 1}]`);
    expect(new Set(Object.values(many.data))).toEqual(new Set(['A']));
    expect(st.stats.errors).toBe(0);
    // every record of the chunk is counted: one lookup per stored name plus one per suffix tried
    let fields = 0;
    for (const r of records) fields += Object.keys(r.data).length;
    expect(st.sink.probes).toBeLessThanOrEqual(2 * fields);
    expect(3 * n).toBeLessThan(MAX_RECORD_NODES);
  });

  it('repeated names keep the suffix scheme of the one-by-one search (literal `x[2]` names included)', () => {
    /** The scheme as it always was: the smallest free i >= 2, searched from 2 each time. */
    function reference(keys: string[]): string[] {
      const data: Record<string, true> = Object.create(null);
      const out: string[] = [];
      for (let key of keys) {
        if (key in data) {
          let i = 2;
          while (`${key}[${i}]` in data) i++;
          key = `${key}[${i}]`;
        }
        data[key] = true;
        out.push(key);
      }
      return out;
    }
    const name = fc.constantFrom('x', 'x[2]', 'x[3]', 'x[2][2]', 'y', '__proto__', 'Data[1]');
    fc.assert(
      fc.property(fc.array(name, { maxLength: 60 }), (keys) => {
        const sink = new FieldSink();
        sink.reset();
        for (const k of keys) sink.add(k, 'v');
        expect(Object.keys(sink.data)).toEqual(reference(keys));
        expect(sink.probes).toBeLessThanOrEqual(2 * keys.length);
        sink.reset();
        expect(Object.keys(sink.data)).toEqual([]);
        for (const k of keys) sink.add(k, 'v');
        expect(Object.keys(sink.data)).toEqual(reference(keys));
      }),
    );
  });
});
