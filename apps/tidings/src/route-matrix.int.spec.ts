import { randomUUID } from 'node:crypto';
import { RequestMethod } from '@nestjs/common';
import { PATH_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, ModulesContainer, Reflector } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import {
  hasPermission,
  PERMISSIONS,
  ROLES,
  type Permission,
  type Role,
} from '@tidings/identity/domain';
import { TestIssuer } from '@tidings/identity/feature/testing';
import { PERMISSION_KEY, PUBLIC_KEY } from '@tidings/platform/http';
import { createTestSqliteDatabase } from '@tidings/platform/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tidingsConfigSchema } from '@tidings/host';
import { createServer } from '@tidings/host';

interface DeclaredRoute {
  method: string;
  path: string;
  handler: string;
  access: { public: true } | { permission: Permission } | { undeclared: true };
}

/** Paths served outside the /api/v1 prefix (see server.ts). */
const UNPREFIXED = new Set(['/health/live', '/health/ready', '/metrics']);

/** Every Nest route of the host with what it declares — found by reflection, not by a list. */
function declaredRoutes(app: NestFastifyApplication): DeclaredRoute[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const reflector = new Reflector();
  const routes: DeclaredRoute[] = [];
  for (const wrapper of discovery.getControllers()) {
    const instance = wrapper.instance as Record<string, unknown> | undefined;
    if (!instance || !wrapper.metatype) continue;
    const controllerPath = String(Reflect.getMetadata(PATH_METADATA, wrapper.metatype) ?? '');
    for (const name of scanner.getAllMethodNames(Object.getPrototypeOf(instance))) {
      const handler = instance[name] as (...args: unknown[]) => unknown;
      const methodPath = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
      if (methodPath === undefined) continue;
      const method = RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod];
      const bare =
        `/${[controllerPath, methodPath].filter((p) => p && p !== '/').join('/')}`.replace(
          /\/+/g,
          '/',
        );
      const path = UNPREFIXED.has(bare) ? bare : `/api/v1${bare === '/' ? '' : bare}`;
      const targets = [handler, wrapper.metatype];
      const permission = reflector.getAllAndOverride<Permission | undefined>(
        PERMISSION_KEY,
        targets,
      );
      const access = reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)
        ? ({ public: true } as const)
        : permission
          ? { permission }
          : ({ undeclared: true } as const);
      routes.push({ method, path, handler: `${wrapper.metatype.name}.${name}`, access });
    }
  }
  return routes;
}

