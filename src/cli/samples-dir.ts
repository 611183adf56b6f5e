// Where the shared sample artifacts live: `../shared/samples` beside the repository. Found from
// this module's location by walking up to the folder that holds package.json, so it is the same
// from the sources (tests) and from the bundled CLI (dist-cli/tracelens.mjs, the benchmarks).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

export const REPO_ROOT = repoRoot();
export const SAMPLES = resolve(REPO_ROOT, '..', 'shared', 'samples');
