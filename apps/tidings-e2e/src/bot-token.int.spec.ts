import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, freePort, startServer } from './server-process';

/**
 * A bot token through the whole embedded host, run as a process: an operator's token from the
 * CLI, a bot and its API token from the REST API; afterwards the token's secret must appear in
 * no log line and nowhere in the database files.
 */
describe('bot tokens end to end', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-bot-'));
  const DATABASE_URL = `sqlite:${join(dir, 'bot.db')}`;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function tidings(args: string[], input?: string, env: Record<string, string> = {}) {
    return spawnSync(process.execPath, [CLI, ...args], {
      env: { ...process.env, DATABASE_URL, ...env },
      input,
      encoding: 'utf8',
      timeout: 30_000,
    });
  }

  it('works on connector routes only, is refused once revoked, and is never stored or logged', async () => {
    const port = String(await freePort());
    // Server and CLI must agree on the issuer URL, which derives from PUBLIC_URL.
    const env = { PUBLIC_URL: `http://127.0.0.1:${port}`, PORT: port };
    const server = await startServer({ DATABASE_URL, ...env });
    let secret = '';
    try {
      expect(
        tidings(
          ['admin', 'create', '--username', 'root', '--password-stdin'],
          'correct horse battery staple\n',
          env,
        ).status,
      ).toBe(0);
      const issued = tidings(
        ['token', 'issue', '--username', 'root', '--ttl', '10m'],
        undefined,
        env,
      );
      expect(issued.status, issued.stderr).toBe(0);
      const admin = issued.stdout.trim();
      const api = (method: string, path: string, token: string, body?: unknown) =>
        fetch(`${server.baseUrl}/api/v1${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body ? { 'content-type': 'application/json' } : {}),
          },
          ...(body ? { body: JSON.stringify(body) } : {}),
        });

      const botResponse = await api('POST', '/bots', admin, { username: 'oa-bot' });
      expect(botResponse.status, await botResponse.clone().text()).toBe(201);
      const bot = (await botResponse.json()) as { id: string };
      const tokenResponse = await api('POST', `/bots/${bot.id}/tokens`, admin, {
        expiresInDays: 30,
      });
      expect(tokenResponse.status, await tokenResponse.clone().text()).toBe(201);
      const created = (await tokenResponse.json()) as { id: string; token: string };
      secret = created.token.slice('tdg_'.length + 12 + 1); // tdg_<12-char prefix>_<secret>
      expect(secret).toHaveLength(43);

      expect((await api('GET', '/connect/whoami', created.token)).status).toBe(200);
      expect((await api('GET', '/me', created.token)).status).toBe(403);
      expect((await api('DELETE', `/bots/${bot.id}/tokens/${created.id}`, admin)).status).toBe(204);
      expect((await api('GET', '/connect/whoami', created.token)).status).toBe(401);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    expect(server.output()).toContain('request completed'); // the logs were captured
    expect(server.output()).not.toContain(secret);
    for (const file of readdirSync(dir)) {
      expect(
        readFileSync(join(dir, file)).includes(Buffer.from(secret)),
        `${file} holds the secret`,
      ).toBe(false);
    }
  });
});
