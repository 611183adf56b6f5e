import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { checkImports } from './check-imports.mjs';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'check-imports-'));
  dirs.push(root);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

describe('check-imports', () => {
  it('passes a tree whose imports follow the layers', () => {
    const root = tree({
      'parsers/a.ts': "import { x } from '../dicts/d';\nexport const a = x;\n",
      'dicts/d.ts': 'export const x = 1;\n',
      'views/v.tsx': "import { useState } from 'react';\nimport { a } from '../parsers/a';\n",
      'parsers/a.test.ts': "import { t } from '../testing/t';\nimport { v } from '../views/v';\n",
      'testing/t.ts': "import { v } from '../views/v';\nexport const t = v;\n",
    });
    expect(checkImports(root)).toEqual([]);
  });

  it('names an import that goes up a layer, and core code that imports React, comlink or node:', () => {
    const root = tree({
      'parsers/a.ts': "import { m } from '../model/m';\nimport * as Comlink from 'comlink';\n",
      'model/m.ts': "import { readFileSync } from 'node:fs';\nexport type { X } from '../analysis/x';\n",
      'analysis/x.ts': "import React from 'react';\nexport type X = 1;\n",
    });
    expect(checkImports(root)).toEqual([
      "analysis/x.ts: the pure core (src/analysis) may not import 'react'",
      "model/m.ts: the pure core (src/model) may not import 'node:fs'",
      "model/m.ts: imports '../analysis/x': src/model may not import src/analysis",
      "parsers/a.ts: imports '../model/m': src/parsers may not import src/model",
      "parsers/a.ts: the pure core (src/parsers) may not import 'comlink'",
    ]);
  });

  it('refuses src/testing outside tests, and an unknown folder', () => {
    const root = tree({
      'cli/c.ts': "import { t } from '../testing/t';\n",
      'testing/t.ts': 'export const t = 1;\n',
      'extra/e.ts': "import { t } from '../cli/c';\n",
    });
    expect(checkImports(root)).toEqual([
      "cli/c.ts: imports '../testing/t': only tests may import src/testing",
      'extra/e.ts: src/extra is not a known layer (add it to LAYERS)',
    ]);
  });

  it('finds an import cycle through type-only and re-export edges, not through tests', () => {
    const root = tree({
      'parsers/a.ts': "import type { B } from './b';\nexport type A = B;\n",
      'parsers/b.ts': "export { c } from './sub/c';\nexport type B = 1;\n",
      'parsers/sub/c.ts': "import { a } from '../a';\nexport const c = a;\n",
      'parsers/d.ts': "import { e } from './e';\nexport const d = e;\n",
      'parsers/e.test.ts': "import { d } from './d';\n",
      'parsers/e.ts': 'export const e = 1;\n',
    });
    expect(checkImports(root)).toEqual(['import cycle: parsers/a.ts → parsers/b.ts → parsers/sub/c.ts']);
  });

  it('the repository itself: every finding listed (empty when clean)', () => {
    const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
    expect(checkImports(src)).toEqual([]);
  });
});
