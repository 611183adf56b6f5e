// The app's case on the main thread: the CaseStore, the worker pool, and the ingest queue.
// Files are queued through the pool (never one worker per file); each outcome is merged into the
// store; archives expand into one file entry per member. Listeners hear about changes at most
// once per animation frame, so thousands of progress updates do not flood React.
import type { Evaluation } from '../analysis/checklist/types';
import { UNASSIGNED } from '../model/case';
import { CaseStore } from '../model/case-store';
import { ARTIFACT_BY_CODE } from '../model/artifact';
import { type IndexIntoEventsTable, type IndexIntoFileTable, rowFields } from '../model/events-table';
import type { DroppedFile } from '../ingest/folder-walk';
import type { FileOrigin } from '../ingest/open-artifact';
import type { ParseOutcome } from '../pipeline/parse-outcome';
import { type CreateWorker, ParseClient, type ParseClientOptions } from '../workers/parse-client';
import type { JobResult } from '../workers/pool';
import { analyseCase } from './optional-analysis';
import { formatTime } from './time-format';

/** Least time between change notifications while files are loading (ms). */
export const NOTIFY_BUSY_MS = 250;

export interface IngestProgress {
  /** Files in the current drop (including archive members found so far). */
  total: number;
  finished: number;
  /** Sum of percent/100 over running files, for a smooth overall bar. */
  partial: number;
  running: boolean;
}

export type { CreateWorker };

/** Extra per-file facts the CaseStore does not hold. */
export interface FileExtra {
  /** 'zip' for an expanded archive, else null. */
  container: 'zip' | null;
  /** How detection recognised the file. */
  detail: string;
  /** Id of the archive a member came from, -1 otherwise. */
  parent: IndexIntoFileTable;
}

export class CaseController {
  readonly store = new CaseStore();
  readonly extras: FileExtra[] = [];
  evaluation: Evaluation | null = null;
  toolNames: string[] = ['nmap'];
  analysisError = '';
  progress: IngestProgress = { total: 0, finished: 0, partial: 0, running: false };

  private readonly parser: ParseClient;
  private readonly origins: (FileOrigin | null)[] = [];
  private readonly controllers = new Map<IndexIntoFileTable, AbortController>();
  private readonly percents = new Map<IndexIntoFileTable, number>();
  private readonly listeners = new Set<() => void>();
  private scheduled = false;
  private lastNotify = 0;
  constructor(createWorker: CreateWorker, poolOptions: ParseClientOptions = {}) {
    this.parser = new ParseClient(createWorker, poolOptions);
  }

  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  dispose(): void {
    this.parser.dispose();
  }

  /**
   * Tells listeners about changes: once per frame when idle, at most every NOTIFY_BUSY_MS while
   * files load, so a drop of thousands of files does not re-render the views thousands of times.
   */
  private changed(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const flush = () => {
      this.scheduled = false;
      this.lastNotify = Date.now();
      for (const l of this.listeners) l();
    };
    const wait = this.progress.running ? Math.max(0, NOTIFY_BUSY_MS - (Date.now() - this.lastNotify)) : 0;
    if (wait > 0) setTimeout(flush, wait);
    else if (typeof requestAnimationFrame === 'function') requestAnimationFrame(flush);
    else setTimeout(flush, 16);
  }

  addFiles(files: DroppedFile[]): void {
    if (!this.progress.running) this.progress = { total: 0, finished: 0, partial: 0, running: true };
    const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    for (const f of sorted) {
      const id = this.register(f.path, f.blob.size, { kind: 'blob', blob: f.blob }, -1);
      this.enqueue(id);
    }
    this.changed();
  }

  /** Entries a folder walk could not read: listed as failed, with the reason. */
  addProblems(problems: { path: string; reason: string }[]): void {
    for (const p of problems) {
      const id = this.register(p.path, 0, null, -1);
      this.store.setState(id, { kind: 'failed', reason: p.reason });
    }
    if (problems.length > 0) this.changed();
  }

  private register(
    path: string,
    size: number,
    origin: FileOrigin | null,
    parent: IndexIntoFileTable,
  ): number {
    const id = this.store.addFile(path, size);
    this.origins[id] = origin;
    this.extras[id] = { container: null, detail: '', parent };
    return id;
  }

  private enqueue(id: IndexIntoFileTable): void {
    const origin = this.origins[id];
    const file = this.store.files[id];
    if (!origin) return;
    const controller = new AbortController();
    this.controllers.set(id, controller);
    this.percents.set(id, 0);
    this.progress.total++;
    this.progress.running = true;
    this.store.setState(id, { kind: 'queued' });
    // Progress messages may arrive after the result: only a live job may show progress.
    const show = (percent: number) => {
      const kind = this.store.files[id].state.kind;
      if (this.controllers.get(id) === controller && (kind === 'queued' || kind === 'parsing')) {
        this.store.setState(id, { kind: 'parsing', percent: Math.min(99, percent) });
        this.percents.set(id, percent / 100);
        this.recomputePartial();
        this.changed();
      }
    };
    void this.parser
      .parseFile(origin, file.path, { signal: controller.signal, onProgress: show })
      .then((r) => this.finish(id, r));
  }

  private recomputePartial(): void {
    let p = 0;
    for (const v of this.percents.values()) p += v;
    this.progress.partial = p;
  }

  private finish(id: IndexIntoFileTable, r: JobResult<ParseOutcome>): void {
    this.controllers.delete(id);
    this.percents.delete(id);
    this.recomputePartial();
    this.progress.finished++;
    try {
      this.apply(id, r);
    } catch (e) {
      this.store.setState(id, {
        kind: 'failed',
        reason: `could not merge the result: ${(e as Error).message}`,
      });
    }
    if (this.controllers.size === 0) {
      this.progress.running = false;
      this.runAnalysis();
    }
    this.changed();
  }

