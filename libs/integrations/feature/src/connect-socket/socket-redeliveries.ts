import { Sql, type Db } from '@tidings/platform/persistence';
import { SocketTryError } from './socket-transport';

/**
 * Makes a bot's lost socket tries due again when it reconnects. A try whose socket closed (or
 * whose ack never came) was logged as failed and scheduled like any failed try — 5 s, 5 min,
 * 30 min… later; but a connector that is back is the very moment to redeliver, so those
 * deliveries of the bot's socket subscriptions are due now. Tries the connector refused itself
 * (`nack`) keep their schedule. Only the schedule moves: the delivery log is untouched.
 *
 * A repository of integrations' own deliveries table (one statement, so it lives beside its
 * only caller rather than in the dispatcher's DeliveriesRepository).
 */
export interface SocketRedeliveries {
  /** Answers how many deliveries became due. */
  dueNow(botId: string, now: number): Promise<number>;
}

export class SqlSocketRedeliveries implements SocketRedeliveries {
  private readonly sql: Sql;

  constructor(db: Db) {
    this.sql = new Sql(db);
  }

  async dueNow(botId: string, now: number): Promise<number> {
    const rows = await this.sql.rows(
      `UPDATE integrations_deliveries SET next_attempt_ms = ?
       WHERE status = 'failed' AND next_attempt_ms > ?
         AND (last_error LIKE ? OR last_error LIKE ?)
         AND subscription_id IN (SELECT s.id FROM integrations_subscriptions s
           WHERE s.mode = 'socket' AND s.bot_id = ? AND s.status = 'active')
       RETURNING id`,
      [now, now, `${SocketTryError.connectionLost}%`, `${SocketTryError.ackTimeout}%`, botId],
    );
    return rows.length;
  }
}
