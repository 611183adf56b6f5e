// Timeline view: filters, streaming free-text search, stacked histogram with a brush, the
// virtualized grid and the detail pane. Scope: one host or all hosts.
import { useEffect, useMemo, useRef, useState } from 'react';
import type { Evaluation } from '../../analysis/checklist/types';
import { CsvWriter } from '../../analysis/export/csv';
import { EzCsvSet, ezFileName } from '../../analysis/export/ez-csv/index';
import { EzTableRows } from '../../analysis/export/ez-csv/table-rows';
import { TimesketchWriter } from '../../analysis/export/timesketch';
import type { TimelineFacets } from '../../analysis/timeline';
import { ARTIFACT_CODE, ARTIFACT_DISPLAY } from '../../model/artifact';
import type { CaseActions, CaseView, Navigate, TimelineFocus, TimeZoneName } from '../contract';
import { ExportMenu, type ExportFormat } from '../shared/ExportMenu';
import { buildExport, buildZipExport, fileStamp } from '../shared/export-file';
import { basename, formatCount } from '../../model/text';
import { formatGridTime, zoneLabel } from '../shared/time';
import {
  analysisWhere,
  type TimelineRequestKey,
  useAfterPaint,
  useCaseSource,
  useTimelineAnswer,
  useWorkerSearch,
} from '../shared/use-analysis';
import '../shared/views.css';
import { DetailPane } from './DetailPane';
import { Grid, type GridContext } from './Grid';
import { Histogram } from './Histogram';

const HIST_BINS = 160;
/**
 * Typing pause before a search starts (ms). Short: a newer query cancels the running search in
 * the worker, and the first screen of matches comes from the first candidate rows.
 */
const SEARCH_DEBOUNCE_MS = 40;
const NO_FACETS: TimelineFacets = { sources: [], eventIds: [], processes: [], span: null };
const EMPTY_ROWS = new Uint32Array(0);

export interface TimelineViewProps {
  caseView: CaseView;
  actions: CaseActions;
  focus?: TimelineFocus | null;
  timeZone: TimeZoneName;
  onNavigate: Navigate;
}

interface Filters {
  host: number | null;
  artifacts: number[];
  source: string;
  eventIds: string;
  process: string;
  linked: number;
  rows: number[] | null;
  title: string;
}

const NO_FILTERS: Filters = {
  host: null,
  artifacts: [],
  source: '',
  eventIds: '',
  process: '',
  linked: -1,
  rows: null,
  title: '',
};

function parseIds(s: string): Set<number> | undefined {
  const ids = s
    .split(/[\s,;]+/)
    .map((x) => Number.parseInt(x, 10))
    .filter((n) => Number.isFinite(n));
  return ids.length ? new Set(ids) : undefined;
}

/** Evidence rows of the checklist items behind one verdict (source host + destinations). */
export function linkedRows(ev: Evaluation, verdictIndex: number): number[] {
  const v = ev.verdicts[verdictIndex];
  if (!v) return [];
  const dest = new Set(v.destinations.map((d) => d.host).filter((h): h is number => h !== null && h >= 0));
  const out = new Set<number>();
  for (const h of ev.hosts) {
    for (const role of h.roles) {
      const wanted =
        (role.role === 'source' && h.host === v.execution.host) ||
        (role.role === 'destination' && dest.has(h.host));
      if (!wanted) continue;
      for (const item of role.items) for (const e of item.evidence) out.add(e.row);
    }
  }
  return [...out].sort((a, b) => a - b);
}

/** The Filters state each worker request was made from (to land a focus highlight). */
const filtersOf = new WeakMap<TimelineRequestKey, Filters>();

