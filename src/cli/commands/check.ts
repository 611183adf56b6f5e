// tracelens check <paths>... [--sheet nmap] [--tool NAME]... [--format json|md] [--skew SECONDS]
// Loads the case like the app does, evaluates a tool sheet, prints JSON (hosts → roles → items,
// verdicts, suspects) or a Markdown report on stdout.
import { evaluateSheet } from '../../analysis/checklist/engine';
import { evaluationToJson, evaluationToMarkdown } from '../../analysis/checklist/report';
import { DEFAULT_SHEET_ID, SHEETS } from '../../sheets/index';
import { loadCase } from '../load-case';

export const CHECK_USAGE =
  'tracelens check <path>... [--sheet nmap|ping] [--tool NAME]... [--format json|md] [--skew SECONDS]';

/** Removes `--name value` pairs from args; returns their values in order. */
function take(args: string[], name: string): string[] | null {
  const out: string[] = [];
  for (let i = args.indexOf(name); i >= 0; i = args.indexOf(name)) {
    if (i + 1 >= args.length) return null;
    out.push(args[i + 1]);
    args.splice(i, 2);
  }
  return out;
}

export async function runCheck(
  argv: string[],
  stderr: (s: string) => void,
  stdout: (s: string) => void = (s) => {
    process.stdout.write(s);
  },
): Promise<number> {
  const args = argv.slice();
  const sheetIds = take(args, '--sheet');
  const tools = take(args, '--tool');
  const formats = take(args, '--format');
  const skews = take(args, '--skew');
  if (!sheetIds || !tools || !formats || !skews) {
    stderr(`a flag is missing its value\nusage: ${CHECK_USAGE}`);
    return 2;
  }
  const sheetId = sheetIds.at(-1) ?? DEFAULT_SHEET_ID;
  const sheet = SHEETS[sheetId];
  if (!sheet) {
    stderr(`unknown --sheet ${sheetId}: use ${Object.keys(SHEETS).join(' or ')}`);
    return 2;
  }
  const format = formats.at(-1) ?? 'json';
  if (format !== 'json' && format !== 'md') {
    stderr(`unknown --format ${format}: use json or md`);
    return 2;
  }
  let skewMs: number | undefined;
  if (skews.length) {
    const s = Number(skews.at(-1));
    if (!Number.isFinite(s) || s < 0) {
      stderr(`--skew needs a number of seconds, got ${skews.at(-1)}`);
      return 2;
    }
    skewMs = s * 1000;
  }
  const unknown = args.find((a) => a.startsWith('--'));
  if (unknown) {
    stderr(`unknown option ${unknown}\nusage: ${CHECK_USAGE}`);
    return 2;
  }
  if (args.length === 0) {
    stderr(`check needs at least one path\nusage: ${CHECK_USAGE}`);
    return 2;
  }
  const { store, failed } = await loadCase(args, stderr);
  const ev = evaluateSheet(store, sheet, { toolNames: tools, skewMs });
  stdout(
    format === 'json'
      ? `${JSON.stringify(evaluationToJson(ev), null, 2)}\n`
      : `${evaluationToMarkdown(ev, sheet)}\n`,
  );
  return failed > 0 ? 1 : 0;
}
