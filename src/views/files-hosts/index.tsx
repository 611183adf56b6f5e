// Files and hosts: per-file state, progress, counts, time span and diagnostics (cancel / retry),
// host management (rename, merge, assign a file), and per-host coverage of logs and artifacts.
import { ingestReport } from '../../analysis/export/ingest-report';
import { useMemo, useState } from 'react';
import { coverage } from '../../analysis/timeline';
import { type CaseFile, UNASSIGNED } from '../../model/case';
import { formatDiagnostic } from '../../parsers/types';
import type { CaseActions, CaseView, Navigate } from '../contract';
import { hostsKey } from '../shared/case-cache';
import { Chip, type ChipTone } from '../shared/StatusChip';
import { ARTIFACT_CODE, artifactName } from '../../model/artifact';
import { formatCount, plural } from '../../model/text';
import { ExportMenu } from '../shared/ExportMenu';
import { fileStamp } from '../shared/export-file';
import { formatGridTime } from '../shared/time';
import '../shared/views.css';

export interface FilesHostsViewProps {
  caseView: CaseView;
  actions: CaseActions;
  onNavigate: Navigate;
}

const MAX_DIAGNOSTICS_SHOWN = 500;
/** Files listed before "Show more"; thousands of rows would make every state change slow. */
const FILES_PAGE = 200;

function fileState(f: CaseFile): { tone: ChipTone; icon: string; text: string } {
  const s = f.state;
  switch (s.kind) {
    case 'queued':
      return { tone: 'muted', icon: '…', text: 'Queued' };
    case 'parsing':
      return { tone: 'info', icon: '⟳', text: `Parsing ${Math.floor(s.percent)}%` };
    case 'done':
      return s.errors
        ? { tone: 'warn', icon: '!', text: `Done with ${plural(s.errors, 'error')}` }
        : { tone: 'ok', icon: '✓', text: 'Done' };
    case 'failed':
      return { tone: 'bad', icon: '✗', text: 'Failed' };
    case 'unsupported':
      return { tone: 'muted', icon: '∅', text: 'Not supported' };
    case 'cancelled':
      return { tone: 'muted', icon: '■', text: 'Cancelled' };
  }
}

function span(first: number, last: number): string {
  if (!Number.isFinite(first) || !Number.isFinite(last)) return '—';
  return `${formatGridTime(first, 'UTC')} – ${formatGridTime(last, 'UTC')}`;
}

