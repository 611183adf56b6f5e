// Contracts shared by every parser: the byte source a parser reads, the diagnostics it reports,
// the normalized timeline event it emits, and the per-format entry point.
// Pure TypeScript: no DOM, no Node built-ins. Runs in a Web Worker and in Node.

export type ArtifactKind = 'evtx' | 'prefetch' | 'mft' | 'usn';
export const ARTIFACT_KINDS: readonly ArtifactKind[] = ['evtx', 'prefetch', 'mft', 'usn'];

/**
 * Random-access bytes. In the browser it wraps a Blob (`blob.slice(a, b).arrayBuffer()`), in Node
 * a file handle. A parser never asks for the whole file at once on large inputs: it reads ranges.
 * `read` may return fewer bytes than asked for only at the end of the source.
 */
export interface ByteSource {
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** One problem found in the input. Offsets are absolute byte offsets in the source file. */
export interface Diagnostic {
  severity: 'error' | 'warning' | 'info';
  file: string;
  /** Absolute byte offset in the file, or -1 when not tied to one place. */
  offset: number;
  /** Dotted structure path, e.g. `chunk[3].header.crc32` or `record.size`. */
  field: string;
  expected: string;
  found: string;
  message: string;
}

export function formatDiagnostic(d: Diagnostic): string {
  const at = d.offset >= 0 ? ` at 0x${d.offset.toString(16)}` : '';
  return `${d.file}${at}: ${d.field}: expected ${d.expected}, found ${d.found}${d.message ? ` (${d.message})` : ''}`;
}

export interface ParseContext {
  /** Display name (path) of the file, used in diagnostics and output. */
  fileName: string;
  signal?: AbortSignal;
  /** Called now and then with bytes consumed so far. */
  onProgress?: (bytesDone: number, bytesTotal: number) => void;
  /** Sink for diagnostics; parsers push and carry on. */
  diagnostics: Diagnostic[];
  /** Preferred read size for streaming parsers (bytes). Tests set it tiny. */
  readSize?: number;
}

/**
 * One row of the host timeline. Every parser maps its records to these.
 * Time is UTC: `timeMs` is milliseconds since 1970 (floor), `tick` the remaining 100 ns units
 * (0..9999), so FILETIME precision survives. `timeMs` is NaN when the record has no time.
 */
export interface NormalizedEvent {
  artifact: ArtifactKind;
  timeMs: number;
  tick: number;
  /** EVTX event id; -1 for artifacts without one. */
  eventId: number;
  /** EVTX: Channel. Prefetch: 'Prefetch'. MFT: '$MFT'. USN: '$UsnJrnl:$J'. */
  source: string;
  /** EVTX: Computer. Empty for artifacts that carry no host name. */
  computer: string;
  /** EVTX record id, MFT entry number, USN, prefetch run index. */
  ref: number;
  /** Byte offset of the record in its file (after decompression for MAM prefetch). */
  offset: number;
  /** Short action name: 'Process Create', 'Executed', 'FILE_CREATE+CLOSE', 'SI created' … */
  label: string;
  /** One line built from the key fields. */
  summary: string;
  /** Every field by name, values rendered as strings (raw codes kept: `%%14593` stays). */
  fields: Record<string, string>;
}

/** What a parser returns when it has read a whole file. Counts are records/entries. */
export interface ParseSummary {
  artifact: ArtifactKind;
  ok: number;
  errors: number;
  /** First and last event time seen (ms since 1970), NaN when none. */
  firstTimeMs: number;
  lastTimeMs: number;
  /** Per-format facts worth showing (EVTX: channel, dirty flag; prefetch: version …). */
  info: Record<string, string | number | boolean>;
}

/**
 * Per-format entry point. `parse` never throws for bad data (only for abort): it reports
 * diagnostics and returns what it could read. `onRecord` gets the format's own record object,
 * `toJson` turns it into the CLI's JSONL contract (`artifact` and `file` included), `toEvents`
 * into timeline rows.
 */
export interface ArtifactParser<R> {
  kind: ArtifactKind;
  parse(src: ByteSource, ctx: ParseContext, onRecord: (record: R) => void): Promise<ParseSummary>;
  toJson(record: R, fileName: string): Record<string, unknown>;
  toEvents(record: R, emit: (event: NormalizedEvent) => void): void;
}

export class AbortedError extends Error {
  constructor() {
    super('aborted');
    this.name = 'AbortError';
  }
}

export function checkAbort(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new AbortedError();
}

/** A ByteSource over bytes already in memory (small files, tests, decompressed data). */
export function memorySource(bytes: Uint8Array): ByteSource {
  return {
    size: bytes.length,
    read: async (offset, length) =>
      bytes.subarray(Math.max(0, offset), Math.min(bytes.length, Math.max(0, offset) + Math.max(0, length))),
  };
}

/** Wraps a source so that every read returns at most `max` bytes per call — never, since readers
 *  loop; instead it splits reads into `max`-sized pieces to prove chunk boundaries do not matter. */
export function chunkedSource(inner: ByteSource, max: number): ByteSource {
  return {
    size: inner.size,
    read: async (offset, length) => {
      const out = new Uint8Array(Math.max(0, Math.min(length, inner.size - offset)));
      let done = 0;
      while (done < out.length) {
        const piece = await inner.read(offset + done, Math.min(max, out.length - done));
        if (piece.length === 0) break;
        out.set(piece, done);
        done += piece.length;
      }
      return out.subarray(0, done);
    },
  };
}