describe('every route × every role', () => {
  const db = createTestSqliteDatabase();
  const issuer = new TestIssuer();
  let app: NestFastifyApplication;
  let routes: DeclaredRoute[];

  beforeAll(async () => {
    await issuer.start();
    const config = tidingsConfigSchema.parse({
      DATABASE_URL: db.url,
      LOG_LEVEL: 'silent',
      OIDC_ISSUER: issuer.issuer,
    });
    app = await createServer(config);
    await app.init();
    await app.getHttpAdapter().getInstance().ready();
    routes = declaredRoutes(app);
  });

  afterAll(async () => {
    await app?.close();
    await issuer.stop();
    await db.drop();
  });

  it('finds the routes, and each is really served', () => {
    expect(routes.length).toBeGreaterThan(8);
    const fastify = app.getHttpAdapter().getInstance();
    for (const route of routes) {
      expect(
        fastify.hasRoute({ method: route.method as 'GET', url: route.path }),
        `${route.method} ${route.path}`,
      ).toBe(true);
    }
  });

  it('declares only permissions the roles table knows (a typo would lock a route for everyone)', () => {
    const unknown = routes
      .filter(
        (r) =>
          'permission' in r.access &&
          !(PERMISSIONS as readonly string[]).includes(r.access.permission),
      )
      .map((r) => `${r.method} ${r.path}`);
    expect(unknown).toEqual([]);
  });

  it('has no route without a declared permission (default deny)', () => {
    const undeclared = routes
      .filter((r) => 'undeclared' in r.access)
      .map((r) => `${r.method} ${r.path} (${r.handler})`);
    expect(undeclared).toEqual([]);
  });

  it('keeps outgoing subscriptions and their delivery log to admins (integrations.manage)', () => {
    const outgoing = routes.filter((r) =>
      /^\/api\/v1\/integrations\/(subscriptions|deliveries)(\/|$)/.test(r.path),
    );
    expect(outgoing.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'DELETE /api/v1/integrations/subscriptions/:id',
      'GET /api/v1/integrations/deliveries/:id',
      'GET /api/v1/integrations/subscriptions',
      'GET /api/v1/integrations/subscriptions/:id',
      'GET /api/v1/integrations/subscriptions/:id/deliveries',
      'PATCH /api/v1/integrations/subscriptions/:id',
      'POST /api/v1/integrations/deliveries/:id/replay',
      'POST /api/v1/integrations/subscriptions',
      'POST /api/v1/integrations/subscriptions/:id/rotate',
    ]);
    for (const route of outgoing)
      expect(route.access, `${route.method} ${route.path}`).toEqual({
        permission: 'integrations.manage',
      });
    expect(ROLES.filter((role) => hasPermission([role], 'integrations.manage'))).toEqual(['admin']);
  });

  it('keeps every audit and compliance route to the compliance role (not even admins)', () => {
    const audit = routes.filter((r) => /^\/api\/v1\/(audit|compliance)(\/|$)/.test(r.path));
    expect(audit.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining([
        'GET /api/v1/audit/public-key',
        'GET /api/v1/audit/records',
        'GET /api/v1/audit/checkpoints',
        'POST /api/v1/audit/verify',
      ]),
    );
    const auditPermissions: readonly string[] = ['audit.read', 'audit.export', 'retention.manage'];
    for (const route of audit) {
      const label = `${route.method} ${route.path}`;
      // The public key is public by design: it is what verifies exports offline.
      if (route.path === '/api/v1/audit/public-key')
        expect(route.access, label).toEqual({ public: true });
      else {
        expect('permission' in route.access, label).toBe(true);
        if ('permission' in route.access)
          expect(auditPermissions, label).toContain(route.access.permission);
      }
    }
    for (const permission of auditPermissions)
      expect(ROLES.filter((role) => hasPermission([role], permission as Permission))).toEqual([
        'compliance',
      ]);
  });

  it('answers each route for each role as its declaration says', async () => {
    const callers: Array<Role | 'none'> = ['none', ...ROLES];
    const mismatches: string[] = [];
    let n = 0;
    for (const route of routes) {
      const url = route.path.replace(/:[A-Za-z]+/g, () => randomUUID());
      for (const caller of callers) {
        // A fresh subject per call: one route (log out everywhere) must not affect the next.
        const token =
          caller === 'none'
            ? undefined
            : await issuer.token({ sub: `matrix-${n++}`, username: `m${n}`, roles: [caller] });
        const hasBody = ['POST', 'PUT', 'PATCH'].includes(route.method);
        const response = await app
          .getHttpAdapter()
          .getInstance()
          .inject({
            method: route.method as 'GET',
            url,
            headers: {
              ...(token ? { authorization: `Bearer ${token}` } : {}),
              ...(hasBody ? { 'content-type': 'application/json' } : {}),
            },
            ...(hasBody ? { payload: '{}' } : {}),
          });
        const expected =
          'public' in route.access
            ? 'allowed'
            : 'permission' in route.access
              ? caller === 'none'
                ? 401
                : hasPermission([caller], route.access.permission)
                  ? 'allowed'
                  : 403
              : 403;
        const actual =
          response.statusCode === 401 || response.statusCode === 403
            ? response.statusCode
            : 'allowed';
        if (actual !== expected)
          mismatches.push(
            `${route.method} ${route.path} as ${caller}: ${response.statusCode}, expected ${expected}`,
          );
      }
    }
    expect(mismatches).toEqual([]);
  });
});
