import type { RateLimit } from '@tidings/integrations/domain';

/** The principal identity's AuthGuard left on the request (met structurally). */
export interface PrincipalRef {
  kind: 'user' | 'bot';
  userId: string;
  username: string;
  roles: readonly string[];
  scopes?: readonly string[];
}

/** A conversation as messaging describes it to integrations. */
export interface ConversationRef {
  id: string;
  name: string | null;
  /** `direct` conversations cannot receive webhooks. */
  kind: string;
  archived: boolean;
}

export type MessageStatus =
  { status: 'pending' } | { status: 'posted' } | { status: 'failed'; reason: string };

/**
 * What integrations asks messaging — it may not read messaging's tables. The host binds it
 * (libs/host/src/integrations-wiring.ts) to messaging's queries in the same process.
 */
export interface IntegrationsMessaging {
  /** The conversation with this id, or the channels with this name (several: ambiguous). */
  find(ref: string): Promise<ConversationRef[]>;
  /**
   * May the caller bind webhooks to the conversation: moderators (`messaging.manage`), or an
   * owner / admin member of the channel. False for a conversation that does not exist.
   */
  mayManage(principal: PrincipalRef, conversationId: string): Promise<boolean>;
  /** Whether this principal moderates (sees and manages every webhook). */
  isModerator(principal: PrincipalRef): boolean;
  /** What became of the message messaging was asked to post under this id. */
  messageStatus(messageId: string): Promise<MessageStatus>;
}

/**
 * Seals the secrets the server must read back (Standard Webhooks and DingTalk verify with
 * the secret itself) under the host's secret key; the host binds it to the same AES-GCM box
 * the directory uses for its LDAP password.
 */
export interface SecretSealer {
  readonly canSeal: boolean;
  seal(plaintext: string, context: string): string;
  open(sealed: string, context: string): string;
}

export interface IntegrationsOptions {
  /** Where senders reach this host: the webhook URLs the API and CLI print start with it. */
  publicUrl: string;
  /** Largest body `POST /hooks/{id}` accepts; larger → 413. */
  bodyLimitBytes: number;
  rate: RateLimit;
  /** How long the secret before a rotation stays valid. */
  rotationOverlapMs: number;
}

export const INTEGRATIONS_MESSAGING = Symbol('tidings.IntegrationsMessaging');
export const SECRET_SEALER = Symbol('tidings.SecretSealer');
export const INTEGRATIONS_OPTIONS = Symbol('tidings.IntegrationsOptions');

export const DEFAULT_INTEGRATIONS_OPTIONS: Omit<IntegrationsOptions, 'publicUrl'> = {
  bodyLimitBytes: 256 * 1024,
  rate: { perSecond: 20, burst: 40 },
  rotationOverlapMs: 24 * 60 * 60 * 1000,
};
