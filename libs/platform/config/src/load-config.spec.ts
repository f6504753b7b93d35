import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, env, loadConfig, withDotEnv } from './index';

const schema = z.object({
  PORT: env.port(8080),
  DATABASE_URL: env.databaseUrl('sqlite:./data/tidings.db'),
  LOG_LEVEL: env.logLevel,
  FEATURE: env.bool(false),
});

describe('loadConfig', () => {
  it('applies defaults when nothing is set', () => {
    expect(loadConfig(schema, {})).toEqual({
      PORT: 8080,
      DATABASE_URL: 'sqlite:./data/tidings.db',
      LOG_LEVEL: 'info',
      FEATURE: false,
    });
  });

  it('parses provided values', () => {
    const config = loadConfig(schema, {
      PORT: '9000',
      DATABASE_URL: 'postgres://u@127.0.0.1:5432/db',
      LOG_LEVEL: 'debug',
      FEATURE: 'yes',
    });
    expect(config).toMatchObject({ PORT: 9000, LOG_LEVEL: 'debug', FEATURE: true });
  });

  it('names the variable and the bad value in one line', () => {
    expect(() => loadConfig(schema, { PORT: 'abc' })).toThrowError(
      new ConfigError('PORT: expected a port number (1-65535); got "abc"', 'PORT'),
    );
    try {
      loadConfig(schema, { DATABASE_URL: 'mysql://x' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).variable).toBe('DATABASE_URL');
      expect((error as Error).message).toMatch(/^DATABASE_URL: expected sqlite:/);
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('rejects out-of-range ports and unknown log levels', () => {
    expect(() => loadConfig(schema, { PORT: '70000' })).toThrow(/^PORT:/);
    expect(() => loadConfig(schema, { LOG_LEVEL: 'loud' })).toThrow(/^LOG_LEVEL:/);
  });
});

describe('withDotEnv', () => {
  it('reads .env but lets the real environment win', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tidings-env-'));
    const file = join(dir, '.env');
    writeFileSync(file, 'PORT=9100\nLOG_LEVEL=debug\n');
    expect(withDotEnv({ LOG_LEVEL: 'warn' }, file)).toMatchObject({
      PORT: '9100',
      LOG_LEVEL: 'warn',
    });
  });

  it('returns the environment unchanged when there is no file', () => {
    expect(withDotEnv({ A: '1' }, '/nonexistent/.env')).toEqual({ A: '1' });
  });
});

describe('env.hostPortList', () => {
  const brokers = z.object({ KAFKA_BROKERS: env.hostPortList() });

  it('splits a list and treats unset as empty', () => {
    expect(loadConfig(brokers, {})).toEqual({ KAFKA_BROKERS: [] });
    expect(loadConfig(brokers, { KAFKA_BROKERS: '127.0.0.1:9092, kafka-2:9093' })).toEqual({
      KAFKA_BROKERS: ['127.0.0.1:9092', 'kafka-2:9093'],
    });
  });

  it('names the bad entry', () => {
    expect(() => loadConfig(brokers, { KAFKA_BROKERS: 'localhost' })).toThrow(
      /^KAFKA_BROKERS: expected host:port\[,host:port…\], "localhost" is not/,
    );
  });
});
