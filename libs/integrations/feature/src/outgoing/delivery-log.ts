import { Inject, Injectable } from '@nestjs/common';
import {
  SqlDeliveriesRepository,
  type DeliveriesRepository,
  type DeliveryStatus,
} from '@tidings/integrations/data-access';
import { NotFoundError } from '@tidings/platform/errors';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import { SubscriptionsService } from './subscriptions.service';
import { attemptView, deliveryView } from './views';

/** The delivery log as the API reads it: a subscription's deliveries, one delivery's tries. */
@Injectable()
export class DeliveryLog {
  private readonly repo: DeliveriesRepository;

  constructor(
    @Inject(DATA_SOURCE) dataSource: DataSource,
    private readonly subscriptions: SubscriptionsService,
  ) {
    this.repo = new SqlDeliveriesRepository(dataSource);
  }

  /** Newest first; `cursor` is the previous page's nextCursor. */
  async page(
    subscriptionId: string,
    query: { status?: DeliveryStatus; cursor?: string; limit: number },
  ) {
    await this.subscriptions.get(subscriptionId);
    const rows = await this.repo.list(subscriptionId, {
      limit: query.limit + 1,
      ...(query.status ? { status: query.status } : {}),
      ...(query.cursor ? { before: query.cursor } : {}),
    });
    const items = rows.slice(0, query.limit);
    return {
      items: items.map(deliveryView),
      nextCursor: rows.length > query.limit ? (items.at(-1)?.id ?? null) : null,
    };
  }

  /** One delivery with every try, as of one moment: no try beside an older delivery state. */
  async detail(id: string) {
    const found = await this.repo.findWithAttempts(id);
    if (!found) throw new NotFoundError('integrations.delivery.not_found', 'No such delivery.');
    const { delivery, attempts } = found;
    return {
      ...deliveryView(delivery),
      attempts: attempts.map((a) => attemptView(a, delivery.body)),
    };
  }
}
