import type { IceSettings } from './calls/turn-credentials';

/** The limits the actions enforce; the host reads them from its configuration. */
export interface MessagingLimits {
  /** Longest message text, in characters (Unicode code points): MESSAGE_MAX_CHARS. */
  maxMessageChars: number;
  /** `@all`/`@channel` in channels above this many members: owners and admins only. */
  mentionAllMaxMembers: number;
}

/** What a host's principal looks like to messaging (met structurally: no import of identity). */
export interface PrincipalLike {
  kind: 'user' | 'bot';
  userId: string;
  username: string;
  roles: readonly string[];
  /** Bot tokens: the permissions the token is limited to. */
  scopes?: readonly string[];
  /** A widget token's site (docs/widget.md): it acts for that origin only. */
  widget?: { origin: string };
}

export interface MessagingOptions extends MessagingLimits {
  /**
   * Whether the caller holds `messaging.manage` (moderates every channel they can see). The
   * host binds it to identity's permission table; messaging may not import identity.
   */
  isModerator(principal: PrincipalLike): boolean;
  /**
   * The shared secret other services (a gateway in its own process) present to messaging's
   * internal routes (api/internal-audience.controller.ts); unset → those routes do not exist.
   */
  internalServiceToken?: string;
  /** Voice and video calls (docs/calls.md); unset → the defaults there, no ICE servers. */
  calls?: { ringTimeoutMs?: number; ice?: IceSettings };
}

export const MESSAGING_OPTIONS = Symbol('tidings.MessagingOptions');

export const DEFAULT_LIMITS: MessagingLimits = {
  maxMessageChars: 10_000,
  mentionAllMaxMembers: 100,
};
