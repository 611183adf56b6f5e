// Maps an artifact kind to its parser. The dispatcher (detect.ts) picks the kind from bytes.
import { evtxParser } from './evtx/index';
import { mftParser } from './mft/index';
import { prefetchParser } from './prefetch/index';
import type { ArtifactKind, ArtifactParser } from './types';
import { usnParser } from './usn/index';

export const PARSERS: Record<ArtifactKind, ArtifactParser<unknown>> = {
  evtx: evtxParser as ArtifactParser<unknown>,
  prefetch: prefetchParser as ArtifactParser<unknown>,
  mft: mftParser as ArtifactParser<unknown>,
  usn: usnParser as ArtifactParser<unknown>,
};
