// The ingest report: what was loaded, what it held, and what could not be read — every file with
// its state, record counts, time span, parser facts and diagnostics (file, offset, field, expected
// vs found), and per host the logs and artifacts present with their time spans. It is the
// "what we could and could not see" record a responder keeps with the case. Pure.
import type { CaseFile, HostRegistry } from '../../model/case';
import { ARTIFACT_BY_CODE } from '../../model/events-table';
import { type Diagnostic, formatDiagnostic } from '../../parsers/types';
import type { CoverageEntry } from '../timeline';

export interface IngestReport {
  generatedAt: string;
  files: {
    path: string;
    size: number;
    artifact: string | null;
    host: string;
    state: string;
    /** Why a file failed, was unsupported or cancelled. */
    reason?: string;
    records?: number;
    errors?: number;
    first?: string;
    last?: string;
    info?: Record<string, string | number | boolean>;
    diagnostics: { severity: string; offset: number; field: string; text: string }[];
  }[];
  hosts: {
    host: string;
    coverage: {
      artifact: string;
      source: string;
      events: number;
      first: string | null;
      last: string | null;
    }[];
  }[];
}

const iso = (ms: number): string | undefined =>
  Number.isFinite(ms) ? new Date(ms).toISOString() : undefined;

function diag(d: Diagnostic) {
  return { severity: d.severity, offset: d.offset, field: d.field, text: formatDiagnostic(d) };
}

export function ingestReport(
  files: readonly CaseFile[],
  hosts: Pick<HostRegistry, 'name' | 'resolve'>,
  coverage: readonly CoverageEntry[],
  now: number,
): IngestReport {
  const byHost = new Map<number, IngestReport['hosts'][number]>();
  for (const c of coverage) {
    let h = byHost.get(c.host);
    if (!h) {
      h = { host: c.host < 0 ? '(no host)' : hosts.name(c.host), coverage: [] };
      byHost.set(c.host, h);
    }
    h.coverage.push({
      artifact: ARTIFACT_BY_CODE[c.artifact] ?? 'unknown',
      source: c.source,
      events: c.count,
      first: iso(c.first) ?? null,
      last: iso(c.last) ?? null,
    });
  }
  return {
    generatedAt: new Date(now).toISOString(),
    files: files.map((f) => {
      const s = f.state;
      const out: IngestReport['files'][number] = {
        path: f.path,
        size: f.size,
        artifact: f.artifact,
        host: f.host < 0 ? '' : hosts.name(f.host),
        state: s.kind,
        diagnostics: f.diagnostics.map(diag),
      };
      if (s.kind === 'failed' || s.kind === 'unsupported') out.reason = s.reason;
      if (s.kind === 'done') {
        out.records = s.ok;
        out.errors = s.errors;
      }
      if (f.summary) {
        out.first = iso(f.summary.firstTimeMs);
        out.last = iso(f.summary.lastTimeMs);
        out.info = f.summary.info;
      }
      return out;
    }),
    hosts: [...byHost.values()],
  };
}
