// Test support: generated files loaded into a CaseStore through the app's own parse path
// (pipeline/parse-outcome.ts), as a drop would load them.
import { CaseStore } from '../model/case-store';
import { memorySource } from '../parsers/types';
import { parseSource } from '../pipeline/parse-outcome';

/** Every file parsed and added; a file that does not parse throws, naming it. */
export async function loadFilesIntoStore(
  files: readonly { path: string; bytes: Uint8Array }[],
): Promise<CaseStore> {
  const store = new CaseStore();
  for (const f of files) {
    const id = store.addFile(f.path, f.bytes.length);
    const r = await parseSource(memorySource(f.bytes), f.path);
    if (r.kind !== 'parsed') throw new Error(`${f.path}: not parsed (${r.kind})`);
    store.setArtifact(id, r.artifact);
    store.complete(id, r.batch, r.summary, r.diagnostics, r.computer);
  }
  return store;
}
