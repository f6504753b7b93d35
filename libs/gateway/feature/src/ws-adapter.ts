import type { IncomingMessage } from 'node:http';
import { Logger, type INestApplication } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import { selectProtocol, type GatewayLimits } from '@tidings/gateway/domain';
import { GATEWAY_OPTIONS, type GatewayOptions } from './gateway-options';
import { HandshakePolicy } from './handshake-policy';

type VerifyInfo = { origin: string; secure: boolean; req: IncomingMessage };
type VerifyDone = (ok: boolean, status?: number, message?: string) => void;

/**
 * Nest's `ws` adapter (it attaches to Fastify's Node HTTP server and routes upgrades for
 * `/ws`), with the gateway's rules put into the `ws` server it creates:
 *  - `verifyClient`: Origin allowlist (403) and shutdown (503), decided before the upgrade;
 *  - `handleProtocols`: answer `tidings.v1` only — never echo the `bearer.<token>` entry;
 *  - `maxPayload`: larger frames close the connection with 1009;
 *  - no per-message compression: it costs memory per socket and invites compression bombs.
 * The rules come from configuration at runtime, which `@WebSocketGateway()`'s static options
 * cannot express — hence the subclass.
 */
export class GatewayWsAdapter extends WsAdapter {
  private readonly gatewayLogger = new Logger('GatewayWs');

  constructor(
    app: INestApplication,
    private readonly policy: HandshakePolicy,
    private readonly limits: GatewayLimits,
  ) {
    super(app);
  }

  override create(port: number, options: Record<string, unknown> & { path?: string } = {}) {
    return super.create(port, {
      ...options,
      maxPayload: this.limits.maxFrameBytes,
      perMessageDeflate: false,
      handleProtocols: (protocols: Set<string>) => selectProtocol(protocols),
      verifyClient: (info: VerifyInfo, done: VerifyDone) => {
        const verdict = this.policy.verify(info.origin || undefined);
        if (verdict.ok) done(true);
        else done(false, verdict.status, verdict.message);
      },
    });
  }

  /**
   * Frames are dispatched by GatewayConnections (auth first, rate limit, permission per
   * frame type), not by Nest's `@SubscribeMessage` routing, which would parse every frame a
   * second time and silently drop unknown types.
   */
  override bindMessageHandlers(): void {
    // Intentionally nothing: see above.
  }

  /**
   * Socket errors are mostly the client's doing (an oversized frame, invalid UTF-8): ws
   * closes the socket with the right code itself. Logged at debug, so a hostile client cannot
   * flood the error log; errors of the server itself stay errors.
   */
  override bindErrorHandler(server: {
    on(event: string, listener: (...args: never[]) => void): void;
  }) {
    server.on('connection', (socket: { on(e: string, l: (error: Error) => void): void }) =>
      socket.on('error', (error: Error) => this.gatewayLogger.debug(`socket: ${error.message}`)),
    );
    server.on('error', (error: Error) => this.gatewayLogger.error(error));
    return server;
  }
}

/** Call on the app before `init()`/`listen()`: Nest needs the adapter to attach `/ws`. */
export function useGatewayAdapter(app: INestApplication): void {
  const options = app.get<GatewayOptions>(GATEWAY_OPTIONS);
  app.useWebSocketAdapter(new GatewayWsAdapter(app, app.get(HandshakePolicy), options.limits));
}
