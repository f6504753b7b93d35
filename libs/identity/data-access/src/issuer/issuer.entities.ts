import { EntitySchema } from 'typeorm';

/** A signing key of the built-in issuer; the private JWK never leaves the identity service. */
export interface SigningKeyRow {
  kid: string;
  alg: string;
  /** Private JWK as JSON text. */
  privateJwk: string;
  createdAt: Date;
  /** Set when the key may no longer sign or verify (after a rotation has aged out). */
  retiredAt: Date | null;
}

export const SigningKeyEntity = new EntitySchema<SigningKeyRow>({
  name: 'IdentitySigningKey',
  tableName: 'identity_signing_keys',
  columns: {
    kid: { type: 'varchar', length: 100, primary: true },
    alg: { type: 'varchar', length: 20 },
    privateJwk: { name: 'private_jwk', type: 'text' },
    createdAt: { name: 'created_at', type: Date },
    retiredAt: { name: 'retired_at', type: Date, nullable: true },
  },
});

/** A secret that signs the issuer's cookies (session, interaction); the newest signs. */
export interface CookieKeyRow {
  id: string;
  secret: string;
  createdAt: Date;
}

export const CookieKeyEntity = new EntitySchema<CookieKeyRow>({
  name: 'IdentityCookieKey',
  tableName: 'identity_cookie_keys',
  columns: {
    id: { type: 'varchar', length: 36, primary: true },
    secret: { type: 'varchar', length: 200 },
    createdAt: { name: 'created_at', type: Date },
  },
});

/** One oidc-provider model instance (session, grant, code, refresh token, interaction…). */
export interface OidcPayloadRow {
  model: string;
  id: string;
  /** The model's payload as JSON text. */
  payload: string;
  grantId: string | null;
  userCode: string | null;
  uid: string | null;
  expiresAt: Date | null;
  consumedAt: Date | null;
}

export const OidcPayloadEntity = new EntitySchema<OidcPayloadRow>({
  name: 'IdentityOidcPayload',
  tableName: 'identity_oidc_payloads',
  columns: {
    model: { type: 'varchar', length: 64, primary: true },
    id: { type: 'varchar', length: 255, primary: true },
    payload: { type: 'text' },
    grantId: { name: 'grant_id', type: 'varchar', length: 255, nullable: true },
    userCode: { name: 'user_code', type: 'varchar', length: 255, nullable: true },
    uid: { type: 'varchar', length: 255, nullable: true },
    expiresAt: { name: 'expires_at', type: Date, nullable: true },
    consumedAt: { name: 'consumed_at', type: Date, nullable: true },
  },
});
