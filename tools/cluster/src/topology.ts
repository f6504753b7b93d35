// The distributed topology as local processes (docs/operations.md, _Local cluster_): every
// service from its own bundle (dist/apps/<service>/main.js), two gateways, and nginx in front
// as the one public origin with deploy/nginx/nginx.conf's routing table. Used by
// scripts/cluster.sh, the topology and fault e2e tests and `npm run bench -- cluster`.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { startNginx, type RunningNginx } from './nginx';

/** The services that run one process each, in start order (messaging migrates a new database). */
export const CLUSTER_SERVICES = [
  'messaging',
  'identity',
  'directory',
  'presence',
  'integrations',
  'audit',
] as const;
export type ClusterService = (typeof CLUSTER_SERVICES)[number] | 'gateway';

/** What the topology runs on: started beforehand (scripts/services, PostgreSQL). */
export interface ClusterInfra {
  databaseUrl: string;
  kafkaBrokers: string;
  /** The external issuer (Keycloak's realm URL). */
  oidcIssuer: string;
  /** Topic and group prefix, so several clusters (or test suites) share one broker. */
  kafkaNamespace?: string;
  /** LDAP_* for the directory process (unset: no directory sync). */
  ldapEnv?: Record<string, string>;
}

export interface ClusterOptions {
  gateways?: number;
  /** Variables for every process (e.g. LOG_LEVEL, INTEGRATIONS_ALLOW_HOSTS). */
  env?: Record<string, string>;
  /** Run nginx in front (the default when it is installed). */
  nginx?: boolean;
  /** Where each process's output goes (`<name>.log`); unset: kept in memory. */
  logDir?: string;
  /**
   * Processes in their own process groups, so they outlive the caller (scripts/cluster.sh up);
   * the caller unrefs them (`Cluster.release`) once the cluster is up.
   */
  detached?: boolean;
  /** How long one process may take to become ready. */
  readyTimeoutMs?: number;
}

/** One service process; `restart` brings it back on the same port with the same settings. */
export interface ClusterProcess {
  readonly name: string;
  readonly service: ClusterService;
  readonly port: number;
  readonly baseUrl: string;
  readonly env: Record<string, string>;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
  restart(): Promise<void>;
}

export interface Cluster {
  /** The public origin (nginx, else the first gateway). */
  readonly publicUrl: string;
  readonly processes: readonly ClusterProcess[];
  readonly nginx: RunningNginx | null;
  readonly serviceToken: string;
  process(name: string): ClusterProcess;
  gateways(): ClusterProcess[];
  /** Lets the caller exit, leaving every process running (detached clusters). */
  release(): void;
  stop(): Promise<void>;
}

export const MAIN_OF = (service: ClusterService) => resolve(`dist/apps/${service}/main.js`);

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? ok(address.port) : fail(new Error('no port')),
      );
    });
  });
}

/**
 * Starts the topology: ports are picked first so nginx's upstreams, PUBLIC_URL and the
 * gateways' MESSAGING_INTERNAL_URL can name them; messaging starts alone (it applies the
 * migrations), then the other services together, then the gateways, then nginx.
 */
