import { describe, expect, it } from 'vitest';
import { formatTime, timeZoneChoices, zoneLabel } from './time-format';

describe('formatTime', () => {
  const ms = Date.UTC(2019, 1, 13, 18, 1, 47, 512);
  it('shows UTC with milliseconds, or 7 fraction digits with the 100 ns tick', () => {
    expect(formatTime(ms, 'UTC')).toBe('2019-02-13 18:01:47.512 UTC');
    expect(formatTime(ms, 'UTC', 3410)).toBe('2019-02-13 18:01:47.5123410 UTC');
    expect(formatTime(Number.NaN, 'UTC')).toBe('—');
  });
  it('converts to another zone for display only', () => {
    expect(formatTime(ms, 'Asia/Tokyo')).toBe('2019-02-14 03:01:47.512 UTC+9');
    expect(formatTime(ms, 'America/New_York')).toBe('2019-02-13 13:01:47.512 UTC-5');
    expect(zoneLabel('Asia/Tokyo')).toBe('Asia/Tokyo (UTC+9)');
  });
  it('offers UTC first and no duplicates', () => {
    const z = timeZoneChoices();
    expect(z[0]).toBe('UTC');
    expect(new Set(z).size).toBe(z.length);
  });
});
