// The realtime bench's load generator: its own process (forked by scripts/bench/realtime.ts,
// driven over IPC — see protocol.ts), so the server under test and the clients each have an
// event loop, as they would on separate machines. It
//  - opens idle sockets, spread over several 127.x source addresses (`localAddress`): one
//    address has ~28,000 ephemeral ports towards one server port, 50,000 sockets need several;
//  - opens one socket per member of each room (a conversation) and paces sends into the rooms
//    by absolute schedule (message i is due at start + i / rate — never a tight loop), stamping
//    each message's text with the send time; each recipient socket takes its receive time on
//    the same clock (this process's performance.now()), so send → receive needs no clock sync.
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { WebSocket } from 'ws';
import type {
  Command,
  FloodResult,
  IdleResult,
  Reply,
  Request,
  RoomSpec,
  RunResult,
  SocketSpec,
} from './protocol';
import { percentile } from './stats';

const SENT = 'messaging.message.sent';
const ANSWER_WAIT_MS = 120_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// A realistic message body around the sender's stamp (~100 bytes of text in all).
const PAD = 'The quarterly numbers are in; see the shared folder before the review on Thursday.';

/** Opens a socket and resolves once the server said `ready` (signed in, for Tidings). */
function open(spec: SocketSpec, localAddress: string, timeoutMs: number): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(spec.url, spec.protocols, {
      localAddress,
      perMessageDeflate: false,
      handshakeTimeout: timeoutMs,
    });
    const timer = setTimeout(() => fail(new Error('no ready frame in time')), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.terminate();
      reject(error);
    };
    socket.on('error', fail);
    socket.on('close', (code, reason) =>
      fail(new Error(`closed ${code} ${reason.toString()} before ready`)),
    );
    const beforeReady = (data: unknown) => {
      const text = String(data);
      if (!text.includes('"type":"ready"')) {
        // An ephemeral frame (another member's presence) may come first: the gateway marks
        // a socket ready for broadcasts before its `ready` frame is written. Anything else
        // before `ready` is a failed sign-in.
        if (text.startsWith('{"type":"presence.changed"')) return;
        return fail(new Error(`first frame ${text}`));
      }
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on('error', () => undefined); // counted as not open by idleOpen
      resolve(socket);
    };
    socket.on('message', beforeReady);
  });
}

const idleSockets: WebSocket[] = [];

async function openIdle(command: Extract<Command, { kind: 'idle' }>): Promise<IdleResult> {
  const started = performance.now();
  let next = 0;
  let held = 0;
  let failed = 0;
  let firstError: string | undefined;
  const worker = async () => {
    for (let i = next++; i < command.count; i = next++) {
      const spec = command.sockets[i % command.sockets.length] as SocketSpec;
      const address = command.addresses[i % command.addresses.length] as string;
      try {
        idleSockets.push(await open(spec, address, 60_000));
        held++;
      } catch (error) {
        failed++;
        firstError ??= (error as Error).message;
      }
    }
  };
  await Promise.all(Array.from({ length: command.concurrency }, worker));
  return { held, failed, firstError, ms: performance.now() - started };
}

async function closeAll(sockets: WebSocket[]): Promise<void> {
  // terminate(): no close handshake to wait for; the server sees the TCP connection end.
  for (const socket of sockets.splice(0)) socket.terminate();
  await sleep(200);
}

interface Room {
  spec: RoomSpec;
  sockets: WebSocket[];
}
let rooms: Room[] = [];
let port = 0;
const agent = new Agent({ keepAlive: true, maxSockets: 32 });

/** The run being measured: frames of other runs (a late straggler) are not counted. */
let current: { tag: string; latencies: number[]; lastFrameAt: number } | undefined;

/**
 * When a bench message last reached a room socket, whichever run sent it (a backlog's); until
 * the first, this process's start (0). Finite: the answer crosses IPC as JSON.
 */
let lastBenchFrameAt = 0;

function onFrame(data: unknown) {
  const now = performance.now();
  const frame = JSON.parse(String(data)) as { type?: string; data?: { text?: unknown } };
  if (frame.type !== SENT || typeof frame.data?.text !== 'string') return;
  if (!current) {
    if (frame.data.text.startsWith('bench ')) lastBenchFrameAt = now;
    return;
  }
  const [word, tag, sentAt] = frame.data.text.split(' ', 3);
  if (word === 'bench') lastBenchFrameAt = now;
  if (word !== 'bench' || tag !== current.tag) return;
  current.latencies.push(now - Number(sentAt));
  current.lastFrameAt = now;
}

async function openRooms(command: Extract<Command, { kind: 'rooms' }>): Promise<number> {
  port = command.port;
  rooms = [];
  let n = 0;
  for (const spec of command.rooms) {
    const sockets = await Promise.all(
      spec.sockets.map((socket) =>
        open(socket, command.addresses[n++ % command.addresses.length] as string, 30_000),
      ),
    );
    for (const socket of sockets) socket.on('message', onFrame);
    rooms.push({ spec, sockets });
  }
  return n;
}

