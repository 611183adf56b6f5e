import { describe, expect, it } from 'vitest';
import type { NormalizedEvent } from '../parsers/types';
import { EventsBuilder, rowFields } from './events-table';

function ev(i: number): NormalizedEvent {
  const fields: Record<string, string> = {};
  for (let k = 0; k < i % 7; k++) fields[`F${k}`] = `v${i}-${k}`;
  return {
    artifact: i % 2 ? 'evtx' : 'usn',
    timeMs: 1_700_000_000_000 + i,
    tick: i % 10_000,
    eventId: i % 65_536,
    source: `S${i % 3}`,
    computer: 'WS01',
    ref: i,
    offset: i * 512,
    label: `L${i % 5}`,
    summary: `row ${i}`,
    fields,
  };
}

describe('events builder', () => {
  it('keeps every row and field across many growths and returns exact-length columns', () => {
    const b = new EventsBuilder();
    const n = 70_001;
    for (let i = 0; i < n; i++) b.add(ev(i));
    const out = b.finish();
    expect(out.length).toBe(n);
    let fields = 0;
    for (let i = 0; i < n; i++) fields += i % 7;
    expect(out.fieldsLength).toBe(fields);
    for (const i of [0, 1, 1023, 1024, 1025, 4096, 50_000, n - 1]) {
      expect(out.timeMs[i]).toBe(1_700_000_000_000 + i);
      expect(out.offset[i]).toBe(i * 512);
      expect(out.tick[i]).toBe(i % 10_000);
      expect(out.strings[out.summary[i]]).toBe(`row ${i}`);
      expect(Object.keys(rowFields(out, i)).length).toBe(i % 7);
      if (i % 7) expect(rowFields(out, i)[`F${(i % 7) - 1}`]).toBe(`v${i}-${(i % 7) - 1}`);
    }
    // The columns carry no spare capacity: what a worker transfers is what the rows hold.
    expect(out.timeMs.buffer.byteLength).toBe(n * 8);
    expect(out.fieldValue.buffer.byteLength).toBe(fields * 4);
    expect(out.timeMs.length).toBe(n);
  });

  it('an empty builder finishes with empty columns', () => {
    const out = new EventsBuilder().finish();
    expect(out.length).toBe(0);
    expect(out.timeMs.length).toBe(0);
    expect(out.fieldKey.length).toBe(0);
  });
});
