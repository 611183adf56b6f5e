// Per-file cap on diagnostics shown in the app: a badly damaged file must not ship millions of
// findings to the main thread. The cap itself is reported as one more (info) diagnostic.
import { MAX_DIAGNOSTICS_PER_FILE } from '../ingest/limits';
import type { Diagnostic } from '../parsers/types';

export function capDiagnostics(list: Diagnostic[], fileName: string): Diagnostic[] {
  if (list.length <= MAX_DIAGNOSTICS_PER_FILE) return list;
  const kept = list.slice(0, MAX_DIAGNOSTICS_PER_FILE);
  kept.push({
    severity: 'info',
    file: fileName,
    offset: -1,
    field: 'diagnostics',
    expected: `at most ${MAX_DIAGNOSTICS_PER_FILE}`,
    found: String(list.length),
    message: `${list.length - MAX_DIAGNOSTICS_PER_FILE} more diagnostics not shown`,
  });
  return kept;
}
