// PLACEHOLDER until the prefetch parser lands; replaced by the parser's own entry point.
import type { ArtifactParser } from '../types';

export const prefetchParser: ArtifactParser<never> = {
  kind: 'prefetch',
  parse: async (_src, ctx) => {
    ctx.diagnostics.push({
      severity: 'error',
      file: ctx.fileName,
      offset: -1,
      field: 'prefetch',
      expected: 'a parser',
      found: 'none yet',
      message: '',
    });
    return {
      artifact: 'prefetch',
      ok: 0,
      errors: 1,
      firstTimeMs: Number.NaN,
      lastTimeMs: Number.NaN,
      info: {},
    };
  },
  toJson: () => ({}),
  toEvents: () => {},
};
