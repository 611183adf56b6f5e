// tracelens parse <path>... [--format jsonl|csv] [--out FILE]
import { createWriteStream } from 'node:fs';
import { CLI_MAX_INFLATED } from '../../ingest/limits';
import { openArtifact } from '../../ingest/open-artifact';
import { PARSERS } from '../../parsers/registry';
import { formatDiagnostic, type Diagnostic } from '../../parsers/types';
import { openFileSource } from '../node-source';
import { walkPaths } from '../walk';

export interface ParseOptions {
  paths: string[];
  format: 'jsonl' | 'csv';
  out?: string;
}

function csvCell(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function runParse(opts: ParseOptions, stderr: (s: string) => void): Promise<number> {
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
  let failed = 0;
  const csvHeader = ['artifact', 'file', 'time', 'eventId', 'ref', 'label', 'summary'];
  if (opts.format === 'csv') write(`${csvHeader.join(',')}\n`);
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
      const parser = PARSERS[opened.artifact];
      const diagnostics: Diagnostic[] = [];
      const summary = await parser.parse(opened.src, { fileName: path, diagnostics }, (rec) => {
        if (opts.format === 'jsonl') {
          write(`${JSON.stringify(parser.toJson(rec, path))}\n`);
        } else {
          parser.toEvents(rec, (e) => {
            write(
              `${[e.artifact, path, e.timeMs, e.eventId, e.ref, e.label, e.summary].map(csvCell).join(',')}\n`,
            );
          });
        }
      });
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
  out.write(pending);
  if (opts.out) await new Promise<void>((r) => (out as ReturnType<typeof createWriteStream>).end(r));
  return failed > 0 ? 1 : 0;
}
