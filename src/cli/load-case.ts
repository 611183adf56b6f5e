// Builds a CaseStore from paths on disk (files and folders), the CLI's equivalent of dropping
// them on the page. Same parse core as the worker.
import { resolveUsnPaths } from '../analysis/usn-paths';
import { CaseStore } from '../model/case-store';
import { formatDiagnostic } from '../parsers/types';
import { parseToBatch } from '../workers/parse-core';
import { openArtifact } from './open-artifact';
import { walkPaths } from './walk';

export async function loadCase(
  paths: string[],
  stderr: (s: string) => void,
): Promise<{ store: CaseStore; failed: number }> {
  const store = new CaseStore();
  let failed = 0;
  for (const path of await walkPaths(paths)) {
    const opened = await openArtifact(path);
    const id = store.addFile(path, opened.src.size);
    try {
      const r = await parseToBatch(opened.src, path);
      if (!r.batch || !r.summary) {
        const reason = r.detected.kind === 'unknown' ? r.detected.reason : `${r.detected.kind} container`;
        store.setState(id, { kind: 'unsupported', reason });
        continue;
      }
      store.setArtifact(id, r.summary.artifact);
      store.complete(id, r.batch, r.summary, r.diagnostics, r.computer);
      for (const d of r.diagnostics)
        if (d.severity === 'error') stderr(`${d.severity}: ${formatDiagnostic(d)}`);
    } catch (e) {
      failed++;
      store.setState(id, { kind: 'failed', reason: (e as Error).message });
      stderr(`${path}: failed: ${(e as Error).message}`);
    } finally {
      await opened.close();
    }
  }
  if (resolveUsnPaths(store.table, store.strings, (row) => store.hostOfRow(row)) > 0) store.touch();
  return { store, failed };
}
