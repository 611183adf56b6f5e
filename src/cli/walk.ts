import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Files under the given paths, folders walked recursively, in sorted order. */
export async function walkPaths(paths: string[]): Promise<string[]> {
  const out: string[] = [];
  async function visit(p: string): Promise<void> {
    const s = await stat(p);
    if (s.isDirectory()) {
      const names = (await readdir(p)).sort();
      for (const n of names) await visit(join(p, n));
    } else if (s.isFile()) out.push(p);
  }
  for (const p of paths) await visit(p);
  return out;
}
