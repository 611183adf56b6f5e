// Limits that keep a hostile or oversized drop from exhausting the tab: zip bomb protection for
// archives and gzip streams, and caps on how much we hold in a worker's memory at once.

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** Sum of the inflated sizes of all members of one archive (bytes). */
export const MAX_ARCHIVE_INFLATED = 4 * GiB;
/** One deflated member (zip member or gzip stream) is inflated in worker memory up to this (bytes). */
export const MAX_MEMBER_INFLATED = 1 * GiB;
/** Inflated:compressed ratio above which a large member is treated as a bomb. */
export const MAX_RATIO = 1000;
/** Members smaller than this (inflated bytes) are never refused for their ratio. */
export const RATIO_MIN_BYTES = 16 * MiB;
/** Members listed in one archive. */
export const MAX_MEMBERS = 100_000;
/** Compressed bytes pushed into the inflater per call; bounds the output of one push (~1032x). */
export const INFLATE_PUSH_BYTES = 64 * 1024;
/** Bytes read from a Blob per slice when streaming. */
export const READ_SLICE_BYTES = 4 * MiB;
/** Largest single Blob read (bytes); a larger request is a reader bug, refused with a message. */
export const MAX_SINGLE_READ = 1 * GiB;
/** Diagnostics kept per file; the rest are counted in one summary diagnostic. */
export const MAX_DIAGNOSTICS_PER_FILE = 5000;

export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return '?';
  if (n < 1024) return `${n} B`;
  if (n < MiB) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < GiB) return `${(n / MiB).toFixed(1)} MiB`;
  return `${(n / GiB).toFixed(2)} GiB`;
}
/** An exact byte count with its digits grouped, locale independent: "4,294,967,297 bytes". */
export function exactBytes(n: number): string {
  if (!Number.isFinite(n)) return '? bytes';
  const digits = String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${digits} ${n === 1 ? 'byte' : 'bytes'}`;
}

/** The exact count, then its rounded size when that says more: "4,294,967,296 bytes (4.00 GiB)". */
export function bytesWithSize(n: number): string {
  return n < 1024 ? exactBytes(n) : `${exactBytes(n)} (${formatBytes(n)})`;
}

/** The CLI inflates a gzip stream in memory up to this (bytes): it is not bound by a tab's heap. */
export const CLI_MAX_INFLATED = 4 * GiB;
