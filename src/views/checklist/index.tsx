// Checklist view: the tool sheet evaluated per host and role. Verdict banner per execution,
// a switch between executions and hosts, one row per sheet item (status chip, log / event id /
// category, the sheet's fields filled from evidence, evidence linked to the timeline, reason).
import { useMemo, useState } from 'react';
import type { Evaluation, HostResult, ItemResult, RoleResult, Verdict } from '../../analysis/checklist/types';
import type { CaseActions, CaseView, Navigate } from '../contract';
import { evaluationToJson, evaluationToMarkdown } from '../../analysis/checklist/report';
import { SHEETS } from '../../sheets/index';
import { ExportMenu, type ExportFormat } from '../shared/ExportMenu';
import { fileStamp } from '../shared/export-file';
import { renderValue } from '../shared/render-value';
import { Chip, ITEM_STATUS, StatusChip } from '../shared/StatusChip';
import { basename, formatCount, plural } from '../../model/text';
import { formatGridTime } from '../shared/time';
import '../shared/views.css';

export interface ChecklistViewProps {
  caseView: CaseView;
  actions: CaseActions;
  onNavigate: Navigate;
}

const FILE_SYSTEM_ORDER: Record<string, number> = { USN: 1, MFT: 2, Prefetch: 3 };

/** Event-log items first (sheet order kept), then USN, MFT, Prefetch. */
export function orderItems(items: ItemResult[]): ItemResult[] {
  return items
    .map((item, i) => ({ item, i, g: FILE_SYSTEM_ORDER[item.log] ?? 0 }))
    .sort((a, b) => a.g - b.g || a.i - b.i)
    .map((x) => x.item);
}

function statusCounts(items: ItemResult[]): string {
  const counts = new Map<string, number>();
  for (const it of items) counts.set(it.status, (counts.get(it.status) ?? 0) + 1);
  return [...counts]
    .map(([s, n]) => `${n} ${ITEM_STATUS[s as keyof typeof ITEM_STATUS]?.text.toLowerCase() ?? s}`)
    .join(', ');
}

