#!/usr/bin/env node
// Runs the built CLI (npm run build writes dist-cli/tracelens.mjs).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const built = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist-cli', 'tracelens.mjs');
if (!existsSync(built)) {
  process.stderr.write('tracelens: the CLI is not built yet; run `npm run build` first\n');
  process.exit(2);
}
await import(built);
