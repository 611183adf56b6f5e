#!/usr/bin/env node
// The layer check `npm test` runs (`npm run check:imports`): reads every import of the non-test
// TypeScript under src/ and fails when
//   - a folder imports a folder it may not (LAYERS below: the flow file → ingest → pipeline →
//     parsers → model → analysis → views, with the CLI and the workers beside it);
//   - code outside tests imports src/testing/;
//   - the pure core (CORE) imports React, comlink, a chart or table library, a `?worker` module
//     or a Node built-in: it runs in the browser, in workers and in Node alike;
//   - there is an import cycle between files (strongly connected components of the graph).
// Usage: node scripts/check-imports.mjs [SRC_DIR]   (exit 1 and one line per finding)
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What each top-level folder of src/ may import besides itself. '(root)' is src/main.tsx. */
export const LAYERS = {
  dicts: [],
  parsers: ['dicts'],
  model: ['parsers', 'dicts'],
  ingest: ['parsers', 'dicts'],
  sheets: ['parsers', 'dicts'],
  writers: ['parsers', 'dicts'],
  pipeline: ['ingest', 'parsers', 'model', 'dicts'],
  analysis: ['sheets', 'model', 'parsers', 'dicts'],
  workers: ['pipeline', 'analysis', 'writers', 'ingest', 'sheets', 'model', 'parsers', 'dicts'],
  cli: ['pipeline', 'analysis', 'writers', 'ingest', 'sheets', 'model', 'parsers', 'dicts'],
  views: ['workers', 'analysis', 'sheets', 'model', 'parsers', 'dicts'],
  app: [
    'views',
    'workers',
    'pipeline',
    'analysis',
    'writers',
    'ingest',
    'sheets',
    'model',
    'parsers',
    'dicts',
  ],
  '(root)': ['app'],
  testing: '*',
};

/** Folders that must stay free of the DOM, React, comlink and Node built-ins. */
export const CORE = ['dicts', 'parsers', 'model', 'ingest', 'sheets', 'writers', 'pipeline', 'analysis'];
const CORE_FORBIDDEN = [
  /^react(-dom)?($|\/)/,
  /^comlink$/,
  /^recharts($|\/)/,
  /^@tanstack\//,
  /^node:/,
  /\?worker/,
];
const IMPORT =
  /(?:^|[;\s])(?:import|export)\s(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)/g;
const EXTENSIONS = ['.ts', '.tsx', '/index.ts', '/index.tsx', ''];

const isTest = (p) => /\.(test|spec)\.tsx?$/.test(p);

function listSources(dir) {
  const out = [];
  const walk = (d) => {
    for (const n of readdirSync(d)) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.tsx?$/.test(n) && !n.endsWith('.d.ts')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

function resolveImport(from, spec) {
  const base = resolve(dirname(from), spec.split('?')[0]);
  for (const e of EXTENSIONS) {
    const c = base + e;
    if (existsSync(c) && statSync(c).isFile()) return c;
  }
  return null;
}

/** Strongly connected components with more than one file (Tarjan, iterative). */
function cycles(graph) {
  let index = 0;
  const idx = new Map();
  const low = new Map();
  const onStack = new Set();
  const stack = [];
  const found = [];
  for (const start of graph.keys()) {
    if (idx.has(start)) continue;
    const work = [[start, 0]];
    idx.set(start, index);
    low.set(start, index++);
    stack.push(start);
    onStack.add(start);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const [v, i] = frame;
      const next = graph.get(v) ?? [];
      if (i < next.length) {
        frame[1]++;
        const w = next[i];
        if (!idx.has(w)) {
          idx.set(w, index);
          low.set(w, index++);
          stack.push(w);
          onStack.add(w);
          work.push([w, 0]);
        } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1][0];
        low.set(parent, Math.min(low.get(parent), low.get(v)));
      }
      if (low.get(v) === idx.get(v)) {
        const scc = [];
        let w;
        do {
          w = stack.pop();
          onStack.delete(w);
          scc.push(w);
        } while (w !== v);
        if (scc.length > 1) found.push(scc.sort());
      }
    }
  }
  return found;
}

/** Every finding for the tree under `srcDir`, as text lines (empty when the tree is clean). */
export function checkImports(srcDir) {
  const root = resolve(srcDir);
  const folderOf = (file) => {
    const parts = relative(root, file).split(sep);
    return parts.length > 1 ? parts[0] : '(root)';
  };
  const problems = [];
  const graph = new Map();
  for (const file of listSources(root)) {
    const text = readFileSync(file, 'utf8');
    const rel = relative(root, file);
    const from = folderOf(file);
    const test = isTest(file);
    const edges = [];
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2];
      if (!spec.startsWith('.')) {
        if (!test && CORE.includes(from) && CORE_FORBIDDEN.some((re) => re.test(spec))) {
          problems.push(`${rel}: the pure core (src/${from}) may not import '${spec}'`);
        }
        continue;
      }
      const target = resolveImport(file, spec);
      if (!target?.startsWith(root + sep)) continue;
      const to = folderOf(target);
      if (!test && to === 'testing' && from !== 'testing') {
        problems.push(`${rel}: imports '${spec}': only tests may import src/testing`);
      }
      if (!test && CORE.includes(from) && /\?worker/.test(spec)) {
        problems.push(`${rel}: the pure core (src/${from}) may not import the worker module '${spec}'`);
      }
      const allowed = LAYERS[from];
      if (!test && to !== from && to !== 'testing') {
        if (allowed === undefined)
          problems.push(`${rel}: src/${from} is not a known layer (add it to LAYERS)`);
        else if (allowed !== '*' && !allowed.includes(to)) {
          problems.push(`${rel}: imports '${spec}': src/${from} may not import src/${to}`);
        }
      }
      if (!test && !isTest(target)) edges.push(target);
    }
    if (!test) graph.set(file, edges);
  }
  for (const scc of cycles(graph)) {
    problems.push(`import cycle: ${scc.map((f) => relative(root, f)).join(' → ')}`);
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const dir = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
  const problems = checkImports(dir);
  for (const p of problems) process.stderr.write(`${p}\n`);
  if (problems.length > 0) {
    process.stderr.write(`check-imports: ${problems.length} problem(s)\n`);
    process.exit(1);
  }
  process.stdout.write(`check-imports: ${listSources(dir).length} files, layers and cycles clean\n`);
}
