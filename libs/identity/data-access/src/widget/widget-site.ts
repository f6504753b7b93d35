/**
 * A widget site: an origin whose pages may embed Tidings (docs/widget.md), owned by the bot of
 * the integration that serves them — the bot that may mint widget tokens for that origin and
 * that owns the site's context conversations.
 */
export interface WidgetSiteRecord {
  id: string;
  /** Normalized (the domain's `normalizeOrigin`); unique. */
  origin: string;
  /** The identity subject id of the owning bot. */
  botId: string;
  name: string | null;
  createdBy: string;
  /** Epoch ms. */
  createdAt: number;
}

/** A site as the admin listing shows it: with its bot's username (null: the bot is gone). */
export interface WidgetSiteListing extends WidgetSiteRecord {
  botUsername: string | null;
}

export interface WidgetSiteRepository {
  /** Every site, oldest first (a handful per installation). */
  list(): Promise<WidgetSiteListing[]>;
  findById(id: string): Promise<WidgetSiteRecord | undefined>;
  findByOrigin(origin: string): Promise<WidgetSiteRecord | undefined>;
  insert(site: WidgetSiteRecord): Promise<void>;
  delete(id: string): Promise<void>;
}
