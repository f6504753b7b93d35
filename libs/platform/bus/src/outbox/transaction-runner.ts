import type { EventEnvelope } from '@tidings/contracts';
import type { DataSource } from 'typeorm';
import { createEnvelope } from '../envelope';
import { OutboxWriter, type TransactionRunner, type Tx } from './outbox';

/** The one write path of a service (DESIGN.md §4.1): change + events, one transaction. */
export class OutboxTransactionRunner implements TransactionRunner {
  private readonly writer: OutboxWriter;

  constructor(
    private readonly dataSource: DataSource,
    readonly service: string,
    private readonly onCommitted: () => void = () => undefined,
  ) {
    this.writer = new OutboxWriter(service);
  }

  async run<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction(async (manager) => {
      const events: EventEnvelope[] = [];
      const tx: Tx = {
        manager,
        publish: (contract, event) => {
          const envelope = createEnvelope(contract, this.service, event);
          events.push(envelope);
          return envelope;
        },
      };
      const value = await work(tx);
      await this.writer.write(manager, events);
      return value;
    });
    this.onCommitted();
    return result;
  }
}
