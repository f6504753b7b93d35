import type { DeliveryStore } from '@tidings/gateway/data-access';
import { EventStream } from '@tidings/gateway/domain';
import { describe, expect, it } from 'vitest';
import type { Connection } from '../connection';
import type { GatewayMetrics } from '../gateway-metrics';
import { StreamStarter } from './stream-starter';

type Event = { userId: string; seq: number; frame: string };

/** A connection that records what it writes: events by seq, other frames by type. */
function connectionAt(after: number) {
  const written: string[] = [];
  const connection = {
    recipientId: 'u1',
    isOpen: true,
    stream: new EventStream<Event>(after),
    sendEvent(event: Event, done?: () => void) {
      written.push(`#${event.seq}`);
      done?.();
      return true;
    },
    send(type: string, data: { reason?: string; lastSeq?: number; seq?: number }) {
      written.push(`${type}:${data.reason}:${data.lastSeq}->${data.seq}`);
    },
  };
  return { connection: connection as unknown as Connection, stream: connection.stream, written };
}

/** A store holding `seqs` for the user; `currentSeq` is the newest of them or `current`. */
function storeWith(seqs: () => number[], current: number): DeliveryStore {
  return {
    async after(_userId: string, after: number, limit: number) {
      return seqs()
        .filter((s) => s > after)
        .slice(0, limit)
        .map((seq) => ({ seq, type: 'messaging.message.sent', payload: {}, occurredAt: 0 }));
    },
    async position() {
      return { currentSeq: current, oldestSeq: 1 };
    },
  } as unknown as DeliveryStore;
}

function countingMetrics() {
  const outcomes: string[] = [];
  const counter = (label: string) => ({
    inc: (labels?: { outcome?: string }) => outcomes.push(`${label}:${labels?.outcome ?? ''}`),
  });
  const metrics = {
    gapFills: counter('gap'),
    resumes: counter('resume'),
    delivered: counter('delivered'),
  } as unknown as GatewayMetrics;
  return { metrics, outcomes };
}

/** A live event that overtook seqs the connection has not written: the stream opens a gap. */
function overtake(stream: EventStream<Event>, seq: number) {
  stream.goLive(); // the stream is live (ready was sent)
  expect(stream.offer({ userId: 'u1', seq, frame: '' })).toEqual([]);
  expect(stream.takeGap()).toBe(true);
}

describe('StreamStarter.fillGap', () => {
  it('writes the missing seqs from the store, then the live event that overtook them', async () => {
    const { connection, stream, written } = connectionAt(5);
    const { metrics, outcomes } = countingMetrics();
    overtake(stream, 8);
    await new StreamStarter(
      metrics,
      storeWith(() => [6, 7, 8], 8),
    ).fillGap(connection);
    expect(written).toEqual(['#6', '#7', '#8']);
    expect(stream.isLive).toBe(true);
    expect(outcomes).toContain('gap:ok');
  });

  it('reloads the client (resync, reason gap) when the store never shows the missing seq', async () => {
    const { connection, stream, written } = connectionAt(5);
    const { metrics, outcomes } = countingMetrics();
    overtake(stream, 8);
    await new StreamStarter(
      metrics,
      storeWith(() => [], 8),
    ).fillGap(connection);
    expect(written).toEqual(['resync:gap:5->8']);
    expect(outcomes.filter((o) => o === 'gap:resync')).toHaveLength(1);
  });

  it('reloads the client (resync, reason expired) when the missing seq was pruned', async () => {
    const { connection, stream, written } = connectionAt(5);
    const { metrics, outcomes } = countingMetrics();
    overtake(stream, 9);
    await new StreamStarter(
      metrics,
      storeWith(() => [7, 8, 9], 9),
    ).fillGap(connection);
    expect(written).toEqual(['resync:expired:5->9']);
    expect(outcomes).toContain('gap:resync');
  });
});
