// File metrics array and filename strings, libscca "Windows Prefetch File (PF) format", sections
// "File metrics array" and "Filename strings". Each metrics entry points into the filename strings:
//   v17 (20 bytes):     +8 filename offset (bytes, relative to the strings)  +12 characters
//   v23+ (32 bytes):   +12 filename offset                                   +16 characters
// The strings are UTF-16LE, NUL-terminated. When the metrics array is unusable the strings area is
// split on NULs instead.
import type { ByteReader } from '../bytes/reader';
import { utf16 } from '../bytes/text';
import type { FileInformation, VersionLayout } from './file-information';

type Report = (offset: number, field: string, expected: string, found: string) => void;

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

/** The list of files loaded, in metrics order. Problems are reported and cost only their entry. */
export function readFilenames(
  r: ByteReader,
  info: FileInformation,
  layout: VersionLayout,
  report: Report,
): string[] {
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
    return [];
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
    return splitStrings(r, strStart, strEnd);
  }
  const names: string[] = [];
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
    names.push(utf16(r.bytes, s, chars * 2));
  }
  return names;
}
