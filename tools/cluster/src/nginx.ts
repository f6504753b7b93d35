// nginx as the local cluster's one public origin, with deploy/nginx/nginx.conf's own routing
// table: the file compose uses, its upstreams pointed at the local ports and its paths at a
// private directory. So the routes the e2e tests go through are the routes a deployment ships.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const NGINX_CONF = resolve('deploy/nginx/nginx.conf');
const NGINX_BINARIES = ['/usr/sbin/nginx', 'nginx'];

export interface NginxOptions {
  port: number;
  /** Compose service name → local port (`messaging`, `gateway-1`, …). */
  upstreams: Record<string, number>;
  logDir?: string;
  detached?: boolean;
}

export interface RunningNginx {
  readonly port: number;
  readonly pid: number;
  readonly dir: string;
  /** Lets the caller exit with nginx still running (scripts/cluster.sh up). */
  unref(): void;
  stop(): Promise<void>;
}

export function nginxBinary(): string | null {
  for (const candidate of NGINX_BINARIES) {
    if (spawnSync(candidate, ['-v'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  return null;
}

/**
 * deploy/nginx/nginx.conf for this machine: `server <name>:8080` → `server 127.0.0.1:<port>`
 * (a name without a local process, such as keycloak, is left unresolved and refused as an
 * upstream nobody may reach), `listen` on `port`, pid and temp files under `dir`, and the
 * daemon kept in the foreground so the caller owns it.
 */
export function localNginxConf(options: NginxOptions, dir: string): string {
  let conf = readFileSync(NGINX_CONF, 'utf8');
  conf = conf.replace(/server ([a-z0-9-]+):8080/g, (_whole, name: string) => {
    const port = options.upstreams[name];
    // An upstream with no local process (keycloak: the issuer is reached directly) points at
    // a closed port, so its routes answer 502 instead of nginx refusing to start.
    return `server 127.0.0.1:${port ?? 9}`;
  });
  conf = conf.replace(/listen 8080;/, `listen 127.0.0.1:${options.port};`);
  conf = conf.replaceAll('/tmp/', `${dir}/`);
  conf = conf.replace('error_log /dev/stderr warn;', `error_log ${dir}/error.log warn;`);
  conf = conf.replace(
    'access_log /dev/stdout;',
    options.logDir ? `access_log ${options.logDir}/nginx-access.log;` : 'access_log off;',
  );
  conf = conf.replace('worker_processes auto;', 'worker_processes 1;\ndaemon off;');
  // As root (CI), workers would drop to `nobody` and could not use the private temp dirs.
  if (process.getuid?.() === 0) conf = `user root;\n${conf}`;
  return conf;
}

export async function startNginx(options: NginxOptions): Promise<RunningNginx> {
  const binary = nginxBinary();
  if (!binary) {
    throw new Error(
      'nginx is not installed (scripts/setup/debian-packages.sh installs it); or run without it',
    );
  }
  const dir = mkdtempSync(join(tmpdir(), 'tidings-nginx-'));
  const confFile = join(dir, 'nginx.conf');
  writeFileSync(confFile, localNginxConf(options, dir));
  // -e: nginx opens its default error log before reading the configuration's.
  const child: ChildProcess = spawn(binary, ['-e', join(dir, 'error.log'), '-c', confFile], {
    stdio: ['ignore', 'ignore', 'pipe'],
    detached: options.detached ?? false,
  });
  let errors = '';
  child.stderr?.on('data', (d) => (errors += d));
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const deadline = Date.now() + 10_000;
  for (;;) {
    const response = await fetch(`http://127.0.0.1:${options.port}/healthz`).catch(() => null);
    if (response?.status === 200) break;
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not start: ${errors}${safeRead(join(dir, 'error.log'))}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    port: options.port,
    pid: child.pid ?? 0,
    dir,
    unref: () => child.unref(),
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGQUIT'); // graceful: finish the requests in flight
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function safeRead(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
