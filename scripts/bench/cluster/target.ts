// What the cluster bench measures: the distributed topology (tools/cluster/src/topology.ts —
// every service its own process from dist/apps/<service>, two gateways, nginx in front) on a
// fresh PostgreSQL database and the local Kafka broker (in a namespace of its own), trusting
// a loopback TestIssuer as OIDC_ISSUER; people and private channels created through the REST
// API, each room's members' sockets spread over both gateways so fan-out crosses processes.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import pg from 'pg';
import type { TestIssuer } from '@tidings/identity/feature/testing';
import { createTestPostgresDatabase, testPostgresAdminUrl } from '@tidings/platform/testing';
import { CLUSTER_SERVICES, serviceEnv, startCluster, type Cluster } from '@tidings/cluster';
import type { RoomSpec } from '../realtime/protocol';
import { provision } from '../realtime/targets';
import { sampleActivity, type ActivitySampler } from './pg-activity';
import { withChildren, type Watched } from './usage';

export interface ClusterTargetOptions {
  rooms: number;
  members: number;
  /** Rebuild dist/apps/<service> first (off: run the bundles already there). */
  build: boolean;
  /** Where the load generator POSTs: through nginx (as a client would) or to messaging. */
  postVia: 'nginx' | 'messaging';
  /** Progress lines. */
  log: (line: string) => void;
}

export interface ClusterTarget {
  cluster: Cluster;
  kafkaBrokers: string;
  /** The port the load generator POSTs to (nginx's or messaging's). */
  postPort: number;
  rooms: RoomSpec[];
  /** Every process whose CPU and memory the bench reports. */
  watched: Watched[];
  /** Starts sampling what the bench database's backends are doing. */
  sampleDatabase: () => ActivitySampler;
  stop: () => Promise<void>;
}

const KAFKA_SCRIPT = 'scripts/services/kafka.sh';

/**
 * Starts everything, in order; whatever started is stopped again (in reverse) by `stop`, or
 * at once when a later step fails — the database dropped, and Kafka stopped when this bench
 * started it (unless BENCH_CLUSTER_KEEP_KAFKA=1; a broker that was running stays running).
 */
export async function startClusterTarget(
  issuer: TestIssuer,
  options: ClusterTargetOptions,
): Promise<ClusterTarget> {
  const undo: Array<() => Promise<void>> = [];
  const stop = async () => {
    for (const step of undo.splice(0).reverse()) {
      await step().catch((error: unknown) => console.error(`cleanup: ${String(error)}`));
    }
  };
  try {
    if (options.build) {
      const started = performance.now();
      // A child process, not an import: bundled into this script, server.mjs would take
      // itself for the entry point and run its command line. (Each bundle is swapped in
      // whole, so a cluster another run starts meanwhile finds the old one or the new.)
      const apps = ['gateway', ...CLUSTER_SERVICES];
      execFileSync(process.execPath, ['scripts/build/server.mjs', ...apps], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      options.log(`built dist/apps/{${apps.join(',')}} in ${seconds(started)} s`);
    }

    const kafkaWasUp = kafkaRunning();
    // Returns at once when the broker is up; else starts it and waits for it.
    const kafkaBrokers = serviceEnv('kafka.sh', 'start')('KAFKA_BROKERS');
    if (!kafkaWasUp && process.env['BENCH_CLUSTER_KEEP_KAFKA'] !== '1') {
      undo.push(async () => {
        execFileSync(KAFKA_SCRIPT, ['stop'], { stdio: ['ignore', 'ignore', 'inherit'] });
      });
    }
    options.log(`KAFKA_BROKERS=${kafkaBrokers} (${kafkaWasUp ? 'already running' : 'started'})`);

    const database = await createTestPostgresDatabase('tidings_bench');
    undo.push(() => database.drop());
    const databaseName = new URL(database.url).pathname.slice(1);
    options.log(`database ${databaseName} on ${new URL(testPostgresAdminUrl).host}`);
    // The backends serving the bench database, found through pg_stat_activity, for their CPU.
    const admin = new pg.Client({ connectionString: testPostgresAdminUrl });
    await admin.connect();
    undo.push(() => admin.end());

    const started = performance.now();
    const cluster = await startCluster(
      {
        databaseUrl: database.url,
        kafkaBrokers,
        kafkaNamespace: `bench-${randomBytes(4).toString('hex')}`,
        oidcIssuer: issuer.issuer,
      },
      { nginx: options.postVia === 'nginx', env: { LOG_LEVEL: 'warn' } },
    );
    undo.push(() => cluster.stop());
    options.log(
      `cluster up in ${seconds(started)} s: ` +
        cluster.processes.map((p) => `${p.name} :${p.port}`).join(', ') +
        (cluster.nginx ? `, nginx :${cluster.nginx.port}` : ''),
    );

    const gateways = cluster.gateways();
    const messaging = cluster.process('messaging');
    const provisioned = performance.now();
    const { rooms } = await provision(
      {
        directory: cluster.process('directory').baseUrl,
        messaging: messaging.baseUrl,
        sockets: gateways.map((g) => `${g.baseUrl.replace('http', 'ws')}/ws`),
      },
      issuer,
      options.rooms,
      options.members,
    );
    options.log(
      `${options.rooms} private channels of ${options.members} people in ${seconds(provisioned)} s`,
    );

    const watched: Watched[] = [
      ...cluster.processes.map((p): Watched => ({
        name: p.name,
        kind: 'service',
        pids: () => (p.child.pid === undefined ? [] : [p.child.pid]),
      })),
    ];
    const nginx = cluster.nginx;
    if (nginx)
      watched.push({ name: 'nginx', kind: 'service', pids: () => withChildren(nginx.pid) });
    const kafkaPid = kafkaJvmPid();
    if (kafkaPid) watched.push({ name: 'kafka (shared)', kind: 'infra', pids: () => [kafkaPid] });
    watched.push({
      name: 'postgres backends',
      kind: 'infra',
      pids: async () =>
        (
          await admin.query<{ pid: number }>(
            'SELECT pid FROM pg_stat_activity WHERE datname = $1',
            [databaseName],
          )
        ).rows.map((r) => r.pid),
    });

    return {
      cluster,
      kafkaBrokers,
      postPort: nginx ? nginx.port : messaging.port,
      rooms,
      watched,
      sampleDatabase: () => sampleActivity(admin, databaseName),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);

function kafkaRunning(): boolean {
  try {
    execFileSync(KAFKA_SCRIPT, ['status'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The broker's JVM (kafka.sh keeps its pid in $KAFKA_DATA_DIR/kafka.pid). */
function kafkaJvmPid(): number | undefined {
  const file = resolve(process.env['KAFKA_DATA_DIR'] ?? 'tmp/kafka', 'kafka.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  return Number.isInteger(pid) && existsSync(`/proc/${pid}`) ? pid : undefined;
}
