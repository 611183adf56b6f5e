// The parse worker, inlined into the single-file build as a blob: URL iife (DESIGN.md §6).
import ParseWorker from './parse.worker?worker&inline';
import type { WorkerLike } from './pool';

export function createWorker(): WorkerLike {
  return new ParseWorker({ name: 'tracelens-parse' });
}
