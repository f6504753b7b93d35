// What the bench (the orchestrator) and its load generator process say to each other over the
// child process IPC channel. Plain JSON: both sides are this repository's code.

/** One socket to open: where, with which subprotocols (Tidings: `tidings.v1` + the token). */
export interface SocketSpec {
  url: string;
  protocols: string[];
}

/** A conversation (or bare relay room): who sends into it, and its members' sockets. */
export interface RoomSpec {
  /** POST target for a message into this room, with the headers of each member who sends. */
  sendPath: string;
  senders: Array<Record<string, string>>;
  sockets: SocketSpec[];
}

export type Command =
  | {
      kind: 'idle';
      /** Sockets to open and keep; `sockets` is cycled (several users, one token each). */
      count: number;
      sockets: SocketSpec[];
      addresses: string[];
      concurrency: number;
    }
  | { kind: 'idleOpen' }
  | { kind: 'closeIdle' }
  | { kind: 'rooms'; port: number; rooms: RoomSpec[]; addresses: string[] }
  | { kind: 'run'; tag: string; rate: number; seconds: number; drainMs: number }
  /** Sends as fast as answers come back, `concurrency` POSTs in flight, for `seconds`. */
  | { kind: 'flood'; tag: string; seconds: number; concurrency: number; drainMs: number }
  | { kind: 'closeRooms' }
  /** ms since a room socket last received a bench message, of any run (or since start). */
  | { kind: 'sinceLastFrame' };

export interface IdleResult {
  held: number;
  failed: number;
  firstError?: string;
  ms: number;
}

export interface RunResult {
  /** Messages the sender issued, and those the server accepted (2xx). */
  sent: number;
  accepted: number;
  /** Frames expected on recipient sockets (accepted × members) and those received. */
  expected: number;
  received: number;
  /** Sends per second achieved over the sending window (a paced sender can fall behind). */
  achievedRate: number;
  /** How late the sender issued sends, in ms behind their schedule: p99 and max. */
  senderLagP99: number;
  /** The POST's own round trip (the server's write path, for Tidings the REST send). */
  answerP50: number;
  answerP99: number;
  p50: number;
  p99: number;
  max: number;
  firstError?: string;
}

export interface FloodResult extends RunResult {
  /** From the first send to the last answer: the window the accepted sends happened in. */
  windowMs: number;
  /** From the first send to the last frame received. */
  deliveryMs: number;
}

export type Reply =
  { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
export type Request = Command & { id: number };
