import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TestIssuer } from '@tidings/identity/feature/testing';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { tidingsConfigSchema } from './config';
import { createServer } from './server';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH';

/**
 * The whole host on a test database, tokens from a real (loopback) OpenID issuer: what the
 * directory's admin API integration tests drive.
 */
export class DirectoryTestHost {
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

  /** `?` on SQLite, `$n` on PostgreSQL — for the few raw reads the tests make. */
  param(n: number): string {
    return this.dataSource.options.type === 'postgres' ? `$${n}` : '?';
  }

  async call(method: Method, url: string, role: string, body?: unknown) {
    const token = await this.issuer.token({ sub: `sub-${role}`, username: role, roles: [role] });
    return this.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method,
        url: `/api/v1${url}`,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
      });
  }
}