function ToolSettings({ names, onApply }: { names: string[]; onApply: (names: string[]) => void }) {
  const [text, setText] = useState(names.join(', '));
  const parsed = text
    .split(/[,\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  return (
    <form
      className="tlv-toolbar tlv-noprint"
      aria-label="Checklist settings"
      onSubmit={(e) => {
        e.preventDefault();
        onApply(parsed.length ? parsed : ['nmap']);
      }}
    >
      <label>
        Tool names to look for
        <input
          type="text"
          size={30}
          value={text}
          onChange={(e) => setText(e.target.value)}
          aria-describedby="tlv-tool-help"
        />
      </label>
      <button type="submit">Re-evaluate</button>
      <button
        type="button"
        onClick={() => {
          setText('nmap');
          onApply(['nmap']);
        }}
      >
        Default (nmap)
      </button>
      <span id="tlv-tool-help" className="tlv-muted">
        Comma-separated executable names, e.g. <code>nmap, svc</code> for a renamed binary.
      </span>
    </form>
  );
}

function VerdictBanner({ verdict, caseView }: { verdict: Verdict; caseView: CaseView }) {
  const e = verdict.execution;
  const tone = verdict.successConditionMet ? 'ok' : 'warn';
  return (
    <section
      className={`tlv-banner tlv-banner-${tone}`}
      aria-label={`Verdict for ${e.image} on ${e.hostName}`}
      data-testid="verdict"
    >
      <div style={{ flex: '1 1 100%' }}>
        {verdict.successConditionMet ? (
          <Chip tone="ok" icon="✓" text="Success condition met" />
        ) : (
          <Chip tone="warn" icon="!" text="Success condition not shown" />
        )}{' '}
        <strong>{verdict.text}</strong>
      </div>
      <div className="tlv-kv" style={{ flex: '1 1 auto' }}>
        <span className="tlv-muted">Execution</span>
        <span>
          <code>{e.commandLine || e.image}</code> on {e.hostName}
          {e.user ? ` as ${e.user}` : ''}
        </span>
        <span className="tlv-muted">Window</span>
        <span className="tlv-mono">
          {formatGridTime(e.start, 'UTC')} – {formatGridTime(e.end, 'UTC')} UTC
          {e.exitStatus ? `, exit ${e.exitStatus}` : ''}
        </span>
        <span className="tlv-muted">Found by</span>
        <span>{e.foundBy.join(', ') || '—'}</span>
        <span className="tlv-muted">Coverage</span>
        <span>{verdict.coverage}</span>
        {verdict.destinations.length > 0 && (
          <>
            <span className="tlv-muted">Destinations</span>
            <ul style={{ margin: 0, paddingLeft: 18 }}>
              {verdict.destinations.map((d) => (
                <li key={`${d.address}-${d.host}`}>
                  {d.hostName || d.address}
                  {d.hostName && d.address && d.hostName !== d.address ? ` (${d.address})` : ''}:{' '}
                  {plural(d.ports, 'port')} over {d.protocols.join('/') || '?'},{' '}
                  {plural(d.connections, 'connection')}, {formatCount(d.dropped)} dropped
                  {d.host === null || d.host < 0 ? ' — host not in the case' : ''}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
      <span className="tlv-muted" style={{ fontSize: 12 }}>
        {caseView.toolNames.length ? `Looking for: ${caseView.toolNames.join(', ')}` : ''}
      </span>
    </section>
  );
}

const FIELDS_SHOWN = 4;

function FieldList({ fields }: { fields: [string, string][] }) {
  return (
    <dl className="tlv-fields">
      {fields.map(([k, v]) => {
        const shown = renderValue(k.split('>').pop()?.trim() ?? k, v);
        return (
          <div key={k} style={{ display: 'contents' }}>
            <dt>{k}</dt>
            <dd className="tlv-mono">
              {shown}
              {shown !== v ? <span className="tlv-muted"> ({v})</span> : null}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}

function ItemRow({
  item,
  hostName,
  onNavigate,
}: {
  item: ItemResult;
  hostName: string;
  onNavigate: Navigate;
}) {
  const fields = Object.entries(item.fields);
  const rows = item.evidence.map((e) => e.row);
  return (
    <tr className="tlv-check-item" data-testid={`item-${item.id}`} data-status={item.status}>
      <td>
        <StatusChip status={item.status} />
      </td>
      <td>
        <div>{item.title}</div>
        <div className="tlv-muted" style={{ fontSize: 12 }}>
          {item.recordedByDefault ? 'recorded by default' : 'needs audit policy / Sysmon'}
        </div>
      </td>
      <td>{item.log}</td>
      <td className="tlv-num">{item.eventId ?? '—'}</td>
      <td>{item.category}</td>
      <td>
        {fields.length ? (
          <>
            <FieldList fields={fields.slice(0, FIELDS_SHOWN)} />
            {fields.length > FIELDS_SHOWN && (
              <details>
                <summary>{fields.length - FIELDS_SHOWN} more fields</summary>
                <FieldList fields={fields.slice(FIELDS_SHOWN)} />
              </details>
            )}
          </>
        ) : (
          <span className="tlv-muted">—</span>
        )}
      </td>
      <td className="tlv-num">
        {rows.length ? (
          <button
            type="button"
            className="tlv-link"
            onClick={() =>
              onNavigate('timeline', {
                rows,
                highlight: rows[0],
                title: `Evidence: ${item.title} (${item.log}${item.eventId !== null ? ` ${item.eventId}` : ''}) on ${hostName}`,
              })
            }
            aria-label={`Show ${plural(rows.length, 'evidence event')} for ${item.title} in the timeline`}
          >
            {plural(rows.length, 'event')}
          </button>
        ) : (
          '0'
        )}
      </td>
      <td>{item.reason}</td>
    </tr>
  );
}

function RoleSection({
  host,
  role,
  onNavigate,
}: {
  host: HostResult;
  role: RoleResult;
  onNavigate: Navigate;
}) {
  const items = orderItems(role.items);
  const title = `${role.role === 'source' ? 'Source host' : 'Destination host'}: ${host.hostName}`;
  return (
    <section className="tlv-section" aria-label={title} data-testid={`role-${role.role}-${host.hostName}`}>
      <h3>
        {title}{' '}
        <span className="tlv-muted" style={{ fontWeight: 400 }}>
          ({statusCounts(items)})
        </span>
      </h3>
      <div className="tlv-scroll">
        <table className="tlv-table">
          <thead>
            <tr>
              <th scope="col">Status</th>
              <th scope="col">Item</th>
              <th scope="col">Log / artifact</th>
              <th scope="col" className="tlv-num">
                Event ID
              </th>
              <th scope="col">Category</th>
              <th scope="col">Fields (from evidence)</th>
              <th scope="col" className="tlv-num">
                Evidence
              </th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {items.map((it) => (
              <ItemRow key={it.id} item={it} hostName={host.hostName} onNavigate={onNavigate} />
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Host results to show for a verdict: its host as source, its destinations as destination. */
function hostsForVerdict(ev: Evaluation, v: Verdict | undefined): HostResult[] {
  if (!v) return ev.hosts;
  const dest = new Set(v.destinations.map((d) => d.host).filter((h): h is number => h !== null && h >= 0));
  const src = ev.hosts.filter((h) => h.host === v.execution.host);
  const dst = ev.hosts.filter((h) => dest.has(h.host) && h.host !== v.execution.host);
  return [...src, ...dst];
}

/** The evaluation as the CLI's `tracelens check` writes it: JSON, or the Markdown report. */
function checklistExports(ev: Evaluation): ExportFormat[] {
  const name = (ext: string) => `tracelens-checklist-${ev.sheet}-${fileStamp(Date.now())}.${ext}`;
  const sheet = SHEETS[ev.sheet];
  const formats: ExportFormat[] = [
    {
      label: 'JSON',
      description: 'Export the checklist (every host, item, status, reason and evidence row) as JSON',
      fileName: () => name('json'),
      build: async () =>
        new Blob([`${JSON.stringify(evaluationToJson(ev), null, 2)}\n`], { type: 'application/json' }),
    },
  ];
  if (sheet) {
    formats.push({
      label: 'Markdown',
      description: 'Export the checklist as a Markdown report',
      fileName: () => name('md'),
      build: async () => new Blob([`${evaluationToMarkdown(ev, sheet)}\n`], { type: 'text/markdown' }),
    });
  }
  return formats;
}

export function ChecklistView({ caseView, actions, onNavigate }: ChecklistViewProps) {
  const ev = caseView.evaluation;
  const [verdictIndex, setVerdictIndex] = useState(0);
  const [hostFilter, setHostFilter] = useState<number | 'verdict' | 'all'>('verdict');
  const verdict = ev?.verdicts[Math.min(verdictIndex, (ev?.verdicts.length ?? 1) - 1)];
  const shownHosts = useMemo(() => {
    if (!ev) return [];
    if (hostFilter === 'all') return ev.hosts;
    if (hostFilter === 'verdict') return verdict ? hostsForVerdict(ev, verdict) : ev.hosts;
    return ev.hosts.filter((h) => h.host === hostFilter);
  }, [ev, hostFilter, verdict]);

  if (!ev?.hosts.length) {
    return (
      <section className="tlv-root" aria-label="Checklist">
        <ToolSettings names={caseView.toolNames} onApply={(n) => actions.setToolNames(n)} />
        <div className="tlv-empty" data-testid="checklist-empty">
          <h2>Checklist</h2>
          {!caseView.hosts.active().length ? (
            <p>
              No hosts yet. Load the event logs, $MFT, $UsnJrnl:$J and Prefetch files of the hosts involved
              (or the demo case); the checklist then shows, for each item of the tool sheet, whether its
              evidence is there.
            </p>
          ) : (
            <p>The checklist has not been evaluated yet; it runs when parsing finishes.</p>
          )}
        </div>
      </section>
    );
  }

  return (
    <section className="tlv-root tlv-scroll" aria-label="Checklist">
      <div className="tlv-toolbar" style={{ justifyContent: 'space-between' }}>
        <h2>Checklist: {ev.sheet}</h2>
        <div className="tlv-export">
          <ExportMenu formats={checklistExports(ev)} />
          <button type="button" className="tlv-noprint" onClick={() => window.print()}>
            Print
          </button>
        </div>
      </div>
      <ToolSettings names={caseView.toolNames} onApply={(n) => actions.setToolNames(n)} />
      {ev.verdicts.length === 0 ? (
        <div className="tlv-banner tlv-banner-warn" role="status" data-testid="verdict-none">
          <Chip tone="muted" icon="∅" text="No execution found" />
          <span>
            No execution of {caseView.toolNames.join(', ') || 'the tool'} was found on any host. The items
            below show what each host's logs can and cannot tell.
          </span>
        </div>
      ) : (
        <>
          {(ev.verdicts.length > 1 || ev.hosts.length > 1) && (
            <div className="tlv-toolbar tlv-noprint">
              {ev.verdicts.length > 1 && (
                <label>
                  Execution
                  <select value={verdictIndex} onChange={(e) => setVerdictIndex(Number(e.target.value))}>
                    {ev.verdicts.map((v, i) => (
                      <option
                        key={`${v.execution.host}-${v.execution.start}-${v.execution.processId}`}
                        value={i}
                      >
                        {v.execution.hostName}: {basename(v.execution.image)} at{' '}
                        {formatGridTime(v.execution.start, 'UTC')} UTC
                      </option>
                    ))}
                  </select>
                </label>
              )}
              <label>
                Hosts
                <select
                  value={String(hostFilter)}
                  onChange={(e) =>
                    setHostFilter(
                      e.target.value === 'all' || e.target.value === 'verdict'
                        ? e.target.value
                        : Number(e.target.value),
                    )
                  }
                >
                  <option value="verdict">Hosts of this execution</option>
                  <option value="all">All hosts</option>
                  {ev.hosts.map((h) => (
                    <option key={h.host} value={h.host}>
                      {h.hostName}
                    </option>
                  ))}
                </select>
              </label>
            </div>
          )}
          {verdict && <VerdictBanner verdict={verdict} caseView={caseView} />}
        </>
      )}
      {shownHosts.map((h) =>
        h.roles
          .filter((r) => {
            if (hostFilter !== 'verdict' || !verdict) return true;
            return h.host === verdict.execution.host ? r.role === 'source' : r.role === 'destination';
          })
          .map((r) => <RoleSection key={`${h.host}-${r.role}`} host={h} role={r} onNavigate={onNavigate} />),
      )}
      {ev.suspects.length > 0 && (
        <section className="tlv-section" aria-label="Scan-like processes">
          <h3>Scan-like behaviour without a matching name</h3>
          <table className="tlv-table">
            <thead>
              <tr>
                <th scope="col">Host</th>
                <th scope="col">Image</th>
                <th scope="col" className="tlv-num">
                  PID
                </th>
                <th scope="col">Target</th>
                <th scope="col" className="tlv-num">
                  Ports
                </th>
              </tr>
            </thead>
            <tbody>
              {ev.suspects.map((s) => (
                <tr key={`${s.host}-${s.image}-${s.processId}-${s.target}`}>
                  <td>{s.hostName}</td>
                  <td className="tlv-mono">{s.image}</td>
                  <td className="tlv-num">{s.processId ?? '—'}</td>
                  <td>{s.target}</td>
                  <td className="tlv-num">{formatCount(s.ports)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="tlv-muted">Add the image name to the tool names above to evaluate it as the tool.</p>
        </section>
      )}
    </section>
  );
}

export default ChecklistView;
