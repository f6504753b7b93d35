import { describe, expect, it } from 'vitest';
import { addDays, dayOf, dayStartMs, isTimeZone, monthOf, nextMonth, yearOf } from './days';

describe('calendar days', () => {
  it('accepts real dates only', () => {
    expect(dayOf('2024-02-29')).toBe('2024-02-29');
    expect(dayOf('2025-02-29')).toBeNull();
    expect(dayOf('2025-2-1')).toBeNull();
    expect(dayOf('20250201')).toBeNull();
    expect(monthOf('2025-12')).toBe('2025-12-01');
    expect(monthOf('2025-13')).toBeNull();
    expect(yearOf('2025')).toBe('2025-01-01');
  });

  it('steps over month and year ends', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(nextMonth('2025-12-15')).toBe('2026-01-01');
  });

  it('places a day in a time zone: Shanghai begins 8 hours before UTC', () => {
    expect(dayStartMs('2025-03-01', 'UTC')).toBe(Date.parse('2025-03-01T00:00:00Z'));
    expect(dayStartMs('2025-03-01', 'Asia/Shanghai')).toBe(Date.parse('2025-02-28T16:00:00Z'));
  });

  it('follows daylight saving time', () => {
    // Berlin: UTC+1 in winter, UTC+2 from 2025-03-30 02:00.
    expect(dayStartMs('2025-03-30', 'Europe/Berlin')).toBe(Date.parse('2025-03-29T23:00:00Z'));
    expect(dayStartMs('2025-03-31', 'Europe/Berlin')).toBe(Date.parse('2025-03-30T22:00:00Z'));
  });

  it('knows which zones exist', () => {
    expect(isTimeZone('Asia/Shanghai')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
  });
});
