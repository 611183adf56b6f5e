// PLACEHOLDER until the usn parser lands; replaced by the parser's own entry point.
import type { ArtifactParser } from '../types';

export const usnParser: ArtifactParser<never> = {
  kind: 'usn',
  parse: async (_src, ctx) => {
    ctx.diagnostics.push({
      severity: 'error',
      file: ctx.fileName,
      offset: -1,
      field: 'usn',
      expected: 'a parser',
      found: 'none yet',
      message: '',
    });
    return { artifact: 'usn', ok: 0, errors: 1, firstTimeMs: Number.NaN, lastTimeMs: Number.NaN, info: {} };
  },
  toJson: () => ({}),
  toEvents: () => {},
};
