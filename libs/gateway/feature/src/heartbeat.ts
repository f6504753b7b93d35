import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { ConnectionRegistry } from './connection-registry';
import { GATEWAY_OPTIONS, type GatewayOptions } from './gateway-options';

/**
 * Dead-peer detection. A client whose machine slept or whose network vanished sends no FIN;
 * without this its socket (and its share of fan-out work) would linger for TCP's timeouts,
 * hours. Every interval each socket is pinged; one still owing the previous pong is cut.
 * So a dead peer goes within two intervals. One timer for all sockets, not one each.
 */
@Injectable()
export class Heartbeat implements OnApplicationBootstrap, OnModuleDestroy {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly registry: ConnectionRegistry,
    @Inject(GATEWAY_OPTIONS) private readonly options: GatewayOptions,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => this.beat(), this.options.limits.heartbeatIntervalMs);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
  }

  beat(): void {
    for (const connection of this.registry.connections()) {
      if (!connection.isOpen) continue;
      if (connection.awaitingPong) {
        connection.closedWith = 1006; // never answered: counted as "the peer vanished"
        connection.socket.terminate();
        continue;
      }
      connection.awaitingPong = true;
      connection.socket.ping();
    }
  }
}
