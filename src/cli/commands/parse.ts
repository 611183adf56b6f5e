// tracelens parse <path>... [--format jsonl|csv|ez-csv] [--out FILE | --out PREFIX-or-DIR]
//   [--file-timeout SECONDS]
// Files are parsed one after the other, each within a time budget (a file past it is reported as
// failed and the run goes on); records are written as they come, the parse waiting on the output
// stream's 'drain' before its next read when the stream is behind (memory stays bounded on a slow pipe).
import { createWriteStream, existsSync, statSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { EzCsvSet, type EzFileKind, ezFileName, ezFilesOf } from '../../analysis/export/ez-csv/index';
import { CLI_MAX_INFLATED } from '../../ingest/limits';
import { openArtifact } from '../../ingest/open-artifact';
import { PARSERS } from '../../parsers/registry';
import { type ArtifactKind, type ByteSource, formatDiagnostic, type Diagnostic } from '../../parsers/types';
import { openFileSource } from '../node-source';
import { walkPaths } from '../walk';

/**
 * Default of `tracelens parse --file-timeout`: how long a file may go without progress (no read of
 * it returning) before it is given up. Time spent waiting for a slow output does not count.
 */
export const DEFAULT_FILE_TIMEOUT_SECONDS = 120;

export type FileOpener = (path: string) => Promise<ByteSource & { close(): Promise<void> }>;

export interface ParseOptions {
  paths: string[];
  format: 'jsonl' | 'csv' | 'ez-csv';
  out?: string;
  /** Where records go without `out` (default process.stdout). */
  stream?: Writable;
  /** Seconds a file may go without progress (default DEFAULT_FILE_TIMEOUT_SECONDS). */
  fileTimeoutSeconds?: number;
  /** Opens a file as a ByteSource (default: positional reads from disk). */
  open?: FileOpener;
}

interface FileRun {
  timeoutSeconds: number;
  open: FileOpener;
  /** Resolves when the output can take more; null when it can now. */
  outputReady: () => Promise<void> | null;
}

function fileRun(opts: ParseOptions, outputReady: FileRun['outputReady'] = () => null): FileRun {
  return {
    timeoutSeconds: opts.fileTimeoutSeconds ?? DEFAULT_FILE_TIMEOUT_SECONDS,
    open: opts.open ?? openFileSource,
    outputReady,
  };
}

/**
 * `src` (the parser's: inflated when the file was compressed) whose reads wait until the output
 * has room, and tell `progress` when they return.
 */
function gated(src: ByteSource, ready: FileRun['outputReady'], progress: () => void): ByteSource {
  return {
    size: src.size,
    async read(offset, length) {
      const wait = ready();
      if (wait !== null) await wait;
      const bytes = await src.read(offset, length);
      progress();
      return bytes;
    },
  };
}

/** Watches one file for progress: `stalled` rejects once `seconds` pass without any, outside output waits. */
function stallWatch(seconds: number, run: FileRun, onStall: () => void) {
  let last = Date.now();
  let waiting = false;
  let timer: ReturnType<typeof setInterval> | undefined;
  const progress = () => {
    last = Date.now();
  };
  const ready = (): Promise<void> | null => {
    const wait = run.outputReady();
    if (wait === null) return null;
    waiting = true;
    return wait.then(() => {
      waiting = false;
      progress();
    });
  };
  const stalled = new Promise<never>((_, reject) => {
    timer = setInterval(
      () => {
        if (waiting || Date.now() - last <= seconds * 1000) return;
        onStall();
        reject(new Error(stallReason(seconds)));
      },
      Math.max(5, Math.min(1000, (seconds * 1000) / 4)),
    );
  });
  return { progress, ready, stalled, stop: () => clearInterval(timer) };
}

const stallReason = (seconds: number) => `made no progress for ${seconds} s (--file-timeout)`;

function csvCell(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Opens, detects and parses every file, each within its time budget, reporting on stderr; returns how many failed. */
async function parseFiles(
  files: string[],
  run: FileRun,
  stderr: (s: string) => void,
  recordSink: (artifact: ArtifactKind, path: string) => (rec: unknown) => void,
): Promise<number> {
  let failed = 0;
  for (const path of files) {
    const file = await run.open(path);
    const controller = new AbortController();
    const watch = stallWatch(run.timeoutSeconds, run, () => controller.abort());
    const watched: ByteSource = {
      size: file.size,
      read: (o, n) => gated(file, () => null, watch.progress).read(o, n),
    };
    try {
      const work = parseOne(path, watched, watch, controller.signal, stderr, recordSink);
      // A stalled parse may settle after the file is closed; that outcome is no longer reported.
      work.catch(() => {});
      if (!(await Promise.race([work, watch.stalled]))) failed++;
    } catch (e) {
      failed++;
      stderr(
        `${path}: failed: ${controller.signal.aborted ? stallReason(run.timeoutSeconds) : (e as Error).message}`,
      );
    } finally {
      watch.stop();
      controller.abort();
      await file.close();
    }
  }
  return failed;
}

/** One file: detect, parse, report; false when nothing could be read (or its kind is unsupported). */
async function parseOne(
  path: string,
  src: ByteSource,
  watch: { ready: FileRun['outputReady']; progress: () => void },
  signal: AbortSignal,
  stderr: (s: string) => void,
  recordSink: (artifact: ArtifactKind, path: string) => (rec: unknown) => void,
): Promise<boolean> {
  const opened = await openArtifact(src, { maxInflated: CLI_MAX_INFLATED });
  if (opened.kind !== 'artifact') {
    stderr(
      `${path}: unsupported: ${opened.kind === 'unsupported' ? opened.reason : 'zip archives are opened by the app, not the CLI'}`,
    );
    return true;
  }
  const diagnostics: Diagnostic[] = [];
  const sink = recordSink(opened.artifact, path);
  const summary = await PARSERS[opened.artifact].parse(
    gated(opened.src, watch.ready, watch.progress),
    { fileName: path, diagnostics, signal },
    (rec) => {
      if (!signal.aborted) sink(rec);
    },
  );
  if (signal.aborted) throw new Error('aborted');
  for (const diag of diagnostics) stderr(`${diag.severity}: ${formatDiagnostic(diag)}`);
  stderr(`${path}: ${opened.artifact}: ${summary.ok} ok, ${summary.errors} errors`);
  return !(summary.ok === 0 && summary.errors > 0);
}

/** `--out DIR` (an existing folder) gets his default `<yyyyMMddHHmmss>` stem; anything else is a prefix. */
export function ezPrefix(out: string, now = new Date()): string {
  if (existsSync(out) && statSync(out).isDirectory()) {
    const stamp = now.toISOString().replace(/[-:T]/g, '').slice(0, 14);
    return join(out, stamp);
  }
  return out;
}

async function runEzCsv(opts: ParseOptions, stderr: (s: string) => void): Promise<number> {
  const files = await walkPaths(opts.paths);
  if (!opts.out) {
    const kinds = new Set<EzFileKind>();
    for (const path of files) {
      const file = await openFileSource(path);
      try {
        const opened = await openArtifact(file, { maxInflated: CLI_MAX_INFLATED });
        if (opened.kind === 'artifact') for (const k of ezFilesOf(opened.artifact)) kinds.add(k);
      } finally {
        await file.close();
      }
    }
    const names = [...kinds].map((k) => ezFileName('PREFIX', k));
    stderr(
      `ez-csv writes one CSV per artifact type; give --out PREFIX or --out DIR. These inputs need ${names.length} file(s): ${names.join(', ') || 'none (no supported artifact found)'}`,
    );
    return 2;
  }
  const prefix = ezPrefix(opts.out);
  const streams: WriteStream[] = [];
  const set = new EzCsvSet((kind) => {
    const s = createWriteStream(ezFileName(prefix, kind));
    streams.push(s);
    return { write: (t) => void s.write(t) };
  });
  const failed = await parseFiles(
    files,
    fileRun(opts),
    stderr,
    (artifact, path) => (rec) => set.add(artifact, rec, path),
  );
  await Promise.all(streams.map((s) => new Promise<void>((r) => s.end(r))));
  for (const kind of set.kinds()) stderr(`ez-csv: ${set.rows.get(kind)} rows to ${ezFileName(prefix, kind)}`);
  return failed > 0 ? 1 : 0;
}

export async function runParse(opts: ParseOptions, stderr: (s: string) => void): Promise<number> {
  if (opts.format === 'ez-csv') return runEzCsv(opts, stderr);
  const out: Writable = opts.out ? createWriteStream(opts.out) : (opts.stream ?? process.stdout);
  let pending = '';
  let drained: Promise<void> | null = null;
  const flush = () => {
    if (pending === '') return;
    const ok = out.write(pending);
    pending = '';
    if (!ok && drained === null) {
      drained = new Promise<void>((resolve) =>
        out.once('drain', () => {
          drained = null;
          resolve();
        }),
      );
    }
  };
  const write = (s: string) => {
    pending += s;
    if (pending.length > 1 << 16) flush();
  };
  const outputReady = () => {
    flush();
    return drained;
  };
  const files = await walkPaths(opts.paths);
  const csvHeader = ['artifact', 'file', 'time', 'eventId', 'ref', 'label', 'summary'];
  if (opts.format === 'csv') write(`${csvHeader.join(',')}\n`);
  const failed = await parseFiles(files, fileRun(opts, outputReady), stderr, (artifact, path) => {
    const parser = PARSERS[artifact];
    return (rec) => {
      if (opts.format === 'jsonl') {
        write(`${JSON.stringify(parser.toJson(rec, path))}\n`);
      } else {
        parser.toEvents(rec, (e) => {
          write(
            `${[e.artifact, path, e.timeMs, e.eventId, e.ref, e.label, e.summary].map(csvCell).join(',')}\n`,
          );
        });
      }
    };
  });
  out.write(pending);
  if (opts.out) await new Promise<void>((r) => out.end(r));
  return failed > 0 ? 1 : 0;
}
