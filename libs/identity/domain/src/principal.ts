import type { Role } from './permissions';

/**
 * The caller of a request, after its token was verified. `userId` is Tidings' own id of the
 * person or bot (stable across issuers); `subject` is the token's `sub` at its issuer.
 */
export interface Principal {
  kind: 'user' | 'bot';
  userId: string;
  subject: string;
  username: string;
  roles: Role[];
  issuer: string;
  /** For bot and widget tokens: the token's id, so its use can be recorded and it can be revoked. */
  tokenId?: string;
  /**
   * Signed in with a widget token (docs/widget.md): the widget site's origin it is bound to,
   * and when it stops working (epoch ms) — an open WebSocket is closed then.
   */
  widget?: { origin: string; expiresAt: number };
}
