import 'reflect-metadata';
import { HandlerRegistry, isDeclared } from '@tidings/gateway/domain';
import { describe, expect, it } from 'vitest';
import type { Connection } from '../connection';
import { GatewayMessage, registeredHandler } from '../frame-handler';
import { BUILT_IN_HANDLERS } from './built-in';
import { PingHandler } from './ping.handler';

/**
 * Default deny, checked before it matters: every frame handler the gateway registers must
 * declare the permission it needs. (apps/tidings/src/gateway-handlers.int.spec.ts walks the
 * host's registry — built-in and added handlers — and checks each permission exists.)
 */
describe('gateway frame handlers', () => {
  const registry = new HandlerRegistry(
    BUILT_IN_HANDLERS.map((type) => registeredHandler(new type())),
  );

  it('all declare a permission', () => {
    expect(registry.list().length).toBeGreaterThan(0);
    const undeclared = registry.list().filter((h) => !isDeclared(h));
    expect(undeclared.map((h) => h.name)).toEqual([]);
  });

  it('would catch one that does not', () => {
    @GatewayMessage('typing.start', {
      permission: undefined as unknown as string,
      schema: {} as never,
    })
    class Careless {
      handle() {
        return undefined;
      }
    }
    const handler = registeredHandler(new Careless());
    expect(isDeclared(handler)).toBe(false);
    class Undecorated {}
    expect(() => registeredHandler(new Undecorated())).toThrow(/without @GatewayMessage/);
  });

  it('answers ping with pong, echoing the client id', async () => {
    const reply = await new PingHandler().handle(
      { type: 'ping', id: 'p1' },
      {
        principal: { kind: 'user', userId: 'u', username: 'u', permissions: new Set() },
        connectionId: 'c',
        replyTo: 'p1',
        connection: {} as Connection,
      },
    );
    expect(reply).toMatchObject({ type: 'pong', data: { replyTo: 'p1' } });
  });
});
