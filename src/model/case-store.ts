// Mutable case state shared by the app (main thread) and the CLI: file registry, host registry
// and the merged events table. Every mutation bumps `version`.
import type { ArtifactKind, Diagnostic, ParseSummary } from '../parsers/types';
import { ARTIFACT_EVTX } from './artifact';
import { appendBatch, type CaseFile, type FileState, HostRegistry, hostFromPath, UNASSIGNED } from './case';
import { type EventsBatch, type EventsTable, emptyTable, type IndexIntoFileTable } from './events-table';
import { StringTable } from './string-table';

export class CaseStore {
  version = 0;
  readonly files: CaseFile[] = [];
  readonly hosts = new HostRegistry();
  readonly strings = new StringTable();
  table: EventsTable = emptyTable();

  addFile(path: string, size: number): IndexIntoFileTable {
    const id = this.files.length;
    const fromPath = hostFromPath(path);
    this.files.push({
      id,
      path,
      size,
      artifact: null,
      state: { kind: 'queued' },
      host: fromPath ? this.hosts.getOrAdd(fromPath) : UNASSIGNED,
      diagnostics: [],
      summary: null,
    });
    this.version++;
    return id;
  }

  setState(id: IndexIntoFileTable, state: FileState): void {
    this.files[id].state = state;
    this.version++;
  }

  setArtifact(id: IndexIntoFileTable, artifact: ArtifactKind | null): void {
    this.files[id].artifact = artifact;
    this.version++;
  }

  /**
   * Merges a parsed file. EVTX rows take their host from Computer; other rows from the file's
   * host (folder structure), else from the EVTX host when the case has exactly one.
   */
  complete(
    id: IndexIntoFileTable,
    batch: EventsBatch,
    summary: ParseSummary,
    diagnostics: Diagnostic[],
    computer: string,
  ): void {
    const f = this.files[id];
    f.summary = summary;
    f.diagnostics = diagnostics;
    if (computer && f.host === UNASSIGNED) f.host = this.hosts.getOrAdd(computer);
    const fileHost = f.host;
    this.table = appendBatch(this.table, this.strings, batch, id, (c) =>
      c ? this.hosts.getOrAdd(c) : fileHost,
    );
    f.state = { kind: 'done', ok: summary.ok, errors: summary.errors };
    this.version++;
  }

  /** Re-points the host column of a file's rows (after assign). */
  assignFile(id: IndexIntoFileTable, host: number): void {
    this.files[id].host = host;
    const t = this.table;
    for (let i = 0; i < t.length; i++) {
      if (t.file[i] === id && (t.artifact[i] !== ARTIFACT_EVTX || !t.strings[t.computer[i]]))
        t.host[i] = host;
    }
    this.version++;
  }

  /** Host of a row after merges; -1 when unassigned. */
  hostOfRow(row: number): number {
    const h = this.table.host[row];
    return h === 0xffffffff ? UNASSIGNED : this.hosts.resolve(h);
  }

  touch(): void {
    this.version++;
  }
}
