import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { AUDIT_OPTIONS, type AuditOptions } from '../ports';
import { AuditWriter } from './audit-writer';

/**
 * Makes the checkpoints that are due by age (AUDIT_CHECKPOINT_SECONDS): a quiet trail still
 * gets its last records sealed within about that time. Checkpoints due by count are made by
 * the writer as it appends. The timer looks often (a quarter of the period) but only reads the
 * head; it writes only when a checkpoint is due.
 */
@Injectable()
export class Checkpointer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AuditCheckpointer');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly writer: AuditWriter,
    @Inject(AUDIT_OPTIONS) private readonly options: AuditOptions,
  ) {}

  onApplicationBootstrap(): void {
    const every = Math.max(1000, (this.options.checkpointSeconds * 1000) / 4);
    this.timer = setInterval(() => {
      this.running = this.writer.checkpointIfDue().catch((error: unknown) => {
        this.logger.warn(`checkpoint failed: ${error instanceof Error ? error.message : error}`);
      });
    }, every);
    this.timer.unref();
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}
