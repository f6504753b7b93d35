import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type PageRoute = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * A web server on the loopback address, standing in for the sites people link to: each path
 * answers as its route says. Tests reach it as http://localhost:{port} (allowlisted) and
 * as http://127.0.0.1:{port} (not), and count what was fetched.
 */
export class LinkPageServer {
  private server: Server | undefined;
  readonly hits = new Map<string, number>();
  port = 0;

  constructor(private readonly routes: Record<string, PageRoute>) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const path = (request.url ?? '/').split('?')[0] ?? '/';
      this.hits.set(path, (this.hits.get(path) ?? 0) + 1);
      const route = this.routes[path];
      if (route) route(request, response);
      else response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** The URL of a path under the allowlisted name. */
  url(path: string): string {
    return `http://localhost:${this.port}${path}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

export const html =
  (body: string, headers: Record<string, string> = {}): PageRoute =>
  (_request, response) =>
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers }).end(body);

export const bytes =
  (content: Buffer, type: string): PageRoute =>
  (_request, response) =>
    response
      .writeHead(200, { 'content-type': type, 'content-length': content.length })
      .end(content);

export const redirect =
  (location: string, status = 302): PageRoute =>
  (_request, response) =>
    response.writeHead(status, { location }).end();

/** A page with Open Graph tags; `image` as written in the page (relative or absolute). */
export function ogPage(title: string, image?: string, description = 'A page for previews'): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>ignored</title>
    <meta property="og:title" content="${title}">
    <meta property="og:description" content="${description}">
    <meta property="og:site_name" content="Test Site">
    ${image ? `<meta property="og:image" content="${image}">` : ''}
    </head><body><p>${'body '.repeat(50)}</p></body></html>`;
}
