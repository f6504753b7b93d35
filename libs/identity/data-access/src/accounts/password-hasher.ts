import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** Passwords shorter than this are refused when an account is created. */
export const MIN_PASSWORD_LENGTH = 12;
/** Longer inputs are refused before hashing: argon2 cost grows with input, a cheap DoS. */
export const MAX_PASSWORD_LENGTH = 1024;

/**
 * argon2id with the library's defaults (m=19 MiB, t=2, p=1 — the OWASP recommendation).
 * `verifyUnknown` spends the same time on a dummy hash, so a wrong username cannot be
 * told from a wrong password by how long the answer takes.
 */
export class PasswordHasher {
  private dummyHash: Promise<string> | undefined;

  async hash(password: string): Promise<string> {
    return hash(password);
  }

  async verify(passwordHash: string, password: string): Promise<boolean> {
    if (password.length > MAX_PASSWORD_LENGTH) return false;
    try {
      return await verify(passwordHash, password);
    } catch {
      return false; // a malformed stored hash verifies nothing
    }
  }

  /** Burns one verification's worth of time; always false. */
  async verifyUnknown(password: string): Promise<false> {
    this.dummyHash ??= hash(randomBytes(32).toString('base64url'));
    await this.verify(await this.dummyHash, password);
    return false;
  }
}
