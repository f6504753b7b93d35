import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AuditSigningKey, checkCheckpoint, keyIdOf, rawPublicKey } from './checkpoint';

describe('checkpoints', () => {
  const key = AuditSigningKey.generate();
  const ring = new Map([[key.keyId, key.publicKey]]);
  const checkpoint = key.signCheckpoint({
    seq: 10,
    rootHash: 'a'.repeat(64),
    createdAt: '2025-01-01T00:00:00.000Z',
  });

  it('names keys by the first 16 hex of SHA-256 of the raw public key', () => {
    const raw = rawPublicKey(key.publicKey);
    expect(raw).toHaveLength(32);
    expect(key.keyId).toBe(createHash('sha256').update(raw).digest('hex').slice(0, 16));
    expect(keyIdOf(key.publicKey)).toBe(key.keyId);
  });

  it('survives a PEM round trip of the private key', () => {
    const again = AuditSigningKey.fromPem(key.privatePem());
    expect(again.keyId).toBe(key.keyId);
    expect(checkCheckpoint(again.signCheckpoint(checkpoint), ring, checkpoint.rootHash)).toBeNull();
  });

  it('holds when signature and root match', () => {
    expect(checkpoint.keyId).toBe(key.keyId);
    expect(checkCheckpoint(checkpoint, ring, 'a'.repeat(64))).toBeNull();
  });

  it('fails on any change to what was signed, or an unknown key', () => {
    for (const altered of [
      { ...checkpoint, seq: 11 },
      { ...checkpoint, rootHash: 'b'.repeat(64) },
      { ...checkpoint, createdAt: '2025-01-01T00:00:01.000Z' },
      { ...checkpoint, signature: Buffer.alloc(64).toString('base64') },
      { ...checkpoint, signature: 'not base64 at all' },
    ]) {
      expect(checkCheckpoint(altered, ring, altered.rootHash)).toMatchObject({
        reason: 'checkpoint_signature_invalid',
      });
    }
    const stranger = AuditSigningKey.generate();
    expect(
      checkCheckpoint(stranger.signCheckpoint(checkpoint), ring, checkpoint.rootHash),
    ).toMatchObject({ reason: 'checkpoint_signature_invalid' });
  });

  it('fails when the chain has another hash at its seq, or no record there', () => {
    expect(checkCheckpoint(checkpoint, ring, 'c'.repeat(64))).toMatchObject({
      seq: 10,
      reason: 'checkpoint_root_mismatch',
    });
    expect(checkCheckpoint(checkpoint, ring, null)).toMatchObject({
      reason: 'checkpoint_root_mismatch',
    });
  });

  it('refuses a key that is not Ed25519', async () => {
    const { generateKeyPairSync } = await import('node:crypto');
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() =>
      AuditSigningKey.fromPem(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()),
    ).toThrow(/Ed25519/);
  });
});
