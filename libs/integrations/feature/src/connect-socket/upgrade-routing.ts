import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

type UpgradeListener = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/** The path of an upgrade request (`/connect?x=1` → `/connect`); undefined when unreadable. */
export function upgradePath(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '', 'http://upgrade.invalid').pathname;
  } catch {
    return undefined;
  }
}

/**
 * Routes the HTTP server's upgrade requests for `path` to `handle`, and every other one to the
 * listeners already there. Needed because the gateway's `ws` adapter (Nest's WsAdapter, `/ws`)
 * listens to every upgrade and destroys the socket of any path it does not serve itself: two
 * listeners side by side would both act on a `/connect` upgrade. So the listeners present are
 * taken off and called from here for their paths — which is why this runs after Nest has set
 * up its gateways (on application bootstrap). Without any other listener, other paths are
 * refused as Node would refuse them. Answers a function that puts things back.
 */
export function routeUpgrades(server: Server, path: string, handle: UpgradeListener): () => void {
  const others = server.listeners('upgrade') as UpgradeListener[];
  server.removeAllListeners('upgrade');
  const router: UpgradeListener = (request, socket, head) => {
    if (upgradePath(request.url) === path) {
      handle(request, socket, head);
      return;
    }
    if (others.length === 0) {
      socket.destroy();
      return;
    }
    for (const listener of others) listener.call(server, request, socket, head);
  };
  server.on('upgrade', router);
  return () => {
    server.off('upgrade', router);
    for (const listener of others)
      if (!server.listeners('upgrade').includes(listener)) server.on('upgrade', listener);
  };
}
