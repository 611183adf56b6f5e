// `generateDemoCase`: the demo case's files, host by host, as pure functions of the options.
import { zipSync } from 'fflate';
import { buildDemoScenario, DEFAULT_SEED, DEMO_HOSTS, type DemoOptions } from './demo-scenario';
import { type GeneratedFile, renderHost } from './render-host';

/** The files of one host (`WS01` or `SRV01`), paths prefixed with the host name. */
export function generateDemoHost(hostName: string, opts: DemoOptions = {}): GeneratedFile[] {
  const scenario = buildDemoScenario(opts, hostName);
  return renderHost(scenario, hostName, opts.seed ?? DEFAULT_SEED);
}

/** Every file of the demo case in a KAPE-like layout (`WS01/C/$MFT`, …). Deterministic. */
export function generateDemoCase(opts: DemoOptions = {}): GeneratedFile[] {
  return DEMO_HOSTS.flatMap((h) => generateDemoHost(h, opts));
}

/** The demo case as one zip in a KAPE-like layout (`<HOST>/C/Windows/...`). */
export function zipDemoCase(files: readonly { path: string; bytes: Uint8Array }[]): Uint8Array {
  const tree: Record<string, Uint8Array> = {};
  for (const f of files) tree[f.path.replace(/^\/+/, '')] = f.bytes;
  return zipSync(tree, { level: 6 });
}
