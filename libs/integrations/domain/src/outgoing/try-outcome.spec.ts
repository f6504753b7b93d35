import { describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS } from './retry-schedule';
import { outcomeOfTry } from './try-outcome';

const now = 1_000_000;
const noJitter = () => 0.5;

describe('outcomeOfTry', () => {
  it('succeeds on 2xx and on an acknowledgement', () => {
    expect(
      outcomeOfTry({ kind: 'response', statusCode: 204, retryAfterMs: null }, 1, now),
    ).toMatchObject({
      status: 'succeeded',
      final: false,
    });
    expect(outcomeOfTry({ kind: 'ack' }, 3, now).status).toBe('succeeded');
  });

  it('retries other answers and failures on the schedule', () => {
    expect(
      outcomeOfTry({ kind: 'response', statusCode: 500, retryAfterMs: null }, 1, now, noJitter),
    ).toEqual({
      status: 'failed',
      nextAttemptAt: now + 5_000,
      final: false,
      finalReason: null,
      gone: false,
    });
    expect(outcomeOfTry({ kind: 'error', error: 'timeout' }, 2, now, noJitter).nextAttemptAt).toBe(
      now + 5 * 60_000,
    );
    expect(
      outcomeOfTry({ kind: 'response', statusCode: 302, retryAfterMs: null }, 1, now).status,
    ).toBe('failed');
  });

  it('waits as long as Retry-After asks', () => {
    expect(
      outcomeOfTry({ kind: 'response', statusCode: 429, retryAfterMs: 90_000 }, 1, now, noJitter)
        .nextAttemptAt,
    ).toBe(now + 90_000);
    // A connector's nack names its wait the same way; the schedule's own wait still holds.
    const nack = (retryAfterMs: number) =>
      outcomeOfTry({ kind: 'error', error: 'connect.nack', retryAfterMs }, 1, now, noJitter);
    expect(nack(60_000).nextAttemptAt).toBe(now + 60_000);
    expect(nack(1_000).nextAttemptAt).toBe(now + 5_000);
  });

  it('is dead after the last try of the round', () => {
    expect(outcomeOfTry({ kind: 'error', error: 'refused' }, MAX_ATTEMPTS, now)).toEqual({
      status: 'dead',
      nextAttemptAt: null,
      final: true,
      finalReason: 'exhausted',
      gone: false,
    });
  });

  it('is dead at once, and the endpoint gone, on 410', () => {
    expect(outcomeOfTry({ kind: 'response', statusCode: 410, retryAfterMs: null }, 1, now)).toEqual(
      {
        status: 'dead',
        nextAttemptAt: null,
        final: true,
        finalReason: 'gone',
        gone: true,
      },
    );
  });
});
