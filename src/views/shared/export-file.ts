// Exports built in the page: lines produced in slices (the page stays responsive and a progress
// figure can be shown), joined into one Blob, saved through a temporary blob: link. Nothing leaves
// the machine: the browser writes the file to the user's download folder. Several files go out
// as one zip (fflate).
import { strToU8, zipSync } from 'fflate';

export interface LineSource {
  /** First line (CSV header), if any. */
  header?: string;
  /** Number of items (rows) to write. */
  total: number;
  /** Lines for items [from, to). */
  lines(from: number, to: number): string[];
}

export interface ExportOptions {
  mime: string;
  /** Line end: '\r\n' for CSV (RFC 4180), '\n' for JSONL. */
  eol: string;
  /** Items per slice before yielding to the page. */
  sliceItems?: number;
  onProgress?: (done: number, total: number) => void;
  signal?: AbortSignal;
}

/** Runs `work` over [0, total) in slices, yielding to the page between them; false when cancelled. */
export async function inSlices(
  total: number,
  work: (from: number, to: number) => void,
  opts: Pick<ExportOptions, 'sliceItems' | 'onProgress' | 'signal'>,
): Promise<boolean> {
  const step = Math.max(1, opts.sliceItems ?? 20_000);
  for (let from = 0; from < total; from += step) {
    if (opts.signal?.aborted) return false;
    work(from, Math.min(total, from + step));
    opts.onProgress?.(Math.min(total, from + step), total);
    await new Promise((r) => setTimeout(r, 0));
  }
  return !opts.signal?.aborted;
}

/** The source's lines as one Blob, built in slices; null when cancelled. */
export async function buildExport(src: LineSource, opts: ExportOptions): Promise<Blob | null> {
  const parts: string[] = [];
  if (src.header !== undefined) parts.push(src.header + opts.eol);
  const done = await inSlices(
    src.total,
    (from, to) => {
      const lines = src.lines(from, to);
      if (lines.length) parts.push(lines.join(opts.eol) + opts.eol);
    },
    opts,
  );
  return done ? new Blob(parts, { type: opts.mime }) : null;
}

export interface ZipSource {
  /** Number of items (rows) to write. */
  total: number;
  /** Takes items [from, to) into the files. */
  add(from: number, to: number): void;
  /** The files, by name in the zip, once every item was added. */
  files(): Record<string, string>;
}

/** Several text files (UTF-8) in one zip Blob, the items taken in slices; null when cancelled. */
export async function buildZipExport(
  src: ZipSource,
  opts: Pick<ExportOptions, 'sliceItems' | 'onProgress' | 'signal'>,
): Promise<Blob | null> {
  if (!(await inSlices(src.total, (from, to) => src.add(from, to), opts))) return null;
  const entries: Record<string, Uint8Array> = {};
  for (const [name, text] of Object.entries(src.files())) entries[name] = strToU8(text);
  return new Blob([zipSync(entries)], { type: 'application/zip' });
}

/** Saves a Blob under `name` through a temporary object URL. */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** `20261014T100211Z`: a file-name-safe UTC stamp. */
export function fileStamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d+/, '');
}

/** A name safe on Windows, macOS and Linux file systems. */
export function safeFileName(s: string): string {
  return s.replace(/[\\/:*?"<>|\x00-\x1f]+/g, '_').slice(0, 80) || 'export';
}
