import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { SqlLegalHoldRepository, SqlRetentionPolicyRepository } from '@tidings/audit/data-access';
import { AUDIT_OWN_TYPES, planRetention, type AuditActor } from '@tidings/audit/domain';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { AuditWriter } from '../writer/audit-writer';
import {
  CONTENT_PURGE,
  RETENTION_OPTIONS,
  RetentionClock,
  type ContentPurgePort,
  type RetentionOptions,
} from './ports';
import { policyView } from './views';

/** Who runs retention on its timer. */
export const RETENTION_JOB_ACTOR: AuditActor = { kind: 'system', id: 'audit.retention' };

/**
 * Applies every retention policy: per policy the cutoff from RetentionClock, the holds as
 * exceptions (planRetention), messaging asked to purge, and a `retention.applied` record with
 * the policy, the cutoff and how many messages lost their content — also when none did, so the
 * trail shows retention ran. Runs on a timer (RETENTION_INTERVAL_MINUTES) and when a
 * compliance user asks (`POST /compliance/retention/run`).
 *
 * One run at a time in this process: a run asked for while one is going waits for it and then
 * runs itself, so it sees every policy and hold changed before it was asked; a timer tick
 * while one is going is skipped.
 */
@Injectable()
export class RetentionJob implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private running: Promise<number> | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CONTENT_PURGE) private readonly purge: ContentPurgePort,
    @Inject(RETENTION_OPTIONS) private readonly options: RetentionOptions,
    private readonly writer: AuditWriter,
    private readonly clock: RetentionClock,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.intervalMinutes <= 0) return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.run(RETENTION_JOB_ACTOR).catch((error: unknown) =>
        this.logger.error(`retention run failed: ${String(error)}`),
      );
    }, this.options.intervalMinutes * 60_000);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }

  /** Runs every policy now; answers how many messages lost their content. */
  async run(actor: AuditActor): Promise<number> {
    while (this.running) await this.running.catch(() => undefined);
    this.running = this.apply(actor);
    try {
      return await this.running;
    } finally {
      this.running = undefined;
    }
  }

  private async apply(actor: AuditActor): Promise<number> {
    const [policies, holds] = await Promise.all([
      new SqlRetentionPolicyRepository(this.dataSource).list(),
      new SqlLegalHoldRepository(this.dataSource).list(),
    ]);
    let total = 0;
    for (const plan of planRetention(policies, holds, this.clock.now())) {
      const purged = await this.purge.purgeContent({
        policyId: plan.policy.id,
        conversationId: plan.conversationId,
        conversationKind: plan.conversationKind,
        before: plan.cutoff,
        exceptSenders: plan.exceptSenders,
        exceptConversations: plan.exceptConversations,
      });
      total += purged;
      await this.writer.recordOwn(
        AUDIT_OWN_TYPES.retentionApplied,
        actor,
        {
          policy: policyView(plan.policy),
          cutoff: new Date(plan.cutoff).toISOString(),
          purged,
          exceptSenders: plan.exceptSenders,
          exceptConversations: plan.exceptConversations,
        },
        {
          subjectIds: actor.kind === 'system' ? [] : [actor.id],
          conversationId: plan.conversationId,
        },
      );
    }
    if (total > 0) this.logger.log(`retention purged the content of ${total} messages`);
    return total;
  }
}
