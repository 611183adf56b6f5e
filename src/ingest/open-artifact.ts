// The one open → unwrap → detect path, for the parse worker and the CLI alike.
//
//   FileOrigin ──openOrigin──► ByteSource ──openArtifact──► artifact (kind + detail) | zip | unsupported
//   (Blob, zip member)          (Blob slices;     │  detect by content (parsers/detect.ts)
//                                stored members    │  gzip: stream-inflated with the limits of
//                                windowed, deflated│        limits.ts, then detected once more
//                                ones inflated)    │  nested archives are refused with a reason
//
// A caller then parses the artifact with the detected kind (pipeline/parse-to-batch.ts), so a
// file is detected once. Zip archives are listed by the caller (the app opens members as files of
// their own; the CLI reports them).
import { type Detected, detect } from '../parsers/detect';
import { type ArtifactKind, type ByteSource, memorySource } from '../parsers/types';
import { blobSource, windowSource } from './blob-source';
import { inflateToMemory } from './inflate';
import { formatBytes } from './limits';
import { type ArchiveMember, memberDataOffset, METHOD_STORED } from './zip-directory';

/** Where a file's bytes come from. The worker reads them itself with Blob.slice. */
export type FileOrigin =
  | { kind: 'blob'; blob: Blob }
  /** A member of a zip archive that is itself `blob`. */
  | { kind: 'zip-member'; blob: Blob; member: ArchiveMember };

/** Bytes done of total while inflating a compressed stream. */
export type InflateProgress = (done: number, total: number) => void;

/** A FileOrigin as a ByteSource: Blob slices, a window for a stored member, inflated otherwise. */
export async function openOrigin(
  origin: FileOrigin,
  fileName: string,
  onInflate?: InflateProgress,
): Promise<ByteSource> {
  const whole = blobSource(origin.blob);
  if (origin.kind === 'blob') return whole;
  const m = origin.member;
  const dataStart = await memberDataOffset(whole, m);
  if (m.method === METHOD_STORED) return windowSource(whole, dataStart, m.compressedSize);
  const bytes = await inflateToMemory(whole, {
    format: 'deflate',
    start: dataStart,
    length: m.compressedSize,
    declaredSize: m.uncompressedSize,
    label: `zip member "${m.path}"`,
    onProgress: onInflate,
  });
  if (bytes.length !== m.uncompressedSize) {
    throw new Error(
      `${fileName}: inflated ${bytes.length} bytes, the archive declares ${m.uncompressedSize} (corrupt member)`,
    );
  }
  return memorySource(bytes);
}

export type OpenedArtifact =
  | {
      kind: 'artifact';
      /** The artifact's bytes: the file itself, or the inflated gzip stream. */
      src: ByteSource;
      artifact: ArtifactKind;
      /** How detection recognised it ("EVTX file header"; "gzip (1.2 MiB inflated) → USN record at 0x0"). */
      detail: string;
    }
  /** A zip archive; `src` is the archive, for the caller to list. */
  | { kind: 'zip'; src: ByteSource }
  | { kind: 'unsupported'; reason: string };

export interface OpenArtifactOptions {
  /** The source is a zip member: a zip inside it is not opened. */
  insideZip?: boolean;
  /** Cap on a gzip stream's inflated bytes (default: the limit of limits.ts). */
  maxInflated?: number;
  onInflate?: InflateProgress;
}

/**
 * Detects `src` by content and unwraps one gzip layer. Throws InflateLimitError for a gzip bomb
 * and Error for corrupt compressed data or a failed read; every other outcome is a value.
 */
export async function openArtifact(src: ByteSource, opts: OpenArtifactOptions = {}): Promise<OpenedArtifact> {
  const detected = await detect(src);
  if (detected.kind === 'zip') {
    if (opts.insideZip) {
      return {
        kind: 'unsupported',
        reason: 'zip archive inside a zip archive: extract the outer archive first',
      };
    }
    return { kind: 'zip', src };
  }
  if (detected.kind !== 'gzip') return asArtifact(src, detected, '');
  const bytes = await inflateToMemory(src, {
    format: 'gzip',
    start: 0,
    length: src.size,
    maxOutput: opts.maxInflated,
    label: 'gzip stream',
    onProgress: opts.onInflate,
  });
  const inner = memorySource(bytes);
  const again = await detect(inner);
  if (again.kind === 'zip' || again.kind === 'gzip') {
    return {
      kind: 'unsupported',
      reason: `gzip stream contains a ${again.kind} archive: nested archives are not opened`,
    };
  }
  return asArtifact(inner, again, `gzip (${formatBytes(bytes.length)} inflated) → `);
}

function asArtifact(
  src: ByteSource,
  d: Exclude<Detected, { kind: 'zip' | 'gzip' }>,
  via: string,
): OpenedArtifact {
  if (d.kind === 'unknown') return { kind: 'unsupported', reason: `${via}${d.reason}` };
  return { kind: 'artifact', src, artifact: d.kind, detail: `${via}${d.detail}` };
}
