// Parses one prefetch file held in memory: MAM container (Windows 10/11) or plain SCCA, then the
// version's file information, file metrics/filename strings and volumes information.
// Spec: libscca "Windows Prefetch File (PF) format"; [MS-XCA] for the compression.
import { BoundsError, ByteReader } from '../bytes/reader';
import { DiagnosticSink, engineErrorText, type Severity } from '../diagnostics';
import type { Diagnostic } from '../types';
import { FILE_INFORMATION_OFFSET, type VersionLayout } from './file-information';
import { isScca, readFileHeader, SCCA_HEADER_SIZE } from './file-header';
import { readFilenames } from './file-metrics';
import { decompressMam, isMam } from './mam';
import { findExecutablePath, type PrefetchRecord } from './record';
import { V17 } from './versions/v17';
import { V23 } from './versions/v23';
import { V26 } from './versions/v26';
import { V30 } from './versions/v30';
import { V31 } from './versions/v31';
import { readVolumes } from './volumes';

export const VERSION_LAYOUTS: Record<number, VersionLayout> = { 17: V17, 23: V23, 26: V26, 30: V30, 31: V31 };

function hex8(b: Uint8Array): string {
  return Array.from(b.subarray(0, 8), (x) => x.toString(16).padStart(2, '0')).join(' ');
}

/**
 * Returns the record (possibly partial: empty lists where a section was unreadable) or null when the
 * bytes are not a readable prefetch file. Every problem is pushed to `diagnostics`; never throws.
 */
export function parsePrefetchBytes(
  bytes: Uint8Array,
  fileName: string,
  diagnostics: Diagnostic[],
): PrefetchRecord | null {
  const diag = new DiagnosticSink(fileName, diagnostics);
  let data = bytes;
  let compressed = false;
  if (isMam(bytes)) {
    compressed = true;
    const m = decompressMam(bytes, fileName, diagnostics);
    if (!m.data) return null;
    data = m.data;
    if (!isScca(data)) {
      diag.report(
        'error',
        -1,
        'mam.data',
        'decompressed data starting with an SCCA header',
        `first bytes ${hex8(data)}`,
      );
      return null;
    }
  } else if (!isScca(bytes)) {
    diag.report(
      'error',
      0,
      'header.signature',
      'a prefetch file ("SCCA" at offset 4, or "MAM\\x04" at 0)',
      bytes.length < 8 ? `${bytes.length} bytes` : `first bytes ${hex8(bytes)}`,
    );
    return null;
  }
  // Offsets inside decompressed data are reported relative to that data.
  const where = compressed ? ' (offset in decompressed data)' : '';
  const diagAt = (
    offset: number,
    field: string,
    expected: string,
    found: string,
    severity: Severity = 'error',
  ) => diag.report(severity, offset, field, expected, found, where.trim());
  if (data.length < SCCA_HEADER_SIZE) {
    diagAt(0, 'header', `${SCCA_HEADER_SIZE}-byte SCCA header`, `${data.length} bytes`);
    return null;
  }
  // A section that fails costs only itself: a read past the end names its field; an engine limit
  // (RangeError …) names the section and the limit in our words, never the engine's text.
  const sectionFailed = (e: unknown, offset: number, section: string, endNote = '') => {
    if (e instanceof BoundsError) {
      diagAt(e.offset, e.field, `${e.need} bytes`, `${Math.max(0, e.have)}${endNote}`);
      return;
    }
    const engine = engineErrorText(e);
    if (!engine) throw e;
    diagAt(offset, section, 'a section within what one file may use', engine);
  };
  const r = new ByteReader(data);
  const header = readFileHeader(r);
  const layout = VERSION_LAYOUTS[header.version];
  if (!layout) {
    diagAt(0, 'header.version', 'format version 17, 23, 26, 30 or 31', `${header.version}`);
    return null;
  }
  if (header.fileSize !== data.length) {
    diagAt(
      12,
      'header.fileSize',
      `${data.length} (${compressed ? 'decompressed' : 'file'} size)`,
      `${header.fileSize}`,
      'warning',
    );
  }
  const rec: PrefetchRecord = {
    file: fileName,
    version: header.version,
    layout: `v${header.version}`,
    compressed,
    sccaSize: data.length,
    fileSize: header.fileSize,
    executable: header.executable,
    hash: header.hash,
    runCount: 0,
    lastRunTimes: [],
    volumes: [],
    files: [],
    fileMftEntries: [],
    fileMftSequences: [],
    directories: [],
    executablePath: '',
  };
  let info: ReturnType<VersionLayout['readFileInformation']>;
  try {
    info = layout.readFileInformation(r);
  } catch (e) {
    sectionFailed(
      e,
      FILE_INFORMATION_OFFSET,
      'fileInformation',
      ` (file ends at 0x${data.length.toString(16)})`,
    );
    return rec;
  }
  rec.layout = info.layout;
  rec.runCount = info.runCount;
  rec.lastRunTimes = info.lastRunTimes;
  const sub = (offset: number, field: string, expected: string, found: string) =>
    diagAt(offset, field, expected, found);
  try {
    const loaded = readFilenames(r, info, layout, sub);
    rec.files = loaded.names;
    rec.fileMftEntries = loaded.mftEntries;
    rec.fileMftSequences = loaded.mftSequences;
  } catch (e) {
    sectionFailed(e, info.metricsOffset, 'fileMetrics');
  }
  try {
    rec.volumes = readVolumes(r, info, layout, sub);
  } catch (e) {
    sectionFailed(e, info.volumesOffset, 'volumes');
  }
  for (const v of rec.volumes) for (const d of v.directories) rec.directories.push(d);
  rec.executablePath = findExecutablePath(rec.executable, rec.files);
  return rec;
}
