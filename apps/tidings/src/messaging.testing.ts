import { InProcessHost, type HttpMethod } from './host.testing';

export type Verb = HttpMethod;

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
export class MessagingTestHost extends InProcessHost {
  async call(method: Verb, url: string, as: As, body?: unknown) {
    const bearer =
      as.bearer ??
      (await this.issuer.token({
        sub: `kc-${as.username}`,
        username: as.username,
        roles: as.roles ?? ['user'],
      }));
    return this.request(method, url, bearer, body);
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

/** A response as the assertions of refusals read it: status, stable code, media type. */
export function problemOf(response: {
  statusCode: number;
  headers: Record<string, unknown>;
  json(): unknown;
}): { status: number; code: string | undefined; type: string | undefined } {
  return {
    status: response.statusCode,
    code: (response.json() as { code?: string }).code,
    type: String(response.headers['content-type']).split(';')[0],
  };
}