export async function startCluster(
  infra: ClusterInfra,
  options: ClusterOptions = {},
): Promise<Cluster> {
  const gatewayCount = options.gateways ?? 2;
  const picked = new Map<string, number>();
  for (const name of [...CLUSTER_SERVICES, ...gatewayNames(gatewayCount), 'nginx']) {
    picked.set(name, await freePort());
  }
  const ports = {
    get(name: string): number {
      const port = picked.get(name);
      if (port === undefined) throw new Error(`no port picked for ${name}`);
      return port;
    },
  };
  const useNginx = options.nginx ?? true;
  const publicUrl = `http://127.0.0.1:${ports.get(useNginx ? 'nginx' : 'gateway-1')}`;
  const serviceToken = randomBytes(24).toString('hex');
  const common: Record<string, string> = {
    HOST: '127.0.0.1',
    DATABASE_URL: infra.databaseUrl,
    KAFKA_BROKERS: infra.kafkaBrokers,
    ...(infra.kafkaNamespace ? { KAFKA_NAMESPACE: infra.kafkaNamespace } : {}),
    OIDC_ISSUER: infra.oidcIssuer,
    PUBLIC_URL: publicUrl,
    TRUST_PROXY: 'true',
    INTERNAL_SERVICE_TOKEN: serviceToken,
    MESSAGING_INTERNAL_URL: `http://127.0.0.1:${ports.get('messaging')}`,
    PRESENCE_INTERNAL_URL: `http://127.0.0.1:${ports.get('presence')}`,
    // Integrations seals webhook and subscription secrets with it; scripts/cluster.sh passes
    // one kept across restarts, a test cluster's lives as long as its database.
    TIDINGS_SECRET_KEY: randomBytes(32).toString('base64'),
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  const processes: ClusterProcess[] = [];
  const define = (name: string, service: ClusterService, extra: Record<string, string> = {}) => {
    const proc = clusterProcess(name, service, ports.get(name), { ...common, ...extra }, options);
    processes.push(proc);
    return proc;
  };
  let nginx: RunningNginx | null = null;
  const stop = async () => {
    await nginx?.stop();
    await Promise.all(processes.map((p) => p.kill('SIGTERM')));
  };
  try {
    await define('messaging', 'messaging').restart();
    await Promise.all(
      CLUSTER_SERVICES.filter((s) => s !== 'messaging').map((s) =>
        define(s, s, s === 'directory' ? infra.ldapEnv : {}).restart(),
      ),
    );
    await Promise.all(gatewayNames(gatewayCount).map((g) => define(g, 'gateway').restart()));
    if (useNginx) {
      nginx = await startNginx({
        port: ports.get('nginx'),
        upstreams: Object.fromEntries(processes.map((p) => [p.name, p.port])),
        ...(options.logDir ? { logDir: options.logDir } : {}),
        detached: options.detached ?? false,
      });
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    publicUrl,
    processes,
    nginx,
    serviceToken,
    process: (name) => {
      const found = processes.find((p) => p.name === name);
      if (!found) throw new Error(`no process ${name} in the cluster`);
      return found;
    },
    gateways: () => processes.filter((p) => p.service === 'gateway'),
    release: () => {
      for (const p of processes) p.child.unref();
      nginx?.unref();
    },
    stop,
  };
}

function gatewayNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `gateway-${i + 1}`);
}

function clusterProcess(
  name: string,
  service: ClusterService,
  port: number,
  env: Record<string, string>,
  options: ClusterOptions,
): ClusterProcess {
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const proc: ClusterProcess = {
    name,
    service,
    port,
    baseUrl,
    env,
    child: undefined as unknown as ChildProcess,
    exited: Promise.resolve({ code: 0, signal: null }),
    output: () => output,
    async kill(signal = 'SIGTERM') {
      const { child } = proc;
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      await proc.exited;
    },
    async restart() {
      await proc.kill('SIGKILL');
      const { logDir } = options;
      if (logDir) mkdirSync(logDir, { recursive: true });
      const fd = logDir ? openSync(join(logDir, `${name}.log`), 'a') : null;
      const child = spawn(process.execPath, [MAIN_OF(service)], {
        env: { ...inheritedEnv(), ...env, PORT: String(port), KAFKA_CLIENT_ID: `tidings-${name}` },
        stdio: fd === null ? ['ignore', 'pipe', 'pipe'] : ['ignore', fd, fd],
        detached: options.detached ?? false,
      });
      if (fd !== null) closeSync(fd);
      child.stdout?.on('data', (d) => (output = (output + d).slice(-20_000)));
      child.stderr?.on('data', (d) => (output = (output + d).slice(-20_000)));
      proc.child = child;
      proc.exited = new Promise((ok) => child.once('exit', (code, signal) => ok({ code, signal })));
      await waitReady(proc, options.readyTimeoutMs ?? 60_000);
    },
  };
  return proc;
}

async function waitReady(proc: ClusterProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void proc.exited.then(() => (gone = true));
  while (Date.now() < deadline && !gone) {
    const response = await fetch(`${proc.baseUrl}/health/ready`).catch(() => undefined);
    if (response?.status === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  await proc.kill('SIGKILL');
  throw new Error(`${proc.name} did not become ready:\n${proc.output()}`);
}

/** The caller's environment without what picks Tidings' mode: the cluster sets those itself. */
function inheritedEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^(KAFKA_|OIDC_|LDAP_|DATABASE_URL$|PUBLIC_URL$|TIDINGS_|PORT$|WS_)/.test(key)) {
      delete env[key];
    }
  }
  return env;
}
