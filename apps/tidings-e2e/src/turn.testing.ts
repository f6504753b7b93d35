import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { serviceEnv } from '@tidings/platform/testing';

const run = promisify(execFile);
const TURN_SH = resolve('scripts/services/turn.sh');

/** The secret the suites' coturn checks credentials with (not the dev server's). */
export const TEST_TURN_SECRET = 'tidings-test-turn-secret';

export interface TurnOptions {
  /** TURN's UDP and TCP port; each suite its own (see startTurn). */
  port: number;
  secret?: string;
  /** Relay ports; by default 20 of them derived from `port`, so suites' servers never share. */
  relayPorts?: readonly [min: number, max: number];
}

export interface RunningTurn {
  /** CALLS_TURN_URLS and CALLS_TURN_SECRET, for the server under test. */
  env: { CALLS_TURN_URLS: string; CALLS_TURN_SECRET: string };
  port: number;
  secret: string;
  /** Stops coturn if this call started it; one that was already running is left alone. */
  stop(): Promise<void>;
}

/** turn.sh's environment for one server: its port, secret, relay range and data dir. */
function scriptEnv({ port, secret = TEST_TURN_SECRET, relayPorts }: TurnOptions) {
  const base = 50_000 + (port % 500) * 20;
  const [min, max] = relayPorts ?? [base, base + 19];
  return {
    ...process.env,
    TURN_PORT: String(port),
    TURN_MIN_PORT: String(min),
    TURN_MAX_PORT: String(max),
    TURN_SECRET: secret,
    TURN_DATA_DIR: resolve(`tmp/turn-${port}`),
  };
}

/** What turn.sh prints for a server (`env`, `start` and `status` all print it). */
function parseEnv(stdout: string): RunningTurn['env'] {
  const value = (name: string) => {
    const found = new RegExp(`^${name}=(.+)$`, 'm').exec(stdout)?.[1];
    if (!found) throw new Error(`turn.sh printed no ${name}:\n${stdout}`);
    return found;
  };
  return {
    CALLS_TURN_URLS: value('CALLS_TURN_URLS'),
    CALLS_TURN_SECRET: value('CALLS_TURN_SECRET'),
  };
}

/** The variables a server needs to hand out this coturn, without starting it. */
export function turnEnv(options: TurnOptions): RunningTurn['env'] {
  const { CALLS_TURN_URLS = '', CALLS_TURN_SECRET = '' } = serviceEnv(TURN_SH, scriptEnv(options));
  return { CALLS_TURN_URLS, CALLS_TURN_SECRET };
}

/**
 * A real coturn (scripts/services/turn.sh) on 127.0.0.1:`port`, for a suite's own use: pick a
 * port no other suite uses, since the one that started a server stops it in its teardown.
 */
export async function startTurn(options: TurnOptions): Promise<RunningTurn> {
  const env = scriptEnv(options);
  const running = await run(TURN_SH, ['status'], { env }).then(
    () => true,
    () => false,
  );
  const { stdout } = await run(TURN_SH, ['start'], { env, encoding: 'utf8', timeout: 30_000 });
  return {
    env: parseEnv(stdout),
    port: options.port,
    secret: env.TURN_SECRET,
    stop: async () => {
      if (!running) await run(TURN_SH, ['stop'], { env, timeout: 30_000 });
    },
  };
}

export interface AllocationResult {
  /** turnutils_uclient exited 0, every message came back, and a relay address was granted. */
  allocated: boolean;
  output: string;
}

/**
 * Whether coturn grants relays to `username`/`credential`: turnutils_uclient (ships with coturn)
 * allocates two relays on 127.0.0.1 and sends messages from one to the other through them — the
 * path two browsers on one machine take when both relay.
 */
export async function turnAllocates(
  port: number,
  username: string,
  credential: string,
): Promise<AllocationResult> {
  // -y: client to client (two allocations relaying to each other); -c: no RTCP allocation;
  // -n 2: two messages each way; -v: print the relay address granted.
  const args = ['-v', '-y', '-c', '-n', '2', '-m', '1', '-p', String(port)];
  args.push('-u', username, '-w', credential, '127.0.0.1');
  const result = await run('turnutils_uclient', args, { encoding: 'utf8', timeout: 30_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: typeof error.code === 'number' ? error.code : -1,
      output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
    }),
  );
  const sent = /tot_send_msgs=(\d+), tot_recv_msgs=(\d+)\s*$/m.exec(result.output);
  const allocated =
    result.code === 0 &&
    /Received relay addr: 127\.0\.0\.1:\d+/.test(result.output) &&
    sent !== null &&
    Number(sent[1]) > 0 &&
    sent[1] === sent[2];
  return { allocated, output: result.output };
}
