import { inject, Injectable } from '@angular/core';
import { ApiClient } from '../../api/api-client';

/** An incoming webhook as `GET /integrations/webhooks` lists it (docs/integrations.md). */
export interface Webhook {
  id: string;
  url: string;
  displayName: string;
  avatarUrl: string | null;
  auth: WebhookAuth;
  conversations: Array<{ id: string; name: string | null }>;
  ipAllowlist: string[];
  createdBy: string;
  createdAt: string;
  previousSecretValidUntil: string | null;
}

export type WebhookAuth = 'url' | 'standard' | 'dingtalk';

/** A secret just made (create, rotate): the only time it is shown. */
export interface WebhookWithSecret {
  webhook: Webhook;
  secret: string;
  /** Where to POST: with `?token=` in url mode, else the bare URL. */
  postUrl: string;
}

export interface NewWebhook {
  conversations: string[];
  displayName: string;
  auth: WebhookAuth;
  avatarUrl?: string;
  ipAllowlist?: string[];
}

export interface SubscriptionFilters {
  conversationIds?: string[];
  triggerWords?: string[];
  /** `anywhere` (the default) or `start`: the message begins with the word. */
  triggerAt?: 'anywhere' | 'start';
  mentionsOnly?: boolean;
}

/** An outgoing subscription (docs/integrations-outgoing.md). */
export interface Subscription {
  id: string;
  name: string;
  mode: 'http' | 'socket';
  url: string | null;
  botId: string | null;
  /** The incoming webhook whose cards' actions it answers. */
  webhookId: string | null;
  events: string[];
  filters: SubscriptionFilters | null;
  ordered: boolean;
  status: 'active' | 'disabled';
  disabledReason: string | null;
  createdBy: string;
  createdAt: string;
  previousSecretValidUntil: string | null;
}

export interface NewSubscription {
  name: string;
  mode: 'http' | 'socket';
  url?: string;
  botId?: string;
  webhookId?: string;
  events: string[];
  filters?: SubscriptionFilters;
  ordered?: boolean;
}

export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'dead';

/** One event for one subscription; `id` is the `webhook-id` every attempt carries. */
export interface Delivery {
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: string;
  succeededAt: string | null;
}

export interface DeliveryAttempt {
  number: number;
  startedAt: string;
  requestHeaders: Record<string, string>;
  requestBody: unknown;
  statusCode: number | null;
  error: string | null;
  latencyMs: number | null;
  responseBody: string | null;
}

export interface Bot {
  id: string;
  username: string;
  displayName: string | null;
  active: boolean;
  createdAt: string;
}

export interface BotToken {
  id: string;
  prefix: string;
  scopes: string[];
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** An origin whose pages may embed the widget, owned by a bot (docs/widget.md). */
export interface WidgetSite {
  id: string;
  /** `scheme://host[:port]`, as browsers send it in `Origin`. */
  origin: string;
  botId: string;
  botUsername: string | null;
  name: string | null;
  createdAt: string;
}

export interface NewWidgetSite {
  origin: string;
  botId: string;
  name?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor?: string | null;
}

/**
 * The integration console's calls: incoming webhooks (messaging.write; admins see all),
 * outgoing subscriptions and their delivery log (integrations.manage), bots and their tokens
 * and the widget's allowed sites (bots.manage). Secrets and tokens come back only in the
 * answers that make them.
 */
@Injectable({ providedIn: 'root' })
export class IntegrationsApi {
  private readonly http = inject(ApiClient);

  async webhooks(): Promise<Webhook[]> {
    return (await this.http.get<Page<Webhook>>('/integrations/webhooks')).items;
  }

  createWebhook(body: NewWebhook): Promise<WebhookWithSecret> {
    return this.http.post<WebhookWithSecret>('/integrations/webhooks', body);
  }

  rotateWebhook(id: string, overlapHours: number): Promise<WebhookWithSecret> {
    return this.http.post<WebhookWithSecret>(`/integrations/webhooks/${id}/rotate`, {
      overlapHours,
    });
  }

  deleteWebhook(id: string): Promise<void> {
    return this.http.delete<void>(`/integrations/webhooks/${id}`);
  }

  async subscriptions(): Promise<Subscription[]> {
    return (await this.http.get<Page<Subscription>>('/integrations/subscriptions')).items;
  }

  createSubscription(body: NewSubscription) {
    return this.http.post<{ subscription: Subscription; secret: string }>(
      '/integrations/subscriptions',
      body,
    );
  }

  /** `enabled: true` re-enables a subscription disabled by a 410 or by hand. */
  setEnabled(id: string, enabled: boolean): Promise<Subscription> {
    return this.http.patch<Subscription>(`/integrations/subscriptions/${id}`, { enabled });
  }

  rotateSubscription(id: string): Promise<{ secret: string }> {
    return this.http.post<{ secret: string }>(`/integrations/subscriptions/${id}/rotate`);
  }

  deleteSubscription(id: string): Promise<void> {
    return this.http.delete<void>(`/integrations/subscriptions/${id}`);
  }

  deliveries(
    subscriptionId: string,
    options: { status?: DeliveryStatus | ''; cursor?: string; limit?: number } = {},
  ): Promise<Page<Delivery>> {
    const query = new URLSearchParams({ limit: String(options.limit ?? 50) });
    if (options.status) query.set('status', options.status);
    if (options.cursor) query.set('cursor', options.cursor);
    return this.http.get<Page<Delivery>>(
      `/integrations/subscriptions/${subscriptionId}/deliveries?${query}`,
    );
  }

  /** The delivery and its attempts, as sent (read with deliveryDetailOf). */
  delivery(id: string): Promise<Record<string, unknown>> {
    return this.http.get<Record<string, unknown>>(`/integrations/deliveries/${id}`);
  }

  replay(id: string): Promise<unknown> {
    return this.http.post(`/integrations/deliveries/${id}/replay`);
  }

  async bots(): Promise<Bot[]> {
    return (await this.http.get<Page<Bot>>('/bots')).items;
  }

  createBot(username: string, displayName?: string): Promise<Bot> {
    return this.http.post<Bot>('/bots', { username, ...(displayName ? { displayName } : {}) });
  }

  async tokens(botId: string): Promise<BotToken[]> {
    return (await this.http.get<Page<BotToken>>(`/bots/${botId}/tokens`)).items;
  }

  createToken(botId: string, body: { scopes?: string[]; expiresInDays: number | null }) {
    return this.http.post<BotToken & { token: string }>(`/bots/${botId}/tokens`, body);
  }

  revokeToken(botId: string, tokenId: string): Promise<void> {
    return this.http.delete<void>(`/bots/${botId}/tokens/${tokenId}`);
  }

  async widgetSites(): Promise<WidgetSite[]> {
    return (await this.http.get<Page<WidgetSite>>('/widget/sites')).items;
  }

  createWidgetSite(body: NewWidgetSite): Promise<WidgetSite> {
    return this.http.post<WidgetSite>('/widget/sites', body);
  }

  deleteWidgetSite(id: string): Promise<void> {
    return this.http.delete<void>(`/widget/sites/${id}`);
  }
}
