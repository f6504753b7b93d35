import { describe, expect, it } from 'vitest';
import { ArchiveBudget, overlappingEntries, RATIO_FREE_BYTES } from './archive-budget';
import { DEFAULT_FILE_LIMITS } from './file-limits';

const MB = 1024 * 1024;
const code = (f: () => void) => {
  try {
    f();
    return null;
  } catch (e) {
    return (e as { code: string; details: Record<string, unknown> }).details;
  }
};

describe('archive budget', () => {
  it('refuses more unpacked bytes than the ratio allows, but not a small archive', () => {
    const budget = new ArchiveBudget(DEFAULT_FILE_LIMITS, 100 * 1024);
    budget.addEntry(5 * MB); // 50:1
    expect(code(() => budget.addEntry(RATIO_FREE_BYTES))).toEqual({ maxRatio: 100 });
    // 2 KB unpacking to 300 KB is 150:1 and harmless.
    expect(code(() => new ArchiveBudget(DEFAULT_FILE_LIMITS, 2048).addEntry(300 * 1024))).toBe(
      null,
    );
  });

  it('refuses beyond the unpacked total, the entry count and the nesting depth', () => {
    const limits = { ...DEFAULT_FILE_LIMITS, maxUnpackedBytes: 50 * MB, maxArchiveEntries: 3 };
    expect(code(() => new ArchiveBudget(limits, 25 * MB).addEntry(51 * MB))).toEqual({
      maxUnpackedBytes: 50 * MB,
    });
    const counted = new ArchiveBudget(limits, 25 * MB);
    counted.addEntry(1);
    counted.addEntry(1);
    expect(code(() => counted.expectEntries(2))).toEqual({ maxEntries: 3 });
    counted.addEntry(1);
    expect(code(() => counted.addEntry(1))).toEqual({ maxEntries: 3 });
    const deep = new ArchiveBudget(limits, MB);
    expect(code(() => deep.enter(3))).toBe(null);
    expect(code(() => deep.enter(4))).toEqual({ maxDepth: 3 });
  });

  it('finds entries that share their compressed data', () => {
    expect(
      overlappingEntries([
        { offset: 0, length: 100 },
        { offset: 0, length: 100 },
      ]),
    ).toBe(true);
    expect(
      overlappingEntries([
        { offset: 200, length: 50 },
        { offset: 0, length: 190 },
      ]),
    ).toBe(true);
    expect(
      overlappingEntries([
        { offset: 0, length: 100 },
        { offset: 140, length: 10 },
      ]),
    ).toBe(false);
  });
});
