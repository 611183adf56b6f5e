// Reads a zip archive's central directory through a ByteSource (only the tail and the directory
// are read, never the member data) and applies the zip bomb checks before anything is inflated.
// Spec: PKWARE APPNOTE.TXT 6.3.10, §4.3.6 local file header, §4.3.12 central directory header,
// §4.3.14-16 zip64 end of central directory record/locator, §4.5.3 zip64 extended information.
//
//   [local header 1][data 1] … [local header n][data n][central directory][zip64 eocd][locator][eocd]
import { u16le, u32le, u64le } from '../parsers/bytes/le';
import type { ByteSource } from '../parsers/types';
import {
  bytesWithSize,
  exactBytes,
  MAX_ARCHIVE_INFLATED,
  MAX_MEMBER_INFLATED,
  MAX_MEMBERS,
  MAX_RATIO,
  RATIO_MIN_BYTES,
} from './limits';

const EOCD_SIGNATURE = 0x06054b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_LOCATOR_SIZE = 20;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const ZIP64_EOCD_SIZE = 56;
const CENTRAL_HEADER_SIGNATURE = 0x02014b50;
const CENTRAL_HEADER_SIZE = 46;
const LOCAL_HEADER_SIGNATURE = 0x04034b50;
/** Fixed part of a local file header (bytes). */
export const LOCAL_HEADER_SIZE = 30;
const ZIP64_EXTRA_ID = 0x0001;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_UTF8 = 0x0800;
export const METHOD_STORED = 0;
export const METHOD_DEFLATE = 8;
/** Central directories larger than this are refused (bytes). */
const MAX_DIRECTORY_BYTES = 256 * 1024 * 1024;

/** One file inside an archive, as the central directory describes it. Sizes in bytes. */
export interface ArchiveMember {
  /** Path inside the archive, '/'-separated. */
  path: string;
  method: number;
  encrypted: boolean;
  /** Absolute offset of the member's local file header in the archive. */
  localHeaderOffset: number;
  compressedSize: number;
  uncompressedSize: number;
  crc32: number;
}

export interface ArchiveListing {
  members: ArchiveMember[];
  /** Members listed but not openable (encrypted, unknown method), with the reason. */
  skipped: { path: string; reason: string }[];
  /** Reason the whole archive is refused (zip bomb, corrupt directory); empty when usable. */
  refused: string;
}

function decodeName(bytes: Uint8Array, utf8: boolean): string {
  if (utf8) return new TextDecoder('utf-8').decode(bytes);
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += String.fromCharCode(bytes[i]);
  return s;
}

function refuse(reason: string): ArchiveListing {
  return { members: [], skipped: [], refused: reason };
}

/** Finds the end-of-central-directory record: last EOCD signature in the final 64 KiB + 22. */
async function findEocd(
  src: ByteSource,
): Promise<{ tail: Uint8Array; at: number; tailStart: number } | null> {
  const tailLength = Math.min(src.size, EOCD_SIZE + MAX_COMMENT + ZIP64_LOCATOR_SIZE);
  const tailStart = src.size - tailLength;
  const tail = await src.read(tailStart, tailLength);
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (u32le(tail, i) === EOCD_SIGNATURE && i + EOCD_SIZE + u16le(tail, i + 20) <= tail.length) {
      return { tail, at: i, tailStart };
    }
  }
  return null;
}

