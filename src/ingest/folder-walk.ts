// Turns what the user handed over (file input, folder input, drag-and-drop with folders) into a
// flat list of {path, blob}. Folders dropped are walked recursively through the File and Directory
// Entries API; readEntries returns batches (Chromium: 100) and must be called until it returns
// none. Entries that cannot be read become problems, never silently dropped.
// Spec: WICG File and Directory Entries API (webkitGetAsEntry, FileSystemDirectoryReader).

export interface DroppedFile {
  path: string;
  blob: Blob;
}

export interface WalkResult {
  files: DroppedFile[];
  problems: { path: string; reason: string }[];
}

/** The parts of FileSystemEntry we use; real entries and test fakes both satisfy it. */
export interface FsEntry {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath: string;
}
export interface FsFileEntry extends FsEntry {
  file(success: (f: File) => void, failure?: (e: unknown) => void): void;
}
export interface FsDirectoryEntry extends FsEntry {
  createReader(): {
    readEntries(success: (entries: FsEntry[]) => void, failure?: (e: unknown) => void): void;
  };
}
/** The parts of DataTransferItem we use. */
export interface DropItem {
  kind: string;
  webkitGetAsEntry(): FsEntry | null;
  getAsFile(): File | null;
}

function cleanPath(p: string): string {
  return p.replace(/^\/+/, '');
}

function errorText(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) return String((e as { message: unknown }).message);
  return String(e);
}

/** Files of an <input type=file> (with or without webkitdirectory). */
export function filesFromInput(list: ArrayLike<File>): DroppedFile[] {
  const out: DroppedFile[] = [];
  for (let i = 0; i < list.length; i++) {
    const f = list[i];
    out.push({ path: f.webkitRelativePath || f.name, blob: f });
  }
  return out;
}

function readBatch(reader: ReturnType<FsDirectoryEntry['createReader']>): Promise<FsEntry[]> {
  return new Promise((resolve, reject) => reader.readEntries(resolve, reject));
}

function fileOf(entry: FsFileEntry): Promise<File> {
  return new Promise((resolve, reject) => entry.file(resolve, reject));
}

/** Walks entries (files and folders, recursively). `onCount` reports files found so far. */
export async function walkEntries(entries: FsEntry[], onCount?: (n: number) => void): Promise<WalkResult> {
  const result: WalkResult = { files: [], problems: [] };
  const stack = [...entries].reverse();
  while (stack.length > 0) {
    const entry = stack.pop()!;
    const path = cleanPath(entry.fullPath || entry.name);
    if (entry.isFile) {
      try {
        result.files.push({ path, blob: await fileOf(entry as FsFileEntry) });
        onCount?.(result.files.length);
      } catch (e) {
        result.problems.push({ path, reason: `could not read the file: ${errorText(e)}` });
      }
    } else if (entry.isDirectory) {
      const reader = (entry as FsDirectoryEntry).createReader();
      const children: FsEntry[] = [];
      try {
        for (;;) {
          const batch = await readBatch(reader);
          if (batch.length === 0) break;
          children.push(...batch);
        }
      } catch (e) {
        result.problems.push({ path: `${path}/`, reason: `could not list the folder: ${errorText(e)}` });
      }
      children.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
      stack.push(...children);
    }
  }
  return result;
}

/**
 * Entries of a drop. Must be called synchronously inside the drop handler: the DataTransfer is
 * emptied once the handler returns. Items without an entry fall back to getAsFile().
 */
export function entriesFromDrop(
  items: ArrayLike<DropItem> | null,
  files: ArrayLike<File> | null,
): {
  entries: FsEntry[];
  loose: DroppedFile[];
} {
  const entries: FsEntry[] = [];
  const loose: DroppedFile[] = [];
  if (items && items.length > 0) {
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item.kind !== 'file') continue;
      const entry = typeof item.webkitGetAsEntry === 'function' ? item.webkitGetAsEntry() : null;
      if (entry) entries.push(entry);
      else {
        const f = item.getAsFile();
        if (f) loose.push({ path: f.name, blob: f });
      }
    }
    return { entries, loose };
  }
  return { entries, loose: files ? filesFromInput(files) : [] };
}
