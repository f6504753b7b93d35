import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { HandlerRegistry } from '@tidings/gateway/domain';
import { HANDLER_REGISTRY, type RegisteredHandler } from '@tidings/gateway/feature';
import { PERMISSIONS, ROLES, hasPermission, type Permission } from '@tidings/identity/domain';
import { TestIssuer } from '@tidings/identity/feature/testing';
import { createTestSqliteDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tidingsConfigSchema } from '@tidings/host';
import { GATEWAY_CONNECT_PERMISSION } from '@tidings/host';
import { createServer } from '@tidings/host';

/**
 * The WebSocket counterpart of the route matrix: every frame handler the host registers —
 * built-in or added by a service — declares a permission, and one that identity's table
 * knows (a typo would close the frame type for everyone), and someone holds it.
 */
describe('gateway frame handlers of the host', () => {
  const db = createTestSqliteDatabase();
  const issuer = new TestIssuer();
  let app: NestFastifyApplication;
  let handlers: RegisteredHandler[];

  beforeAll(async () => {
    await issuer.start();
    const config = tidingsConfigSchema.parse({
      DATABASE_URL: db.url,
      LOG_LEVEL: 'silent',
      OIDC_ISSUER: issuer.issuer,
    });
    app = await createServer(config);
    await app.init();
    handlers = app.get<HandlerRegistry<RegisteredHandler>>(HANDLER_REGISTRY).list();
  });

  afterAll(async () => {
    await app?.close();
    await issuer.stop();
    await db.drop();
  });

  it('each declare a permission from the roles table that some role holds', () => {
    expect(handlers.map((h) => h.type)).toContain('ping');
    const problems = handlers
      .filter(
        (h) =>
          !(PERMISSIONS as readonly string[]).includes(h.permission ?? '') ||
          !ROLES.some((role) => hasPermission([role], h.permission as Permission)),
      )
      .map((h) => `${h.name} (${h.type}): ${String(h.permission)}`);
    expect(problems).toEqual([]);
  });

  it('lets every person role connect, and no bot', () => {
    const canConnect = ROLES.filter((role) => hasPermission([role], GATEWAY_CONNECT_PERMISSION));
    expect(canConnect).toEqual(['user', 'admin', 'compliance']);
  });
});
