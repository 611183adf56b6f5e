// PLACEHOLDER until the mft parser lands; replaced by the parser's own entry point.
import type { ArtifactParser } from '../types';

export const mftParser: ArtifactParser<never> = {
  kind: 'mft',
  parse: async (_src, ctx) => {
    ctx.diagnostics.push({
      severity: 'error',
      file: ctx.fileName,
      offset: -1,
      field: 'mft',
      expected: 'a parser',
      found: 'none yet',
      message: '',
    });
    return { artifact: 'mft', ok: 0, errors: 1, firstTimeMs: Number.NaN, lastTimeMs: Number.NaN, info: {} };
  },
  toJson: () => ({}),
  toEvents: () => {},
};
