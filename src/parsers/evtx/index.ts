// PLACEHOLDER until the evtx parser lands; replaced by the parser's own entry point.
import type { ArtifactParser } from '../types';

export const evtxParser: ArtifactParser<never> = {
  kind: 'evtx',
  parse: async (_src, ctx) => {
    ctx.diagnostics.push({
      severity: 'error',
      file: ctx.fileName,
      offset: -1,
      field: 'evtx',
      expected: 'a parser',
      found: 'none yet',
      message: '',
    });
    return { artifact: 'evtx', ok: 0, errors: 1, firstTimeMs: Number.NaN, lastTimeMs: Number.NaN, info: {} };
  },
  toJson: () => ({}),
  toEvents: () => {},
};
