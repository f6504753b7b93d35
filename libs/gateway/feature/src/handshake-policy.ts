import { Inject, Injectable } from '@nestjs/common';
import { OriginPolicy } from '@tidings/gateway/domain';
import { GATEWAY_OPTIONS, type GatewayOptions } from './gateway-options';

export type HandshakeVerdict = { ok: true } | { ok: false; status: 403 | 503; message: string };

/**
 * Decides at the HTTP upgrade, before a WebSocket exists: a browser page from a site not on
 * the allowlist is refused with 403 (cross-site WebSocket hijacking), and while the host is
 * shutting down new connections get 503 so clients try another instance.
 */
@Injectable()
export class HandshakePolicy {
  private readonly origins: OriginPolicy;
  private draining = false;

  constructor(@Inject(GATEWAY_OPTIONS) options: GatewayOptions) {
    this.origins = new OriginPolicy(options.allowedOrigins);
  }

  verify(origin: string | undefined): HandshakeVerdict {
    if (this.draining) return { ok: false, status: 503, message: 'Service Unavailable' };
    if (!this.origins.allows(origin)) return { ok: false, status: 403, message: 'Forbidden' };
    return { ok: true };
  }

  startDraining(): void {
    this.draining = true;
  }
}
