import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  SqlSubscriptionsRepository,
  WebhooksRepository,
  type SubscriptionChanges,
  type SubscriptionRecord,
  type SubscriptionsRepository,
} from '@tidings/integrations/data-access';
import { newSecret } from '@tidings/integrations/domain';
import { BusRuntime, type TransactionRunner, type Tx } from '@tidings/platform/bus';
import { checkTarget, DEFAULT_DELIVERY_POLICY, EgressError } from '@tidings/platform/egress';
import { DomainError, NotFoundError } from '@tidings/platform/errors';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import type { CreateSubscription, UpdateSubscription } from '../api/subscription-schemas';
import {
  INTEGRATIONS_OPTIONS,
  SECRET_SEALER,
  type IntegrationsOptions,
  type PrincipalRef,
  type SecretSealer,
} from '../ports';
import { OUTGOING_OPTIONS, type OutgoingOptions } from './ports';
import { subscriptionView, type SubscriptionView } from './views';

/** The AES-GCM context a subscription's secret is sealed for: it cannot be moved to another row. */
const sealContextOf = (id: string) => `integrations.subscription:${id}`;

const invalid = (path: string, message: string, code = 'integrations.subscription.invalid') =>
  new DomainError(code, 'unprocessable', message, { issues: [{ path, message }] });

/**
 * Outgoing subscriptions (docs/integrations-outgoing.md): the one write path for them — create,
 * change, rotate, delete, and the disabling a 410 causes (called by the dispatcher inside its
 * transaction). Admins only (`integrations.manage`, checked at the edge).
 */
@Injectable()
export class SubscriptionsService {
  private readonly repo: SubscriptionsRepository;
  private readonly runner: TransactionRunner;
  private readonly webhooks: WebhooksRepository;
  /** Bumped on every write: the enqueuer's cached list of active subscriptions is stale then. */
  private changes = 0;

  constructor(
    @Inject(DATA_SOURCE) dataSource: DataSource,
    bus: BusRuntime,
    @Inject(SECRET_SEALER) private readonly sealer: SecretSealer,
    @Inject(INTEGRATIONS_OPTIONS) private readonly options: IntegrationsOptions,
    @Inject(OUTGOING_OPTIONS) private readonly outgoing: OutgoingOptions,
  ) {
    this.repo = new SqlSubscriptionsRepository(dataSource);
    this.webhooks = new WebhooksRepository(dataSource);
    this.runner = bus.runnerFor('integrations');
  }

  get version(): number {
    return this.changes;
  }

  async create(
    principal: PrincipalRef,
    input: CreateSubscription,
  ): Promise<{ subscription: SubscriptionView; secret: string }> {
    const record: Omit<SubscriptionRecord, 'secret'> = {
      id: randomUUID(),
      name: input.name,
      mode: input.mode,
      url: input.url ?? null,
      botId: input.botId ?? null,
      webhookId: input.webhookId ?? null,
      events: input.events,
      filters: input.filters,
      ordered: input.ordered,
      status: 'active',
      disabledReason: null,
      previousSecret: null,
      previousUntil: null,
      createdBy: principal.userId,
      createdAt: Date.now(),
    };
    await this.check(record);
    this.requireSealing();
    const secret = newSecret('standard');
    const stored = { ...record, secret: this.sealer.seal(secret, sealContextOf(record.id)) };
    await this.write((repo) => repo.insert(stored));
    return { subscription: subscriptionView(stored), secret };
  }

  async list(): Promise<SubscriptionView[]> {
    return (await this.repo.list()).map((s) => subscriptionView(s));
  }

  async get(id: string): Promise<SubscriptionRecord> {
    const found = await this.repo.find(id);
    if (!found)
      throw new NotFoundError('integrations.subscription.not_found', 'No such subscription.');
    return found;
  }

  /** The active subscriptions, each bus event is matched against. */
  listActive(): Promise<SubscriptionRecord[]> {
    return this.repo.listActive();
  }