  private apply(id: IndexIntoFileTable, r: JobResult<ParseOutcome>): void {
    if (!r.ok) {
      this.store.setState(id, r.aborted ? { kind: 'cancelled' } : { kind: 'failed', reason: r.error });
      return;
    }
    const out = r.value;
    const f = this.store.files[id];
    switch (out.kind) {
      case 'parsed':
        this.extras[id].detail = out.detail;
        this.store.setArtifact(id, out.artifact);
        this.store.complete(id, out.batch, out.summary, out.diagnostics, out.computer);
        return;
      case 'unsupported':
        this.store.setArtifact(id, null);
        this.store.setState(id, { kind: 'unsupported', reason: out.reason });
        return;
      case 'failed':
        if (out.container === 'zip') this.extras[id].container = 'zip';
        this.store.setState(id, { kind: 'failed', reason: out.reason });
        return;
      case 'archive': {
        const blob = (this.origins[id] as FileOrigin).blob;
        this.extras[id].container = 'zip';
        this.extras[id].detail =
          `zip archive: ${out.members.length} members opened, ${out.skipped.length} skipped`;
        this.store.setState(id, { kind: 'done', ok: out.members.length, errors: out.skipped.length });
        for (const m of out.members) {
          const child = this.register(
            `${f.path}/${m.path}`,
            m.uncompressedSize,
            { kind: 'zip-member', blob, member: m },
            id,
          );
          this.enqueue(child);
        }
        for (const s of out.skipped) {
          const child = this.register(`${f.path}/${s.path}`, 0, null, id);
          this.store.setState(child, { kind: 'unsupported', reason: s.reason });
        }
        return;
      }
    }
  }

  private runAnalysis(): void {
    this.analysisError = '';
    try {
      this.evaluation = analyseCase(this.store, this.toolNames);
    } catch (e) {
      this.analysisError = `analysis failed: ${(e as Error).message}`;
    }
    this.store.touch();
  }

  cancelFile(id: IndexIntoFileTable): void {
    const c = this.controllers.get(id);
    if (c) c.abort();
  }

  cancelAll(): void {
    for (const c of [...this.controllers.values()]) c.abort();
  }

  retryFile(id: IndexIntoFileTable): void {
    const f = this.store.files[id];
    if (!f || this.controllers.has(id) || !this.origins[id]) return;
    if (f.state.kind === 'done' && f.summary) return;
    if (!this.progress.running) this.progress = { total: 0, finished: 0, partial: 0, running: true };
    this.enqueue(id);
    this.changed();
  }

  renameHost(id: number, name: string): void {
    this.store.hosts.rename(id, name);
    this.store.touch();
    this.changed();
  }

  mergeHosts(from: number, into: number): void {
    this.store.hosts.merge(from, into);
    this.store.touch();
    this.changed();
  }

  assignFile(file: IndexIntoFileTable, host: number): void {
    this.store.assignFile(file, host);
    this.changed();
  }

  setToolNames(names: string[]): void {
    this.toolNames = names.map((n) => n.trim()).filter(Boolean);
    if (!this.progress.running) this.runAnalysis();
    this.changed();
  }

  async loadRecordDetail(row: IndexIntoEventsTable): Promise<string> {
    const t = this.store.table;
    if (row < 0 || row >= t.length) return `row ${row} is not in the table`;
    const fileId = t.file[row];
    const file = this.store.files[fileId];
    const origin = this.origins[fileId];
    const artifact = ARTIFACT_BY_CODE[t.artifact[row]];
    if (artifact === 'evtx' && origin) {
      const r = await this.parser.recordDetail(origin, file.path, t.offset[row]);
      if (r.ok && r.value) return r.value;
      if (!r.ok) return `${fieldsText(this, row)}\n\n(record XML unavailable: ${r.error})`;
    }
    return fieldsText(this, row);
  }

  /** Demo case from the scenario writer, generated in a worker. */
  async loadDemo(variant: string): Promise<string> {
    const r = await this.parser.generateDemo(variant, 1);
    if (!r.ok) return r.error;
    this.addFiles(
      r.value.map((f) => ({ path: f.path, blob: new Blob([f.bytes as Uint8Array<ArrayBuffer>]) })),
    );
    return '';
  }

  async demoZip(variant: string): Promise<Blob | string> {
    const r = await this.parser.demoZip(variant, 1);
    if (!r.ok) return r.error;
    return new Blob([r.value as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
  }

  hostName(id: number): string {
    return id === UNASSIGNED ? '(unassigned)' : this.store.hosts.name(id);
  }
}

function fieldsText(c: CaseController, row: IndexIntoEventsTable): string {
  const t = c.store.table;
  const file = c.store.files[t.file[row]];
  const lines = [
    `artifact: ${ARTIFACT_BY_CODE[t.artifact[row]]}`,
    `time: ${formatTime(t.timeMs[row], 'UTC', t.tick[row])}`,
    `file: ${file?.path ?? '?'}`,
    `host: ${c.hostName(c.store.hostOfRow(row))}`,
    `source: ${t.strings[t.source[row]]}`,
    `event id: ${t.eventId[row]}`,
    `ref: ${t.ref[row]}`,
    `offset: 0x${t.offset[row].toString(16)}`,
    `label: ${t.strings[t.label[row]]}`,
    `summary: ${t.strings[t.summary[row]]}`,
    '',
  ];
  for (const [k, v] of Object.entries(rowFields(t, row))) lines.push(`${k}: ${v}`);
  return lines.join('\n');
}
