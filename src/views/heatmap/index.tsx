// Port fan-out heat map: who talked to whom, on how many ports, over time; and the
// destination × port matrix. Data: Sysmon 3, Security 5156/5158/5152 (src/analysis/fanout.ts).
import { useCallback, useMemo, useState } from 'react';
import { fanoutPairsCsv } from '../../analysis/export/fanout-csv';
import type { FanoutMetric, FanoutModel } from '../../analysis/fanout';
import type { CaseActions, CaseView, Navigate, TimeZoneName } from '../contract';
import { ExportMenu } from '../shared/ExportMenu';
import { fileStamp } from '../shared/export-file';
import { formatCount } from '../../model/text';
import { formatDuration, formatGridTime, zoneLabel } from '../shared/time';
import { useCaseSource, useFanout } from '../shared/use-analysis';
import '../shared/views.css';
import { gradientFor, isLogScale, useDarkTheme } from './colour';
import { PortMatrixView } from './PortMatrix';
import { TimeHeatmap } from './TimeHeatmap';
import { useWidth } from './use-width';

export interface HeatmapViewProps {
  caseView: CaseView;
  actions: CaseActions;
  timeZone: TimeZoneName;
  onNavigate: Navigate;
}

const METRICS: { id: FanoutMetric; label: string; unit: string }[] = [
  { id: 'ports', label: 'Distinct ports', unit: 'distinct destination ports' },
  { id: 'connections', label: 'Connections', unit: 'connection events' },
  { id: 'protocols', label: 'Protocols', unit: 'distinct protocols' },
  { id: 'dropped', label: 'Dropped packets', unit: 'dropped packets (5152)' },
];

const PAGE = 200;

const EMPTY_MODEL: FanoutModel = {
  length: 0,
  row: new Uint32Array(0),
  time: new Float64Array(0),
  pair: new Uint32Array(0),
  port: new Uint16Array(0),
  proto: new Uint8Array(0),
  kind: new Uint8Array(0),
  pairs: [],
  hostAddresses: new Map(),
  span: null,
  skipped: 0,
};

