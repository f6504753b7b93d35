import { verify } from '@node-rs/argon2';
import { describe, expect, it, vi } from 'vitest';
import { MAX_PASSWORD_LENGTH, PasswordHasher } from './password-hasher';

// The real argon2, wrapped so a test can see which hash a verification ran against.
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>();
  return { ...real, verify: vi.fn(real.verify) };
});
const argon2Verify = vi.mocked(verify);

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

  it('does a full argon2id verification for an unknown user, at the same cost as a real one', async () => {
    // Equal work rather than equal measured time: timing assertions flake on a busy machine.
    const real = await hasher.hash('some password here');
    const cost = (phc: string) => /^\$argon2id\$v=19\$(m=\d+,t=\d+,p=\d+)\$/.exec(phc)?.[1];
    argon2Verify.mockClear();
    expect(await hasher.verifyUnknown('some password here')).toBe(false);
    expect(argon2Verify).toHaveBeenCalledTimes(1);
    const [dummy, tried] = argon2Verify.mock.calls[0] as [string, string];
    expect(tried).toBe('some password here');
    expect(cost(dummy)).toBeDefined();
    expect(cost(dummy)).toBe(cost(real));
  });
});
