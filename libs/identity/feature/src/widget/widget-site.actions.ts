import { randomUUID } from 'node:crypto';
import { widgetSiteCreatedV1, widgetSiteDeletedV1 } from '@tidings/contracts';
import { normalizeOrigin, type Principal } from '@tidings/identity/domain';
import {
  TypeOrmSubjectRepository,
  TypeOrmWidgetSiteRepository,
  TypeOrmWidgetTokenRepository,
  type WidgetSiteListing,
  type WidgetSiteRecord,
} from '@tidings/identity/data-access';
import type { TransactionRunner } from '@tidings/platform/bus';
import {
  ConflictError,
  NotFoundError,
  ValidationError,
  type FieldIssue,
} from '@tidings/platform/errors';
import { isUniqueViolation } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import type { WidgetSites } from './widget-sites';

export interface NewWidgetSite {
  origin: string;
  botId: string;
  name: string | null;
}

/** 400 `widget.origin_invalid`, naming the field (`body.origin`). */
export function originInvalid(path = 'body.origin'): ValidationError {
  const issues: FieldIssue[] = [
    { path, message: 'an origin: http(s)://host[:port], nothing after it' },
  ];
  return new ValidationError(
    'The origin must be scheme://host[:port] — no path, query, fragment or user info.',
    issues,
    'widget.origin_invalid',
  );
}

const actor = (p: Principal) =>
  ({ kind: p.kind === 'bot' ? 'bot' : 'user', id: p.userId }) as const;

/**
 * Identity's write path for the widget allowlist (docs/widget.md): each change commits with its
 * event, then this process's cached list (WidgetSites) is dropped so it is seen at once.
 */
export class WidgetSiteActions {
  private readonly sites: TypeOrmWidgetSiteRepository;
  private readonly subjects: TypeOrmSubjectRepository;
  private readonly tokens: TypeOrmWidgetTokenRepository;

  constructor(
    dataSource: DataSource,
    private readonly runner: TransactionRunner,
    private readonly cache: Pick<WidgetSites, 'invalidate'>,
  ) {
    this.sites = new TypeOrmWidgetSiteRepository(dataSource);
    this.subjects = new TypeOrmSubjectRepository(dataSource);
    this.tokens = new TypeOrmWidgetTokenRepository(dataSource);
  }

  list(): Promise<WidgetSiteListing[]> {
    return this.sites.list();
  }

  /** A site owned by an active bot; its origin normalized and not yet taken. */
  async create(input: NewWidgetSite, by: Principal): Promise<WidgetSiteListing> {
    const origin = normalizeOrigin(input.origin);
    if (!origin) throw originInvalid();
    try {
      const created = await this.runner.run(async (tx) => {
        const bot = await this.subjects.within(tx.manager).findById(input.botId);
        if (!bot || bot.kind !== 'bot' || !bot.active) {
          throw new ValidationError(
            'The site must be owned by an active bot.',
            [{ path: 'body.botId', message: 'not an active bot' }],
            'widget.bot_unknown',
          );
        }
        const sites = this.sites.within(tx.manager);
        if (await sites.findByOrigin(origin)) throw siteExists(origin);
        const site: WidgetSiteRecord = {
          id: randomUUID(),
          origin,
          botId: bot.id,
          name: input.name,
          createdBy: by.userId,
          createdAt: Date.now(),
        };
        await sites.insert(site);
        tx.publish(widgetSiteCreatedV1, {
          key: bot.id,
          actor: actor(by),
          data: { siteId: site.id, origin, botId: bot.id, createdBy: by.userId },
        });
        return { ...site, botUsername: bot.username };
      });
      this.cache.invalidate();
      return created;
    } catch (error) {
      // Two administrators adding the same origin at once: the unique index keeps one.
      if (isUniqueViolation(error)) throw siteExists(origin);
      throw error;
    }
  }

  /** Removes the site and the widget tokens minted for it: they stop working at once. */
  async delete(siteId: string, by: Principal): Promise<void> {
    await this.runner.run(async (tx) => {
      const sites = this.sites.within(tx.manager);
      const site = await sites.findById(siteId);
      if (!site) throw new NotFoundError('widget.site_not_found', 'No such widget site.');
      await this.tokens.within(tx.manager).deleteForSite(site.id);
      await sites.delete(site.id);
      tx.publish(widgetSiteDeletedV1, {
        key: site.botId,
        actor: actor(by),
        data: { siteId: site.id, origin: site.origin, botId: site.botId, deletedBy: by.userId },
      });
    });
    this.cache.invalidate();
  }
}

function siteExists(origin: string): ConflictError {
  return new ConflictError('widget.site_exists', `${origin} is already a widget site.`, {
    origin,
  });
}
