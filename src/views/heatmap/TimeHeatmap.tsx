// (source → destination) × time-bucket heat map drawn on a canvas. Drag to zoom into a time
// range, hover for the ports, click a cell to open its events in the timeline.
import { type MouseEvent, useEffect, useMemo, useRef, useState } from 'react';
import { binFanout, cellDetail, cellValue, type FanoutMetric, type FanoutModel } from '../../analysis/fanout';
import type { Navigate, TimeZoneName } from '../contract';
import { compressPorts, formatCount } from '../../model/text';
import { formatAxisTime, formatDuration, formatGridTime } from '../shared/time';
import { prepareCanvas } from './canvas';
import { scaleFor, scaleIndex, useDarkTheme } from './colour';

export const ROW_H = 20;
const AXIS_H = 24;
const MIN_CELL_W = 6;

export interface TimeHeatmapProps {
  model: FanoutModel;
  pairOrder: number[];
  metric: FanoutMetric;
  range: [number, number];
  width: number;
  timeZone: TimeZoneName;
  onZoom: (range: [number, number]) => void;
  onNavigate: Navigate;
  onGrid: (info: { step: number; max: number; buckets: number }) => void;
}

interface Hover {
  x: number;
  y: number;
  text: string;
}

export function TimeHeatmap({
  model,
  pairOrder,
  metric,
  range,
  width,
  timeZone,
  onZoom,
  onNavigate,
  onGrid,
}: TimeHeatmapProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const labelsW = 260;
  const plotW = Math.max(200, width - labelsW - 4);
  const maxBuckets = Math.max(1, Math.floor(plotW / MIN_CELL_W));
  const grid = useMemo(() => binFanout(model, range[0], range[1], maxBuckets), [model, range, maxBuckets]);
  const cellW = plotW / grid.buckets;
  const height = AXIS_H + pairOrder.length * ROW_H;
  const [hover, setHover] = useState<Hover | null>(null);
  const [drag, setDrag] = useState<{ b0: number; b1: number } | null>(null);
  const scale = scaleFor(useDarkTheme());

  useEffect(() => {
    onGrid({ step: grid.step, max: grid.max[metric], buckets: grid.buckets });
  }, [grid, metric, onGrid]);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const g = prepareCanvas(canvas, plotW, height);
    if (!g) return;
    const css = getComputedStyle(canvas);
    const fg = css.color || '#000';
    const border = css.getPropertyValue('--c-border').trim() || '#ccc';
    // Axis.
    g.fillStyle = fg;
    g.font = '11px system-ui, sans-serif';
    g.textBaseline = 'middle';
    const labelEvery = Math.max(1, Math.ceil(90 / cellW));
    for (let b = 0; b < grid.buckets; b += labelEvery) {
      const x = b * cellW;
      g.fillRect(x, AXIS_H - 6, 1, 6);
      g.fillText(formatAxisTime(grid.from + b * grid.step, timeZone, grid.step), x + 2, AXIS_H / 2 - 2);
    }
    // Row separators.
    g.fillStyle = border;
    for (let i = 0; i <= pairOrder.length; i++) g.fillRect(0, AXIS_H + i * ROW_H - 0.5, plotW, 0.5);
    // Cells.
    const max = grid.max[metric];
    const gap = cellW > 4 ? 1 : 0;
    for (let i = 0; i < pairOrder.length; i++) {
      const p = pairOrder[i];
      const y = AXIS_H + i * ROW_H + 1;
      for (let b = 0; b < grid.buckets; b++) {
        const v = cellValue(grid, metric, p, b);
        const k = scaleIndex(v, max);
        if (k < 0) continue;
        g.fillStyle = scale[k];
        g.fillRect(b * cellW, y, Math.max(1, cellW - gap), ROW_H - 2);
      }
    }
    if (drag) {
      const a = Math.min(drag.b0, drag.b1);
      const z = Math.max(drag.b0, drag.b1);
      g.fillStyle = 'rgb(80 140 255 / 0.25)';
      g.fillRect(a * cellW, 0, (z - a + 1) * cellW, height);
    }
  }, [grid, metric, pairOrder, plotW, height, cellW, timeZone, drag, scale]);

  const locate = (e: MouseEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    const x = e.clientX - rect.left;
    const y = e.clientY - rect.top;
    const b = Math.min(grid.buckets - 1, Math.max(0, Math.floor(x / cellW)));
    const i = Math.floor((y - AXIS_H) / ROW_H);
    return { b, i: y < AXIS_H || i >= pairOrder.length ? -1 : i };
  };

  const onMove = (e: MouseEvent<HTMLCanvasElement>) => {
    const { b, i } = locate(e);
    if (drag) setDrag({ ...drag, b1: b });
    if (i < 0) {
      setHover(null);
      return;
    }
    const p = pairOrder[i];
    const P = model.pairs[p];
    const from = grid.from + b * grid.step;
    const d = cellDetail(model, p, from, from + grid.step);
    if (!d.connections) {
      setHover(null);
      return;
    }
    setHover({
      x: e.clientX + 14,
      y: e.clientY + 14,
      text: [
        `${P.srcLabel} → ${P.dstLabel}${P.dstHost >= 0 ? ` (${P.dstAddress})` : ''}`,
        `${formatGridTime(from, timeZone)} + ${formatDuration(grid.step)}`,
        `${formatCount(d.ports.length)} distinct destination ports: ${compressPorts(d.ports)}`,
        `${formatCount(d.connections)} connection events, ${formatCount(d.dropped)} dropped`,
        `Protocols: ${d.protocols.join(', ') || '?'}`,
        'Click to open these events in the timeline; drag to zoom.',
      ].join('\n'),
    });
  };

  const onUp = (e: MouseEvent<HTMLCanvasElement>) => {
    const { b, i } = locate(e);
    const d0 = drag;
    setDrag(null);
    if (d0 && d0.b0 !== b) {
      const a = Math.min(d0.b0, b);
      const z = Math.max(d0.b0, b);
      onZoom([grid.from + a * grid.step, grid.from + (z + 1) * grid.step - 1]);
      return;
    }
    if (i < 0) return;
    const p = pairOrder[i];
    const P = model.pairs[p];
    const from = grid.from + b * grid.step;
    const d = cellDetail(model, p, from, from + grid.step);
    if (!d.rows.length) return;
    onNavigate('timeline', {
      rows: d.rows,
      highlight: d.rows[0],
      title: `${P.srcLabel} → ${P.dstLabel}, ${formatGridTime(from, timeZone)} + ${formatDuration(grid.step)}: ${formatCount(d.connections)} connection events, ports ${compressPorts(d.ports, 12)}`,
    });
  };

  return (
    <div className="tlv-heat" data-testid="heatmap-time">
      <div className="tlv-heat-labels" style={{ width: labelsW }}>
        <div className="tlv-heat-axis tlv-heat-label tlv-muted">Source → destination</div>
        {pairOrder.map((p) => {
          const P = model.pairs[p];
          const title = `${P.srcLabel}${P.srcHost >= 0 && P.srcAddress ? ` (${P.srcAddress})` : ''} → ${P.dstLabel}${P.dstHost >= 0 ? ` (${P.dstAddress})` : ''}: ${formatCount(P.connections)} connections, ${formatCount(P.ports)} ports`;
          return (
            <div key={p} className="tlv-heat-label" title={title}>
              {P.srcLabel} → {P.dstLabel}
            </div>
          );
        })}
      </div>
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={`Heat map of ${pairOrder.length} source-destination pairs over ${grid.buckets} time buckets of ${formatDuration(grid.step)}; the table below lists the same pairs`}
        onMouseMove={onMove}
        onMouseLeave={() => {
          setHover(null);
          setDrag(null);
        }}
        onMouseDown={(e) => setDrag({ b0: locate(e).b, b1: locate(e).b })}
        onMouseUp={onUp}
      />
      {hover && (
        <div className="tlv-tooltip" role="tooltip" style={{ left: hover.x, top: hover.y }}>
          {hover.text}
        </div>
      )}
    </div>
  );
}
