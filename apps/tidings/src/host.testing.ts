import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { TestIssuer } from '@tidings/identity/feature/testing';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { tidingsConfigSchema } from '@tidings/host';
import { createServer, type ServerOptions } from '@tidings/host';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * The whole host in this process on a test database, trusting tokens from a loopback OpenID
 * issuer (as it would Keycloak's): what the host's API integration tests drive. Subclasses add
 * the calls their area needs.
 */
export class InProcessHost {
  readonly issuer = new TestIssuer();
  app!: NestFastifyApplication;

  async start(env: Record<string, string>, options?: ServerOptions): Promise<this> {
    await this.issuer.start();
    const config = tidingsConfigSchema.parse({
      LOG_LEVEL: 'silent',
      OIDC_ISSUER: this.issuer.issuer,
      ...env,
    });
    this.app = await createServer(config, options);
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

  /** One request under `/api/v1` with a bearer token and an optional JSON body. */
  request(method: HttpMethod, url: string, bearer: string, body?: unknown) {
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
}
