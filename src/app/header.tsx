// The banner: product name, case summary (hosts, files, events, time span), time zone, theme.
import { useMemo } from 'react';
import type { CaseView, TimeZoneName } from '../views/contract';
import type { Theme } from './theme';
import { formatTime, timeZoneChoices, zoneLabel } from './time-format';

export interface HeaderProps {
  caseView: CaseView;
  timeZone: TimeZoneName;
  onTimeZone: (tz: TimeZoneName) => void;
  theme: Theme;
  onToggleTheme: () => void;
}

export function timeSpan(caseView: CaseView): [number, number] | null {
  const t = caseView.table;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < t.length; i++) {
    const v = t.timeMs[i];
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return Number.isFinite(lo) && Number.isFinite(hi) ? [lo, hi] : null;
}

export function Header({ caseView, timeZone, onTimeZone, theme, onToggleTheme }: HeaderProps) {
  const { version } = caseView;
  // biome-ignore lint/correctness/useExhaustiveDependencies: version is the memo key of the case
  const span = useMemo(() => timeSpan(caseView), [version]);
  const zones = useMemo(() => timeZoneChoices(), []);
  const hostCount = caseView.hosts.active().length;
  const fileCount = caseView.files.length;
  return (
    <header className="app-header">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ◎
        </span>
        <span className="brand-name">TraceLens</span>
        <span className="brand-tag">offline forensic triage</span>
      </div>
      <dl className="case-summary" aria-label="Case summary" data-testid="case-summary">
        <div>
          <dt>Hosts</dt>
          <dd data-testid="summary-hosts">{hostCount}</dd>
        </div>
        <div>
          <dt>Files</dt>
          <dd data-testid="summary-files">{fileCount}</dd>
        </div>
        <div>
          <dt>Events</dt>
          <dd data-testid="summary-events">{caseView.table.length.toLocaleString('en-US')}</dd>
        </div>
        <div className="span">
          <dt>Time span</dt>
          <dd className="summary-span" data-testid="summary-span">
            {span ? `${formatTime(span[0], timeZone)} → ${formatTime(span[1], timeZone)}` : '—'}
          </dd>
        </div>
      </dl>
      <div className="header-controls">
        <label className="tz-select">
          <span>Time zone</span>
          <select value={timeZone} onChange={(e) => onTimeZone(e.target.value)} data-testid="tz-select">
            {zones.map((z) => (
              <option key={z} value={z}>
                {zoneLabel(z)}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="theme-toggle"
          onClick={onToggleTheme}
          aria-label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
          data-testid="theme-toggle"
        >
          {theme === 'dark' ? '☀ Light' : '☾ Dark'}
        </button>
      </div>
    </header>
  );
}
