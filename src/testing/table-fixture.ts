// Tiny events tables for the analysis tests (timeline, search, fan-out): NormalizedEvents in,
// an EventsTable with file and host columns out.
import { EventsBuilder, type EventsTable } from '../model/events-table';
import type { NormalizedEvent } from '../parsers/types';

export function fixtureEvent(p: Partial<NormalizedEvent>): NormalizedEvent {
  return {
    artifact: 'evtx',
    timeMs: 0,
    tick: 0,
    eventId: 1,
    source: 'Microsoft-Windows-Sysmon/Operational',
    computer: 'WS01',
    ref: 0,
    offset: 0,
    label: '',
    summary: '',
    fields: {},
    ...p,
  };
}

/** `hosts[i]` is row i's host id (default 0; 0xffffffff for none). */
export function fixtureTable(events: NormalizedEvent[], hosts: number[] = []): EventsTable {
  const b = new EventsBuilder();
  for (const e of events) b.add(e);
  const batch = b.finish();
  const host = new Uint32Array(batch.length);
  for (let i = 0; i < batch.length; i++) host[i] = hosts[i] ?? 0;
  return { ...batch, file: new Uint32Array(batch.length), host };
}
