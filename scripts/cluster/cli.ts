// scripts/cluster.sh up|down|status: the distributed topology on this machine, as processes
// that outlive the command (docs/operations.md, _Local cluster_).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { openLdapEnv, serviceEnv, startCluster } from '@tidings/cluster';

const STATE_DIR = resolve(process.env['CLUSTER_DIR'] ?? 'tmp/cluster');
const STATE_FILE = join(STATE_DIR, 'state.json');
const DATABASE = process.env['CLUSTER_DATABASE'] ?? 'tidings_cluster';
const POSTGRES_ADMIN_URL =
  process.env['POSTGRES_ADMIN_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';

interface State {
  publicUrl: string;
  databaseUrl: string;
  pids: Record<string, number>;
  nginxDir: string | null;
}

async function ensureDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE "${DATABASE}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${DATABASE}`;
  return url.toString();
}

/**
 * The key sealing the cluster's stored secrets, made once and kept beside its state: the
 * database outlives `down`, and what it sealed must open after the next `up`.
 */
function secretKey(): string {
  const file = join(STATE_DIR, 'secret-key');
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

async function up(): Promise<void> {
  if (existsSync(STATE_FILE)) {
    console.log(`cluster: already up (${STATE_FILE}); run scripts/cluster.sh down first`);
    return;
  }
  console.log('cluster: starting Kafka, Keycloak and slapd (scripts/services)…');
  const kafka = serviceEnv('kafka.sh', 'start');
  const keycloak = serviceEnv('keycloak.sh', 'start');
  serviceEnv('ldap.sh', 'start');
  const databaseUrl = await ensureDatabase();
  const logDir = join(STATE_DIR, 'logs');
  mkdirSync(logDir, { recursive: true });
  console.log('cluster: starting the services, two gateways and nginx…');
  const cluster = await startCluster(
    {
      databaseUrl,
      kafkaBrokers: kafka('KAFKA_BROKERS'),
      kafkaNamespace: 'cluster',
      oidcIssuer: keycloak('OIDC_ISSUER'),
      // Synced every 30 minutes (and from the admin console on demand).
      ldapEnv: { ...openLdapEnv(), LDAP_SYNC_INTERVAL: '30m' },
    },
    { detached: true, logDir, env: { LOG_LEVEL: 'info', TIDINGS_SECRET_KEY: secretKey() } },
  );
  const state: State = {
    publicUrl: cluster.publicUrl,
    databaseUrl,
    pids: {
      ...Object.fromEntries(cluster.processes.map((p) => [p.name, p.child.pid ?? 0])),
      ...(cluster.nginx ? { nginx: cluster.nginx.pid } : {}),
    },
    nginxDir: cluster.nginx?.dir ?? null,
  };
  writeFileSync(STATE_FILE, JSON.stringify(state, null, 2));
  cluster.release();
  for (const p of cluster.processes) console.log(`  ${p.name.padEnd(13)} ${p.baseUrl}`);
  console.log(
    `cluster: up at ${cluster.publicUrl} (sign in as alice / alice-password); logs in ${logDir}`,
  );
}

async function down(): Promise<void> {
  if (!existsSync(STATE_FILE)) {
    console.log('cluster: not up');
    return;
  }
  const state = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as State;
  // nginx first (no new requests), then the gateways (clients reconnect), then the rest.
  const order = Object.keys(state.pids).sort((a, b) => rank(a) - rank(b));
  for (const name of order) {
    const pid = state.pids[name] ?? 0;
    if (!alive(pid)) continue;
    process.kill(pid, name === 'nginx' ? 'SIGQUIT' : 'SIGTERM');
    const deadline = Date.now() + 30_000;
    while (alive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    if (alive(pid)) process.kill(pid, 'SIGKILL');
    console.log(`  stopped ${name}`);
  }
  if (state.nginxDir) rmSync(state.nginxDir, { recursive: true, force: true });
  rmSync(STATE_FILE);
  console.log('cluster: down (Kafka, Keycloak and slapd keep running: scripts/services/*.sh stop)');
}

function rank(name: string): number {
  if (name === 'nginx') return 0;
  if (name.startsWith('gateway')) return 1;
  return 2;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function status(): void {
  if (!existsSync(STATE_FILE)) {
    console.log('cluster: not up');
    process.exitCode = 3;
    return;
  }
  const state = JSON.parse(readFileSync(STATE_FILE, 'utf8')) as State;
  for (const [name, pid] of Object.entries(state.pids)) {
    console.log(`  ${name.padEnd(13)} pid ${pid} ${alive(pid) ? 'running' : 'GONE'}`);
  }
  console.log(`cluster: ${state.publicUrl}`);
}

const command = process.argv[2];
if (command === 'up') await up();
else if (command === 'down') await down();
else if (command === 'status') status();
else {
  console.error('usage: scripts/cluster.sh up | down | status');
  process.exitCode = 2;
}
