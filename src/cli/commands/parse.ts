// tracelens parse <path>... [--format jsonl|csv|ez-csv] [--out FILE | --out PREFIX-or-DIR]
import { createWriteStream, existsSync, statSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { EzCsvSet, type EzFileKind, ezFileName, ezFilesOf } from '../../analysis/export/ez-csv/index';
import { CLI_MAX_INFLATED } from '../../ingest/limits';
import { openArtifact } from '../../ingest/open-artifact';
import { PARSERS } from '../../parsers/registry';
import { type ArtifactKind, formatDiagnostic, type Diagnostic } from '../../parsers/types';
import { openFileSource } from '../node-source';
import { walkPaths } from '../walk';

export interface ParseOptions {
  paths: string[];
  format: 'jsonl' | 'csv' | 'ez-csv';
  out?: string;
}

function csvCell(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Opens, detects and parses every file, reporting on stderr; returns how many failed. */
async function parseFiles(
  files: string[],
  stderr: (s: string) => void,
  recordSink: (artifact: ArtifactKind, path: string) => (rec: unknown) => void,
): Promise<number> {
  let failed = 0;
  for (const path of files) {
    const file = await openFileSource(path);
    try {
      const opened = await openArtifact(file, { maxInflated: CLI_MAX_INFLATED });
      if (opened.kind !== 'artifact') {
        stderr(
          `${path}: unsupported: ${opened.kind === 'unsupported' ? opened.reason : 'zip archives are opened by the app, not the CLI'}`,
        );
        continue;
      }
      const diagnostics: Diagnostic[] = [];
      const summary = await PARSERS[opened.artifact].parse(
        opened.src,
        { fileName: path, diagnostics },
        recordSink(opened.artifact, path),
      );
      for (const diag of diagnostics) stderr(`${diag.severity}: ${formatDiagnostic(diag)}`);
      stderr(`${path}: ${opened.artifact}: ${summary.ok} ok, ${summary.errors} errors`);
      if (summary.ok === 0 && summary.errors > 0) failed++;
    } catch (e) {
      failed++;
      stderr(`${path}: failed: ${(e as Error).message}`);
    } finally {
      await file.close();
    }
  }
  return failed;
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
  const failed = await parseFiles(files, stderr, (artifact, path) => (rec) => set.add(artifact, rec, path));
  await Promise.all(streams.map((s) => new Promise<void>((r) => s.end(r))));
  for (const kind of set.kinds()) stderr(`ez-csv: ${set.rows.get(kind)} rows to ${ezFileName(prefix, kind)}`);
  return failed > 0 ? 1 : 0;
}

export async function runParse(opts: ParseOptions, stderr: (s: string) => void): Promise<number> {
  if (opts.format === 'ez-csv') return runEzCsv(opts, stderr);
  const out = opts.out ? createWriteStream(opts.out) : process.stdout;
  let pending = '';
  const write = (s: string) => {
    pending += s;
    if (pending.length > 1 << 16) {
      out.write(pending);
      pending = '';
    }
  };
  const files = await walkPaths(opts.paths);
  const csvHeader = ['artifact', 'file', 'time', 'eventId', 'ref', 'label', 'summary'];
  if (opts.format === 'csv') write(`${csvHeader.join(',')}\n`);
  const failed = await parseFiles(files, stderr, (artifact, path) => {
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
  if (opts.out) await new Promise<void>((r) => (out as ReturnType<typeof createWriteStream>).end(r));
  return failed > 0 ? 1 : 0;
}
