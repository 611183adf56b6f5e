// Progress of the files being read (overall bar, one bar per running file, cancel) and the
// ingest report: every file of the case with its detected type and state. Nothing dropped is
// left out: unsupported and failed files show their reason.
import { memo, useEffect, useState } from 'react';
import type { CaseFile } from '../model/case';
import { formatBytes } from '../ingest/limits';
import type { CaseController, FileExtra } from './case-controller';

const REPORT_PAGE = 500;

export function detectedType(f: CaseFile, extra: FileExtra | undefined): string {
  if (extra?.container) return extra.container;
  if (f.artifact) return f.artifact;
  if (f.state.kind === 'unsupported') return 'unsupported';
  if (f.state.kind === 'queued' || f.state.kind === 'parsing') return '…';
  return '—';
}

export function stateText(f: CaseFile, extra?: FileExtra): string {
  const s = f.state;
  switch (s.kind) {
    case 'queued':
      return 'queued';
    case 'parsing':
      return `parsing ${s.percent}%`;
    case 'done':
      return extra?.container
        ? `expanded: ${s.ok} members${s.errors ? `, ${s.errors} skipped` : ''}`
        : `done: ${s.ok.toLocaleString('en-US')} ok, ${s.errors.toLocaleString('en-US')} errors`;
    case 'failed':
      return `failed: ${s.reason}`;
    case 'unsupported':
      return `unsupported: ${s.reason}`;
    case 'cancelled':
      return 'cancelled';
  }
}

export function OverallProgress({ controller }: { controller: CaseController }) {
  const p = controller.progress;
  if (!p.running) return null;
  const value = p.total > 0 ? Math.min(1, (p.finished + p.partial) / p.total) : 0;
  return (
    <section className="overall-progress" aria-label="Overall progress" data-testid="overall-progress">
      <span className="overall-text" aria-live="polite">
        Reading {p.finished.toLocaleString('en-US')} / {p.total.toLocaleString('en-US')} files
      </span>
      <progress max={1} value={value} aria-label="All files" />
      <button
        type="button"
        className="danger"
        onClick={() => controller.cancelAll()}
        data-testid="cancel-all"
      >
        Cancel all
      </button>
    </section>
  );
}

/** The report opens while files load and folds away when they are done. */
export function IngestReport({ controller }: { controller: CaseController }) {
  const [limit, setLimit] = useState(REPORT_PAGE);
  const running = controller.progress.running;
  const [open, setOpen] = useState(true);
  useEffect(() => {
    setOpen(running);
  }, [running]);
  const files = controller.store.files;
  const loading = files.filter((f) => f.state.kind === 'parsing' || f.state.kind === 'queued').length;
  const shown = files.slice(0, limit);
  const counts = new Map<string, number>();
  for (const f of files) {
    const k = f.state.kind;
    counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  return (
    <details
      className="ingest-report"
      open={open}
      onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}
      data-testid="ingest-report"
    >
      <summary>
        Ingest report: {files.length.toLocaleString('en-US')} {files.length === 1 ? 'file' : 'files'}
        {[...counts].map(([k, n]) => (
          <span key={k} className={`pill state-${k}`}>
            {n} {k}
          </span>
        ))}
        {loading > 0 && <span className="sr-only"> ({loading} still loading)</span>}
      </summary>
      <div className="table-wrap">
        <table className="file-report">
          <caption className="sr-only">Every file of the case with its detected type and state</caption>
          <colgroup>
            <col className="col-path" />
            <col className="col-type" />
            <col className="col-state" />
            <col className="col-host" />
            <col className="col-size" />
            <col className="col-actions" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">Type</th>
              <th scope="col">State</th>
              <th scope="col">Host</th>
              <th scope="col" className="num">
                Size
              </th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((f) => {
              const extra = controller.extras[f.id];
              return (
                <FileRow
                  key={f.id}
                  controller={controller}
                  file={f}
                  state={f.state}
                  artifact={f.artifact}
                  container={extra?.container ?? null}
                  detail={extra?.detail ?? ''}
                  hostName={controller.hostName(f.host)}
                />
              );
            })}
          </tbody>
        </table>
      </div>
      {files.length > limit && (
        <button type="button" onClick={() => setLimit((l) => l + REPORT_PAGE * 4)}>
          Show {Math.min(REPORT_PAGE * 4, files.length - limit).toLocaleString('en-US')} more of{' '}
          {(files.length - limit).toLocaleString('en-US')} not shown
        </button>
      )}
    </details>
  );
}

interface FileRowProps {
  controller: CaseController;
  file: CaseFile;
  /** The file's state, artifact, container, detail and host name: the row renders again only
   * when one of them changes (the store replaces `state` on every change). */
  state: CaseFile['state'];
  artifact: CaseFile['artifact'];
  container: FileExtra['container'];
  detail: string;
  hostName: string;
}

/**
 * One row of the ingest report. Memoised: while thousands of files load, a progress tick
 * re-renders the rows whose file changed, not all of them.
 */
const FileRow = memo(function FileRow({
  controller,
  file,
  state,
  container,
  detail,
  hostName,
}: FileRowProps) {
  const extra: FileExtra = { container, detail, parent: -1 };
  const type = detectedType(file, extra);
  return (
    <tr data-testid="file-row" data-path={file.path} data-type={type} data-state={state.kind}>
      <td className="path" title={extra?.detail || file.path}>
        {file.path}
      </td>
      <td>
        <span className={`type type-${type === '…' ? 'pending' : type}`} data-testid="file-type">
          {type}
        </span>
      </td>
      <td className={`state state-${state.kind}`} data-testid="file-state">
        {state.kind === 'parsing' && (
          <progress max={100} value={state.percent} aria-label={`Progress of ${file.path}`} />
        )}
        <span>{stateText(file, extra)}</span>
      </td>
      <td>{hostName}</td>
      <td className="num">{formatBytes(file.size)}</td>
      <td className="actions">
        {(state.kind === 'parsing' || state.kind === 'queued') && (
          <button
            type="button"
            className="small"
            onClick={() => controller.cancelFile(file.id)}
            aria-label={`Cancel ${file.path}`}
            data-testid="cancel-file"
          >
            Cancel
          </button>
        )}
        {(state.kind === 'cancelled' || state.kind === 'failed') && (
          <button
            type="button"
            className="small"
            onClick={() => controller.retryFile(file.id)}
            aria-label={`Retry ${file.path}`}
          >
            Retry
          </button>
        )}
      </td>
    </tr>
  );
});
