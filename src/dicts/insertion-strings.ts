// `%%NNNN` insertion strings -> names, for display beside the raw values (which stay raw in the
// parsed data). Combines the WFP, access-right and miscellaneous tables.
import { ACCESS_RIGHTS, MISC_INSERTION_STRINGS, TOKEN_ELEVATION_TYPES } from './access-rights';
import { WFP_DIRECTIONS, WFP_LAYERS } from './wfp';

export const INSERTION_STRINGS: Record<string, string> = {
  ...WFP_DIRECTIONS,
  ...WFP_LAYERS,
  ...ACCESS_RIGHTS,
  ...TOKEN_ELEVATION_TYPES,
  ...MISC_INSERTION_STRINGS,
};

const CODE_RE = /%%\d+/g;

/** True when the value contains a `%%NNNN` code. */
export function hasInsertionString(value: string): boolean {
  return value.includes('%%');
}

/**
 * Maps `%%NNNN` codes to names. A whitespace-separated list of codes (AccessList) becomes the
 * names joined with `, `; unknown codes are kept as they are; other text is returned unchanged.
 */
export function decodeInsertionString(value: string): string {
  if (!value.includes('%%')) return value;
  const trimmed = value.trim();
  if (/^(%%\d+\s*)+$/.test(trimmed)) {
    return trimmed
      .split(/\s+/)
      .map((c) => INSERTION_STRINGS[c] ?? c)
      .join(', ');
  }
  return value.replace(CODE_RE, (c) => INSERTION_STRINGS[c] ?? c);
}
