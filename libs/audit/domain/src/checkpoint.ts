import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto';
import { canonicalJson, sha256Hex } from './canonical';
import type { ChainBreak } from './chain';

/**
 * A signed statement "the chain up to `seq` ends in `rootHash`". Rewriting history then needs
 * the private key too: recomputing every hash after an edit still leaves the checkpoint's root
 * different, and the signature cannot be redone without the key.
 */
export interface Checkpoint {
  /** The record seq it covers up to. */
  seq: number;
  /** That record's hash. */
  rootHash: string;
  /** ISO 8601. */
  createdAt: string;
  keyId: string;
  /** Base64 Ed25519 signature over canonical { seq, rootHash, createdAt, keyId }. */
  signature: string;
}

export const SIGNING_ALGORITHM = 'Ed25519';

/** The bytes a checkpoint's signature covers. */
export function checkpointPayload(c: Omit<Checkpoint, 'signature'>): Buffer {
  return Buffer.from(
    canonicalJson({ seq: c.seq, rootHash: c.rootHash, createdAt: c.createdAt, keyId: c.keyId }),
  );
}

/** An Ed25519 signing key and what verifiers need of it. */
export class AuditSigningKey {
  readonly publicKey: KeyObject;
  /** First 16 hex of SHA-256 of the raw 32-byte public key. */
  readonly keyId: string;

  private constructor(private readonly privateKey: KeyObject) {
    if (privateKey.asymmetricKeyType !== 'ed25519') {
      throw new TypeError('the audit signing key must be an Ed25519 key');
    }
    this.publicKey = createPublicKey(privateKey);
    this.keyId = keyIdOf(this.publicKey);
  }

  /** From a PKCS#8 PEM (AUDIT_SIGNING_KEY_FILE). */
  static fromPem(pem: string): AuditSigningKey {
    return new AuditSigningKey(createPrivateKey({ key: pem, format: 'pem' }));
  }

  static generate(): AuditSigningKey {
    return new AuditSigningKey(generateKeyPairSync('ed25519').privateKey);
  }

  /** PKCS#8 PEM of the private key, to store it. */
  privatePem(): string {
    return this.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
  }

  publicPem(): string {
    return this.publicKey.export({ format: 'pem', type: 'spki' }).toString();
  }

  /** Base64 Ed25519 signature of `bytes`. */
  sign(bytes: Buffer): string {
    return sign(null, bytes, this.privateKey).toString('base64');
  }

  signCheckpoint(c: Omit<Checkpoint, 'signature' | 'keyId'>): Checkpoint {
    const unsigned = { ...c, keyId: this.keyId };
    return { ...unsigned, signature: this.sign(checkpointPayload(unsigned)) };
  }
}

/** The raw 32 bytes of an Ed25519 public key. */
export function rawPublicKey(publicKey: KeyObject): Buffer {
  const jwk = publicKey.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new TypeError('not an Ed25519 public key');
  return Buffer.from(jwk.x, 'base64url');
}

export function keyIdOf(publicKey: KeyObject): string {
  return sha256Hex(rawPublicKey(publicKey)).slice(0, 16);
}

export function publicKeyFromPem(pem: string): KeyObject {
  return createPublicKey({ key: pem, format: 'pem' });
}

/** Whether `signature` (base64) is a valid Ed25519 signature of `bytes` under `publicKey`. */
export function verifySignature(publicKey: KeyObject, bytes: Buffer, signature: string): boolean {
  try {
    return verify(null, bytes, publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * Checks one checkpoint against the key ring (keyId → public key) and the hash the chain has
 * at its seq; null when both hold. An unknown keyId counts as an invalid signature.
 */
export function checkCheckpoint(
  checkpoint: Checkpoint,
  keys: ReadonlyMap<string, KeyObject>,
  chainHashAtSeq: string | null,
): ChainBreak | null {
  const key = keys.get(checkpoint.keyId);
  if (!key || !verifySignature(key, checkpointPayload(checkpoint), checkpoint.signature)) {
    return {
      seq: checkpoint.seq,
      reason: 'checkpoint_signature_invalid',
      detail: key
        ? `checkpoint at record ${checkpoint.seq}: the signature does not match its content`
        : `checkpoint at record ${checkpoint.seq}: signed by unknown key ${checkpoint.keyId}`,
    };
  }
  if (chainHashAtSeq !== checkpoint.rootHash) {
    return {
      seq: checkpoint.seq,
      reason: 'checkpoint_root_mismatch',
      detail:
        chainHashAtSeq === null
          ? `checkpoint at record ${checkpoint.seq}: that record is missing`
          : `checkpoint at record ${checkpoint.seq}: the chain's hash there differs from the signed root`,
    };
  }
  return null;
}
