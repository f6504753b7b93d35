import { describe, expect, it } from 'vitest';
import { formatDuration } from './call-format';
import { formatBytes } from './call-stats';

describe('formatDuration', () => {
  it('reads as minutes and seconds, hours when there are any', () => {
    expect(formatDuration(0)).toBe('0:00');
    expect(formatDuration(7_400)).toBe('0:07');
    expect(formatDuration(192_000)).toBe('3:12');
    expect(formatDuration(3_723_000)).toBe('1:02:03');
  });

  it('never goes negative (a clock a little behind the server)', () => {
    expect(formatDuration(-1_500)).toBe('0:00');
  });
});

describe('formatBytes', () => {
  it('uses decimal units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(840_200)).toBe('840 kB');
    expect(formatBytes(1_234_567)).toBe('1.2 MB');
  });
});
