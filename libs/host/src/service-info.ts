import { Inject, Module, type DynamicModule, type OnModuleInit } from '@nestjs/common';
import { MetricsService } from '@tidings/platform/health';
import { Gauge } from 'prom-client';
import { TIDINGS_SERVICE_NAMES, type TidingsConfig } from './config';

const SERVICES = Symbol('tidings.host.services');

/** The name a process goes by in logs: `tidings` when it runs everything, else its services. */
export function processNameOf(config: Pick<TidingsConfig, 'TIDINGS_SERVICES'>): string {
  return config.TIDINGS_SERVICES.length === TIDINGS_SERVICE_NAMES.length
    ? 'tidings'
    : config.TIDINGS_SERVICES.join('+');
}

/**
 * `tidings_service_info{service="…"} 1` for each service this process runs, so dashboards
 * can tell the processes of a distributed deployment apart (and sum per service).
 */
@Module({})
export class ServiceInfoModule implements OnModuleInit {
  constructor(
    private readonly metrics: MetricsService,
    @Inject(SERVICES) private readonly services: readonly string[],
  ) {}

  static forRoot(config: Pick<TidingsConfig, 'TIDINGS_SERVICES'>): DynamicModule {
    return {
      module: ServiceInfoModule,
      providers: [{ provide: SERVICES, useValue: [...config.TIDINGS_SERVICES] }],
    };
  }

  onModuleInit(): void {
    const info = new Gauge({
      name: 'tidings_service_info',
      help: 'The services this process runs (1 each)',
      labelNames: ['service'],
      registers: [this.metrics.registry],
    });
    for (const service of this.services) info.set({ service }, 1);
  }
}
