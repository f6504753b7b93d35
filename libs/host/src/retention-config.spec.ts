import { describe, expect, it } from 'vitest';
import { tidingsConfigSchema } from './config';

describe('RETENTION_INTERVAL_MINUTES', () => {
  const parse = (value?: string) =>
    tidingsConfigSchema.safeParse(value === undefined ? {} : { RETENTION_INTERVAL_MINUTES: value });

  it('defaults to hourly, takes 0 for off, refuses anything but whole minutes', () => {
    expect(parse().data?.RETENTION_INTERVAL_MINUTES).toBe(60);
    expect(parse('0').data?.RETENTION_INTERVAL_MINUTES).toBe(0);
    expect(parse('15').data?.RETENTION_INTERVAL_MINUTES).toBe(15);
    for (const bad of ['-1', '1.5', 'hourly'])
      expect(parse(bad).error?.issues[0]?.path, bad).toEqual(['RETENTION_INTERVAL_MINUTES']);
  });
});
