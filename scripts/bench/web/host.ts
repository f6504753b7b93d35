// The embedded host serving the bench's client build, with one person who has a conversation.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { embeddedEnv, freePort, spawnNode, waitReady } from '../realtime/processes';

export const PERSON = { username: 'bench', password: 'bench-password-123456' };

export interface Host {
  baseUrl: string;
  stop: () => Promise<void>;
}

/**
 * Starts dist/apps/tidings/main.js (built by the caller, as `npm start` runs it) on SQLite
 * with the in-process bus and the built-in issuer, serving `webRoot`; then creates the person
 * (account by the CLI, directory entry by the API) and a channel, so the list has an entry.
 */
export async function startHost(webRoot: string): Promise<Host> {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-bench-web-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = {
    ...embeddedEnv(),
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: baseUrl,
    DATABASE_URL: `sqlite:${join(dir, 'tidings.db')}`,
    KAFKA_BROKERS: '',
    WEB_ROOT: webRoot,
    LOG_LEVEL: 'warn',
    TIDINGS_ADMIN_USERNAME: 'admin',
    TIDINGS_ADMIN_PASSWORD: 'admin-password-123456',
  };
  const child = spawnNode([resolve('dist/apps/tidings/main.js')], env);
  const stop = async () => {
    await child.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(baseUrl, child);
    await provision(baseUrl, env);
    return { baseUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

async function provision(baseUrl: string, env: NodeJS.ProcessEnv): Promise<void> {
  const cli = (args: string[], input = '') => {
    const result = spawnSync(process.execPath, [resolve('bin/tidings.mjs'), ...args], {
      env,
      input,
      encoding: 'utf8',
    });
    if (result.status !== 0) throw new Error(`tidings ${args.join(' ')}: ${result.stderr}`);
    return result.stdout.trim();
  };
  cli(
    [
      'user',
      'create',
      '--username',
      PERSON.username,
      '--display-name',
      'Bench',
      '--password-stdin',
    ],
    `${PERSON.password}\n`,
  );
  const admin = cli(['token', 'issue', '--username', 'admin', '--ttl', '30m']);
  const post = (path: string, token: string, body: unknown) =>
    fetch(`${baseUrl}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const ids: string[] = [];
  for (const username of [PERSON.username, 'bench-colleague']) {
    const created = await post('/directory/users', admin, { username, displayName: username });
    if (created.status !== 201) throw new Error(`directory: ${await created.text()}`);
    ids.push(((await created.json()) as { id: string }).id);
  }
  const token = cli(['token', 'issue', '--username', PERSON.username, '--ttl', '30m']);
  // Messaging learns people from the directory's events (async): retry until it knows them.
  const deadline = Date.now() + 30_000;
  for (;;) {
    const channel = await post('/conversations', token, {
      kind: 'channel',
      visibility: 'private',
      name: 'bench',
      memberIds: [ids[1]],
    });
    if (channel.status === 201) return;
    if (Date.now() > deadline) throw new Error(`channel: ${await channel.text()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
