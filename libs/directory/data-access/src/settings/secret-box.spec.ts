import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox, secretKeyFrom, SecretUnreadableError } from './secret-box';

const key = secretKeyFrom(randomBytes(32));
const other = secretKeyFrom(randomBytes(32));
const context = 'directory_ldap_settings.bind_password\u0000ldap://a\u0000cn=x';

const reasonOf = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    if (error instanceof SecretUnreadableError) return error.reason;
    throw error;
  }
  return 'opened';
};

/** Flips one bit of the base64url part `index` of a sealed value. */
function flip(sealed: string, index: number): string {
  const parts = sealed.split('.');
  const bytes = Buffer.from(parts[index] ?? '', 'base64url');
  bytes[0] = (bytes[0] ?? 0) ^ 0x01;
  parts[index] = bytes.toString('base64url');
  return parts.join('.');
}

describe('SecretBox (AES-256-GCM)', () => {
  it('opens what it sealed, and never seals the same way twice', () => {
    const box = new SecretBox(key);
    const a = box.seal('tidings-sync-password 密码', context);
    const b = box.seal('tidings-sync-password 密码', context);
    expect(a.sealed).not.toBe(b.sealed); // a fresh nonce each time
    expect(a.sealed).not.toContain('tidings-sync-password');
    expect(a.keyId).toBe(key.id);
    expect(SecretBox.keyIdOf(a.sealed)).toBe(key.id);
    expect(box.open(a.sealed, context)).toBe('tidings-sync-password 密码');
    expect(box.open(b.sealed, context)).toBe('tidings-sync-password 密码');
  });

  it('refuses a value whose nonce, ciphertext or tag was altered', () => {
    const box = new SecretBox(key);
    const { sealed } = box.seal('secret', context);
    for (const part of [2, 3, 4])
      expect(reasonOf(() => box.open(flip(sealed, part), context))).toBe('tampered');
  });

  it('refuses a value moved to another context (another server or column)', () => {
    const box = new SecretBox(key);
    const { sealed } = box.seal('secret', context);
    expect(reasonOf(() => box.open(sealed, context.replace('ldap://a', 'ldap://evil')))).toBe(
      'tampered',
    );
  });

  it('refuses to open with a key that did not seal it', () => {
    const { sealed } = new SecretBox(key).seal('secret', context);
    expect(reasonOf(() => new SecretBox(other).open(sealed, context))).toBe('unknown_key');
    // Even when the value claims the configured key's id, the wrong key fails the tag check.
    const forged = sealed.replace(`.${key.id}.`, `.${other.id}.`);
    expect(reasonOf(() => new SecretBox(other).open(forged, context))).toBe('tampered');
  });

  it('keeps values readable across a rotation: previous keys open, the current one seals', () => {
    const { sealed } = new SecretBox(key).seal('secret', context);
    const rotated = new SecretBox(other, [key]);
    expect(rotated.open(sealed, context)).toBe('secret');
    expect(rotated.seal('secret', context).keyId).toBe(other.id);
  });

  it('refuses malformed values and sealing without a key', () => {
    const box = new SecretBox(key);
    for (const bad of ['', 'plaintext', 'v2.a.b.c.d', `v1.${key.id}.AAAA.BBBB.CCCC`])
      expect(
        reasonOf(() => box.open(bad, context)),
        bad,
      ).toBe('malformed');
    expect(new SecretBox(null).canSeal).toBe(false);
    expect(() => new SecretBox(null).seal('x', context)).toThrow(/no secret key/);
  });

  it('names a key by a fingerprint that does not reveal it', () => {
    const bytes = randomBytes(32);
    expect(secretKeyFrom(bytes).id).toMatch(/^[0-9a-f]{16}$/);
    expect(secretKeyFrom(bytes).id).toBe(secretKeyFrom(Buffer.from(bytes)).id);
    expect(bytes.toString('hex')).not.toContain(secretKeyFrom(bytes).id);
    expect(() => secretKeyFrom(randomBytes(16))).toThrow();
  });
});
