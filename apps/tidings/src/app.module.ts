import { randomUUID } from 'node:crypto';
import {
  Inject,
  Logger,
  Module,
  type DynamicModule,
  type OnModuleInit,
  type Type,
} from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { allContracts } from '@tidings/contracts';
import { BusModule } from '@tidings/platform/bus';
import { HealthModule, HealthRegistry, MetricsService } from '@tidings/platform/health';
import { ProblemDetailsFilter } from '@tidings/platform/http';
import { loggingModule } from '@tidings/platform/logging';
import {
  DATA_SOURCE,
  DatabaseModule,
  kindOf,
  pingDatabase,
  TypeOrmSettingsRepository,
} from '@tidings/platform/persistence';
import type { DataSource } from 'typeorm';
import type { TidingsConfig } from './config';
import { hostPersistence } from './persistence';
import { SystemController } from './system.controller';

/** Wires readiness to the database and gives a fresh installation its instance id. */
@Module({})
class BootModule implements OnModuleInit {
  private readonly logger = new Logger('Boot');

  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    private readonly health: HealthRegistry,
  ) {}

  async onModuleInit(): Promise<void> {
    this.health.register('database', async () => {
      await pingDatabase(this.dataSource);
      return { kind: kindOf(this.dataSource) };
    });
    const settings = new TypeOrmSettingsRepository(this.dataSource);
    const instanceId = await settings.setIfAbsent('instance.id', randomUUID());
    this.logger.log(`instance ${instanceId}`);
  }
}

/** Services mounted in this host that publish events (each has a `<service>_outbox`). */
const OUTBOX_SERVICES: string[] = [];

export interface AppModuleOptions {
  config: TidingsConfig;
  /** Extra modules, e.g. test-only controllers. */
  extraModules?: Type[];
}

@Module({})
export class AppModule {
  static forRoot({ config, extraModules = [] }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        loggingModule({ level: config.LOG_LEVEL, service: 'tidings' }),
        HealthModule,
        DatabaseModule.forRoot(hostPersistence(config.DATABASE_URL)),
        BusModule.forRootAsync({
          inject: [MetricsService, HealthRegistry],
          useFactory: (metrics: MetricsService, health: HealthRegistry) => ({
            kafkaBrokers: config.KAFKA_BROKERS,
            clientId: config.KAFKA_CLIENT_ID,
            partitions: config.BUS_PARTITIONS,
            retry: {
              maxAttempts: config.BUS_MAX_ATTEMPTS,
              initialBackoffMs: config.BUS_RETRY_BACKOFF_MS,
            },
            outboxServices: OUTBOX_SERVICES,
            topics: [...new Set(allContracts.map((c) => c.topic))],
            metricsRegistry: metrics.registry,
            registerReadiness: (name, check) => health.register(name, check),
          }),
        }),
        BootModule,
        ...extraModules,
      ],
      controllers: [SystemController],
      providers: [{ provide: APP_FILTER, useClass: ProblemDetailsFilter }],
    };
  }
}
