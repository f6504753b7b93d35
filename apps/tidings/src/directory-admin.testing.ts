import { InProcessHost, type HttpMethod } from './host.testing';

export type Method = HttpMethod;

/** The host for the directory's admin API tests: calls made with a token for one role. */
export class DirectoryTestHost extends InProcessHost {
  /** `?` on SQLite, `$n` on PostgreSQL — for the few raw reads the tests make. */
  param(n: number): string {
    return this.dataSource.options.type === 'postgres' ? `$${n}` : '?';
  }

  async call(method: Method, url: string, role: string, body?: unknown) {
    const token = await this.issuer.token({ sub: `sub-${role}`, username: role, roles: [role] });
    return this.request(method, url, token, body);
  }
}
