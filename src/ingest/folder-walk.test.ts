import { describe, expect, it } from 'vitest';
import { entriesFromDrop, type FsEntry, filesFromInput, walkEntries } from './folder-walk';

type Tree = { [name: string]: Tree | string };

function entries(tree: Tree, base: string, batch: number, failing = new Set<string>()): FsEntry[] {
  return Object.entries(tree).map(([name, v]) => {
    const fullPath = `${base}/${name}`;
    if (typeof v === 'string') {
      return {
        isFile: true,
        isDirectory: false,
        name,
        fullPath,
        file: (ok: (f: File) => void, fail: (e: unknown) => void) =>
          failing.has(fullPath) ? fail(new Error('NotReadableError')) : ok(new File([v], name)),
      } as FsEntry;
    }
    const children = entries(v, fullPath, batch, failing);
    return {
      isFile: false,
      isDirectory: true,
      name,
      fullPath,
      createReader: () => {
        let at = 0;
        return {
          readEntries: (ok: (e: FsEntry[]) => void, fail: (e: unknown) => void) => {
            if (failing.has(fullPath)) return fail(new Error('SecurityError'));
            queueMicrotask(() => {
              ok(children.slice(at, at + batch));
              at += batch;
            });
          },
        };
      },
    } as FsEntry;
  });
}

describe('walkEntries', () => {
  it('walks nested folders through repeated readEntries batches, in name order', async () => {
    const many: Tree = {};
    for (let i = 0; i < 250; i++) many[`f${String(i).padStart(3, '0')}.pf`] = 'x';
    const tree: Tree = { HOST: { C: { Windows: { Prefetch: many }, $MFT: 'mft' } }, 'top.evtx': 'e' };
    const counts: number[] = [];
    const r = await walkEntries(entries(tree, '', 100), (n) => counts.push(n));
    expect(r.problems).toEqual([]);
    expect(r.files).toHaveLength(252);
    expect(r.files[0].path).toBe('HOST/C/$MFT');
    expect(r.files[1].path).toBe('HOST/C/Windows/Prefetch/f000.pf');
    expect(r.files.at(-1)?.path).toBe('top.evtx');
    expect(counts.at(-1)).toBe(252);
  });

  it('lists unreadable files and folders as problems instead of dropping them', async () => {
    const tree: Tree = { a: { 'x.evtx': 'x', locked: { 'y.pf': 'y' } }, 'bad.pf': 'z' };
    const r = await walkEntries(entries(tree, '', 10, new Set(['/a/locked', '/bad.pf'])));
    expect(r.files.map((f) => f.path)).toEqual(['a/x.evtx']);
    expect(r.problems).toEqual([
      { path: 'a/locked/', reason: 'could not list the folder: SecurityError' },
      { path: 'bad.pf', reason: 'could not read the file: NotReadableError' },
    ]);
  });
});

describe('entriesFromDrop / filesFromInput', () => {
  it('uses entries when items have them, else getAsFile, else the file list', () => {
    const f = new File(['a'], 'a.evtx');
    const e = entries({ 'b.pf': 'b' }, '', 10)[0];
    const r = entriesFromDrop(
      [
        { kind: 'file', webkitGetAsEntry: () => e, getAsFile: () => null },
        { kind: 'file', webkitGetAsEntry: () => null, getAsFile: () => f },
        { kind: 'string', webkitGetAsEntry: () => null, getAsFile: () => null },
      ],
      null,
    );
    expect(r.entries).toEqual([e]);
    expect(r.loose.map((x) => x.path)).toEqual(['a.evtx']);
    expect(entriesFromDrop(null, [f]).loose.map((x) => x.path)).toEqual(['a.evtx']);
    const rel = new File(['z'], 'z.pf');
    Object.defineProperty(rel, 'webkitRelativePath', { value: 'HOST/C/Windows/Prefetch/z.pf' });
    expect(filesFromInput([rel, f]).map((x) => x.path)).toEqual(['HOST/C/Windows/Prefetch/z.pf', 'a.evtx']);
  });
});
