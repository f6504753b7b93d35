// The two servers the realtime bench measures, each started as its own process and set up
// with ROOMS rooms of MEMBERS members: Tidings' embedded host (SQLite in a temp dir, the
// in-process bus, tokens from a loopback TestIssuer it trusts as OIDC_ISSUER; people and
// private channels created through the REST API) and the bare `ws` relay.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { TestIssuer } from '@tidings/identity/feature/testing';
import { bundle } from '../../build/bundle.mjs';
import { embeddedEnv, freePort, spawnNode, waitReady, type Child } from './processes';
import type { RoomSpec, SocketSpec } from './protocol';

export interface Target {
  name: string;
  child: Child;
  port: number;
  rooms: RoomSpec[];
  /** Sockets for the idle figure, cycled (several users each holding many devices). */
  idleSockets: SocketSpec[];
  stop: () => Promise<void>;
}

export async function startBareRelay(rooms: number, members: number): Promise<Target> {
  const port = await freePort();
  const child = spawnNode(['scripts/run-ts.mjs', 'scripts/bench/realtime/bare-relay.ts'], {
    ...embeddedEnv(),
    PORT: String(port),
  });
  const base = `ws://127.0.0.1:${port}/ws`;
  await waitReady(`http://127.0.0.1:${port}`, child);
  return {
    name: 'bare ws relay',
    child,
    port,
    rooms: Array.from({ length: rooms }, (_, r) => ({
      sendPath: `/rooms/r${r}/messages`,
      senders: [{}],
      sockets: Array.from({ length: members }, () => ({
        url: `${base}?room=r${r}`,
        protocols: [],
      })),
    })),
    idleSockets: [{ url: base, protocols: [] }],
    stop: () => child.stop(),
  };
}

export async function startTidings(
  issuer: TestIssuer,
  rooms: number,
  members: number,
): Promise<Target> {
  const host = await startEmbeddedHost(issuer, {
    // e.g. `--cpu-prof --cpu-prof-dir=tmp/prof` to see where the host spends its time
    NODE_OPTIONS: process.env['BENCH_RT_HOST_NODE_OPTIONS'] ?? '',
  });
  try {
    const wsUrl = `${host.baseUrl.replace('http', 'ws')}/ws`;
    const specs = await provision(
      { directory: host.baseUrl, messaging: host.baseUrl, sockets: [wsUrl] },
      issuer,
      rooms,
      members,
    );
    return { name: 'Tidings', child: host.child, port: host.port, ...specs, stop: host.stop };
  } catch (error) {
    await host.stop();
    throw error;
  }
}

export interface EmbeddedHost {
  child: Child;
  port: number;
  baseUrl: string;
  stop: () => Promise<void>;
}

/**
 * The embedded host in its own process, ready: SQLite in a temp dir, the in-process bus, and
 * tokens from `issuer` (trusted as OIDC_ISSUER). `env` adds to (or overrides) its environment.
 */
export async function startEmbeddedHost(
  issuer: TestIssuer,
  env: NodeJS.ProcessEnv = {},
): Promise<EmbeddedHost> {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-bench-host-'));
  const main = await hostBundle();
  const port = await freePort();
  const child = spawnNode([main], {
    ...embeddedEnv(),
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: `sqlite:${join(dir, 'tidings.db')}`,
    OIDC_ISSUER: issuer.issuer,
    LOG_LEVEL: 'warn',
    ...env,
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await child.stop();
    rmSync(dir, { recursive: true, force: true });
    rmSync(dirname(main), { recursive: true, force: true });
  };
  try {
    await waitReady(baseUrl, child);
    return { child, port, baseUrl, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/**
 * Our own bundle of the host (as `npm start` builds it), not dist/: others' e2e tests may
 * rebuild or run from dist/ while this bench runs. When the working tree does not bundle
 * (someone is halfway through an edit), the last good build in dist/ is copied instead.
 */
async function hostBundle(): Promise<string> {
  const dir = `tmp/bench-host/${process.pid}`;
  try {
    return await bundle('apps/tidings/src/main.ts', `${dir}/main.mjs`, { sourcemap: false });
  } catch (error) {
    const built = resolve('dist/apps/tidings/main.js');
    if (!existsSync(built)) throw error;
    console.warn(`the working tree does not bundle; using the last build in dist/ instead`);
    mkdirSync(resolve(dir), { recursive: true });
    copyFileSync(built, resolve(dir, 'main.mjs'));
    return resolve(dir, 'main.mjs');
  }
}

/** Where provisioning goes: the process owning each route, and the WebSocket URLs to use. */
export interface ProvisionUrls {
  /** Serves /api/v1/directory (people). */
  directory: string;
  /** Serves /api/v1/conversations. */
  messaging: string;
  /** Member m of each room gets a socket on sockets[m mod length] (several gateways). */
  sockets: string[];
}

/** People rt0…, one private channel per room, a token per person (valid 2 h). */
export async function provision(
  urls: ProvisionUrls,
  issuer: TestIssuer,
  rooms: number,
  members: number,
) {
  const token = (username: string, roles = ['user']) =>
    issuer.token({ sub: `kc-${username}`, username, roles, expiresIn: 7_200 });
  const api = async (path: string, bearer: string, body: unknown) => {
    const baseUrl = path.startsWith('/directory/') ? urls.directory : urls.messaging;
    const response = await fetch(`${baseUrl}/api/v1${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as { id?: string } };
  };
  const admin = await token('admin', ['admin']);
  const usernames = Array.from({ length: rooms * members }, (_, i) => `rt${i}`);
  const ids: string[] = [];
  for (const username of usernames) {
    const created = await api('/directory/users', admin, { username, displayName: username });
    if (created.status !== 201 || !created.body.id)
      throw new Error(`creating ${username}: ${created.status} ${JSON.stringify(created.body)}`);
    ids.push(created.body.id);
  }
  const tokens = await Promise.all(usernames.map((u) => token(u)));
  const socketOf = (t: string, m = 0): SocketSpec => ({
    url: urls.sockets[m % urls.sockets.length] as string,
    protocols: ['tidings.v1', `bearer.${t}`],
  });
  const specs: RoomSpec[] = [];
  for (let r = 0; r < rooms; r++) {
    const member = (m: number) => r * members + m;
    const owner = tokens[member(0)] as string;
    const memberIds = Array.from({ length: members - 1 }, (_, m) => ids[member(m + 1)] as string);
    // Messaging learns of new people from the directory's events: retry until it has.
    const deadline = Date.now() + 30_000;
    let channel = await api('/conversations', owner, {
      kind: 'channel',
      visibility: 'private',
      name: `rt-${r}`,
      memberIds,
    });
    while (channel.status !== 201 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      channel = await api('/conversations', owner, {
        kind: 'channel',
        visibility: 'private',
        name: `rt-${r}`,
        memberIds,
      });
    }
    if (channel.status !== 201 || !channel.body.id)
      throw new Error(
        `creating channel rt-${r}: ${channel.status} ${JSON.stringify(channel.body)}`,
      );
    const roomTokens = Array.from({ length: members }, (_, m) => tokens[member(m)] as string);
    specs.push({
      sendPath: `/api/v1/conversations/${channel.body.id}/messages`,
      senders: roomTokens.map((t) => ({ authorization: `Bearer ${t}` })),
      sockets: roomTokens.map((t, m) => socketOf(t, m)),
    });
  }
  return { rooms: specs, idleSockets: tokens.map((t) => socketOf(t)) };
}
