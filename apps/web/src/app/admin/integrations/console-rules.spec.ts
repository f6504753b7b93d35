import { describe, expect, it } from 'vitest';
import { nextRefreshIn } from './log-refresh';
import { pickable } from './pickable';
import { problemText } from './problem-text';
import { tabAfterKey } from './tabs';

describe('the conversation picker', () => {
  it('offers own channels and groups and the public channels, once each, never a direct one', () => {
    const mine = [
      { id: 'c2', kind: 'channel' as const, name: 'ops' },
      { id: 'd1', kind: 'direct' as const, name: null },
      { id: 'g1', kind: 'group' as const, name: 'Release crew' },
      { id: 'c9', kind: 'channel' as const, name: 'old', archived: true },
    ];
    const publicChannels = [
      { id: 'c2', name: 'ops' },
      { id: 'c3', name: 'deploys' },
      { id: 'c4', name: 'gone', archived: true },
    ];
    expect(pickable(mine, publicChannels)).toEqual([
      { id: 'c3', label: '# deploys' },
      { id: 'c2', label: '# ops' },
      { id: 'g1', label: 'Release crew' },
    ]);
  });
});

describe('the delivery log reloading itself', () => {
  const now = Date.parse('2026-01-01T12:00:00.000Z');
  const at = (ms: number) => new Date(now + ms).toISOString();

  it('waits until just after the soonest retry is due, within bounds', () => {
    expect(
      nextRefreshIn(
        [
          { status: 'failed', nextAttemptAt: at(5_000) },
          { status: 'failed', nextAttemptAt: at(300_000) },
        ],
        now,
      ),
    ).toBe(6_000);
    expect(nextRefreshIn([{ status: 'failed', nextAttemptAt: at(-10_000) }], now)).toBe(1_000);
    expect(nextRefreshIn([{ status: 'failed', nextAttemptAt: at(7_200_000) }], now)).toBe(60_000);
    expect(nextRefreshIn([{ status: 'pending', nextAttemptAt: null }], now)).toBe(3_000);
  });

  it('does not reload when every delivery is settled', () => {
    expect(
      nextRefreshIn(
        [
          { status: 'succeeded', nextAttemptAt: null },
          { status: 'dead', nextAttemptAt: null },
        ],
        now,
      ),
    ).toBeNull();
    expect(nextRefreshIn([], now)).toBeNull();
  });
});

describe('refusals on one line', () => {
  it('names each field the server names', () => {
    // As ApiError carries it (api-client.ts, which needs Angular to load).
    const error = Object.assign(new Error('The request body is invalid.'), {
      problem: {
        errors: [
          { path: 'body.url', message: 'must be an http(s) URL' },
          { path: 'body.events.0', message: 'unknown event type' },
        ],
      },
    });
    expect(problemText(error)).toBe(
      'The request body is invalid. (url: must be an http(s) URL; events.0: unknown event type)',
    );
    expect(problemText(Object.assign(new Error('No such webhook.'), { problem: {} }))).toBe(
      'No such webhook.',
    );
    expect(problemText(new Error('network down'))).toBe('network down');
  });
});

describe('the tabs', () => {
  const tabs = ['webhooks', 'subscriptions', 'bots'];
  it('moves with arrows (wrapping), Home and End', () => {
    expect(tabAfterKey(tabs, 'webhooks', 'ArrowRight')).toBe('subscriptions');
    expect(tabAfterKey(tabs, 'bots', 'ArrowRight')).toBe('webhooks');
    expect(tabAfterKey(tabs, 'webhooks', 'ArrowLeft')).toBe('bots');
    expect(tabAfterKey(tabs, 'subscriptions', 'Home')).toBe('webhooks');
    expect(tabAfterKey(tabs, 'subscriptions', 'End')).toBe('bots');
    expect(tabAfterKey(tabs, 'subscriptions', 'Enter')).toBeNull();
    expect(tabAfterKey([], null, 'ArrowRight')).toBeNull();
  });
});
