import { describe, expect, it } from 'vitest';
import { MAX_PASSWORD_LENGTH, PasswordHasher } from './password-hasher';

describe('password hashing', () => {
  const hasher = new PasswordHasher();

  it('hashes with argon2id and a fresh salt each time', async () => {
    const first = await hasher.hash('correct horse battery staple');
    const second = await hasher.hash('correct horse battery staple');
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(second).not.toBe(first);
    expect(first).not.toContain('correct horse');
  });

  it('verifies the right password and nothing else', async () => {
    const hash = await hasher.hash('correct horse battery staple');
    expect(await hasher.verify(hash, 'correct horse battery staple')).toBe(true);
    expect(await hasher.verify(hash, 'correct horse battery stapl')).toBe(false);
    expect(await hasher.verify(hash, 'Correct horse battery staple')).toBe(false);
    expect(await hasher.verify(hash, '')).toBe(false);
  });

  it('handles non-ASCII passwords', async () => {
    const hash = await hasher.hash('密码是这个很长的句子🙂');
    expect(await hasher.verify(hash, '密码是这个很长的句子🙂')).toBe(true);
    expect(await hasher.verify(hash, '密码是这个很长的句子')).toBe(false);
  });

  it('refuses malformed hashes and oversized input without throwing', async () => {
    const hash = await hasher.hash('x'.repeat(20));
    expect(await hasher.verify('not-a-phc-string', 'anything')).toBe(false);
    expect(await hasher.verify(hash, 'x'.repeat(MAX_PASSWORD_LENGTH + 1))).toBe(false);
  });

  it('spends about as long on an unknown user as on a real verification', async () => {
    const hash = await hasher.hash('some password here');
    await hasher.verifyUnknown('warm-up'); // the dummy hash is made once
    const time = async (work: () => Promise<unknown>) => {
      const started = performance.now();
      for (let i = 0; i < 5; i++) await work();
      return performance.now() - started;
    };
    const real = await time(() => hasher.verify(hash, 'wrong password'));
    const unknown = await time(() => hasher.verifyUnknown('wrong password'));
    expect(await hasher.verifyUnknown('some password here')).toBe(false);
    // Same algorithm and cost on both paths; generous bounds keep a busy machine from flaking.
    expect(unknown / real).toBeGreaterThan(0.5);
    expect(unknown / real).toBeLessThan(2);
  });
});