/** The rows on screen (filters, time range and search applied), in their order. */
function timelineExports(rows: Uint32Array, view: CaseView): ExportFormat[] {
  const { table, hosts, files } = view;
  const n = formatCount(rows.length);
  const name = (ext: string) => `tracelens-timeline-${fileStamp(Date.now())}.${ext}`;
  let ezStamp = '';
  return [
    {
      label: 'CSV',
      description: `Export the ${n} rows shown as CSV`,
      fileName: () => name('csv'),
      build: (signal, onProgress) => {
        const w = new CsvWriter(table, hosts, files);
        return buildExport(
          { header: w.header(), total: rows.length, lines: (a, b) => w.lines(rows, a, b) },
          { mime: 'text/csv', eol: '\r\n', signal, onProgress },
        );
      },
    },
    {
      label: 'Timesketch JSONL',
      description: `Export the ${n} rows shown as Timesketch JSONL (rows without a time are left out)`,
      fileName: () => name('jsonl'),
      build: (signal, onProgress) => {
        const w = new TimesketchWriter(table, hosts, files);
        return buildExport(
          { total: rows.length, lines: (a, b) => w.lines(rows, a, b) },
          { mime: 'application/x-ndjson', eol: '\n', signal, onProgress },
        );
      },
    },
    {
      label: 'Timeline Explorer CSVs (zip)',
      description: `Export the ${n} rows shown as Timeline Explorer CSVs (EvtxECmd, MFTECmd, PECmd layouts, one per artifact type) in a zip; columns the timeline does not hold are empty`,
      fileName: () => `tracelens-${ezStamp}-ez-csv.zip`,
      build: (signal, onProgress) => {
        ezStamp = fileStamp(Date.now());
        const text = new Map<string, string[]>();
        const set = new EzCsvSet((kind) => {
          const parts: string[] = [];
          text.set(ezFileName(ezStamp, kind), parts);
          return { write: (t) => parts.push(t) };
        });
        const ez = new EzTableRows(table, files);
        return buildZipExport(
          {
            total: rows.length,
            add: (a, b) => ez.add(set, rows, a, b),
            files: () => Object.fromEntries([...text].map(([file, parts]) => [file, parts.join('')])),
          },
          { signal, onProgress },
        );
      },
    },
  ];
}

