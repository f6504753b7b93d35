import {
  Global,
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { kindOf, openDatabase, type PersistenceOptions } from './data-source';
import { redactDatabaseUrl } from './database-url';

/** Injection token of the process's one TypeORM DataSource. */
export const DATA_SOURCE = Symbol('tidings.DataSource');

@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  private readonly logger = new Logger('Database');

  constructor(@Inject(DATA_SOURCE) private readonly dataSource: DataSource) {}

  /** Opens the database and migrates it before any service module starts. */
  static forRoot(options: PersistenceOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DATA_SOURCE,
          useFactory: async () => {
            const logger = new Logger('Database');
            const { dataSource, applied } = await openDatabase(options);
            logger.log(
              `${kindOf(dataSource)} database ${redactDatabaseUrl(options.url)} ready` +
                (applied.length
                  ? `; applied ${applied.length} migration(s): ${applied.join(', ')}`
                  : ''),
            );
            return dataSource;
          },
        },
      ],
      exports: [DATA_SOURCE],
    };
  }

  // Closed on *application* shutdown — after the HTTP server has drained in-flight requests,
  // which still need the database.
  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) {
      await this.dataSource.destroy();
      this.logger.log('database closed');
    }
  }
}
