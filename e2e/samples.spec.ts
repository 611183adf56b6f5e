// Drops the whole ../shared/samples folder (folder input, and drag-and-drop with directory
// entries) and checks every file's detected type and final state.
import { existsSync } from 'node:fs';
import { expect, expectedSampleType, listFiles, SAMPLES, test, waitIdle } from './fixtures';

test.skip(!existsSync(SAMPLES) && !process.env.CI, `samples folder ${SAMPLES} is missing`);

const FINAL = new Set(['done', 'failed', 'unsupported']);

async function checkAllSamples(app: import('@playwright/test').Page) {
  const files = listFiles(SAMPLES);
  await expect(app.getByTestId('file-row')).toHaveCount(files.length, { timeout: 30_000 });
  await waitIdle(app, 90_000);
  const rows = await app.getByTestId('file-row').evaluateAll((els) =>
    els.map((e) => ({
      path: e.getAttribute('data-path') ?? '',
      type: e.getAttribute('data-type') ?? '',
      state: e.getAttribute('data-state') ?? '',
      text: e.textContent ?? '',
    })),
  );
  const byPath = new Map(rows.map((r) => [r.path, r]));
  for (const rel of files) {
    const row = byPath.get(rel);
    expect(row, `row for ${rel}`).toBeTruthy();
    expect(row?.type, `type of ${rel}`).toBe(expectedSampleType(rel));
    expect(FINAL.has(row?.state ?? ''), `final state of ${rel}: ${row?.state}`).toBe(true);
    if (row?.type === 'unsupported') expect(row.text).toMatch(/unsupported: .+/);
  }
  return rows;
}

test('the samples folder through the folder picker: every file shows its detected type and state', async ({
  app,
}) => {
  await app.getByTestId('folder-input').setInputFiles(SAMPLES);
  const rows = await checkAllSamples(app);
  const gz = rows.find((r) => r.path.endsWith('.bin.gz'));
  expect(gz?.type).toBe('usn');
  await expect(app.getByTestId('summary-files')).toHaveText(String(rows.length));
  await app.screenshot({ path: 'test-results/samples-loaded-1366.png', fullPage: false });
});

test('the samples folder dragged in as a directory entry is walked recursively', async ({ app }) => {
  // A synthetic drop whose single item is the samples directory, served through the File and
  // Directory Entries API shape (readEntries in batches of 7 to exercise repeated calls).
  const picker = await app.evaluateHandle(() => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = true;
    input.setAttribute('webkitdirectory', '');
    input.id = 'test-only-picker';
    input.hidden = true;
    document.body.append(input);
    return input;
  });
  await app.locator('#test-only-picker').setInputFiles(SAMPLES);
  await app.evaluate((el) => {
    const input = el as HTMLInputElement;
    type Node = { dirs: Map<string, Node>; files: File[] };
    const root: Node = { dirs: new Map(), files: [] };
    for (const f of Array.from(input.files ?? [])) {
      const parts = f.webkitRelativePath.split('/');
      let n = root;
      for (const p of parts.slice(0, -1)) {
        if (!n.dirs.has(p)) n.dirs.set(p, { dirs: new Map(), files: [] });
        n = n.dirs.get(p)!;
      }
      n.files.push(f);
    }
    const fileEntry = (f: File, path: string) => ({
      isFile: true,
      isDirectory: false,
      name: f.name,
      fullPath: `/${path}`,
      file: (ok: (f: File) => void) => setTimeout(() => ok(f), 0),
    });
    const dirEntry = (name: string, node: Node, path: string): unknown => ({
      isFile: false,
      isDirectory: true,
      name,
      fullPath: `/${path}`,
      createReader: () => {
        const all = [
          ...[...node.dirs].map(([n, c]) => dirEntry(n, c, `${path}/${n}`)),
          ...node.files.map((f) => fileEntry(f, `${path}/${f.name}`)),
        ];
        let at = 0;
        return {
          readEntries: (ok: (e: unknown[]) => void) =>
            setTimeout(() => {
              ok(all.slice(at, at + 7));
              at += 7;
            }, 0),
        };
      },
    });
    const [[topName, top]] = [...root.dirs];
    const item = {
      kind: 'file',
      webkitGetAsEntry: () => dirEntry(topName, top, topName),
      getAsFile: () => null,
    };
    const dt = { types: ['Files'], items: [item], files: [], dropEffect: 'none' };
    const target = document.querySelector('[data-testid="drop-zone"]')!;
    for (const type of ['dragenter', 'dragover', 'drop']) {
      const ev = new Event(type, { bubbles: true, cancelable: true });
      Object.defineProperty(ev, 'dataTransfer', { value: dt });
      target.dispatchEvent(ev);
    }
    input.remove();
  }, picker);
  await checkAllSamples(app);
});

test('loose files dropped with a real DataTransfer (locator.drop) are detected by content', async ({
  app,
}) => {
  const pf = listFiles(`${SAMPLES}/prefetch`)
    .slice(0, 5)
    .map((p) => `${SAMPLES}/${p}`);
  await app.getByTestId('drop-zone').drop({ files: pf });
  await expect(app.getByTestId('file-row')).toHaveCount(5);
  await waitIdle(app);
  for (const t of await app.getByTestId('file-type').allTextContents())
    expect(['prefetch', 'unsupported']).toContain(t);
});
