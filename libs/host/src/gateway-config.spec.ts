import { describe, expect, it } from 'vitest';
import { tidingsConfigSchema } from './config';

describe('WebSocket gateway configuration', () => {
  it('has sane defaults and normalises the origin allowlist', () => {
    const config = tidingsConfigSchema.parse({});
    expect(config.WS_ALLOWED_ORIGINS).toBeUndefined(); // → PUBLIC_URL's origin at wiring
    expect(config).toMatchObject({
      WS_AUTH_TIMEOUT_MS: 5_000,
      WS_HEARTBEAT_INTERVAL_MS: 30_000,
      WS_MAX_FRAME_BYTES: 65_536,
      WS_SEND_BUFFER_LIMIT_BYTES: 1_048_576,
      WS_RATE_LIMIT_PER_SECOND: 10,
      WS_RATE_LIMIT_BURST: 30,
    });
    const listed = tidingsConfigSchema.parse({
      WS_ALLOWED_ORIGINS: 'https://Chat.Example.com:443/, http://localhost:4200',
    });
    expect(listed.WS_ALLOWED_ORIGINS).toEqual([
      'https://chat.example.com',
      'http://localhost:4200',
    ]);
  });

  it('names the variable and the bad item', () => {
    const result = tidingsConfigSchema.safeParse({ WS_ALLOWED_ORIGINS: 'https://x.example/app' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['WS_ALLOWED_ORIGINS'] });
    expect(result.error?.issues[0]?.message).toContain('"https://x.example/app" is not');
    expect(tidingsConfigSchema.safeParse({ WS_RATE_LIMIT_BURST: '0' }).success).toBe(false);
  });
});
