// ez-csv: our records in Eric Zimmerman's CSV layouts, one file per layout (columns.ts), so
// Timeline Explorer opens them as it opens EvtxECmd / MFTECmd / PECmd output. RFC 4180 with
// CRLF line ends; cells guarded against formulas and bidi controls (cell.ts).
import type { ArtifactKind } from '../../../parsers/types';
import type { EvtxRecord } from '../../../parsers/evtx/index';
import type { MftEntry } from '../../../parsers/mft/index';
import type { PrefetchRecord } from '../../../parsers/prefetch/index';
import type { UsnRecord } from '../../../parsers/usn/index';
import { EZ_FILES, type EzFileKind } from './columns';
import { evtxLine, mftLines, prefetchLine, prefetchTimelineLines, usnLine } from './rows';

export { EZ_FILES, type EzFileKind } from './columns';
export { ezField, ezTime } from './cell';

export const EZ_EOL = '\r\n';

/** The files one artifact kind writes. */
export function ezFilesOf(artifact: ArtifactKind): EzFileKind[] {
  return artifact === 'prefetch' ? ['prefetch', 'prefetchTimeline'] : [artifact];
}

/** `<prefix>_EvtxECmd_Output.csv` … (his names are `<yyyyMMddHHmmss>_EvtxECmd_Output.csv`). */
export function ezFileName(prefix: string, kind: EzFileKind): string {
  return `${prefix}_${EZ_FILES[kind].suffix}`;
}

export interface EzSink {
  write(text: string): void;
}

/** Routes records to one sink per file, opened (and given its header) on first use. */
export class EzCsvSet {
  private readonly sinks = new Map<EzFileKind, EzSink>();
  readonly rows = new Map<EzFileKind, number>();

  constructor(private readonly open: (kind: EzFileKind) => EzSink) {}

  /** Lines for one file (its header first when it opens). */
  emit(kind: EzFileKind, lines: readonly string[]): void {
    let s = this.sinks.get(kind);
    if (!s) {
      s = this.open(kind);
      s.write(`${EZ_FILES[kind].columns.join(',')}${EZ_EOL}`);
      this.sinks.set(kind, s);
      this.rows.set(kind, 0);
    }
    if (lines.length) s.write(`${lines.join(EZ_EOL)}${EZ_EOL}`);
    this.rows.set(kind, (this.rows.get(kind) ?? 0) + lines.length);
  }

  /** One parser record (the object `parser.parse` hands to its callback). */
  add(artifact: ArtifactKind, record: unknown, sourceFile: string): void {
    switch (artifact) {
      case 'evtx':
        this.emit('evtx', [evtxLine(record as EvtxRecord, sourceFile)]);
        break;
      case 'mft':
        this.emit('mft', mftLines(record as MftEntry, sourceFile));
        break;
      case 'usn':
        this.emit('usn', [usnLine(record as UsnRecord, sourceFile)]);
        break;
      case 'prefetch': {
        const pf = record as PrefetchRecord;
        this.emit('prefetch', [prefetchLine(pf, sourceFile)]);
        this.emit('prefetchTimeline', prefetchTimelineLines(pf));
        break;
      }
    }
  }

  kinds(): EzFileKind[] {
    return [...this.sinks.keys()];
  }
}
