// Time histogram above the grid (recharts): event types stacked, a Brush that sets the range.
import { useEffect, useMemo, useRef, useState } from 'react';
import { Bar, BarChart, Brush, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Histogram as HistogramData } from '../../analysis/timeline';
import type { TimeZoneName } from '../contract';
import { formatAxisTime, formatDuration, formatGridTime } from '../shared/time';
import { FOCUS_RATIO } from '../shared/use-analysis';

const PALETTE = [
  '#2f6fd6',
  '#d9822b',
  '#2e9e5b',
  '#b8439b',
  '#7a5af5',
  '#c9a227',
  '#16a3b5',
  '#d64545',
  '#6b7785',
];

/** A duration to two significant digits: "3.5 h", "730 d". */
export function roughDuration(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  for (const [u, name] of units) if (ms >= u) return `${Number((ms / u).toPrecision(2))} ${name}`;
  return `${Math.round(ms)} ms`;
}

function WindowNote({
  window,
  timeZone,
  onMode,
}: {
  window: HistogramWindow | null;
  timeZone: TimeZoneName;
  onMode?: (mode: 'auto' | 'span') => void;
}) {
  if (!window?.span || !window.range) return null;
  const { span, range, activity, outside } = window;
  const focused = range[0] > span[0] || range[1] < span[1];
  const narrow = !!activity && activity[1] - activity[0] < (span[1] - span[0]) * FOCUS_RATIO;
  if (!focused && !narrow) return null;
  return (
    <div
      className="tlv-muted tlv-noprint"
      role="status"
      data-testid="histogram-window"
      style={{ fontSize: 12.5 }}
    >
      {focused ? (
        <>
          Chart focused on the busiest {roughDuration(range[1] - range[0])} (
          {formatGridTime(range[0], timeZone)} – {formatGridTime(range[1], timeZone)});{' '}
          {(outside[0] + outside[1]).toLocaleString('en-US')} events before or after it are in the table but
          not drawn. The rows span {formatGridTime(span[0], timeZone)} – {formatGridTime(span[1], timeZone)}.{' '}
          {onMode && (
            <button type="button" onClick={() => onMode('span')}>
              Show whole span
            </button>
          )}
        </>
      ) : (
        <>
          Most events fall in {roughDuration((activity?.[1] ?? 0) - (activity?.[0] ?? 0))} of a{' '}
          {roughDuration(span[1] - span[0])} span.{' '}
          {onMode && (
            <button type="button" onClick={() => onMode('auto')}>
              Focus on activity
            </button>
          )}
        </>
      )}
    </div>
  );
}

