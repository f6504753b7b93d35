import {
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { draftFromEvent } from '@tidings/audit/domain';
import { topics, type EventEnvelope } from '@tidings/contracts';
import { EventBus } from '@tidings/platform/bus';
import { AuditWriter } from '../writer/audit-writer';

/**
 * The topics audit reads: every topic of the manifest that names `audit` among its consumers
 * (all of them but `gateway`, whose records are copies of messaging's events made for sockets).
 */
export const AUDIT_TOPICS: string[] = topics
  .filter((t) => t.consumers.includes('audit'))
  .map((t) => t.name);

/**
 * Records every event of those topics (group `audit`), whatever its type or version — a trail
 * must keep what it does not understand yet. A redelivered event finds its record by
 * sourceEventId and appends nothing; the offset is committed only after the append commits.
 */
@Injectable()
export class AuditConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  static readonly GROUP = 'audit';
  private subscription: { close(): Promise<void> } | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly writer: AuditWriter,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.bus.subscribeInBackground(AuditConsumer.GROUP, AUDIT_TOPICS, (event) =>
      this.handle(event),
    );
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }

  async handle(event: EventEnvelope): Promise<void> {
    await this.writer.record(draftFromEvent(event));
  }
}
