import {
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import {
  connectionActivityV1,
  connectionClosedV1,
  connectionOpenedV1,
  processHeartbeatV1,
  type Actor,
  type EventContract,
} from '@tidings/contracts';
import type { TransactionRunner } from '@tidings/platform/bus';
import type { GatewayPresence, PresencePerson } from './presence-port';

export interface PresenceReportsOptions {
  /** This process, as presence files its connections (a fresh id per start). */
  processId: string;
  /** How long presence keeps this process's connections without a heartbeat. */
  leaseMs: number;
  /** Retry delay of a report the database refused; doubles up to 5 s. */
  retryMs?: number;
}

type Activity = 'active' | 'idle';

const GATEWAY_ACTOR: Actor = { kind: 'system', id: 'gateway' };
/** Heartbeats per lease: two can be lost (or late) before presence gives up on the process. */
const BEATS_PER_LEASE = 3;
const MAX_RETRY_MS = 5_000;

/**
 * The presence port of a gateway process without presence in it (distributed mode): sockets
 * opening, reporting activity and closing become `gateway.connection.*` events, and a
 * `gateway.process.heartbeat` renews this process's lease (docs/presence.md, _Several gateway
 * processes_). `presence.subscribe` is answered by presence over HTTP (`answers`).
 *
 * Through the gateway's outbox rather than straight onto the bus: a report must not be lost,
 * because a lost open leaves a person offline while connected and a lost close leaves a ghost
 * device that only this process's death would clear. The outbox commits each report, any
 * gateway process's relay publishes it (the outbox is shared), and presence consumes it at
 * least once; a report the database refuses is retried here until it commits. Reports of one
 * socket are written one after another, so its close never commits before its open; all carry
 * this process's id as key, so presence reads them in that order.
 *
 * What the outbox cannot cover is this process dying: its sockets die with it and nobody
 * reports their close. The lease covers that — heartbeats stop, presence sweeps the process's
 * connections. And should the heartbeats themselves have stalled for a whole lease (presence
 * may have swept a process that is alive), the next one that commits re-reports every open
 * socket, so presence converges either way.
 */
export class BusPresenceReports
  implements GatewayPresence, OnApplicationBootstrap, BeforeApplicationShutdown
{
  private readonly logger = new Logger('GatewayPresence');
  /** Signed-in sockets and their last reported activity: what a re-report says. */
  private readonly open = new Map<string, { person: PresencePerson; activity: Activity }>();
  /** Per socket: the tail of its reports (see the class comment). */
  private readonly tails = new Map<string, Promise<void>>();
  private heartbeat: NodeJS.Timeout | undefined;
  /** The first heartbeat: reports wait for it, so presence knows the lease before a socket. */
  private firstBeat: Promise<void> = Promise.resolve();
  private lastBeatAt: number | undefined;
  private stopping = false;

  constructor(
    private readonly outbox: TransactionRunner,
    private readonly answers: Pick<GatewayPresence, 'subscribe'>,
    private readonly options: PresenceReportsOptions,
    private readonly clock: () => number = Date.now,
  ) {}

  onApplicationBootstrap(): void {
    this.firstBeat = this.beat();
    this.heartbeat = setInterval(
      () => void this.beat(),
      Math.max(1, Math.floor(this.options.leaseMs / BEATS_PER_LEASE)),
    );
    this.heartbeat.unref();
  }

  /** After the gateway closed its sockets: their closes are committed before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.heartbeat);
    this.stopping = true;
    await Promise.all(this.tails.values());
  }

  connected(person: PresencePerson, connectionId: string): Promise<void> {
    this.open.set(connectionId, { person, activity: 'active' });
    return this.report(connectionId, connectionOpenedV1, person);
  }

  disconnected(person: PresencePerson, connectionId: string): Promise<void> {
    this.open.delete(connectionId);
    return this.report(connectionId, connectionClosedV1, person);
  }

  activity(person: PresencePerson, connectionId: string, state: Activity): Promise<void> {
    const entry = this.open.get(connectionId);
    if (entry) entry.activity = state;
    return this.report(connectionId, connectionActivityV1, person, { state });
  }

  subscribe(
    person: PresencePerson,
    connectionId: string,
    userIds: readonly string[],
    ttlMs: number,
  ): Promise<unknown> {
    return this.answers.subscribe(person, connectionId, userIds, ttlMs);
  }

  /** Renews the lease; after a stall of a whole lease, re-reports every open socket. */
  async beat(): Promise<void> {
    const now = this.clock();
    try {
      await this.outbox.run(async (tx) => {
        tx.publish(processHeartbeatV1, {
          key: this.options.processId,
          actor: GATEWAY_ACTOR,
          data: { processId: this.options.processId, leaseMs: this.options.leaseMs },
        });
      });
    } catch (error) {
      this.logger.warn(`presence heartbeat failed: ${String(error)}`);
      return;
    }
    const stalled = this.lastBeatAt !== undefined && now - this.lastBeatAt >= this.options.leaseMs;
    this.lastBeatAt = now;
    if (!stalled) return;
    this.logger.warn(`heartbeats stalled for a lease: re-reporting ${this.open.size} socket(s)`);
    for (const [connectionId, { person, activity }] of this.open) {
      void this.report(connectionId, connectionOpenedV1, person);
      if (activity === 'idle')
        void this.report(connectionId, connectionActivityV1, person, { state: activity });
    }
  }

  /** Never rejects: the gateway does not wait for presence. */
  private report(
    connectionId: string,
    contract: EventContract,
    person: PresencePerson,
    extra: Record<string, unknown> = {},
  ): Promise<void> {
    const data = {
      processId: this.options.processId,
      connectionId,
      userId: person.userId,
      username: person.username,
      ...extra,
    };
    const previous = this.tails.get(connectionId) ?? this.firstBeat;
    const tail = previous.then(() => this.commit(contract, data));
    this.tails.set(connectionId, tail);
    // Forget the socket once its last report is in (unless another was queued meanwhile).
    void tail.then(() => {
      if (this.tails.get(connectionId) === tail && !this.open.has(connectionId)) {
        this.tails.delete(connectionId);
      }
    });
    return tail;
  }

  private async commit(contract: EventContract, data: Record<string, unknown>): Promise<void> {
    let delay = this.options.retryMs ?? 200;
    for (;;) {
      try {
        await this.outbox.run(async (tx) => {
          tx.publish(contract, { key: this.options.processId, actor: GATEWAY_ACTOR, data });
        });
        return;
      } catch (error) {
        // At shutdown the lease ends it: presence sweeps what was not reported.
        if (this.stopping) {
          this.logger.warn(`presence report dropped at shutdown: ${String(error)}`);
          return;
        }
        this.logger.warn(`presence report failed, retrying: ${String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, delay).unref());
        delay = Math.min(MAX_RETRY_MS, delay * 2);
      }
    }
  }
}
