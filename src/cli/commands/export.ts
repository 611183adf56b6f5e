// tracelens export <paths>... --format timesketch [--out FILE.jsonl]
// Loads the case like the app does and writes one Timesketch JSON object per timeline row.
// Rows with no time at all are listed in `<out>.untimed.jsonl` and counted in the summary line.
import { createWriteStream, writeFileSync } from 'node:fs';
import { TimesketchWriter, untimedLine } from '../../analysis/export/timesketch';
import { loadCase } from '../load-case';

export const EXPORT_USAGE = 'tracelens export <path>... --format timesketch [--out FILE.jsonl]';
const ROWS_PER_WRITE = 20_000;

function take(args: string[], name: string): string | undefined | null {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  if (i + 1 >= args.length) return null;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
}

export async function runExport(argv: string[], stderr: (s: string) => void): Promise<number> {
  const args = argv.slice();
  const format = take(args, '--format');
  const outPath = take(args, '--out');
  if (format === null || outPath === null) {
    stderr(`a flag is missing its value\nusage: ${EXPORT_USAGE}`);
    return 2;
  }
  if ((format ?? 'timesketch') !== 'timesketch') {
    stderr(`unknown --format ${format}: use timesketch`);
    return 2;
  }
  const unknown = args.find((a) => a.startsWith('--'));
  if (unknown) {
    stderr(`unknown option ${unknown}\nusage: ${EXPORT_USAGE}`);
    return 2;
  }
  if (args.length === 0) {
    stderr(`export needs at least one path\nusage: ${EXPORT_USAGE}`);
    return 2;
  }
  const { store, failed } = await loadCase(args, stderr);
  const out = outPath ? createWriteStream(outPath) : process.stdout;
  let written = 0;
  const writer = new TimesketchWriter(store.table, store.hosts, store.files);
  for (let from = 0; from < store.table.length; from += ROWS_PER_WRITE) {
    const slice = new Uint32Array(Math.min(ROWS_PER_WRITE, store.table.length - from));
    for (let i = 0; i < slice.length; i++) slice[i] = from + i;
    const lines = writer.lines(slice);
    written += lines.length;
    if (lines.length && !out.write(`${lines.join('\n')}\n`)) {
      await new Promise<void>((r) => out.once('drain', () => r()));
    }
  }
  if (outPath) await new Promise<void>((r) => (out as ReturnType<typeof createWriteStream>).end(() => r()));
  const left = writer.untimed;
  let untimed = '';
  if (left.length > 0 && outPath) {
    const sidecar = `${outPath}.untimed.jsonl`;
    writeFileSync(sidecar, `${left.map((r) => untimedLine(store.table, store.files, r)).join('\n')}\n`);
    untimed = `; ${left.length} rows without any time left out, listed in ${sidecar}`;
  } else if (left.length > 0) {
    untimed = `; ${left.length} rows without any time left out (give --out to list them)`;
  }
  stderr(`export: ${written} rows${outPath ? ` to ${outPath}` : ''}${untimed}`);
  return failed > 0 ? 1 : 0;
}
