// Node entry of `tracelens`. One file per command under commands/.
import { runCheck } from './commands/check';
import { runDemo } from './commands/demo';
import { runExport } from './commands/export';
import { runParse } from './commands/parse';
import { isMainThread } from 'node:worker_threads';
import { runBench } from './commands/bench/index';

/** Bench workers import this bundle and call it (see src/bench/evtx.ts). */
export { evtxBenchWorker } from './commands/bench/evtx';

const USAGE = `tracelens — offline triage of EVTX, Prefetch, $MFT and $UsnJrnl:$J

  tracelens parse <path>... [--format jsonl|csv] [--out FILE] [--file-timeout SECONDS without progress (default 120)]
  tracelens parse <path>... --format ez-csv --out PREFIX|DIR   (Timeline Explorer: one CSV per artifact type)
  tracelens check <path>... [--sheet nmap|ping] [--tool NAME]... [--format json|md] [--skew SECONDS]
  tracelens demo --out DIR [--variant NAME] [--scale N]
  tracelens export <path>... --format timesketch [--out FILE.jsonl]
  tracelens bench [evtx|prefetch|mft|usn|memory|all] [options]
`;

type Command = (args: string[], stderr: (s: string) => void) => Promise<number>;

export function flag(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i < 0) return undefined;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
}

export function flags(args: string[], name: string): string[] {
  const out: string[] = [];
  for (let v = flag(args, name); v !== undefined; v = flag(args, name)) out.push(v);
  return out;
}

export const COMMANDS: Record<string, Command> = {
  parse: async (args, stderr) => {
    const format = (flag(args, '--format') ?? 'jsonl') as 'jsonl' | 'csv' | 'ez-csv';
    if (format !== 'jsonl' && format !== 'csv' && format !== 'ez-csv') {
      stderr(`unknown --format ${format}: use jsonl, csv or ez-csv`);
      return 2;
    }
    const out = flag(args, '--out');
    const timeout = flag(args, '--file-timeout');
    const fileTimeoutSeconds = timeout === undefined ? undefined : Number(timeout);
    if (fileTimeoutSeconds !== undefined && !(fileTimeoutSeconds > 0)) {
      stderr(`bad --file-timeout ${timeout}: give a number of seconds above 0`);
      return 2;
    }
    if (args.length === 0) {
      stderr('parse needs at least one path');
      return 2;
    }
    return runParse({ paths: args, format, out, fileTimeoutSeconds }, stderr);
  },
  check: (args, stderr) => runCheck(args, stderr),
  export: (args, stderr) => runExport(args, stderr),
  demo: (args, stderr) => runDemo(args, stderr),
  bench: (args) => runBench(args, (line) => process.stdout.write(`${line}\n`)),
};

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  const stderr = (s: string) => process.stderr.write(`${s}\n`);
  if (!cmd || cmd === '--help' || cmd === '-h' || !COMMANDS[cmd]) {
    (cmd && cmd !== '--help' && cmd !== '-h' ? process.stderr : process.stdout).write(USAGE);
    return cmd && cmd !== '--help' && cmd !== '-h' ? 2 : 0;
  }
  return COMMANDS[cmd](rest, stderr);
}

if (isMainThread) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`tracelens: ${(e as Error).stack ?? e}\n`);
      process.exitCode = 1;
    },
  );
}
