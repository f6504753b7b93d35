import { normalizeOrigin } from '@tidings/identity/domain';
import type { WidgetSiteRepository } from '@tidings/identity/data-access';

/** A widget site as other services see it (docs/widget.md). */
export interface WidgetSite {
  id: string;
  /** Normalized: `scheme://host[:port]`, as a browser sends `Origin`. */
  origin: string;
  /** Identity's id of the bot that owns the site. */
  botId: string;
  name: string | null;
  /** Epoch ms. */
  createdAt: number;
}

/**
 * How long a read of the site list is reused. The web host asks on every `/widget` page and
 * messaging on every context call; sites change a few times a year. A change made through
 * this process is seen at once (`invalidate`); one made through another process, within this.
 */
export const WIDGET_SITES_CACHE_MS = 2_000;

/**
 * The widget allowlist, read-only, for every process (mounted like the Authenticator): which
 * origins may embed Tidings and which bot owns each. The whole list is cached as one — it is
 * a handful of rows — so both questions cost nothing between refreshes.
 */
export class WidgetSites {
  private cached: { sites: WidgetSite[]; until: number } | undefined;
  private loading: Promise<WidgetSite[]> | undefined;
  /** Bumped by every invalidation: a read that began before it must not be cached after it. */
  private generation = 0;

  constructor(
    private readonly repository: Pick<WidgetSiteRepository, 'list'>,
    private readonly now: () => number = Date.now,
  ) {}

  /** The site of this origin (normalized first); undefined for none, or for no origin at all. */
  async byOrigin(origin: string): Promise<WidgetSite | undefined> {
    const normalized = normalizeOrigin(origin);
    if (!normalized) return undefined;
    return (await this.all()).find((site) => site.origin === normalized);
  }

  /** Every allowed origin, oldest site first. */
  async allowedOrigins(): Promise<string[]> {
    return (await this.all()).map((site) => site.origin);
  }

  /** Forgets the cached list: the next question reads the table again. */
  invalidate(): void {
    this.generation++;
    this.cached = undefined;
    this.loading = undefined;
  }

  private async all(): Promise<WidgetSite[]> {
    if (this.cached && this.now() < this.cached.until) return this.cached.sites;
    // Callers arriving while the list is being read share that one read.
    this.loading ??= this.load();
    return this.loading;
  }

  private async load(): Promise<WidgetSite[]> {
    const generation = this.generation;
    try {
      const sites = (await this.repository.list()).map(
        ({ id, origin, botId, name, createdAt }): WidgetSite => ({
          id,
          origin,
          botId,
          name,
          createdAt,
        }),
      );
      if (generation === this.generation)
        this.cached = { sites, until: this.now() + WIDGET_SITES_CACHE_MS };
      return sites;
    } finally {
      if (generation === this.generation) this.loading = undefined;
    }
  }
}
