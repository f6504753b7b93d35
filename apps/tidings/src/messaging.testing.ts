import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TestIssuer } from '@tidings/identity/feature/testing';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { tidingsConfigSchema } from './config';
import { createServer } from './server';

export type Verb = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** Who calls: a person of the directory by username, or any token the test shapes. */
export interface As {
  username: string;
  roles?: string[];
  /** A raw bearer (e.g. a bot API token) instead of a JWT from the test issuer. */
  bearer?: string;
}

/**
 * The whole host on a test database with tokens from a loopback OpenID issuer — as a person
 * signed in at Keycloak: their token's subject is not their directory id, so messaging must
 * know them by username.
 */
export class MessagingTestHost {
  readonly issuer = new TestIssuer();
  app!: NestFastifyApplication;

  async start(env: Record<string, string>): Promise<this> {
    await this.issuer.start();
    const config = tidingsConfigSchema.parse({
      LOG_LEVEL: 'silent',
      OIDC_ISSUER: this.issuer.issuer,
      ...env,
    });
    this.app = await createServer(config);
    await this.app.init();
    await this.app.getHttpAdapter().getInstance().ready();
    return this;
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.issuer.stop();
  }

  get dataSource(): DataSource {
    return this.app.get<DataSource>(DATA_SOURCE);
  }

  async call(method: Verb, url: string, as: As, body?: unknown) {
    const bearer =
      as.bearer ??
      (await this.issuer.token({
        sub: `kc-${as.username}`,
        username: as.username,
        roles: as.roles ?? ['user'],
      }));
    return this.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method,
        url: `/api/v1${url}`,
        headers: {
          authorization: `Bearer ${bearer}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
  }

  /** Creates a local person through the directory API; answers their directory id. */
  async person(username: string): Promise<string> {
    const response = await this.call(
      'POST',
      '/directory/users',
      { username: 'admin', roles: ['admin'] },
      {
        username,
        displayName: username.toUpperCase(),
      },
    );
    if (response.statusCode !== 201) throw new Error(`creating ${username}: ${response.body}`);
    return (response.json() as { id: string }).id;
  }

  /** Waits until messaging's consumer has seen the directory's events for these people. */
  async projected(ids: string[], active = true, timeoutMs = 15_000): Promise<void> {
    const p = this.dataSource.options.type === 'postgres' ? (n: number) => `$${n}` : () => '?';
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rows = (await this.dataSource.query(
        `SELECT id, active FROM messaging_users WHERE id IN (${ids.map((_, i) => p(i + 1)).join(', ')})`,
        ids,
      )) as Array<{ id: string; active: unknown }>;
      if (rows.length === ids.length && rows.every((r) => Boolean(r.active) === active)) return;
      if (Date.now() > deadline) throw new Error(`messaging never saw ${ids.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
