import { describe, expect, it } from 'vitest';
import { AppModule } from './app.module';
import { deliveryModeOf, runs, TIDINGS_SERVICE_NAMES, tidingsConfigSchema } from './config';

const parse = (env: Record<string, string>) => tidingsConfigSchema.safeParse(env);

describe('process roles (TIDINGS_SERVICES) and live delivery (WS_DELIVERY)', () => {
  it('runs every service when unset, a validated subset when set', () => {
    const all = tidingsConfigSchema.parse({});
    expect(all.TIDINGS_SERVICES).toEqual([...TIDINGS_SERVICE_NAMES]);
    const gateway = tidingsConfigSchema.parse({ TIDINGS_SERVICES: ' gateway , gateway' });
    expect(gateway.TIDINGS_SERVICES).toEqual(['gateway']);
    expect(runs(gateway, 'gateway')).toBe(true);
    expect(runs(gateway, 'messaging')).toBe(false);
  });

  it('refuses an unknown service, naming the variable', () => {
    const result = parse({ TIDINGS_SERVICES: 'gateway,mesaging' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['TIDINGS_SERVICES', 1]);
  });

  it('wants a service token of at least 32 characters and an http(s) messaging URL', () => {
    expect(parse({ INTERNAL_SERVICE_TOKEN: 'short' }).success).toBe(false);
    expect(parse({ INTERNAL_SERVICE_TOKEN: 'x'.repeat(32) }).success).toBe(true);
    expect(parse({ MESSAGING_INTERNAL_URL: 'ftp://messaging' }).success).toBe(false);
    expect(
      tidingsConfigSchema.parse({ MESSAGING_INTERNAL_URL: 'http://messaging:8080/' })
        .MESSAGING_INTERNAL_URL,
    ).toBe('http://messaging:8080');
  });

  it('delivers through the bus with Kafka, directly without, unless WS_DELIVERY says', () => {
    expect(deliveryModeOf(tidingsConfigSchema.parse({}))).toBe('direct');
    expect(deliveryModeOf(tidingsConfigSchema.parse({ KAFKA_BROKERS: 'k:9092' }))).toBe('bus');
    expect(
      deliveryModeOf(tidingsConfigSchema.parse({ KAFKA_BROKERS: 'k:9092', WS_DELIVERY: 'direct' })),
    ).toBe('direct');
    expect(parse({ WS_DELIVERY: 'carrier-pigeon' }).success).toBe(false);
  });

  it('runs integrations without messaging only when it can reach messaging’s internal routes', () => {
    const env = { TIDINGS_SERVICES: 'integrations', KAFKA_BROKERS: 'k:9092' };
    const alone = tidingsConfigSchema.parse(env);
    expect(() => AppModule.forRoot({ config: alone })).toThrow(
      /MESSAGING_INTERNAL_URL: required for integrations without messaging/,
    );
    const noToken = tidingsConfigSchema.parse({ ...env, MESSAGING_INTERNAL_URL: 'http://m:8080' });
    expect(() => AppModule.forRoot({ config: noToken })).toThrow(
      /INTERNAL_SERVICE_TOKEN: required for integrations without messaging/,
    );
    const reaching = tidingsConfigSchema.parse({
      ...env,
      MESSAGING_INTERNAL_URL: 'http://m:8080',
      INTERNAL_SERVICE_TOKEN: 'x'.repeat(32),
    });
    expect(() => AppModule.forRoot({ config: reaching })).not.toThrow();
    const together = tidingsConfigSchema.parse({
      TIDINGS_SERVICES: 'messaging,integrations',
      KAFKA_BROKERS: 'k:9092',
    });
    expect(() => AppModule.forRoot({ config: together })).not.toThrow();
  });
});
