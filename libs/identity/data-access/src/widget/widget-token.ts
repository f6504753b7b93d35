/**
 * A widget token as stored (docs/widget.md): bound to one person, minted by one bot for one
 * widget site, short-lived. Like a bot token, only the SHA-256 of its secret is kept.
 */
export interface WidgetTokenRecord {
  id: string;
  prefix: string;
  secretHash: string;
  /** The identity subject id of the person the token acts as. */
  userId: string;
  /** The bot that minted it. */
  botId: string;
  siteId: string;
  /** The site's origin when it was minted. */
  origin: string;
  /** Epoch ms. */
  expiresAt: number;
  createdAt: number;
}

/**
 * A token with what decides, on every request, whether it still works besides its own
 * fields: whether its site still exists and which bot owns it now, and whether its bot may
 * still act. Read in one statement — every request of an embedded widget passes here.
 */
export interface WidgetTokenStanding extends WidgetTokenRecord {
  /** The owner of the token's site; null when the site was removed. */
  siteBotId: string | null;
  botActive: boolean;
}

export interface WidgetTokenRepository {
  insert(token: WidgetTokenRecord): Promise<void>;
  findByPrefix(prefix: string): Promise<WidgetTokenStanding | undefined>;
  /** A removed site takes its tokens with it. */
  deleteForSite(siteId: string): Promise<void>;
  /** Reclaims rows of tokens that expired before `before` (epoch ms). */
  purgeExpired(before: number): Promise<void>;
}
