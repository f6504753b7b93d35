import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/** A 256-bit key and its id: a fingerprint that names the key without revealing it. */
export interface SecretKey {
  id: string;
  key: Buffer;
}

/** Format tag of a sealed value; a new scheme gets a new tag, old values stay readable. */
const FORMAT = 'v1';
const NONCE_BYTES = 12; // GCM's native nonce size
const TAG_BYTES = 16;

export function secretKeyFrom(key: Buffer): SecretKey {
  if (key.length !== 32) throw new Error('a secret key is 32 bytes');
  const id = createHash('sha256')
    .update('tidings secret key id\u0000')
    .update(key)
    .digest('hex')
    .slice(0, 16);
  return { id, key };
}

/** Why a sealed value could not be opened. Never carries the value or the key. */
export class SecretUnreadableError extends Error {
  constructor(
    readonly reason: 'malformed' | 'unknown_key' | 'tampered',
    readonly keyId: string | undefined,
  ) {
    super(
      reason === 'unknown_key'
        ? `sealed with key ${keyId}, which is not configured`
        : reason === 'tampered'
          ? `sealed value (key ${keyId}) failed authentication: altered, or sealed for another field`
          : 'not a sealed value',
    );
    this.name = 'SecretUnreadableError';
  }
}

/**
 * AES-256-GCM for the few secrets Tidings must be able to read back (an LDAP bind password).
 * Each seal uses a fresh random nonce, so equal plaintexts never look alike. `context` is
 * authenticated but not stored: a sealed value copied into another field, or a field whose
 * context columns were edited in the database, fails to open instead of being used.
 *
 * Sealed form: `v1.<key id>.<nonce>.<ciphertext>.<tag>` (base64url parts). The key id lets
 * keys rotate: the current key seals, every configured key (current and previous) opens.
 */
export class SecretBox {
  private readonly byId: Map<string, SecretKey>;

  constructor(
    readonly current: SecretKey | null,
    previous: SecretKey[] = [],
  ) {
    this.byId = new Map([...previous, ...(current ? [current] : [])].map((k) => [k.id, k]));
  }

  get canSeal(): boolean {
    return this.current !== null;
  }

  seal(plaintext: string, context: string): { keyId: string; sealed: string } {
    if (!this.current) throw new Error('no secret key configured to seal with');
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, nonce, {
      authTagLength: TAG_BYTES,
    });
    cipher.setAAD(Buffer.from(`${FORMAT}\u0000${context}`, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const parts = [nonce, ciphertext, cipher.getAuthTag()].map((b) => b.toString('base64url'));
    return { keyId: this.current.id, sealed: [FORMAT, this.current.id, ...parts].join('.') };
  }

  /** The key id a sealed value names (to tell whether it needs re-sealing after a rotation). */
  static keyIdOf(sealed: string): string | undefined {
    const [format, keyId] = sealed.split('.');
    return format === FORMAT ? keyId : undefined;
  }

  open(sealed: string, context: string): string {
    const parts = sealed.split('.');
    const [format, keyId, nonce, ciphertext, tag] = parts;
    if (
      parts.length !== 5 ||
      format !== FORMAT ||
      !keyId ||
      !nonce ||
      !tag ||
      ciphertext === undefined
    )
      throw new SecretUnreadableError('malformed', undefined);
    const key = this.byId.get(keyId);
    if (!key) throw new SecretUnreadableError('unknown_key', keyId);
    const nonceBytes = Buffer.from(nonce, 'base64url');
    const tagBytes = Buffer.from(tag, 'base64url');
    if (nonceBytes.length !== NONCE_BYTES || tagBytes.length !== TAG_BYTES)
      throw new SecretUnreadableError('malformed', keyId);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key.key, nonceBytes, {
        authTagLength: TAG_BYTES,
      });
      decipher.setAAD(Buffer.from(`${FORMAT}\u0000${context}`, 'utf8'));
      decipher.setAuthTag(tagBytes);
      return Buffer.concat([
        decipher.update(Buffer.from(ciphertext, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      // GCM's only failure here is a failed tag check: the key does not fit or bytes changed.
      throw new SecretUnreadableError('tampered', keyId);
    }
  }
}
