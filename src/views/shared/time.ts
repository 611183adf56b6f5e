// Time display in a chosen IANA zone. Times are UTC inside (ms since 1970 + 100 ns ticks);
// only rendering applies the zone. Formatters are cached per zone. UTC ISO 8601 text (copy
// values, reports) is in src/model/time-text.ts.
import type { TimeZoneName } from '../contract';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: TimeZoneName): Intl.DateTimeFormat | null {
  if (timeZone === 'UTC') return null;
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'shortOffset',
      });
    } catch {
      return null;
    }
    formatters.set(timeZone, f);
  }
  return f;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

interface Parts {
  date: string;
  time: string;
  offset: string;
  ms: number;
}

function parts(ms: number, timeZone: TimeZoneName): Parts | null {
  if (!Number.isFinite(ms)) return null;
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return null;
  const msPart = ((ms % 1000) + 1000) % 1000;
  const f = formatterFor(timeZone);
  if (!f) {
    return {
      date: `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
      time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`,
      offset: 'Z',
      ms: msPart,
    };
  }
  const p: Record<string, string> = {};
  for (const x of f.formatToParts(d)) p[x.type] = x.value;
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    time: `${p.hour}:${p.minute}:${p.second}`,
    offset: (p.timeZoneName ?? '').replace('GMT', 'UTC') || timeZone,
    ms: msPart,
  };
}

/** `2026-11-28 10:02:11.512` (grid cells; zone shown in the column header). */
export function formatGridTime(ms: number, timeZone: TimeZoneName): string {
  const p = parts(ms, timeZone);
  if (!p) return '(no time)';
  return `${p.date} ${p.time}.${pad(p.ms, 3)}`;
}

/** `2026-11-28 10:02:11.5123410 Z` with 100 ns precision (detail pane). */
export function formatFullTime(ms: number, tick: number, timeZone: TimeZoneName): string {
  const p = parts(ms, timeZone);
  if (!p) return '(no time)';
  return `${p.date} ${p.time}.${pad(p.ms, 3)}${pad(tick, 4)} ${p.offset}`;
}

/** Short label for axes: date and minutes, or seconds when the step is short. */
export function formatAxisTime(ms: number, timeZone: TimeZoneName, stepMs: number): string {
  const p = parts(ms, timeZone);
  if (!p) return '';
  if (stepMs >= 86_400_000) return p.date;
  if (stepMs >= 60_000) return `${p.date.slice(5)} ${p.time.slice(0, 5)}`;
  return p.time;
}

/** "1 min", "30 s", "2 h", "1 d" */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms} ms`;
  if (ms < 60_000) return `${ms / 1000} s`;
  if (ms < 3_600_000) return `${ms / 60_000} min`;
  if (ms < 86_400_000) return `${ms / 3_600_000} h`;
  return `${ms / 86_400_000} d`;
}

/** The zone as shown in headers: "UTC" or "Asia/Tokyo (UTC+9)". */
export function zoneLabel(timeZone: TimeZoneName, at = Date.now()): string {
  if (timeZone === 'UTC') return 'UTC';
  const p = parts(at, timeZone);
  return p ? `${timeZone} (${p.offset})` : timeZone;
}

/**
 * `2019-02-13 18:01:47.512 UTC`, or `2019-02-14 03:01:47.512 UTC+9` in another zone (header, copy
 * text). With `tick` (100 ns units within the millisecond) the fraction has 7 digits.
 */
export function formatTime(ms: number, timeZone: TimeZoneName, tick?: number): string {
  const p = parts(ms, timeZone);
  if (!p) return '—';
  const frac = tick === undefined ? pad(p.ms, 3) : `${pad(p.ms, 3)}${pad(tick, 4)}`;
  return `${p.date} ${p.time}.${frac} ${p.offset === 'Z' ? 'UTC' : p.offset}`;
}
