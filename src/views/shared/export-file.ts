// Exports built in the page: lines produced in slices (the page stays responsive and a progress
// figure can be shown), joined into one Blob, saved through a temporary blob: link. Nothing leaves
// the machine: the browser writes the file to the user's download folder.

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

/** The source's lines as one Blob, built in slices; null when cancelled. */
export async function buildExport(src: LineSource, opts: ExportOptions): Promise<Blob | null> {
  const parts: string[] = [];
  if (src.header !== undefined) parts.push(src.header + opts.eol);
  const step = Math.max(1, opts.sliceItems ?? 20_000);
  for (let from = 0; from < src.total; from += step) {
    if (opts.signal?.aborted) return null;
    const lines = src.lines(from, Math.min(src.total, from + step));
    if (lines.length) parts.push(lines.join(opts.eol) + opts.eol);
    opts.onProgress?.(Math.min(src.total, from + step), src.total);
    await new Promise((r) => setTimeout(r, 0));
  }
  if (opts.signal?.aborted) return null;
  return new Blob(parts, { type: opts.mime });
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
