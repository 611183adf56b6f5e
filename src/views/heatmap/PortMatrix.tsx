// Destination × destination-port matrix on a canvas: what was probed on each destination.
import { type MouseEvent, useEffect, useMemo, useRef, useState } from 'react';
import { type FanoutModel, matrixRows, type PortMatrix, portMatrix } from '../../analysis/fanout';
import type { Navigate } from '../contract';
import { formatCount } from '../../model/text';
import { prepareCanvas } from './canvas';
import { scaleFor, scaleIndex, useDarkTheme } from './colour';

const ROW_H = 22;
const AXIS_H = 28;

export function PortMatrixView({
  model,
  matrix,
  width,
  onNavigate,
}: {
  model: FanoutModel;
  /** The model's port matrix when already computed (analysis worker). */
  matrix?: PortMatrix | null;
  width: number;
  onNavigate: Navigate;
}) {
  const m = useMemo(() => matrix ?? portMatrix(model), [matrix, model]);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const labelsW = 200;
  const avail = Math.max(200, width - labelsW - 4);
  const cellW = Math.max(3, Math.min(24, avail / Math.max(1, m.ports.length)));
  const plotW = Math.max(avail, Math.ceil(cellW * m.ports.length));
  const height = AXIS_H + m.destinations.length * ROW_H;
  const [hover, setHover] = useState<{ x: number; y: number; text: string } | null>(null);
  const scale = scaleFor(useDarkTheme());

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const g = prepareCanvas(canvas, plotW, height);
    if (!g) return;
    const css = getComputedStyle(canvas);
    g.fillStyle = css.color || '#000';
    g.font = '11px system-ui, sans-serif';
    g.textBaseline = 'middle';
    const every = Math.max(1, Math.ceil(44 / cellW));
    for (let c = 0; c < m.ports.length; c += every) {
      g.fillRect(c * cellW, AXIS_H - 5, 1, 5);
      g.fillText(String(m.ports[c]), c * cellW + 1, AXIS_H / 2 - 2);
    }
    const gap = cellW > 4 ? 1 : 0;
    for (let d = 0; d < m.destinations.length; d++) {
      for (let c = 0; c < m.ports.length; c++) {
        const v = m.connections[d * m.ports.length + c];
        const k = scaleIndex(v, m.max);
        if (k < 0) continue;
        g.fillStyle = scale[k];
        g.fillRect(c * cellW, AXIS_H + d * ROW_H + 1, Math.max(1, cellW - gap), ROW_H - 2);
      }
    }
  }, [m, plotW, height, cellW, scale]);

  const locate = (e: MouseEvent<HTMLCanvasElement>) => {
    const r = e.currentTarget.getBoundingClientRect();
    const c = Math.floor((e.clientX - r.left) / cellW);
    const d = Math.floor((e.clientY - r.top - AXIS_H) / ROW_H);
    if (c < 0 || c >= m.ports.length || d < 0 || d >= m.destinations.length || e.clientY - r.top < AXIS_H)
      return null;
    return { c, d };
  };

  return (
    <div className="tlv-heat" data-testid="heatmap-ports">
      <div className="tlv-heat-labels" style={{ width: labelsW }}>
        <div className="tlv-heat-label tlv-muted" style={{ height: AXIS_H, lineHeight: `${AXIS_H}px` }}>
          Destination \ port
        </div>
        {m.destinations.map((d) => (
          <div
            key={`${d.host}-${d.address}`}
            className="tlv-heat-label"
            style={{ height: ROW_H, lineHeight: `${ROW_H}px` }}
          >
            {d.label}
            {d.host >= 0 ? ` (${d.address})` : ''}
          </div>
        ))}
      </div>
      <canvas
        ref={canvasRef}
        role="img"
        aria-label={`Matrix of ${m.destinations.length} destinations by ${m.ports.length} destination ports`}
        onMouseMove={(e) => {
          const at = locate(e);
          if (!at) return setHover(null);
          const i = at.d * m.ports.length + at.c;
          const v = m.connections[i];
          if (!v) return setHover(null);
          setHover({
            x: e.clientX + 14,
            y: e.clientY + 14,
            text: `${m.destinations[at.d].label} port ${m.ports[at.c]}\n${formatCount(v)} connection events, ${formatCount(m.dropped[i])} dropped\nClick to open them in the timeline.`,
          });
        }}
        onMouseLeave={() => setHover(null)}
        onClick={(e) => {
          const at = locate(e);
          if (!at) return;
          const rows = matrixRows(model, m, at.d, m.ports[at.c]);
          if (!rows.length) return;
          onNavigate('timeline', {
            rows,
            highlight: rows[0],
            title: `Connections to ${m.destinations[at.d].label} port ${m.ports[at.c]}: ${formatCount(rows.length)} events`,
          });
        }}
      />
      {hover && (
        <div className="tlv-tooltip" role="tooltip" style={{ left: hover.x, top: hover.y }}>
          {hover.text}
        </div>
      )}
    </div>
  );
}
