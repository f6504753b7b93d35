import { describe, expect, it } from 'vitest';
import { tidingsConfigSchema } from './config';

describe('integrations retention configuration', () => {
  it('keeps deliveries 30 days and idempotency rows 7 by default; 0 keeps them', () => {
    expect(tidingsConfigSchema.parse({})).toMatchObject({
      INTEGRATIONS_DELIVERY_RETENTION_DAYS: 30,
      INTEGRATIONS_IDEMPOTENCY_RETENTION_DAYS: 7,
    });
    expect(
      tidingsConfigSchema.parse({
        INTEGRATIONS_DELIVERY_RETENTION_DAYS: '0',
        INTEGRATIONS_IDEMPOTENCY_RETENTION_DAYS: ' 90 ',
      }),
    ).toMatchObject({
      INTEGRATIONS_DELIVERY_RETENTION_DAYS: 0,
      INTEGRATIONS_IDEMPOTENCY_RETENTION_DAYS: 90,
    });
  });

  it('refuses what is no whole number of days, naming the variable', () => {
    for (const value of ['-1', '7.5', '30d']) {
      const result = tidingsConfigSchema.safeParse({ INTEGRATIONS_DELIVERY_RETENTION_DAYS: value });
      expect(result.success, value).toBe(false);
      expect(result.error?.issues[0]).toMatchObject({
        path: ['INTEGRATIONS_DELIVERY_RETENTION_DAYS'],
        message: 'expected a whole number of days (0: keep)',
      });
    }
  });
});
