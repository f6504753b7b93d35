import {
  Inject,
  Injectable,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { SearchIndexer } from '@tidings/messaging/data-access';
import { DATA_SOURCE } from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';

/** The host's search indexer: indexes queued messages in the background while the app runs. */
@Injectable()
export class SearchIndexing implements OnApplicationBootstrap, BeforeApplicationShutdown {
  readonly indexer: SearchIndexer;

  constructor(@Inject(DATA_SOURCE) dataSource: DataSource) {
    this.indexer = new SearchIndexer(dataSource);
  }

  onApplicationBootstrap(): void {
    this.indexer.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.indexer.stop();
  }
}
