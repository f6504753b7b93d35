import { createHmac } from 'node:crypto';

/** Where browsers find ICE servers, from CALLS_* (docs/calls.md, _ICE servers and TURN_). */
export interface IceSettings {
  /** `stun:` URLs, handed out as they are (STUN needs no credentials). */
  stunUrls: readonly string[];
  /** `turn:`/`turns:` URLs of the company's coturn; each answer mints credentials for them. */
  turnUrls: readonly string[];
  /** coturn's `static-auth-secret` (`use-auth-secret`); required with `turnUrls`. */
  turnSecret?: string;
  /** How long a minted credential is valid. */
  ttlSeconds: number;
  /** `relay` makes browsers send all media through TURN, so peers never see each other's address. */
  transportPolicy: 'all' | 'relay';
}

/** No servers configured: browsers then connect directly (host candidates only). */
export const DEFAULT_ICE_SETTINGS: IceSettings = {
  stunUrls: [],
  turnUrls: [],
  ttlSeconds: 3600,
  transportPolicy: 'all',
};

export interface TurnCredential {
  /** `<unix expiry>:<userId>`: coturn reads the expiry before the first `:`. */
  username: string;
  /** base64(HMAC-SHA1(secret, username)), the password coturn derives for that username. */
  credential: string;
}

/**
 * The credential of the TURN REST API convention that coturn checks with `use-auth-secret`:
 * coturn recomputes it from the username and its shared secret, so nothing is stored, and
 * refuses it once the expiry has passed.
 */
export function turnCredential(
  secret: string,
  userId: string,
  expiresAtSeconds: number,
): TurnCredential {
  const username = `${Math.floor(expiresAtSeconds)}:${userId}`;
  const credential = createHmac('sha1', secret).update(username).digest('base64');
  return { username, credential };
}

/** One ICE server as RTCPeerConnection's `iceServers` takes it. */
export interface IceServer {
  urls: string[];
  username?: string;
  credential?: string;
}

export interface IceServersAnswer {
  iceServers: IceServer[];
  iceTransportPolicy: 'all' | 'relay';
  ttlSeconds: number;
}

/** The answer of `GET /api/v1/calls/ice-servers` for one user at `nowMs`. */
export function iceServersFor(
  settings: IceSettings,
  userId: string,
  nowMs: number,
): IceServersAnswer {
  const iceServers: IceServer[] = [];
  if (settings.stunUrls.length > 0) iceServers.push({ urls: [...settings.stunUrls] });
  if (settings.turnUrls.length > 0 && settings.turnSecret) {
    const expiresAt = Math.floor(nowMs / 1000) + settings.ttlSeconds;
    iceServers.push({
      urls: [...settings.turnUrls],
      ...turnCredential(settings.turnSecret, userId, expiresAt),
    });
  }
  return {
    iceServers,
    iceTransportPolicy: settings.transportPolicy,
    ttlSeconds: settings.ttlSeconds,
  };
}
