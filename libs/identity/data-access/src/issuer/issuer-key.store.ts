import { randomBytes, randomUUID } from 'node:crypto';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { IsNull, type DataSource, type EntityManager } from 'typeorm';
import { CookieKeyEntity, SigningKeyEntity } from './issuer.entities';

export const SIGNING_ALG = 'RS256';

/** A private signing JWK with its `kid`, `alg` and `use` set. */
export type PrivateSigningJwk = JWK & { kid: string; alg: string; use: 'sig' };

const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k', 'oth'] as const;

export function toPublicJwk(jwk: JWK): JWK {
  const copy: Record<string, unknown> = { ...jwk };
  for (const member of PRIVATE_MEMBERS) delete copy[member];
  return copy as JWK;
}

/**
 * The built-in issuer's keys, generated on first use and kept in the database so tokens
 * stay valid across restarts and the CLI signs with the same key as the server.
 *
 * Signing keys: every key not retired is published in the JWKS; the newest signs. A rotation
 * adds a key (`rotateSigningKey`) and keeps the old ones, so tokens signed before it still
 * verify until they expire. Cookie keys: the newest signs, older ones still verify.
 */
export class IssuerKeyStore {
  private signing: PrivateSigningJwk[] | undefined;
  private cookies: string[] | undefined;

  constructor(private readonly dataSource: DataSource) {}

  /** Active signing keys, newest first (oidc-provider signs with the first of an alg). */
  async signingKeys(): Promise<PrivateSigningJwk[]> {
    this.signing ??= await this.ensure(
      () => this.loadSigningKeys(),
      (m) => m.getRepository(SigningKeyEntity).countBy({ retiredAt: IsNull() }),
      (m) => this.insertSigningKey(m),
    );
    return this.signing;
  }

  async currentSigningKey(): Promise<PrivateSigningJwk> {
    const [current] = await this.signingKeys();
    if (!current) throw new Error('the built-in issuer has no signing key');
    return current;
  }

  /** Public keys only — what the JWKS endpoint and token verifiers see. */
  async publicJwks(): Promise<{ keys: JWK[] }> {
    return { keys: (await this.signingKeys()).map(toPublicJwk) };
  }

  /** Adds a new signing key; it signs from the next start of the issuer. */
  async rotateSigningKey(): Promise<PrivateSigningJwk> {
    const key = await this.dataSource.transaction((manager) => this.insertSigningKey(manager));
    this.signing = undefined;
    return key;
  }

  /** Cookie signing secrets, newest first. */
  async cookieKeys(): Promise<string[]> {
    this.cookies ??= await this.ensure(
      () => this.loadCookieKeys(),
      (m) => m.getRepository(CookieKeyEntity).count(),
      (m) => this.insertCookieKey(m),
    );
    return this.cookies;
  }

  /**
   * Loads the keys, creating the first one if there is none. Creation takes a lock (an
   * advisory lock on PostgreSQL; SQLite has one writer) so two processes starting at once
   * on a fresh database agree on one key instead of each signing with its own.
   */
  private async ensure<T>(
    load: () => Promise<T[]>,
    countExisting: (manager: EntityManager) => Promise<number>,
    create: (manager: EntityManager) => Promise<unknown>,
  ): Promise<T[]> {
    const existing = await load();
    if (existing.length > 0) return existing;
    try {
      await this.dataSource.transaction(async (manager) => {
        if (manager.connection.options.type === 'postgres') {
          await manager.query(`SELECT pg_advisory_xact_lock(hashtext('identity_issuer_keys'))`);
        }
        if ((await countExisting(manager)) === 0) await create(manager);
      });
    } catch (error) {
      // Another process won the race (SQLite refuses the stale writer): use its key.
      const now = await load();
      if (now.length > 0) return now;
      throw error;
    }
    return load();
  }

  private async loadSigningKeys(): Promise<PrivateSigningJwk[]> {
    const rows = await this.dataSource.getRepository(SigningKeyEntity).find({
      where: { retiredAt: IsNull() },
      order: { createdAt: 'DESC', kid: 'ASC' },
    });
    return rows.map((row) => JSON.parse(row.privateJwk) as PrivateSigningJwk);
  }

  private async insertSigningKey(manager: EntityManager): Promise<PrivateSigningJwk> {
    const { privateKey } = await generateKeyPair(SIGNING_ALG, {
      modulusLength: 2048,
      extractable: true,
    });
    const jwk = await exportJWK(privateKey);
    const kid = await calculateJwkThumbprint(toPublicJwk(jwk));
    const key: PrivateSigningJwk = { ...jwk, kid, alg: SIGNING_ALG, use: 'sig' };
    await manager.getRepository(SigningKeyEntity).insert({
      kid,
      alg: SIGNING_ALG,
      privateJwk: JSON.stringify(key),
      createdAt: new Date(),
      retiredAt: null,
    });
    return key;
  }

  private async loadCookieKeys(): Promise<string[]> {
    const rows = await this.dataSource
      .getRepository(CookieKeyEntity)
      .find({ order: { createdAt: 'DESC', id: 'ASC' } });
    return rows.map((row) => row.secret);
  }

  private async insertCookieKey(manager: EntityManager): Promise<void> {
    await manager.getRepository(CookieKeyEntity).insert({
      id: randomUUID(),
      secret: randomBytes(32).toString('base64url'),
      createdAt: new Date(),
    });
  }
}
