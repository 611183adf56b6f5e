// Builds a CaseStore from paths on disk (files and folders), the CLI's equivalent of dropping
// them on the page: the same open → unwrap → detect → parse path as the parse worker.
import { resolveUsnPaths } from '../analysis/usn-paths';
import { CLI_MAX_INFLATED } from '../ingest/limits';
import { CaseStore } from '../model/case-store';
import { parseSource } from '../pipeline/parse-outcome';
import { formatDiagnostic } from '../parsers/types';
import { openFileSource } from './node-source';
import { walkPaths } from './walk';

export async function loadCase(
  paths: string[],
  stderr: (s: string) => void,
): Promise<{ store: CaseStore; failed: number }> {
  const store = new CaseStore();
  let failed = 0;
  for (const path of await walkPaths(paths)) {
    const file = await openFileSource(path);
    const id = store.addFile(path, file.size);
    try {
      const r = await parseSource(file, path, { maxInflated: CLI_MAX_INFLATED });
      switch (r.kind) {
        case 'parsed':
          store.setArtifact(id, r.artifact);
          store.complete(id, r.batch, r.summary, r.diagnostics, r.computer);
          for (const d of r.diagnostics)
            if (d.severity === 'error') stderr(`${d.severity}: ${formatDiagnostic(d)}`);
          break;
        case 'unsupported':
          store.setState(id, { kind: 'unsupported', reason: r.reason });
          break;
        case 'archive':
          store.setState(id, { kind: 'unsupported', reason: 'zip container' });
          break;
        case 'failed':
          failed++;
          store.setState(id, { kind: 'failed', reason: r.reason });
          stderr(`${path}: failed: ${r.reason}`);
          break;
      }
    } finally {
      await file.close();
    }
  }
  if (resolveUsnPaths(store.table, store.strings, (row) => store.hostOfRow(row)) > 0) store.touch();
  return { store, failed };
}