export async function listArchive(src: ByteSource): Promise<ArchiveListing> {
  const eocd = await findEocd(src);
  if (!eocd) return refuse('zip archive: no end-of-central-directory record (truncated or not a zip)');
  const { tail, at, tailStart } = eocd;
  let entries = u16le(tail, at + 10);
  let cdSize = u32le(tail, at + 12);
  let cdOffset = u32le(tail, at + 16);
  if (u16le(tail, at + 4) !== 0 || u16le(tail, at + 6) !== 0) {
    return refuse('zip archive: multi-disk (split) archives are not supported');
  }
  const locatorAt = at - ZIP64_LOCATOR_SIZE;
  if (locatorAt >= 0 && u32le(tail, locatorAt) === ZIP64_LOCATOR_SIGNATURE) {
    const z64Offset = u64le(tail, locatorAt + 8);
    const rec = await src.read(z64Offset, ZIP64_EOCD_SIZE);
    if (rec.length < ZIP64_EOCD_SIZE || u32le(rec, 0) !== ZIP64_EOCD_SIGNATURE) {
      return refuse(
        `zip archive: zip64 end-of-central-directory record missing at 0x${z64Offset.toString(16)}`,
      );
    }
    entries = u64le(rec, 32);
    cdSize = u64le(rec, 40);
    cdOffset = u64le(rec, 48);
  }
  const eocdAbsolute = tailStart + at;
  if (cdOffset + cdSize > eocdAbsolute || cdSize > MAX_DIRECTORY_BYTES) {
    return refuse(
      `zip archive: central directory (offset 0x${cdOffset.toString(16)}, ${cdSize} bytes) lies outside the file`,
    );
  }
  if (entries > MAX_MEMBERS) {
    return refuse(`zip archive: ${entries} members, more than the limit of ${MAX_MEMBERS}`);
  }
  const cd = await src.read(cdOffset, cdSize);
  const members: ArchiveMember[] = [];
  const skipped: { path: string; reason: string }[] = [];
  let o = 0;
  for (let n = 0; n < entries; n++) {
    if (o + CENTRAL_HEADER_SIZE > cd.length || u32le(cd, o) !== CENTRAL_HEADER_SIGNATURE) {
      return refuse(
        `zip archive: central directory entry ${n} at 0x${(cdOffset + o).toString(16)} has no valid signature`,
      );
    }
    const flags = u16le(cd, o + 8);
    const method = u16le(cd, o + 10);
    const crc32 = u32le(cd, o + 16);
    let compressedSize = u32le(cd, o + 20);
    let uncompressedSize = u32le(cd, o + 24);
    const nameLength = u16le(cd, o + 28);
    const extraLength = u16le(cd, o + 30);
    const commentLength = u16le(cd, o + 32);
    let localHeaderOffset = u32le(cd, o + 42);
    const nameStart = o + CENTRAL_HEADER_SIZE;
    const extraStart = nameStart + nameLength;
    const next = extraStart + extraLength + commentLength;
    if (next > cd.length) return refuse(`zip archive: central directory entry ${n} runs past the directory`);
    const path = decodeName(cd.subarray(nameStart, extraStart), (flags & FLAG_UTF8) !== 0);
    for (let e = extraStart; e + 4 <= extraStart + extraLength; ) {
      const id = u16le(cd, e);
      const size = u16le(cd, e + 2);
      if (id === ZIP64_EXTRA_ID) {
        let p = e + 4;
        const end = p + size;
        if (uncompressedSize === 0xffffffff && p + 8 <= end) {
          uncompressedSize = u64le(cd, p);
          p += 8;
        }
        if (compressedSize === 0xffffffff && p + 8 <= end) {
          compressedSize = u64le(cd, p);
          p += 8;
        }
        if (localHeaderOffset === 0xffffffff && p + 8 <= end) localHeaderOffset = u64le(cd, p);
      }
      e += 4 + size;
    }
    o = next;
    if (path.endsWith('/') || path.endsWith('\\')) continue;
    const member: ArchiveMember = {
      path: path.replace(/\\/g, '/'),
      method,
      encrypted: (flags & FLAG_ENCRYPTED) !== 0,
      localHeaderOffset,
      compressedSize,
      uncompressedSize,
      crc32,
    };
    if (member.encrypted) skipped.push({ path: member.path, reason: 'encrypted member: not opened' });
    else if (method !== METHOD_STORED && method !== METHOD_DEFLATE)
      skipped.push({
        path: member.path,
        reason: `compression method ${method} is not supported (stored/deflate only)`,
      });
    else members.push(member);
  }
  const problem = checkBomb(members, cdOffset);
  if (problem) return refuse(problem);
  const ratioRefused: ArchiveMember[] = [];
  for (const m of members) {
    const ratio = memberProblem(m);
    if (ratio) {
      skipped.push({ path: m.path, reason: ratio });
      ratioRefused.push(m);
    }
  }
  return { members: members.filter((m) => !ratioRefused.includes(m)), skipped, refused: '' };
}

/** Size and ratio checks for one member; '' when acceptable. */
export function memberProblem(
  m: Pick<ArchiveMember, 'compressedSize' | 'uncompressedSize' | 'method'>,
): string {
  if (m.method === METHOD_STORED) return '';
  if (m.uncompressedSize > MAX_MEMBER_INFLATED) {
    return `member inflates to ${bytesWithSize(m.uncompressedSize)}, above the limit of ${bytesWithSize(MAX_MEMBER_INFLATED)} inflated in memory: extract it and drop the file itself`;
  }
  if (m.uncompressedSize < RATIO_MIN_BYTES) return '';
  const ratio = m.uncompressedSize / Math.max(1, m.compressedSize);
  if (ratio <= MAX_RATIO) return '';
  return `zip bomb protection: member would inflate ${Math.round(ratio)}:1 (${bytesWithSize(m.uncompressedSize)} from ${exactBytes(m.compressedSize)}), above the ${MAX_RATIO}:1 limit`;
}

/** Whole-archive checks: declared total size and overlapping member data. '' when acceptable. */
export function checkBomb(members: ArchiveMember[], cdOffset: number): string {
  let total = 0;
  for (const m of members) total += m.method === METHOD_STORED ? 0 : m.uncompressedSize;
  if (total > MAX_ARCHIVE_INFLATED) {
    return `zip bomb protection: members would inflate to ${exactBytes(total)} in total, above the limit of ${bytesWithSize(MAX_ARCHIVE_INFLATED)}`;
  }
  const sorted = [...members].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  for (let i = 0; i < sorted.length; i++) {
    const m = sorted[i];
    const end = m.localHeaderOffset + LOCAL_HEADER_SIZE + m.compressedSize;
    const limit = i + 1 < sorted.length ? sorted[i + 1].localHeaderOffset : cdOffset;
    if (end > limit) {
      const other = i + 1 < sorted.length ? `member "${sorted[i + 1].path}"` : 'the central directory';
      return `zip bomb protection: member "${m.path}" overlaps ${other} (overlapping members are a zip bomb pattern)`;
    }
  }
  return '';
}

/** Absolute offset of a member's data: after its local header, name and extra field. */
export async function memberDataOffset(src: ByteSource, m: ArchiveMember): Promise<number> {
  const h = await src.read(m.localHeaderOffset, LOCAL_HEADER_SIZE);
  if (h.length < LOCAL_HEADER_SIZE || u32le(h, 0) !== LOCAL_HEADER_SIGNATURE) {
    throw new Error(`zip member "${m.path}": no local file header at 0x${m.localHeaderOffset.toString(16)}`);
  }
  return m.localHeaderOffset + LOCAL_HEADER_SIZE + u16le(h, 26) + u16le(h, 28);
}