/** Axis label of a count that fits the 44 px axis: 950, 12k, 1.2M. */
export function compactCount(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${Number((v / 1e6).toPrecision(a >= 1e7 ? 3 : 2))}M`;
  if (a >= 1e4) return `${Math.round(v / 1e3)}k`;
  return String(v);
}

/** Which part of the filtered rows' span the chart covers. */
export interface HistogramWindow {
  /** [from, to] the bins cover (ms). */
  range: [number, number] | null;
  /** Whole span of the filtered rows (ms). */
  span: [number, number] | null;
  /** Shortest window holding most of the rows (ms). */
  activity: [number, number] | null;
  /** Rows before and after `range`, not drawn. */
  outside: [number, number];
  mode: 'auto' | 'span';
}

export interface HistogramProps {
  data: HistogramData | null;
  window?: HistogramWindow | null;
  onMode?: (mode: 'auto' | 'span') => void;
  timeZone: TimeZoneName;
  /** Bin index range currently selected, or null for all. */
  range: [number, number] | null;
  onRange: (range: [number, number] | null) => void;
  groupBy: 'artifact' | 'source';
  onGroupBy: (g: 'artifact' | 'source') => void;
}

export function Histogram({
  data,
  timeZone,
  range,
  onRange,
  groupBy,
  onGroupBy,
  window,
  onMode,
}: HistogramProps) {
  const rows = useMemo(() => {
    if (!data) return [];
    const out: Record<string, number | string>[] = [];
    for (let b = 0; b < data.bins; b++) {
      const o: Record<string, number | string> = { t: data.start + b * data.step };
      data.groups.forEach((_, g) => {
        o[`g${g}`] = data.counts[g][b];
      });
      out.push(o);
    }
    return out;
  }, [data]);
  const [brush, setBrush] = useState<[number, number] | null>(range);
  useEffect(() => setBrush(range), [range]);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onRangeRef = useRef(onRange);
  onRangeRef.current = onRange;
  // The recharts chart is the costly part: it renders again only when its data, time zone or
  // brush change, not on every render of the timeline (a keystroke, a selected row).
  const chart = useMemo(() => {
    if (!data || !rows.length) return null;
    const step = data.step;
    const lastIndex = rows.length - 1;
    const start = brush ? Math.min(Math.max(0, brush[0]), lastIndex) : 0;
    const end = brush ? Math.min(Math.max(start, brush[1]), lastIndex) : lastIndex;
    return (
      <ResponsiveContainer width="100%" height={118}>
        <BarChart data={rows} margin={{ top: 4, right: 12, bottom: 0, left: 0 }} barCategoryGap={0}>
          <XAxis
            dataKey="t"
            tickFormatter={(v: number) => formatAxisTime(v, timeZone, step)}
            tick={{ fontSize: 11, fill: 'currentColor' }}
            minTickGap={40}
            height={18}
          />
          <YAxis
            width={44}
            tick={{ fontSize: 11, fill: 'currentColor' }}
            allowDecimals={false}
            tickFormatter={compactCount}
          />
          <Tooltip
            labelFormatter={(v) => `${formatGridTime(Number(v), timeZone)} (+${formatDuration(step)})`}
            formatter={(value, name) => [value, data.groups[Number(String(name).slice(1))] ?? name]}
            contentStyle={{
              background: 'var(--c-bg)',
              color: 'var(--c-fg)',
              border: '1px solid var(--c-border)',
            }}
            isAnimationActive={false}
          />
          {data.groups.map((g, i) => (
            <Bar
              key={g}
              dataKey={`g${i}`}
              name={`g${i}`}
              stackId="s"
              fill={PALETTE[i % PALETTE.length]}
              isAnimationActive={false}
            />
          ))}
          {rows.length > 1 && (
            <Brush
              dataKey="t"
              height={16}
              travellerWidth={8}
              startIndex={start}
              endIndex={end}
              stroke="var(--c-accent)"
              fill="var(--c-surface)"
              tickFormatter={(v: number) => formatAxisTime(v, timeZone, step)}
              onChange={(e: { startIndex?: number; endIndex?: number }) => {
                if (e.startIndex === undefined || e.endIndex === undefined) return;
                const next: [number, number] = [e.startIndex, e.endIndex];
                setBrush(next);
                if (timer.current) clearTimeout(timer.current);
                timer.current = setTimeout(() => {
                  onRangeRef.current(next[0] === 0 && next[1] === rows.length - 1 ? null : next);
                }, 180);
              }}
            />
          )}
        </BarChart>
      </ResponsiveContainer>
    );
  }, [data, rows, timeZone, brush]);

  if (!data || !rows.length) return null;
  const step = data.step;
  return (
    <section className="tlv-histogram" aria-label="Event histogram">
      <div className="tlv-toolbar tlv-noprint" style={{ fontSize: 12.5 }}>
        <span className="tlv-muted">
          Events per {formatDuration(step)} · drag the handles under the chart to set the time range
        </span>
        <label>
          Stack by
          <select value={groupBy} onChange={(e) => onGroupBy(e.target.value as 'artifact' | 'source')}>
            <option value="artifact">artifact</option>
            <option value="source">channel / source</option>
          </select>
        </label>
        {range && (
          <button type="button" onClick={() => onRange(null)}>
            Reset time range
          </button>
        )}
      </div>
      <WindowNote window={window ?? null} timeZone={timeZone} onMode={onMode} />
      {chart}
      <ul
        className="tlv-legend"
        aria-label="Histogram legend"
        style={{ listStyle: 'none', margin: 0, padding: 0, flexWrap: 'wrap' }}
      >
        {data.groups.map((g, i) => (
          <li key={g} style={{ display: 'inline-flex', alignItems: 'center', gap: 4, marginRight: 10 }}>
            <span
              aria-hidden="true"
              style={{
                width: 10,
                height: 10,
                background: PALETTE[i % PALETTE.length],
                display: 'inline-block',
              }}
            />
            {g}
          </li>
        ))}
      </ul>
    </section>
  );
}
