import { describe, expect, it } from 'vitest';
import { FrameErrorCode } from './frames';
import { HandlerRegistry, isDeclared, type HandlerDeclaration } from './handler-registry';

const ping: HandlerDeclaration = { type: 'ping', permission: 'self.read' };
const admin: HandlerDeclaration = { type: 'users.kick', permission: 'users.manage' };
const forgot: HandlerDeclaration = { type: 'typing.start', permission: undefined };

describe('HandlerRegistry (the per-message guard)', () => {
  const registry = new HandlerRegistry([ping, admin, forgot]);
  const user = new Set(['self.read']);

  it('passes a declared handler to a user with its permission', () => {
    expect(registry.resolve('ping', user)).toEqual({ ok: true, handler: ping });
  });

  it('refuses a user without the permission', () => {
    expect(registry.resolve('users.kick', user)).toMatchObject({
      ok: false,
      error: { code: FrameErrorCode.forbidden },
    });
  });

  it('refuses unknown types', () => {
    expect(registry.resolve('nope', user)).toMatchObject({
      ok: false,
      error: { code: FrameErrorCode.unknownType },
    });
  });

  it('refuses an undeclared handler for everyone, even a user holding every permission', () => {
    const everything = new Set(['self.read', 'users.manage', '', 'undefined']);
    expect(registry.resolve('typing.start', everything)).toMatchObject({
      ok: false,
      error: { code: FrameErrorCode.undeclared },
    });
    expect(isDeclared({ type: 'x', permission: '  ' })).toBe(false);
    expect(registry.list().filter((h) => !isDeclared(h))).toEqual([forgot]);
  });

  it('refuses duplicate, reserved and malformed types at registration', () => {
    expect(() => new HandlerRegistry([ping, ping])).toThrow(/two handlers/);
    expect(() => new HandlerRegistry([{ type: 'auth', permission: 'x' }])).toThrow(/reserved/);
    expect(() => new HandlerRegistry([{ type: 'Ping', permission: 'x' }])).toThrow(/lower-case/);
  });
});
