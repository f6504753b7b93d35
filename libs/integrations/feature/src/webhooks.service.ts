import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { WebhooksRepository, type WebhookRecord } from '@tidings/integrations/data-access';
import {
  hashToken,
  newSecret,
  type AuthMode,
  type WebhookTarget,
} from '@tidings/integrations/domain';
import { DomainError, NotFoundError } from '@tidings/platform/errors';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import type { CreateWebhook } from './api/schemas';
import {
  INTEGRATIONS_MESSAGING,
  INTEGRATIONS_OPTIONS,
  SECRET_SEALER,
  type IntegrationsMessaging,
  type IntegrationsOptions,
  type PrincipalRef,
  type SecretSealer,
} from './ports';

/** The AES-GCM context a webhook's secret is sealed for: it cannot be moved to another row. */
export const sealContextOf = (webhookId: string) => `integrations.webhook:${webhookId}`;

/** A webhook as the API shows it — never its secret (that is shown once, at creation). */
export function webhookView(w: WebhookRecord, publicUrl: string) {
  return {
    id: w.id,
    url: `${publicUrl}/hooks/${w.id}`,
    displayName: w.displayName,
    avatarUrl: w.avatarUrl,
    auth: w.authMode,
    conversations: w.targets,
    ipAllowlist: w.ipAllowlist,
    createdBy: w.createdBy,
    createdAt: new Date(w.createdAt).toISOString(),
    previousSecretValidUntil:
      w.previousUntil !== null && w.previousUntil > Date.now()
        ? new Date(w.previousUntil).toISOString()
        : null,
  };
}
export type WebhookView = ReturnType<typeof webhookView>;

/** A secret just made: the only time it is shown. url mode: the URL carries it. */
export interface WithSecret {
  webhook: WebhookView;
  secret: string;
  /** Where to POST: for url mode with `?token=`, else the bare URL. */
  postUrl: string;
}

/**
 * Creating and managing incoming webhooks (docs/integrations.md). Moderators (admins) see and
 * manage every webhook; an owner or admin of a channel binds webhooks to it and manages the
 * ones they created.
 */
@Injectable()
export class WebhooksService {
  private readonly repo: WebhooksRepository;

  constructor(
    @Inject(DATA_SOURCE) dataSource: DataSource,
    @Inject(INTEGRATIONS_MESSAGING) private readonly messaging: IntegrationsMessaging,
    @Inject(SECRET_SEALER) private readonly sealer: SecretSealer,
    @Inject(INTEGRATIONS_OPTIONS) private readonly options: IntegrationsOptions,
  ) {
    this.repo = new WebhooksRepository(dataSource);
  }

  async create(principal: PrincipalRef, input: CreateWebhook): Promise<WithSecret> {
    const targets = await this.targetsOf(principal, input.conversations);
    this.requireSealing(input.auth);
    const id = randomUUID();
    const secret = newSecret(input.auth);
    const record: WebhookRecord = {
      id,
      displayName: input.displayName,
      avatarUrl: input.avatarUrl ?? null,
      authMode: input.auth,
      targets,
      secret: this.stored(id, input.auth, secret),
      previousSecret: null,
      previousUntil: null,
      ipAllowlist: input.ipAllowlist,
      createdBy: principal.userId,
      createdAt: Date.now(),
    };
    await this.repo.insert(record);
    return this.withSecret(record, secret);
  }

  async list(principal: PrincipalRef): Promise<WebhookView[]> {
    const all = await this.repo.list();
    return all
      .filter((w) => this.mayManage(principal, w))
      .map((w) => webhookView(w, this.options.publicUrl));
  }

  async get(principal: PrincipalRef, id: string): Promise<WebhookRecord> {
    const webhook = await this.repo.find(id);
    // Someone else's webhook answers as a missing one: ids reveal nothing.
    if (!webhook || !this.mayManage(principal, webhook))
      throw new NotFoundError('integrations.webhook.not_found', 'No such webhook.');
    return webhook;
  }

  view(webhook: WebhookRecord): WebhookView {
    return webhookView(webhook, this.options.publicUrl);
  }

  async delete(principal: PrincipalRef, id: string): Promise<void> {
    await this.get(principal, id);
    await this.repo.delete(id);
  }

  /**
   * A new secret; the current one stays valid for `overlapMs` (two valid secrets), so
   * senders can switch without a gap. A second rotation within the overlap ends the first's.
   */
  async rotate(principal: PrincipalRef, id: string, overlapMs?: number): Promise<WithSecret> {
    const webhook = await this.get(principal, id);
    this.requireSealing(webhook.authMode);
    const secret = newSecret(webhook.authMode);
    const overlap = overlapMs ?? this.options.rotationOverlapMs;
    const previous = overlap > 0 ? { secret: webhook.secret, until: Date.now() + overlap } : null;
    const stored = this.stored(id, webhook.authMode, secret);
    await this.repo.rotate(id, stored, previous);
    return this.withSecret(
      {
        ...webhook,
        secret: stored,
        previousSecret: previous?.secret ?? null,
        previousUntil: previous?.until ?? null,
      },
      secret,
    );
  }

  private mayManage(principal: PrincipalRef, webhook: WebhookRecord): boolean {
    return this.messaging.isModerator(principal) || webhook.createdBy === principal.userId;
  }

  /** Each reference → one conversation the caller may bind a webhook to, or a 4xx naming it. */
  private async targetsOf(principal: PrincipalRef, refs: readonly string[]) {
    const targets: WebhookTarget[] = [];
    for (const [index, ref] of refs.entries()) {
      const field = `conversations[${index}]`;
      const found = await this.messaging.find(ref);
      if (found.length > 1)
        throw new DomainError(
          'integrations.conversation.ambiguous',
          'unprocessable',
          `Several channels are called "${ref}": give the conversation id.`,
          { issues: [{ path: field, message: 'ambiguous channel name' }] },
        );
      const conversation = found[0];
      const allowed =
        conversation !== undefined &&
        conversation.kind !== 'direct' &&
        (await this.messaging.mayManage(principal, conversation.id));
      if (!conversation || !allowed)
        throw new DomainError(
          'integrations.conversation.forbidden',
          'forbidden',
          `No conversation "${ref}" that you may add webhooks to (channel owners and admins may).`,
          { issues: [{ path: field, message: 'not found, or not yours to manage' }] },
        );
      if (conversation.archived)
        throw new DomainError(
          'integrations.conversation.archived',
          'unprocessable',
          `"${ref}" is archived.`,
          { issues: [{ path: field, message: 'archived' }] },
        );
      if (!targets.some((t) => t.id === conversation.id))
        targets.push({ id: conversation.id, name: conversation.name });
    }
    return targets;
  }

  private requireSealing(mode: AuthMode): void {
    if (mode !== 'url' && !this.sealer.canSeal)
      throw new DomainError(
        'integrations.secret_key.missing',
        'unavailable',
        `The ${mode} mode keeps its secret encrypted, and TIDINGS_SECRET_KEY is not set.`,
      );
  }

  private stored(id: string, mode: AuthMode, secret: string): string {
    return mode === 'url' ? hashToken(secret) : this.sealer.seal(secret, sealContextOf(id));
  }

  private withSecret(record: WebhookRecord, secret: string): WithSecret {
    const webhook = webhookView(record, this.options.publicUrl);
    const postUrl =
      record.authMode === 'url'
        ? `${webhook.url}?token=${encodeURIComponent(secret)}`
        : webhook.url;
    return { webhook, secret, postUrl };
  }
}
