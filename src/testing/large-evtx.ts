// Test support: an EVTX log above the split threshold, made of a real sample's chunks written
// twice behind its header (418 chunks), for the split tests.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SAMPLES } from './samples';

export const LARGE_EVTX_SOURCE = join(
  SAMPLES,
  'evtx',
  'museum-Win10-RathbunVM__Microsoft-Windows-Store%4Operational.evtx',
);

export const haveLargeEvtxSource = (): boolean => existsSync(LARGE_EVTX_SOURCE);

export function buildLargeEvtx(): Uint8Array<ArrayBuffer> {
  const src = new Uint8Array(readFileSync(LARGE_EVTX_SOURCE));
  const chunks = src.subarray(4096);
  const out = new Uint8Array(4096 + chunks.length * 2);
  out.set(src.subarray(0, 4096));
  out.set(chunks, 4096);
  out.set(chunks, 4096 + chunks.length);
  return out;
}
