// Builds small cases directly as events tables (no bytes, no parsers), for checklist tests and
// examples: one call per file, rows in the parsers' NormalizedEvent conventions.
import { CaseStore } from '../model/case-store';
import { EventsBuilder } from '../model/events-table';
import type { ArtifactKind, NormalizedEvent } from '../parsers/types';

export interface RowSpec {
  /** ISO time ('2026-10-14T10:02:11Z') or ms since 1970. */
  time: string | number;
  eventId?: number;
  ref?: number;
  label?: string;
  fields: Record<string, string>;
}

const SOURCE_OF: Record<ArtifactKind, string> = {
  evtx: '',
  prefetch: 'Prefetch',
  mft: '$MFT',
  usn: '$UsnJrnl:$J',
};

export class CaseBuilder {
  readonly store = new CaseStore();

  /** Adds one parsed file. EVTX rows carry `computer`; other artifacts take the host from the path. */
  file(
    path: string,
    artifact: ArtifactKind,
    rows: RowSpec[],
    opts: { channel?: string; computer?: string } = {},
  ) {
    const id = this.store.addFile(path, 0);
    const b = new EventsBuilder();
    let first = Number.NaN;
    let last = Number.NaN;
    rows.forEach((r, i) => {
      const timeMs = typeof r.time === 'number' ? r.time : Date.parse(r.time);
      if (!(timeMs >= first)) first = timeMs;
      if (!(timeMs <= last)) last = timeMs;
      const e: NormalizedEvent = {
        artifact,
        timeMs,
        tick: 0,
        eventId: r.eventId ?? -1,
        source: artifact === 'evtx' ? (opts.channel ?? '') : SOURCE_OF[artifact],
        computer: artifact === 'evtx' ? (opts.computer ?? '') : '',
        ref: r.ref ?? i + 1,
        offset: i,
        label: r.label ?? '',
        summary: '',
        fields: r.fields,
      };
      b.add(e);
    });
    this.store.setArtifact(id, artifact);
    this.store.complete(
      id,
      b.finish(),
      {
        artifact,
        ok: rows.length,
        errors: 0,
        firstTimeMs: first,
        lastTimeMs: last,
        info: opts.channel ? { channel: opts.channel } : {},
      },
      [],
      opts.computer ?? '',
    );
    return id;
  }

  evtx(path: string, computer: string, channel: string, rows: RowSpec[]) {
    return this.file(path, 'evtx', rows, { channel, computer });
  }
}