function post(path: string, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path,
        method: 'POST',
        agent,
        headers: { ...headers, 'content-type': 'application/json' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

/** What one run's sends add up to, as their answers come back. */
interface Tally {
  accepted: number;
  expected: number;
  inFlight: number;
  firstError?: string;
  answers: number[];
  firstSend: number;
  lastSend: number;
  lastAnswer: number;
}

const newTally = (): Tally => ({
  accepted: 0,
  expected: 0,
  inFlight: 0,
  answers: [],
  firstSend: NaN,
  lastSend: NaN,
  lastAnswer: NaN,
});

/**
 * Message `i` of a run: into room i mod rooms, from the room's members in turn, its text
 * stamped with the send time. Resolves when the POST is answered.
 */
function sendMessage(tag: string, i: number, tally: Tally): Promise<void> {
  const room = rooms[i % rooms.length] as Room;
  const headers = room.spec.senders[Math.floor(i / rooms.length) % room.spec.senders.length];
  const sentAt = performance.now();
  if (i === 0) tally.firstSend = sentAt;
  tally.lastSend = sentAt;
  const text = `bench ${tag} ${sentAt.toFixed(3)} ${PAD}`;
  tally.inFlight++;
  return post(
    room.spec.sendPath,
    headers ?? {},
    JSON.stringify({ text, clientMsgId: randomUUID() }),
  ).then((status) => {
    tally.inFlight--;
    tally.lastAnswer = performance.now();
    tally.answers.push(tally.lastAnswer - sentAt);
    if (status >= 200 && status < 300) {
      tally.accepted++;
      tally.expected += room.sockets.length;
    } else tally.firstError ??= `POST ${room.spec.sendPath} answered ${status}`;
  });
}

/**
 * Every answer back (an overloaded server may take long: up to ANSWER_WAIT_MS), then every
 * frame in, or gives up drainMs after the last answer.
 */
async function drain(tally: Tally, state: { latencies: number[] }, drainMs: number) {
  const answersBy = performance.now() + ANSWER_WAIT_MS;
  while (tally.inFlight > 0 && performance.now() < answersBy) await sleep(10);
  const framesBy = performance.now() + drainMs;
  while (state.latencies.length < tally.expected && performance.now() < framesBy) await sleep(10);
  current = undefined;
}

/** The figures every run reports, from its tally and the frames' latencies. */
function summary(tally: Tally, latencies: number[], sent: number, lags: number[]): RunResult {
  const sorted = Float64Array.from(latencies).sort();
  lags.sort((a, b) => a - b);
  const answers = tally.answers.sort((a, b) => a - b);
  return {
    sent,
    accepted: tally.accepted,
    expected: tally.expected,
    received: sorted.length,
    achievedRate: sent > 1 ? ((sent - 1) * 1000) / (tally.lastSend - tally.firstSend) : NaN,
    senderLagP99: percentile(lags, 99),
    answerP50: percentile(answers, 50),
    answerP99: percentile(answers, 99),
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    firstError: tally.firstError,
  };
}

async function run(command: Extract<Command, { kind: 'run' }>): Promise<RunResult> {
  const total = Math.max(1, Math.round(command.rate * command.seconds));
  const interval = 1000 / command.rate;
  const state = { tag: command.tag, latencies: [] as number[], lastFrameAt: NaN };
  current = state;
  const tally = newTally();
  const lags: number[] = [];
  const send = (i: number) => void sendMessage(command.tag, i, tally);

  const start = performance.now() + 20;
  let next = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      for (let due = start + next * interval; next < total && due <= now; due += interval) {
        lags.push(now - due);
        send(next++);
      }
      if (next >= total) return resolve();
      setTimeout(tick, Math.max(0, start + next * interval - performance.now()));
    };
    setTimeout(tick, 20);
  });
  await drain(tally, state, command.drainMs);
  return summary(tally, state.latencies, total, lags);
}

/**
 * Throughput, not latency: `concurrency` senders, each sending its next message as soon as
 * the last is answered, until `seconds` have passed — so the server, not a schedule, sets the
 * rate. What counts is how many sends it accepted (each one stored) and how many frames came.
 */
async function flood(command: Extract<Command, { kind: 'flood' }>): Promise<FloodResult> {
  const state = { tag: command.tag, latencies: [] as number[], lastFrameAt: NaN };
  current = state;
  const tally = newTally();
  const until = performance.now() + command.seconds * 1000;
  let next = 0;
  const sender = async () => {
    while (performance.now() < until) await sendMessage(command.tag, next++, tally);
  };
  await Promise.all(Array.from({ length: command.concurrency }, sender));
  await drain(tally, state, command.drainMs);
  return {
    ...summary(tally, state.latencies, next, []),
    windowMs: tally.lastAnswer - tally.firstSend,
    deliveryMs: state.lastFrameAt - tally.firstSend,
  };
}

async function handle(command: Command): Promise<unknown> {
  switch (command.kind) {
    case 'idle':
      return openIdle(command);
    case 'idleOpen':
      return idleSockets.filter((s) => s.readyState === WebSocket.OPEN).length;
    case 'closeIdle':
      return closeAll(idleSockets);
    case 'rooms':
      return openRooms(command);
    case 'run':
      return run(command);
    case 'flood':
      return flood(command);
    case 'sinceLastFrame':
      return performance.now() - lastBenchFrameAt;
    case 'closeRooms':
      await closeAll(rooms.flatMap((room) => room.sockets));
      rooms = [];
      return null;
  }
}

process.on('message', (request: Request) => {
  const reply = (message: Reply) => process.send?.(message);
  handle(request).then(
    (result) => reply({ id: request.id, ok: true, result: result ?? null }),
    (error: unknown) => reply({ id: request.id, ok: false, error: String(error) }),
  );
});
process.send?.({ id: 0, ok: true, result: 'ready' } satisfies Reply);
process.on('disconnect', () => process.exit(0));
