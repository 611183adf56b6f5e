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

/** Default per-file time budget of `tracelens parse` (--file-timeout). */
export const DEFAULT_FILE_TIMEOUT_SECONDS = 120;

export type FileOpener = (path: string) => Promise<ByteSource & { close(): Promise<void> }>;

export interface ParseOptions {
  paths: string[];
  format: 'jsonl' | 'csv' | 'ez-csv';
  out?: string;
  /** Where records go without `out` (default process.stdout). */
  stream?: Writable;
  /** Time budget per file, in seconds (default DEFAULT_FILE_TIMEOUT_SECONDS). */
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

/** `src` (the parser's: inflated when the file was compressed) whose reads wait until the output has room. */
function gated(src: ByteSource, ready: FileRun['outputReady']): ByteSource {
  return {
    size: src.size,
    async read(offset, length) {
      const wait = ready();
      if (wait !== null) await wait;
      return src.read(offset, length);
    },
  };
}

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
    let timer: ReturnType<typeof setTimeout> | undefined;
    const overdue = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new Error(`did not finish within its time budget (--file-timeout ${run.timeoutSeconds} s)`));
      }, run.timeoutSeconds * 1000);
    });
    try {
      const work = parseOne(path, file, run.outputReady, controller.signal, stderr, recordSink);
      // A stalled parse may settle after the file is closed; that outcome is no longer reported.
      work.catch(() => {});
      if (!(await Promise.race([work, overdue]))) failed++;
    } catch (e) {
      failed++;
      const why = controller.signal.aborted
        ? `did not finish within its time budget (--file-timeout ${run.timeoutSeconds} s)`
        : (e as Error).message;
      stderr(`${path}: failed: ${why}`);
    } finally {
      clearTimeout(timer);
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
  outputReady: FileRun['outputReady'],
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
    gated(opened.src, outputReady),
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