export function TimelineView({ caseView, actions, focus, timeZone, onNavigate }: TimelineViewProps) {
  void onNavigate;
  const { table, hosts, files, evaluation, version } = caseView;
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [timeRange, setTimeRange] = useState<[number, number] | null>(null);
  const [queryInput, setQueryInput] = useState('');
  const [query, setQuery] = useState('');
  const [groupBy, setGroupBy] = useState<'artifact' | 'source'>('artifact');
  // The histogram opens on the activity window when the events cluster in a small part of the
  // span (an $MFT or Prefetch spans years; the incident is a day): 'span' shows all of it.
  const [histMode, setHistMode] = useState<'auto' | 'span'>('auto');
  const [selected, setSelected] = useState(-1);
  const [detailOpen, setDetailOpen] = useState(false);
  const [highlight, setHighlight] = useState(-1);
  const [scrollRequest, setScrollRequest] = useState(0);
  const pendingHighlight = useRef<{ row: number; filters: Filters } | null>(null);

  useEffect(() => {
    if (!focus) return;
    const f: Filters = { ...NO_FILTERS, title: focus.title ?? '' };
    if (focus.rows) f.rows = [...focus.rows];
    if (focus.host !== undefined) f.host = hosts.resolve(focus.host);
    if (focus.artifact) f.artifacts = [ARTIFACT_CODE[focus.artifact]];
    if (focus.eventIds?.length) f.eventIds = focus.eventIds.join(', ');
    setFilters(f);
    setTimeRange(focus.timeRange ?? null);
    setQueryInput(focus.text ?? '');
    setQuery(focus.text ?? '');
    const h = focus.highlight ?? (focus.rows?.length ? focus.rows[0] : -1);
    setHighlight(h);
    pendingHighlight.current = h >= 0 ? { row: h, filters: f } : null;
    setDetailOpen(h >= 0);
  }, [focus, hosts]);

  useEffect(() => {
    const t = setTimeout(() => setQuery(queryInput), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [queryInput]);

  const src = useCaseSource(caseView);
  const linked = useMemo(
    () => (evaluation && filters.linked >= 0 ? linkedRows(evaluation, filters.linked) : null),
    [evaluation, filters.linked],
  );

  // Filter, time range and histogram grouping: what the analysis worker answers.
  const request = useMemo((): TimelineRequestKey => {
    const f: TimelineRequestKey['filter'] = {};
    if (filters.host !== null) f.hosts = [filters.host];
    if (filters.artifacts.length) f.artifacts = [...filters.artifacts];
    if (filters.source) f.sources = [filters.source];
    const ids = parseIds(filters.eventIds);
    if (ids) f.eventIds = [...ids];
    if (filters.process.trim()) f.process = filters.process;
    if (filters.rows && linked) {
      const keep = new Set(linked);
      f.rows = Uint32Array.from(filters.rows.filter((r) => keep.has(r)));
    } else if (filters.rows) f.rows = Uint32Array.from(filters.rows);
    else if (linked) f.rows = Uint32Array.from(linked);
    const key: TimelineRequestKey = {
      filter: f,
      timeRange,
      groupBy,
      histRange: histMode === 'auto' ? 'auto' : null,
    };
    filtersOf.set(key, filters);
    return key;
  }, [filters, linked, timeRange, groupBy, histMode]);
  const tl = useTimelineAnswer(src, request, HIST_BINS);
  const answer = tl.answer;
  const allFacets = answer?.facets ?? NO_FACETS;
  // The chart renders after the rows have been painted: a filter change shows its rows without
  // waiting for recharts.
  const hist = useAfterPaint(answer?.hist ?? null);
  const ranged = answer?.rows ?? EMPTY_ROWS;

  const search = useWorkerSearch(answer ? answer.id : -1, ranged.length, query);
  const rows = search.rows ?? ranged;
  const answeredFilters = tl.request ? filtersOf.get(tl.request) : undefined;

  // Land on the highlighted row once the focus's filters have produced the list.
  useEffect(() => {
    const p = pendingHighlight.current;
    if (!p || p.filters !== filters || answeredFilters !== filters) return;
    const pos = rows.indexOf(p.row);
    if (pos >= 0) {
      pendingHighlight.current = null;
      setSelected(pos);
      setScrollRequest((n) => n + 1);
    }
  }, [rows, filters, answeredFilters]);

  // While an answer or a search is still streaming the list may be briefly shorter (a restarted
  // search starts empty): keep the selection until the list has settled.
  const settling = tl.computing || (search.rows !== null && !search.done);
  useEffect(() => {
    if (!settling && selected >= rows.length) setSelected(rows.length ? rows.length - 1 : -1);
  }, [rows, selected, settling]);

  const ctx: GridContext = useMemo(
    () => ({ table, files, hosts, timeZone, version }),
    [table, files, hosts, timeZone, version],
  );

  const brushRange = useMemo((): [number, number] | null => {
    if (!timeRange || !hist) return null;
    const a = Math.max(0, Math.floor((timeRange[0] - hist.start) / hist.step));
    const b = Math.min(hist.bins - 1, Math.floor((timeRange[1] - hist.start) / hist.step));
    return [a, Math.max(a, b)];
  }, [timeRange, hist]);

  const set = (p: Partial<Filters>) => setFilters((f) => ({ ...f, ...p }));
  const activeHosts = hosts.active();
  const detailRow = detailOpen && selected >= 0 && selected < rows.length ? rows[selected] : -1;
  const anyFilter =
    filters !== NO_FILTERS &&
    (filters.host !== null ||
      filters.artifacts.length > 0 ||
      !!filters.source ||
      !!filters.eventIds ||
      !!filters.process ||
      filters.linked >= 0 ||
      !!filters.rows);

  if (!table.length) {
    return (
      <section className="tlv-root" aria-label="Timeline">
        <div className="tlv-empty">
          <h2>Timeline</h2>
          <p>
            No events yet. Drop EVTX, Prefetch, $MFT or $UsnJrnl:$J files (or load the demo case) to fill the
            timeline.
          </p>
        </div>
      </section>
    );
  }

  return (
    <section className="tlv-root" aria-label="Timeline" data-analysis={analysisWhere()}>
      <div className="tlv-toolbar" style={{ justifyContent: 'space-between' }}>
        <h2>
          Timeline{' '}
          <span className="tlv-muted" style={{ fontWeight: 400, fontSize: 13 }}>
            times in {zoneLabel(timeZone)}
          </span>
        </h2>
        {answer && tl.computing && (
          <span className="tlv-muted" role="status" data-testid="timeline-busy">
            updating…
          </span>
        )}
        <span
          aria-live="polite"
          className="tlv-muted"
          data-testid="timeline-count"
          data-busy={settling ? 'true' : 'false'}
          data-worker-ms={answer ? Math.round(answer.ms) : undefined}
          data-worker-stats={
            answer?.stats
              ? JSON.stringify(answer.stats, (_k, v) => (typeof v === 'number' ? Math.round(v) : v))
              : undefined
          }
        >
          {answer ? `${formatCount(rows.length)} of ${formatCount(table.length)} events` : 'computing…'}
          {answer && answer.pending > 0 && ` · indexing ${formatCount(answer.pending)} more…`}
          {search.rows &&
            !search.done &&
            ` · searching… ${Math.floor((search.scanned / Math.max(1, search.total)) * 100)}%`}
        </span>
        <ExportMenu
          disabled={!answer || tl.computing || answer.pending > 0 || (search.rows !== null && !search.done)}
          formats={timelineExports(rows, caseView)}
        />
      </div>
      <search className="tlv-toolbar tlv-noprint" aria-label="Timeline filters">
        <label>
          Host
          <select
            value={filters.host ?? ''}
            onChange={(e) => set({ host: e.target.value === '' ? null : Number(e.target.value) })}
          >
            <option value="">All hosts</option>
            {activeHosts.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </select>
        </label>
        <fieldset>
          <legend>Artifact</legend>
          {ARTIFACT_DISPLAY.map((name, code) => (
            <label key={name}>
              <input
                type="checkbox"
                checked={filters.artifacts.includes(code)}
                onChange={(e) =>
                  set({
                    artifacts: e.target.checked
                      ? [...filters.artifacts, code]
                      : filters.artifacts.filter((c) => c !== code),
                  })
                }
              />
              {name}
            </label>
          ))}
        </fieldset>
        <label>
          Channel
          <select value={filters.source} onChange={(e) => set({ source: e.target.value })}>
            <option value="">All channels</option>
            {allFacets.sources.map((s) => (
              <option key={s.key} value={s.key}>
                {s.key || '(none)'} ({formatCount(s.count)})
              </option>
            ))}
          </select>
        </label>
        <label>
          Event id
          <input
            type="text"
            inputMode="numeric"
            size={10}
            placeholder="3, 5156"
            value={filters.eventIds}
            list="tlv-event-ids"
            onChange={(e) => set({ eventIds: e.target.value })}
          />
          <datalist id="tlv-event-ids">
            {allFacets.eventIds.slice(0, 200).map((f) => (
              <option key={f.key} value={String(f.key)} />
            ))}
          </datalist>
        </label>
        <label>
          Process
          <input
            type="text"
            size={14}
            placeholder="nmap"
            value={filters.process}
            list="tlv-processes"
            onChange={(e) => set({ process: e.target.value })}
          />
          <datalist id="tlv-processes">
            {allFacets.processes.slice(0, 200).map((f) => (
              <option key={f.key} value={f.key} />
            ))}
          </datalist>
        </label>
        {evaluation && evaluation.verdicts.length > 0 && (
          <label>
            Linked to execution
            <select value={filters.linked} onChange={(e) => set({ linked: Number(e.target.value) })}>
              <option value={-1}>Any</option>
              {evaluation.verdicts.map((v, i) => (
                <option
                  key={`${v.execution.host}-${v.execution.start}-${v.execution.processId}-${v.execution.image}`}
                  value={i}
                >
                  {v.execution.hostName}: {basename(v.execution.image)} at{' '}
                  {formatGridTime(v.execution.start, timeZone)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label>
          Search
          <input
            type="search"
            size={22}
            placeholder="text in any field"
            value={queryInput}
            onChange={(e) => setQueryInput(e.target.value)}
          />
        </label>
        {(anyFilter || timeRange || queryInput) && (
          <button
            type="button"
            onClick={() => {
              setFilters(NO_FILTERS);
              setTimeRange(null);
              setQueryInput('');
              setQuery('');
              setHighlight(-1);
            }}
          >
            Clear filters
          </button>
        )}
      </search>
      {filters.rows && (
        <div className="tlv-banner" role="status" data-testid="timeline-focus">
          <strong>{filters.title || 'Selected events'}</strong>
          <span className="tlv-muted">{formatCount(filters.rows.length)} linked rows</span>
          <button type="button" onClick={() => set({ rows: null, title: '' })}>
            Show all events
          </button>
        </div>
      )}
      {timeRange && (
        <div className="tlv-muted" role="status">
          Time range: {formatGridTime(timeRange[0], timeZone)} – {formatGridTime(timeRange[1], timeZone)}
        </div>
      )}
      <Histogram
        key={hist ? `${hist.start}-${hist.step}-${hist.bins}` : 'none'}
        data={hist}
        timeZone={timeZone}
        range={brushRange}
        groupBy={groupBy}
        onGroupBy={setGroupBy}
        window={
          answer
            ? {
                range: answer.histRange,
                span: answer.span,
                activity: answer.activity,
                outside: answer.outside,
                mode: histMode,
              }
            : null
        }
        onMode={(mode) => {
          setHistMode(mode);
          if (mode === 'auto') setTimeRange(null);
        }}
        onRange={(r) => {
          if (!r || !hist) setTimeRange(null);
          else setTimeRange([hist.start + r[0] * hist.step, hist.start + (r[1] + 1) * hist.step - 1]);
        }}
      />
      {!answer && (
        <div className="tlv-muted" role="status" data-testid="timeline-computing">
          Sorting and filtering {formatCount(table.length)} events…
        </div>
      )}
      <div className="tlv-timeline-main">
        <Grid
          ctx={ctx}
          rows={rows}
          selected={selected}
          highlight={highlight}
          scrollRequest={scrollRequest}
          label={`Timeline events, ${formatCount(rows.length)} rows`}
          onSelect={(pos) => {
            setSelected(pos);
            setDetailOpen(true);
          }}
          onOpen={(pos) => {
            setSelected(pos);
            setDetailOpen(true);
          }}
        />
        {detailRow >= 0 && (
          <DetailPane
            key={detailRow}
            ctx={ctx}
            row={detailRow}
            actions={actions}
            onClose={() => setDetailOpen(false)}
          />
        )}
      </div>
    </section>
  );
}

export default TimelineView;
