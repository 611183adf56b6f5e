// `tracelens bench [evtx|prefetch|mft|usn|memory|all]`: throughput of our parsers beside the Debian
// reference tools, measured in the same run on the same files. Prints; never asserts a time.
import { benchEvtx } from './evtx';
import { benchMemory } from './memory';
import { benchMftUsn } from './mft-usn';
import { benchPrefetch } from './prefetch';

type Bench = (args: string[], log: (line: string) => void) => Promise<void>;

const BENCHES: Record<string, Bench> = {
  evtx: benchEvtx,
  prefetch: benchPrefetch,
  mft: (args, log) => benchMftUsn(['mft', ...args], log),
  usn: (args, log) => benchMftUsn(['usn', ...args], log),
  memory: benchMemory,
};

export async function runBench(args: string[], log: (line: string) => void): Promise<number> {
  const [which = 'all', ...rest] = args;
  const names = which === 'all' ? Object.keys(BENCHES) : [which];
  for (const name of names) {
    const bench = BENCHES[name];
    if (!bench) {
      log(`unknown bench ${name}: use ${Object.keys(BENCHES).join(', ')} or all`);
      return 2;
    }
    await bench(rest, log);
  }
  return 0;
}