export function HeatmapView({ caseView, actions, timeZone, onNavigate }: HeatmapViewProps) {
  const dark = useDarkTheme();
  void actions;
  const fan = useFanout(useCaseSource(caseView));
  const model: FanoutModel = fan.model ?? EMPTY_MODEL;
  const [metric, setMetric] = useState<FanoutMetric>('ports');
  const [mode, setMode] = useState<'time' | 'ports'>('time');
  const [zoom, setZoom] = useState<[number, number] | null>(null);
  const [limit, setLimit] = useState(PAGE);
  const [gridInfo, setGridInfo] = useState<{ step: number; max: number; buckets: number } | null>(null);
  const [wrapRef, width] = useWidth();
  const onGrid = useCallback((g: { step: number; max: number; buckets: number }) => setGridInfo(g), []);

  const pairOrder = useMemo(() => {
    const idx = model.pairs.map((_, i) => i);
    idx.sort(
      (a, b) =>
        model.pairs[b].ports - model.pairs[a].ports ||
        model.pairs[b].connections - model.pairs[a].connections ||
        a - b,
    );
    return idx;
  }, [model]);

  if (!fan.model) {
    return (
      <section className="tlv-root" aria-label="Port fan-out heat map">
        <div className="tlv-empty" role="status" data-testid="heatmap-computing">
          <h2>Port fan-out</h2>
          <p>Computing the port fan-out of {formatCount(caseView.table.length)} events…</p>
        </div>
      </section>
    );
  }

  if (!model.length || !model.span) {
    return (
      <section className="tlv-root" aria-label="Port fan-out heat map">
        <div className="tlv-empty" data-testid="heatmap-empty">
          <h2>Port fan-out</h2>
          <p>
            No network connection events in this case
            {model.skipped ? ` (only ${model.skipped} bind events without a remote end)` : ''}.
          </p>
          <p>This view is fed by:</p>
          <ul>
            <li>
              <strong>Sysmon Event ID 3</strong> (Network connection) in Microsoft-Windows-Sysmon/Operational,
              when the Sysmon configuration logs network events;
            </li>
            <li>
              <strong>Security 5156</strong> (connection permitted) and <strong>5158</strong> (bind
              permitted), recorded when the audit policy <em>Audit Filtering Platform Connection</em> is
              enabled;
            </li>
            <li>
              <strong>Security 5152</strong> (packet dropped), recorded with{' '}
              <em>Audit Filtering Platform Packet Drop</em>.
            </li>
          </ul>
          <p>
            Load the Security and Sysmon logs of the source and destination hosts to see who scanned whom.
          </p>
        </div>
      </section>
    );
  }

  const span = model.span;
  const range: [number, number] = zoom ?? [span[0], Math.max(span[1], span[0] + 1000)];
  const shown = pairOrder.slice(0, limit);
  const m = METRICS.find((x) => x.id === metric) ?? METRICS[0];
  const zoomBy = (factor: number) => {
    const c = (range[0] + range[1]) / 2;
    const half = ((range[1] - range[0]) * factor) / 2;
    const a = Math.max(span[0], c - half);
    const b = Math.min(span[1] + 1000, c + half);
    if (b - a < 1000) return;
    setZoom(a <= span[0] && b >= span[1] ? null : [a, b]);
  };

  return (
    <section className="tlv-root" aria-label="Port fan-out heat map">
      <div className="tlv-toolbar" style={{ justifyContent: 'space-between' }}>
        <h2>Port fan-out</h2>
        <span className="tlv-muted" data-testid="heatmap-summary">
          {formatCount(model.length)} connection events · {formatCount(model.pairs.length)} source →
          destination pairs · times in {zoneLabel(timeZone)}
          {fan.computing ? ' · updating…' : ''}
        </span>
      </div>
      <div className="tlv-toolbar tlv-noprint">
        <fieldset className="tlv-tabs">
          <legend>View</legend>
          <button type="button" aria-pressed={mode === 'time'} onClick={() => setMode('time')}>
            Pairs over time
          </button>
          <button type="button" aria-pressed={mode === 'ports'} onClick={() => setMode('ports')}>
            Ports × destinations
          </button>
        </fieldset>
        {mode === 'time' && (
          <>
            <fieldset>
              <legend>Colour shows</legend>
              {METRICS.map((x) => (
                <label key={x.id}>
                  <input
                    type="radio"
                    name="tlv-metric"
                    checked={metric === x.id}
                    onChange={() => setMetric(x.id)}
                  />
                  {x.label}
                </label>
              ))}
            </fieldset>
            <button type="button" onClick={() => zoomBy(0.5)}>
              Zoom in
            </button>
            <button type="button" onClick={() => zoomBy(2)} disabled={!zoom}>
              Zoom out
            </button>
            <button type="button" onClick={() => setZoom(null)} disabled={!zoom}>
              Whole span
            </button>
          </>
        )}
      </div>
      <div className="tlv-toolbar">
        {mode === 'time' && gridInfo && (
          <span className="tlv-legend" data-testid="heatmap-legend">
            <span>
              Cell colour: {m.unit} per {formatDuration(gridInfo.step)}
              {isLogScale(gridInfo.max) ? ' (log scale)' : ''}
            </span>
            <span>1</span>
            <span
              className="tlv-legend-bar"
              aria-hidden="true"
              style={{ backgroundImage: gradientFor(dark) }}
            />
            <span>{formatCount(Math.max(1, gridInfo.max))}</span>
            <span className="tlv-muted">
              · {formatGridTime(range[0], timeZone)} – {formatGridTime(range[1], timeZone)} · drag across
              cells to zoom
            </span>
          </span>
        )}
        {mode === 'ports' && (
          <span className="tlv-legend">
            <span>Cell colour: connection events per destination and port (log scale above 16)</span>
            <span>1</span>
            <span
              className="tlv-legend-bar"
              aria-hidden="true"
              style={{ backgroundImage: gradientFor(dark) }}
            />
            <span>max</span>
          </span>
        )}
      </div>
      <div ref={wrapRef}>
        {mode === 'time' ? (
          <TimeHeatmap
            model={model}
            pairOrder={shown}
            metric={metric}
            range={range}
            width={width}
            timeZone={timeZone}
            onZoom={setZoom}
            onNavigate={onNavigate}
            onGrid={onGrid}
          />
        ) : (
          <PortMatrixView model={model} matrix={fan.matrix} width={width} onNavigate={onNavigate} />
        )}
      </div>
      {pairOrder.length > limit && (
        <p>
          Showing the {formatCount(limit)} pairs with the widest fan-out of {formatCount(pairOrder.length)}.{' '}
          <button type="button" onClick={() => setLimit((l) => l + PAGE * 5)}>
            Show more pairs
          </button>
        </p>
      )}
      <section aria-label="Source → destination pairs" className="tlv-scroll" style={{ maxHeight: '40vh' }}>
        <div className="tlv-toolbar" style={{ justifyContent: 'space-between' }}>
          <h3>Pairs</h3>
          <ExportMenu
            disabled={!model.pairs.length}
            formats={[
              {
                label: 'Pairs CSV',
                description: `Export the ${formatCount(model.pairs.length)} source → destination pairs (ports as ranges, counts, first and last time) as CSV`,
                fileName: () => `tracelens-fanout-pairs-${fileStamp(Date.now())}.csv`,
                build: async () =>
                  new Blob([`${fanoutPairsCsv(model, pairOrder).join('\r\n')}\r\n`], { type: 'text/csv' }),
              },
            ]}
          />
        </div>
        <table className="tlv-table" data-testid="heatmap-pairs">
          <thead>
            <tr>
              <th scope="col">Source</th>
              <th scope="col">Destination</th>
              <th scope="col" className="tlv-num">
                Distinct ports
              </th>
              <th scope="col" className="tlv-num">
                Connections
              </th>
              <th scope="col" className="tlv-num">
                Dropped
              </th>
              <th scope="col">Protocols</th>
              <th scope="col">First – last</th>
              <th scope="col">Events</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((p) => {
              const P = model.pairs[p];
              return (
                <tr key={p}>
                  <td>
                    {P.srcLabel}
                    {P.srcHost >= 0 && P.srcAddress ? (
                      <span className="tlv-muted"> ({P.srcAddress})</span>
                    ) : null}
                  </td>
                  <td>
                    {P.dstLabel}
                    {P.dstHost >= 0 && P.dstAddress ? (
                      <span className="tlv-muted"> ({P.dstAddress})</span>
                    ) : null}
                  </td>
                  <td className="tlv-num">{formatCount(P.ports)}</td>
                  <td className="tlv-num">{formatCount(P.connections)}</td>
                  <td className="tlv-num">{formatCount(P.dropped)}</td>
                  <td>{P.protocols.join(', ')}</td>
                  <td className="tlv-mono">
                    {formatGridTime(P.first, timeZone)} – {formatGridTime(P.last, timeZone)}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="tlv-link"
                      onClick={() => {
                        const rows = Array.from(model.row.subarray(P.start, P.end)).sort((a, b) => a - b);
                        onNavigate('timeline', {
                          rows,
                          highlight: rows[0],
                          title: `${P.srcLabel} → ${P.dstLabel}: ${formatCount(P.connections)} connection events on ${formatCount(P.ports)} ports`,
                        });
                      }}
                    >
                      Show {formatCount(P.connections)} in timeline
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </section>
    </section>
  );
}

export default HeatmapView;
