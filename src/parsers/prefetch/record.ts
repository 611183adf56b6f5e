// The prefetch record (one per .pf file), its JSONL form and its timeline events.
import type { TimeParts } from '../bytes/filetime';
import { isoFromParts } from '../bytes/filetime';
import type { NormalizedEvent } from '../types';
import { hashHex } from './hash';
import type { PrefetchVolume } from './volumes';

export interface PrefetchRecord {
  /** Display name (path) of the .pf file. */
  file: string;
  /** SCCA format version: 17, 23, 26, 30 or 31. */
  version: number;
  /** File information layout, e.g. `v30 variant 2`. */
  layout: string;
  /** True when the file was MAM (LZXPRESS Huffman) compressed. */
  compressed: boolean;
  /** Size of the SCCA data (bytes, after decompression). */
  sccaSize: number;
  /** File size the SCCA header declares (bytes, offset 12; uncompressed), PECmd's `Size`. */
  fileSize: number;
  executable: string;
  /** Prefetch hash (uint32). */
  hash: number;
  runCount: number;
  /** Non-empty last run times, newest first (up to 8). */
  lastRunTimes: TimeParts[];
  volumes: PrefetchVolume[];
  /** Files loaded (file metrics order). */
  files: string[];
  /** $MFT entry number (48 bits) of each of `files`, 0 when absent (version 17, not NTFS). */
  fileMftEntries: number[];
  /** $MFT sequence number (16 bits) of each of `files`, 0 when absent. */
  fileMftSequences: number[];
  /** Directory strings of every volume, in volume order. */
  directories: string[];
  /** The files-list entry whose base name is the executable, '' when none. */
  executablePath: string;
}

function baseName(p: string): string {
  const i = p.lastIndexOf('\\');
  return i >= 0 ? p.slice(i + 1) : p;
}

/** Name of a prefetch file as Windows stores executable names: at most 29 characters. */
export const EXECUTABLE_NAME_MAX = 29;

export function findExecutablePath(executable: string, files: string[]): string {
  const want = executable.toUpperCase();
  if (!want) return '';
  for (const f of files) if (baseName(f).toUpperCase() === want) return f;
  if (want.length === EXECUTABLE_NAME_MAX) {
    for (const f of files) if (baseName(f).toUpperCase().startsWith(want)) return f;
  }
  return '';
}

export function prefetchToJson(rec: PrefetchRecord, fileName: string): Record<string, unknown> {
  return {
    artifact: 'prefetch',
    file: fileName,
    version: rec.version,
    executable: rec.executable,
    hash: hashHex(rec.hash),
    runCount: rec.runCount,
    lastRunTimes: rec.lastRunTimes.map((t) => isoFromParts(t.timeMs, t.tick)),
    volumes: rec.volumes.map((v) => ({ devicePath: v.devicePath, serial: v.serial, created: v.created })),
    files: rec.files,
    directories: rec.directories,
    compressed: rec.compressed,
    executablePath: rec.executablePath,
    layout: rec.layout,
    fileSize: rec.fileSize,
    /** One per entry of `files`, same order: its $MFT file reference (0 and 0 when absent). */
    fileReferences: rec.files.map((_, i) => ({
      mftEntry: rec.fileMftEntries[i] ?? 0,
      mftSequence: rec.fileMftSequences[i] ?? 0,
    })),
  };
}

/** `path (entry-seq)` of one loaded file; the path alone when it has no $MFT reference. */
export function loadedFileText(rec: PrefetchRecord, i: number): string {
  const entry = rec.fileMftEntries[i] ?? 0;
  const sequence = rec.fileMftSequences[i] ?? 0;
  return entry === 0 && sequence === 0 ? rec.files[i] : `${rec.files[i]} (${entry}-${sequence})`;
}

export function prefetchToEvents(rec: PrefetchRecord, emit: (e: NormalizedEvent) => void): void {
  const hash = hashHex(rec.hash);
  const filesLoaded = rec.files.map((_, i) => loadedFileText(rec, i)).join(', ');
  const n = rec.lastRunTimes.length;
  const slash = Math.max(rec.file.lastIndexOf('/'), rec.file.lastIndexOf('\\'));
  const prefetchFile = rec.file.slice(slash + 1);
  for (let i = 0; i < n; i++) {
    const t = rec.lastRunTimes[i];
    emit({
      artifact: 'prefetch',
      timeMs: t.timeMs,
      tick: t.tick,
      eventId: -1,
      source: 'Prefetch',
      computer: '',
      ref: i,
      offset: 0,
      label: 'Executed',
      summary: `${rec.executable} ran (run ${i + 1} of ${rec.runCount}, hash ${hash})`,
      fields: {
        Executable: rec.executable,
        Hash: hash,
        ExecutablePath: rec.executablePath,
        RunCount: String(rec.runCount),
        RunIndex: String(i),
        Version: String(rec.version),
        PrefetchFile: prefetchFile,
        Volume: rec.volumes[0]?.devicePath ?? '',
        FileSize: String(rec.fileSize),
        FilesLoaded: filesLoaded,
      },
    });
  }
}
