import { describe, expect, it } from 'vitest';
import { TIDINGS_SERVICE_NAMES, tidingsConfigSchema } from './config';
import {
  ALL_IN_ONE_ONLY,
  PROCESS_VARIABLES,
  SERVICE_VARIABLES,
  serviceConfigSchema,
} from './service-config';

const cluster = {
  KAFKA_BROKERS: '127.0.0.1:9092',
  DATABASE_URL: 'postgres://tidings@db/tidings',
};

describe('per-service configuration (apps/<service>)', () => {
  it('gives every variable of the all-in-one host to some service process', () => {
    const read = new Set([
      ...PROCESS_VARIABLES,
      ...ALL_IN_ONE_ONLY,
      ...Object.values(SERVICE_VARIABLES).flat(),
    ]);
    const unread = Object.keys(tidingsConfigSchema.shape).filter((k) => !read.has(k as never));
    expect(unread).toEqual([]);
  });

  it('runs exactly its own service, whatever TIDINGS_SERVICES says', () => {
    for (const service of TIDINGS_SERVICE_NAMES) {
      const config = serviceConfigSchema(service).parse({ ...cluster, TIDINGS_SERVICES: 'audit' });
      expect(config.TIDINGS_SERVICES).toEqual([service]);
      expect(config.KAFKA_BROKERS).toEqual(['127.0.0.1:9092']);
    }
  });

  it('refuses a process without Kafka or on SQLite, naming the variable', () => {
    const noBus = serviceConfigSchema('messaging').safeParse({
      DATABASE_URL: cluster.DATABASE_URL,
    });
    expect(noBus.error?.issues.map((i) => i.path)).toEqual([['KAFKA_BROKERS']]);
    const sqlite = serviceConfigSchema('gateway').safeParse({
      ...cluster,
      DATABASE_URL: 'sqlite:./data/tidings.db',
    });
    expect(sqlite.error?.issues[0]).toMatchObject({
      path: ['DATABASE_URL'],
      message: expect.stringMatching(/postgres:\/\//),
    });
  });

  it('validates its own variables and ignores the others’ (one shared environment)', () => {
    const badLdap = { ...cluster, LDAP_URL: 'http://not-ldap' };
    expect(serviceConfigSchema('directory').safeParse(badLdap).success).toBe(false);
    const messaging = serviceConfigSchema('messaging').parse({
      ...badLdap,
      MESSAGE_MAX_CHARS: '500',
      WS_HEARTBEAT_INTERVAL_MS: 'soon',
    });
    expect(messaging.MESSAGE_MAX_CHARS).toBe(500);
    expect(messaging.LDAP_URL).toBeUndefined();
    expect(messaging.WS_HEARTBEAT_INTERVAL_MS).toBe(
      tidingsConfigSchema.parse({}).WS_HEARTBEAT_INTERVAL_MS,
    );
    expect(
      serviceConfigSchema('gateway').safeParse({ ...cluster, WS_HEARTBEAT_INTERVAL_MS: 'soon' })
        .success,
    ).toBe(false);
  });
});
