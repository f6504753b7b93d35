import { Inject, Injectable, Optional } from '@nestjs/common';
import type { DeliveryStore } from '@tidings/gateway/data-access';
import { eventFrame, planResume, type FanoutSettings } from '@tidings/gateway/domain';
import type { Connection } from '../connection';
import { GatewayMetrics } from '../gateway-metrics';
import { DELIVERY_STORE, FANOUT_SETTINGS } from './ports';

/** Reads of the store in a row that found none of a gap's missing seqs before a reload. */
const MAX_STALLED_FILLS = 10;

/**
 * Starts a signed-in connection's event stream: `ready` with the seq it continues from, then
 * — when the client resumes — every stored event after its `lastSeq`, in order, or `resync`
 * when some of them are gone; then the live events buffered meanwhile, less the duplicates.
 * The connection was registered for live events *before* this reads the store (see
 * EventStream for why that order leaves no gap).
 */
@Injectable()
export class StreamStarter {
  constructor(
    private readonly metrics: GatewayMetrics,
    @Optional() @Inject(DELIVERY_STORE) private readonly store?: DeliveryStore,
    @Optional() @Inject(FANOUT_SETTINGS) private readonly settings?: FanoutSettings,
  ) {}

  async start(
    connection: Connection,
    readyData: Record<string, unknown>,
    lastSeq: number | undefined,
  ): Promise<void> {
    const recipientId = connection.recipientId as string;
    // Without a fan-out (a gateway mounted without a store) there is no stream: seq stays 0.
    const position = this.store
      ? await this.store.position(recipientId)
      : { currentSeq: 0, oldestSeq: undefined };
    const plan = planResume(lastSeq, position);
    connection.stream.skipTo(plan.after);
    connection.send('ready', readyData, plan.after);
    connection.readySent = true;
    if (plan.kind === 'resync') {
      this.resync(connection, lastSeq, plan.after, plan.reason);
    } else if (plan.kind === 'replay') {
      if (await this.replay(connection, recipientId, plan.after)) {
        this.metrics.resumes.inc({ outcome: 'ok' });
      } else {
        // Rows were pruned while we read them: what is left has a hole, so reload instead.
        const { currentSeq } = await (this.store as DeliveryStore).position(recipientId);
        this.resync(connection, lastSeq, currentSeq, 'expired');
      }
    }
    for (const event of connection.stream.goLive()) connection.sendEvent(event);
    // Live events buffered meanwhile may have a hole of their own: fill it from the store.
    if (connection.stream.takeGap()) await this.fillGap(connection);
  }

  /**
   * Closes a gap in a live stream (EventStream.takeGap): writes the stored events after the
   * last written seq, then the live ones buffered meanwhile. One fill at a time per
   * connection; a gap opened during it is covered by the same read or the next call.
   */
  async fillGap(connection: Connection): Promise<void> {
    if (!this.store || connection.recipientId === undefined) return;
    const recipientId = connection.recipientId;
    let stalled = 0;
    do {
      if (!connection.isOpen) return;
      const before = connection.stream.lastWritten;
      // The missing seq is committed before a later one exists, but a read may still miss it
      // for a moment: wait a little between reads that found nothing, and give up (reload)
      // rather than poll for ever.
      if (stalled > 0) await new Promise((resolve) => setTimeout(resolve, 20 * stalled));
      // Stalled too long: 'gap'; the store no longer holds what is missing: 'expired'.
      const failed =
        stalled >= MAX_STALLED_FILLS
          ? 'gap'
          : (await this.replay(connection, recipientId, before))
            ? undefined
            : 'expired';
      if (failed) {
        const { currentSeq } = await this.store.position(recipientId);
        this.resync(connection, connection.stream.lastWritten, currentSeq, failed);
      }
      this.metrics.gapFills.inc({ outcome: failed ? 'resync' : 'ok' });
      for (const event of connection.stream.goLive()) connection.sendEvent(event);
      stalled = connection.stream.lastWritten === before ? stalled + 1 : 0;
      // A seq newer than the store read can still be missing from the buffer: read again.
    } while (connection.stream.takeGap());
  }

  /** Writes the stored events after `after`; false when they do not continue the stream. */
  private async replay(connection: Connection, recipientId: string, after: number) {
    const store = this.store as DeliveryStore;
    const pageSize = this.settings?.replayPageSize ?? 200;
    let cursor = after;
    let replayed = 0;
    for (;;) {
      const page = await store.after(recipientId, cursor, pageSize);
      let lastWrite: Promise<unknown> = Promise.resolve();
      for (const stored of page) {
        const event = {
          userId: recipientId,
          seq: stored.seq,
          frame: eventFrame(stored.type, stored.payload, stored.occurredAt),
        };
        if (!connection.stream.replayed(event)) return false;
        lastWrite = new Promise<void>((resolve) => {
          if (!connection.sendEvent(event, () => resolve())) resolve();
        });
        cursor = stored.seq;
      }
      replayed += page.length;
      if (!connection.isOpen) return true;
      // Backpressure: the next page is read once this one has reached the socket, so a long
      // replay holds one page in memory, not the whole backlog.
      await lastWrite;
      if (page.length < pageSize) break;
    }
    if (replayed > 0) this.metrics.delivered.inc({ mode: 'replay' }, replayed);
    return true;
  }

  private resync(
    connection: Connection,
    lastSeq: number | undefined,
    currentSeq: number,
    reason: string,
  ): void {
    connection.stream.skipTo(currentSeq);
    connection.send('resync', { lastSeq, seq: currentSeq, reason });
    this.metrics.resumes.inc({ outcome: 'resync' });
  }
}
