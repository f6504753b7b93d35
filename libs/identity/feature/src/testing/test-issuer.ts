import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export interface TokenOptions {
  sub?: string;
  username?: string;
  roles?: string[];
  audience?: string;
  /** Seconds from now; negative for an expired token. */
  expiresIn?: number;
  issuedAt?: number;
  /** Sign with a key that is not published (an attacker's). */
  unpublishedKey?: boolean;
}

/**
 * A minimal but real OpenID Connect issuer for tests: discovery and JWKS over HTTP on
 * loopback, RS256 keys, and key rotation — so the API's verification path is exercised
 * exactly as against Keycloak, with tokens the test can shape (expired, other audience, …).
 */
export class TestIssuer {
  private server: Server | undefined;
  private keys: SigningKey[] = [];
  private rogue: SigningKey | undefined;
  jwksFetches = 0;
  issuer = '';

  async start(): Promise<this> {
    this.keys = [await newKey('key-1')];
    this.rogue = await newKey('key-1'); // same kid, different key: a forgery attempt
    this.server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openid-configuration') {
        res.end(JSON.stringify({ issuer: this.issuer, jwks_uri: `${this.issuer}/jwks` }));
      } else if (req.url === '/jwks') {
        this.jwksFetches++;
        res.end(JSON.stringify({ keys: this.keys.map((k) => k.publicJwk) }));
      } else {
        res.statusCode = 404;
        res.end('{}');
      }
    });
    const server = this.server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    if (typeof address !== 'object' || !address) throw new Error('no address');
    this.issuer = `http://127.0.0.1:${address.port}`;
    return this;
  }

  /** Publishes a new key and signs with it from now on (the old one stays published). */
  async rotate(): Promise<void> {
    this.keys.unshift(await newKey(`key-${this.keys.length + 1}`));
  }

  async token(options: TokenOptions = {}): Promise<string> {
    const key = options.unpublishedKey ? this.rogue : this.keys[0];
    if (!key) throw new Error('TestIssuer.start() first');
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      preferred_username: options.username ?? 'alice',
      roles: options.roles ?? ['user'],
    })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: 'at+jwt' })
      .setIssuer(this.issuer)
      .setSubject(options.sub ?? 'sub-alice')
      .setAudience(options.audience ?? 'tidings-api')
      .setIssuedAt(options.issuedAt ?? now)
      .setExpirationTime(now + (options.expiresIn ?? 300))
      .sign(key.privateKey);
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve(),
    );
  }
}

async function newKey(kid: string): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  return {
    kid,
    privateKey,
    publicJwk: { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' },
  };
}
