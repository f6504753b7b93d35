import {
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { EventBus } from '@tidings/platform/bus';
import { GatewayReports } from './gateway-reports';

/**
 * Reads gateway processes' connection reports and heartbeats from the `gateway` topic (group
 * `presence.gateway-reports`, from the earliest record: presence must see every open that it
 * has not recorded). Mounted only where gateways may run in other processes.
 */
@Injectable()
export class GatewayReportsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  static readonly GROUP = 'presence.gateway-reports';
  private readonly logger = new Logger('Presence');
  private subscription: { close(): Promise<void> } | undefined;

  constructor(
    private readonly bus: EventBus,
    private readonly reports: GatewayReports,
  ) {}

  onApplicationBootstrap(): void {
    this.subscription = this.bus.subscribeInBackground(
      GatewayReportsConsumer.GROUP,
      ['gateway'],
      (event) => this.reports.handle(event),
      {},
      // Most of the topic is delivery records for sockets: passed over without being parsed.
      { types: GatewayReports.TYPES },
    );
    this.logger.log(`gateway connection reports in group ${GatewayReportsConsumer.GROUP}`);
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.subscription?.close();
  }
}
