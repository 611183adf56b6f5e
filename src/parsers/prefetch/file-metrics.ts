// File metrics array and filename strings, libscca "Windows Prefetch File (PF) format", sections
// "File metrics array" and "Filename strings". Each metrics entry points into the filename strings:
//   v17 (20 bytes):     +8 filename offset (bytes, relative to the strings)  +12 characters
//   v23+ (32 bytes):   +12 filename offset                                   +16 characters
//                      +24 NTFS file reference: 48-bit $MFT entry number, 16-bit sequence number
//                          (0 when the file is not on NTFS; v17 entries have no reference)
// The strings are UTF-16LE, NUL-terminated. When the metrics array is unusable the strings area is
// split on NULs instead.
import type { ByteReader } from '../bytes/reader';
import { utf16 } from '../bytes/text';
import type { FileInformation, VersionLayout } from './file-information';

type Report = (offset: number, field: string, expected: string, found: string) => void;

/** The files loaded, in metrics order, as columns of equal length. */
export interface LoadedFiles {
  names: string[];
  /** $MFT entry number of each file (48 bits), 0 when absent. */
  mftEntries: number[];
  /** $MFT sequence number of each file (16 bits), 0 when absent. */
  mftSequences: number[];
}

function namesOnly(names: string[]): LoadedFiles {
  return { names, mftEntries: names.map(() => 0), mftSequences: names.map(() => 0) };
}

function splitStrings(r: ByteReader, start: number, end: number): string[] {
  const out: string[] = [];
  const b = r.bytes;
  let s = start;
  for (let i = start; i + 1 < end; i += 2) {
    if ((b[i] | b[i + 1]) === 0) {
      if (i > s) out.push(utf16(b, s, i - s));
      s = i + 2;
    }
  }
  return out;
}

/**
 * The files loaded, in metrics order, with their $MFT file references. Problems are reported and
 * cost only their entry; names split from the strings (no usable metrics) have no references.
 */
export function readFilenames(
  r: ByteReader,
  info: FileInformation,
  layout: VersionLayout,
  report: Report,
): LoadedFiles {
  const len = r.length;
  const strStart = info.filenameStringsOffset;
  const strEnd = strStart + info.filenameStringsSize;
  if (strStart < 84 || strStart > len || strEnd > len) {
    report(
      0x64,
      'fileInformation.filenameStringsOffset',
      `strings inside the ${len}-byte file`,
      `0x${strStart.toString(16)}..0x${strEnd.toString(16)}`,
    );
    return namesOnly([]);
  }
  const size = layout.metricsEntrySize;
  const mStart = info.metricsOffset;
  const fit = mStart >= 84 && mStart <= len ? Math.floor((len - mStart) / size) : -1;
  if (fit < 0 || fit < info.metricsCount) {
    report(
      0x54,
      'fileInformation.metricsOffset',
      `${info.metricsCount} metrics entries of ${size} bytes inside the file`,
      fit < 0 ? `offset 0x${mStart.toString(16)} outside the file` : `room for ${fit}`,
    );
    return namesOnly(splitStrings(r, strStart, strEnd));
  }
  const out: LoadedFiles = { names: [], mftEntries: [], mftSequences: [] };
  const refField = layout.metricsFileReferenceField;
  for (let i = 0; i < info.metricsCount; i++) {
    const at = mStart + i * size;
    const nameOffset = r.u32(at + layout.metricsNameOffsetField, 'metrics.filenameOffset');
    const chars = r.u32(at + layout.metricsNameOffsetField + 4, 'metrics.filenameCharacters');
    const s = strStart + nameOffset;
    if (nameOffset >= info.filenameStringsSize || s + chars * 2 > strEnd) {
      report(
        at + layout.metricsNameOffsetField,
        `metrics[${i}].filenameOffset`,
        `a string inside the filename strings (${info.filenameStringsSize} bytes)`,
        `offset ${nameOffset}, ${chars} characters`,
      );
      continue;
    }
    out.names.push(utf16(r.bytes, s, chars * 2));
    if (refField < 0) {
      out.mftEntries.push(0);
      out.mftSequences.push(0);
      continue;
    }
    const lo = r.u32(at + refField, `metrics[${i}].fileReference`);
    const hi = r.u32(at + refField + 4, `metrics[${i}].fileReference`);
    out.mftEntries.push((hi & 0xffff) * 0x1_0000_0000 + lo);
    out.mftSequences.push(hi >>> 16);
  }
  return out;
}
