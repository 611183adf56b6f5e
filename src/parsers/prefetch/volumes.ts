// Volumes information, libscca "Windows Prefetch File (PF) format", section "Volumes information".
// Entry (40 bytes v17, 104 bytes v23/v26, 96 bytes v30/v31); offsets relative to the volumes
// information start:
//   +0  4  device path offset     +4  4  device path characters
//   +8  8  volume creation time (FILETIME)
//   +16 4  volume serial number
//   +20 4  file references offset +24 4  file references size
//   +28 4  directory strings offset  +32 4  number of directory strings
// Directory string: uint16 characters (without NUL), then UTF-16LE characters and a NUL.
import type { ByteReader } from '../bytes/reader';
import { filetimeParts, isoFromParts } from '../bytes/filetime';
import { utf16 } from '../bytes/text';
import type { FileInformation, VersionLayout } from './file-information';
import { hashHex } from './hash';
import { u16le } from '../bytes/le';

type Report = (offset: number, field: string, expected: string, found: string) => void;

export interface PrefetchVolume {
  devicePath: string;
  /** Volume serial number as 8 upper-case hex digits. */
  serial: string;
  /** Volume creation time, ISO with 7 fractional digits ('' when unset). */
  created: string;
  directories: string[];
}

export function readVolumes(
  r: ByteReader,
  info: FileInformation,
  layout: VersionLayout,
  report: Report,
): PrefetchVolume[] {
  const len = r.length;
  const base = info.volumesOffset;
  if (info.volumesCount === 0) return [];
  const end = Math.min(len, base + info.volumesSize);
  if (base < 84 || base >= len) {
    report(
      0x6c,
      'fileInformation.volumesOffset',
      `an offset inside the ${len}-byte file`,
      `0x${base.toString(16)}`,
    );
    return [];
  }
  if (base + info.volumesSize > len) {
    report(
      0x74,
      'fileInformation.volumesSize',
      `at most ${len - base} bytes (end of file)`,
      `${info.volumesSize}`,
    );
  }
  const size = layout.volumeEntrySize;
  const fit = Math.floor((end - base) / size);
  let count = info.volumesCount;
  if (count > fit) {
    report(0x70, 'fileInformation.volumesCount', `at most ${fit} entries of ${size} bytes`, `${count}`);
    count = fit;
  }
  const out: PrefetchVolume[] = [];
  for (let i = 0; i < count; i++) {
    const at = base + i * size;
    const pathOffset = r.u32(at, 'volume.devicePathOffset');
    const pathChars = r.u32(at + 4, 'volume.devicePathCharacters');
    const created = filetimeParts(r.u32(at + 8), r.u32(at + 12));
    const serial = r.u32(at + 16, 'volume.serial');
    const dirOffset = r.u32(at + 28, 'volume.directoryStringsOffset');
    const dirCount = r.u32(at + 32, 'volume.directoryStringsCount');
    let devicePath = '';
    if (base + pathOffset + pathChars * 2 > end || pathOffset === 0) {
      report(
        at,
        `volume[${i}].devicePathOffset`,
        'a device path inside the volumes information',
        `offset ${pathOffset}, ${pathChars} characters`,
      );
    } else {
      devicePath = utf16(r.bytes, base + pathOffset, pathChars * 2);
    }
    const directories: string[] = [];
    if (dirCount > 0) {
      let p = base + dirOffset;
      if (p >= end) {
        report(
          at + 28,
          `volume[${i}].directoryStringsOffset`,
          'an offset inside the volumes information',
          `${dirOffset}`,
        );
      } else {
        for (let j = 0; j < dirCount; j++) {
          if (p + 2 > end) {
            report(
              p,
              `volume[${i}].directory[${j}]`,
              `${dirCount} directory strings`,
              `end of data after ${j}`,
            );
            break;
          }
          const chars = u16le(r.bytes, p);
          if (p + 2 + chars * 2 > end) {
            report(p, `volume[${i}].directory[${j}].characters`, `at most ${(end - p - 2) >> 1}`, `${chars}`);
            break;
          }
          directories.push(utf16(r.bytes, p + 2, chars * 2));
          p += 2 + (chars + 1) * 2;
        }
      }
    }
    out.push({
      devicePath,
      serial: hashHex(serial),
      created: isoFromParts(created.timeMs, created.tick),
      directories,
    });
  }
  return out;
}
