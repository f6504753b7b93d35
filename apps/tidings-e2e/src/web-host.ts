import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { CLI, freePort, startServer, type RunningServer } from './server-process';

/** The built-in administrator's password (username `admin`). */
export const ADMIN_PASSWORD = 'admin-password-123456';

/** A person the browser tests sign in as (password login at the built-in issuer). */
export interface Person {
  id: string;
  username: string;
  password: string;
}

/**
 * The built host for a browser test: its own SQLite database in a temp dir, the in-process
 * bus, the built-in issuer, an admin account — and the ways a test sets the scene without the
 * UI: the CLI, the API with a token, people the directory (and so messaging) knows.
 */
export class WebTestHost {
  readonly baseUrl: string;
  /** The administrator's access token (1 h). */
  adminToken = '';

  private constructor(
    private readonly dir: string,
    readonly server: RunningServer,
  ) {
    this.baseUrl = server.baseUrl;
  }

  static async start(extraEnv: Record<string, string> = {}): Promise<WebTestHost> {
    const dir = mkdtempSync(join(tmpdir(), 'tidings-web-'));
    // A copy of the web build: another run rebuilding dist/ meanwhile must not leave a page
    // without its scripts.
    const webRoot = join(dir, 'web');
    cpSync('dist/apps/web/browser', webRoot, { recursive: true });
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const server = await startServer({
      DATABASE_URL: `sqlite:${join(dir, 'tidings.db')}`,
      PORT: String(port),
      PUBLIC_URL: baseUrl,
      KAFKA_BROKERS: '',
      TIDINGS_ADMIN_USERNAME: 'admin',
      TIDINGS_ADMIN_PASSWORD: ADMIN_PASSWORD,
      WEB_ROOT: webRoot,
      ...extraEnv,
    });
    const host = new WebTestHost(dir, server);
    host.adminToken = host.cli(['token', 'issue', '--username', 'admin', '--ttl', '1h']);
    return host;
  }

  /** `tidings <args>` against this host's database; its standard output, trimmed. */
  cli(args: string[], input = ''): string {
    const result = spawnSync(process.execPath, [CLI, ...args], {
      env: {
        ...process.env,
        DATABASE_URL: `sqlite:${join(this.dir, 'tidings.db')}`,
        PUBLIC_URL: this.baseUrl,
      },
      input,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(result.status, result.stderr).toBe(0);
    return result.stdout.trim();
  }

  /** An access token for `username` (1 h), for setting things up over the API. */
  token(username: string): string {
    return this.cli(['token', 'issue', '--username', username, '--ttl', '1h']);
  }

  /** A JSON API call that must succeed; its answer (undefined for an empty body). */
  async api<T = Record<string, unknown>>(
    token: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const response = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    expect(response.status, `${method} ${path}: ${text}`).toBeLessThan(300);
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /**
   * An account to sign in with (CLI) and the person the directory knows (API); `roles` other
   * than the default `user` (e.g. `['compliance']`) go to the account.
   */
  async person(username: string, displayName = username, roles: string[] = []): Promise<Person> {
    const password = `${username}-password-123456`;
    this.cli(
      [
        'user',
        'create',
        '--username',
        username,
        '--display-name',
        displayName,
        ...(roles.length ? ['--role', ...roles] : []),
        '--password-stdin',
      ],
      `${password}\n`,
    );
    const { id } = await this.api<{ id: string }>(this.adminToken, 'POST', '/directory/users', {
      username,
      displayName,
    });
    return { id, username, password };
  }

  /**
   * Creates a conversation as `token`, retrying while messaging has not yet heard of the
   * people from the directory's events (they arrive asynchronously).
   */
  async conversation(token: string, body: Record<string, unknown>): Promise<string> {
    // A loop, not expect.poll: this runs in beforeAll hooks too.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const response = await fetch(`${this.baseUrl}/api/v1/conversations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (response.ok) return ((await response.json()) as { id: string }).id;
      if (Date.now() > deadline)
        throw new Error(`creating a conversation: ${response.status} ${await response.text()}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async stop(): Promise<void> {
    this.server.child.kill('SIGINT');
    await this.server.exited;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
