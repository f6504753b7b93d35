import { describe, expect, it } from 'vitest';
import { historyRange } from './history';

describe('historyRange', () => {
  it('reads the newest page without a cursor', () => {
    expect(historyRange({ limit: 50 }, 120)).toEqual({ from: 71, to: 120 });
    expect(historyRange({ limit: 50 }, 10)).toEqual({ from: 1, to: 10 });
    expect(historyRange({ limit: 50 }, 0)).toBeNull();
  });

  it('pages backwards with before (exclusive)', () => {
    expect(historyRange({ before: 71, limit: 50 }, 120)).toEqual({ from: 21, to: 70 });
    expect(historyRange({ before: 21, limit: 50 }, 120)).toEqual({ from: 1, to: 20 });
    expect(historyRange({ before: 1, limit: 50 }, 120)).toBeNull();
    expect(historyRange({ before: 500, limit: 10 }, 120)).toEqual({ from: 111, to: 120 });
  });

  it('pages forwards with after (exclusive)', () => {
    expect(historyRange({ after: 20, limit: 50 }, 120)).toEqual({ from: 21, to: 70 });
    expect(historyRange({ after: 100, limit: 50 }, 120)).toEqual({ from: 101, to: 120 });
    expect(historyRange({ after: 120, limit: 50 }, 120)).toBeNull();
  });

  it('centres a page on around, filling it at either end', () => {
    expect(historyRange({ around: 60, limit: 10 }, 120)).toEqual({ from: 55, to: 64 });
    expect(historyRange({ around: 2, limit: 10 }, 120)).toEqual({ from: 1, to: 10 });
    expect(historyRange({ around: 119, limit: 10 }, 120)).toEqual({ from: 111, to: 120 });
    expect(historyRange({ around: 3, limit: 10 }, 4)).toEqual({ from: 1, to: 4 });
  });
});