function HostRow({
  id,
  name,
  others,
  actions,
}: {
  id: number;
  name: string;
  others: { id: number; name: string }[];
  actions: CaseActions;
}) {
  const [draft, setDraft] = useState(name);
  const [into, setInto] = useState<number>(others[0]?.id ?? -1);
  return (
    <tr data-testid={`host-${name}`}>
      <td>
        <form
          className="tlv-toolbar"
          onSubmit={(e) => {
            e.preventDefault();
            if (draft.trim() && draft.trim() !== name) actions.renameHost(id, draft.trim());
          }}
        >
          <label>
            <span className="tlv-muted">Name</span>
            <input type="text" value={draft} size={16} onChange={(e) => setDraft(e.target.value)} />
          </label>
          <button type="submit" disabled={!draft.trim() || draft.trim() === name}>
            Rename
          </button>
        </form>
      </td>
      <td>
        {others.length ? (
          <div className="tlv-toolbar">
            <label>
              <span className="tlv-muted">Merge into</span>
              <select value={into} onChange={(e) => setInto(Number(e.target.value))}>
                {others.map((o) => (
                  <option key={o.id} value={o.id}>
                    {o.name}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" onClick={() => into >= 0 && actions.mergeHosts(id, into)}>
              Merge
            </button>
          </div>
        ) : (
          <span className="tlv-muted">only host</span>
        )}
      </td>
    </tr>
  );
}

export function FilesHostsView({ caseView, actions, onNavigate }: FilesHostsViewProps) {
  const { files, hosts, table, version } = caseView;
  const active = hosts.active();
  const [limit, setLimit] = useState(FILES_PAGE);
  const [pathFilter, setPathFilter] = useState('');
  const [problemsOnly, setProblemsOnly] = useState(false);
  const listed = useMemo(() => {
    void version;
    const q = pathFilter.trim().toLowerCase();
    return files.filter(
      (f) =>
        (!q || f.path.toLowerCase().includes(q)) &&
        (!problemsOnly ||
          f.state.kind === 'failed' ||
          f.state.kind === 'unsupported' ||
          f.state.kind === 'cancelled' ||
          (f.state.kind === 'done' && f.state.errors > 0) ||
          f.diagnostics.length > 0),
    );
  }, [files, pathFilter, problemsOnly, version]);
  const key = hostsKey(caseView);
  const cov = useMemo(() => {
    void key;
    return coverage(table, (h) => hosts.resolve(h));
  }, [table, hosts, key]);

  if (!files.length) {
    return (
      <section className="tlv-root" aria-label="Files and hosts">
        <div className="tlv-empty" data-testid="files-empty">
          <h2>Files and hosts</h2>
          <p>
            No files yet. Drop EVTX logs, Prefetch files, a $MFT or a $UsnJrnl:$J (or whole KAPE /
            Velociraptor collection folders), or load the demo case.
          </p>
        </div>
      </section>
    );
  }

  const totals = files.reduce(
    (a, f) => {
      if (f.state.kind === 'done') {
        a.ok += f.state.ok;
        a.errors += f.state.errors;
      }
      return a;
    },
    { ok: 0, errors: 0 },
  );

  return (
    <section className="tlv-root tlv-scroll" aria-label="Files and hosts">
      <section aria-label="Files">
        <div className="tlv-toolbar" style={{ justifyContent: 'space-between' }}>
          <h2>Files</h2>
          <span className="tlv-muted" data-testid="files-summary">
            {plural(files.length, 'file')} · {formatCount(totals.ok)} records read ·{' '}
            {formatCount(totals.errors)} errors · {formatCount(table.length)} timeline events
          </span>
          <ExportMenu
            formats={[
              {
                label: 'Ingest report',
                description:
                  'Export the ingest report as JSON: every file with its state, counts, time span and diagnostics, and what each host holds',
                fileName: () => `tracelens-ingest-report-${fileStamp(Date.now())}.json`,
                build: async () =>
                  new Blob([`${JSON.stringify(ingestReport(files, hosts, cov, Date.now()), null, 2)}\n`], {
                    type: 'application/json',
                  }),
              },
            ]}
          />
        </div>
        <div className="tlv-toolbar tlv-noprint">
          <label>
            Filter by path
            <input
              type="search"
              size={24}
              value={pathFilter}
              onChange={(e) => setPathFilter(e.target.value)}
            />
          </label>
          <label>
            <input
              type="checkbox"
              checked={problemsOnly}
              onChange={(e) => setProblemsOnly(e.target.checked)}
            />{' '}
            Only files with problems
          </label>
          {listed.length !== files.length && (
            <span className="tlv-muted">
              {formatCount(listed.length)} of {formatCount(files.length)} files match
            </span>
          )}
        </div>
        <div className="tlv-scroll">
          <table className="tlv-table" data-testid="files-table">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Type</th>
                <th scope="col">Host</th>
                <th scope="col">State</th>
                <th scope="col" className="tlv-num">
                  Records
                </th>
                <th scope="col">Time span (UTC)</th>
                <th scope="col">Diagnostics</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {listed.slice(0, limit).map((f) => {
                const st = fileState(f);
                const canCancel = f.state.kind === 'queued' || f.state.kind === 'parsing';
                const canRetry = f.state.kind === 'failed' || f.state.kind === 'cancelled';
                const resolved = f.host === UNASSIGNED ? UNASSIGNED : hosts.resolve(f.host);
                return (
                  <tr key={f.id} data-testid="fh-file-row" data-state={f.state.kind}>
                    <td className="tlv-mono" style={{ overflowWrap: 'anywhere', maxWidth: 380 }}>
                      {f.path}
                      <div className="tlv-muted">{formatCount(f.size)} bytes</div>
                    </td>
                    <td>{f.artifact ? artifactName(ARTIFACT_CODE[f.artifact], '') : '—'}</td>
                    <td>
                      <label>
                        <span className="tlv-muted" style={{ position: 'absolute', left: -9999 }}>
                          Host of {f.path}
                        </span>
                        <select
                          value={resolved}
                          onChange={(e) => {
                            const h = Number(e.target.value);
                            if (h >= 0) actions.assignFile(f.id, h);
                          }}
                        >
                          {resolved === UNASSIGNED && <option value={UNASSIGNED}>(unassigned)</option>}
                          {active.map((h) => (
                            <option key={h.id} value={h.id}>
                              {h.name}
                            </option>
                          ))}
                        </select>
                      </label>
                    </td>
                    <td>
                      <Chip tone={st.tone} icon={st.icon} text={st.text} />
                      {f.state.kind === 'parsing' && (
                        <div>
                          <progress
                            className="tlv-progress"
                            max={100}
                            value={f.state.percent}
                            aria-label={`Parsing ${f.path}`}
                          />
                        </div>
                      )}
                      {(f.state.kind === 'failed' || f.state.kind === 'unsupported') && (
                        <div className="tlv-muted">{f.state.reason}</div>
                      )}
                    </td>
                    <td className="tlv-num">
                      {f.state.kind === 'done' ? (
                        <>
                          {formatCount(f.state.ok)}
                          {f.state.errors ? (
                            <div className="tlv-muted">{plural(f.state.errors, 'error')}</div>
                          ) : null}
                        </>
                      ) : (
                        '—'
                      )}
                    </td>
                    <td className="tlv-mono">
                      {f.summary ? span(f.summary.firstTimeMs, f.summary.lastTimeMs) : '—'}
                    </td>
                    <td>
                      {f.diagnostics.length ? (
                        <details>
                          <summary>{plural(f.diagnostics.length, 'diagnostic')}</summary>
                          <ul
                            className="tlv-mono"
                            style={{ maxHeight: 240, overflow: 'auto', paddingLeft: 16 }}
                          >
                            {f.diagnostics.slice(0, MAX_DIAGNOSTICS_SHOWN).map((d, i) => (
                              // biome-ignore lint/suspicious/noArrayIndexKey: diagnostics are an append-only list
                              <li key={i}>
                                <span className={d.severity === 'error' ? 'tlv-chip-bad' : 'tlv-muted'}>
                                  [{d.severity}]
                                </span>{' '}
                                {formatDiagnostic(d)}
                              </li>
                            ))}
                            {f.diagnostics.length > MAX_DIAGNOSTICS_SHOWN && (
                              <li>… {formatCount(f.diagnostics.length - MAX_DIAGNOSTICS_SHOWN)} more</li>
                            )}
                          </ul>
                        </details>
                      ) : (
                        <span className="tlv-muted">none</span>
                      )}
                    </td>
                    <td>
                      {canCancel && (
                        <button type="button" onClick={() => actions.cancelFile(f.id)}>
                          Cancel
                        </button>
                      )}
                      {canRetry && (
                        <button type="button" onClick={() => actions.retryFile(f.id)}>
                          Retry
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
        {listed.length > limit && (
          <p>
            Showing {formatCount(limit)} of {formatCount(listed.length)} files.{' '}
            <button type="button" onClick={() => setLimit((l) => l + FILES_PAGE * 5)}>
              Show more files
            </button>
          </p>
        )}
      </section>
      <section aria-label="Hosts">
        <h2>Hosts</h2>
        {active.length ? (
          <table className="tlv-table" data-testid="hosts-table">
            <thead>
              <tr>
                <th scope="col">Host</th>
                <th scope="col">Merge</th>
              </tr>
            </thead>
            <tbody>
              {active.map((h) => (
                <HostRow
                  key={`${h.id}-${h.name}`}
                  id={h.id}
                  name={h.name}
                  others={active.filter((o) => o.id !== h.id)}
                  actions={actions}
                />
              ))}
            </tbody>
          </table>
        ) : (
          <p className="tlv-muted">No hosts known yet.</p>
        )}
      </section>
      <section aria-label="Coverage per host">
        <h2>Coverage</h2>
        <p className="tlv-muted">Which logs and artifacts each host has, with their time spans (UTC).</p>
        {[...active.map((h) => h.id), -1].map((hid) => {
          const entries = cov.filter((c) => c.host === hid);
          if (!entries.length) return null;
          const name = hid < 0 ? '(unassigned)' : hosts.name(hid);
          return (
            <section
              key={hid}
              className="tlv-section"
              aria-label={`Coverage of ${name}`}
              data-testid={`coverage-${name}`}
            >
              <h3>{name}</h3>
              <table className="tlv-table">
                <thead>
                  <tr>
                    <th scope="col">Artifact</th>
                    <th scope="col">Log / source</th>
                    <th scope="col" className="tlv-num">
                      Events
                    </th>
                    <th scope="col">Time span</th>
                  </tr>
                </thead>
                <tbody>
                  {entries.map((c) => (
                    <tr key={`${c.artifact}-${c.source}`}>
                      <td>{artifactName(c.artifact, '')}</td>
                      <td>{c.source || '(none)'}</td>
                      <td className="tlv-num">
                        <button
                          type="button"
                          className="tlv-link"
                          onClick={() =>
                            onNavigate('timeline', {
                              host: hid >= 0 ? hid : undefined,
                              artifact: (['evtx', 'prefetch', 'mft', 'usn'] as const)[c.artifact],
                              title: `${name}: ${c.source}`,
                            })
                          }
                        >
                          {formatCount(c.count)}
                        </button>
                      </td>
                      <td className="tlv-mono">{span(c.first, c.last)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
          );
        })}
      </section>
    </section>
  );
}

export default FilesHostsView;