  async update(
    principal: PrincipalRef,
    id: string,
    input: UpdateSubscription,
  ): Promise<SubscriptionView> {
    const current = await this.get(id);
    const changes: SubscriptionChanges = {
      name: input.name,
      url: input.url,
      events: input.events,
      filters: input.filters,
      ordered: input.ordered,
    };
    if (input.enabled === true) Object.assign(changes, { status: 'active', disabledReason: null });
    if (input.enabled === false && current.status === 'active')
      Object.assign(changes, {
        status: 'disabled',
        disabledReason: `Disabled by ${principal.username}.`,
      });
    const next = { ...current, ...withoutUndefined(changes) };
    await this.check(next);
    await this.write((repo) => repo.update(id, changes));
    return subscriptionView(next);
  }

  async delete(id: string): Promise<void> {
    await this.get(id);
    await this.write((repo) => repo.delete(id));
  }

  /**
   * A new secret, shown once; the current one stays valid (deliveries carry both signatures)
   * for `overlapMs` so receivers can switch without a gap.
   */
  async rotate(id: string, overlapMs?: number): Promise<{ secret: string }> {
    const current = await this.get(id);
    this.requireSealing();
    const secret = newSecret('standard');
    const overlap = overlapMs ?? this.options.rotationOverlapMs;
    const previous = overlap > 0 ? { secret: current.secret, until: Date.now() + overlap } : null;
    const sealed = this.sealer.seal(secret, sealContextOf(id));
    await this.write((repo) => repo.rotate(id, sealed, previous));
    return { secret };
  }

  /** The secrets a try is signed with: the current one, and the previous one while valid. */
  signingSecrets(s: SubscriptionRecord, now = Date.now()): string[] {
    const sealed =
      s.previousSecret !== null && (s.previousUntil ?? 0) > now
        ? [s.secret, s.previousSecret]
        : [s.secret];
    return sealed.map((value) => this.sealer.open(value, sealContextOf(s.id)));
  }

  /** The endpoint answered 410 Gone: the subscription stops, in the dispatcher's transaction. */
  async disableGoneInTx(tx: Tx, id: string, reason: string): Promise<void> {
    await new SqlSubscriptionsRepository(tx.manager).update(id, {
      status: 'disabled',
      disabledReason: reason,
    });
    this.changes++;
  }

  view(s: SubscriptionRecord): SubscriptionView {
    return subscriptionView(s);
  }

  private async write(work: (repo: SubscriptionsRepository) => Promise<unknown>): Promise<void> {
    await this.runner.run((tx) => work(new SqlSubscriptionsRepository(tx.manager)));
    this.changes++;
  }

  /** The rules beyond the request's shape; each refusal names the field. */
  private async check(s: Omit<SubscriptionRecord, 'secret'>): Promise<void> {
    if (s.mode === 'http') {
      if (!s.url) throw invalid('url', 'url is required for mode http.');
      try {
        const allowHosts = new Set(this.outgoing.allowHosts);
        checkTarget(new URL(s.url), { ...DEFAULT_DELIVERY_POLICY, allowHosts });
      } catch (error) {
        if (!(error instanceof EgressError)) throw error;
        throw invalid('url', error.message);
      }
    } else {
      if (s.url) throw invalid('url', 'A socket subscription has no url: its bot connects.');
      if (!s.botId)
        throw invalid(
          'botId',
          'A socket subscription needs botId: the bot whose connector receives it.',
        );
    }
    if (s.filters.mentionsOnly && !s.botId)
      throw invalid('filters.mentionsOnly', 'mentionsOnly needs botId: the bot to be mentioned.');
    if (s.webhookId && !(await this.webhooks.find(s.webhookId)))
      throw invalid('webhookId', 'No incoming webhook has this id.');
  }

  private requireSealing(): void {
    if (!this.sealer.canSeal)
      throw new DomainError(
        'integrations.secret_key.missing',
        'unavailable',
        'Subscriptions keep their signing secret encrypted, and TIDINGS_SECRET_KEY is not set.',
      );
  }
}

/** The changes actually given (PATCH leaves what it does not name as it was). */
function withoutUndefined(changes: SubscriptionChanges): Partial<SubscriptionRecord> {
  return Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined));
}
