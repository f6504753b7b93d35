import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request a receiver got. */
export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** How a path answers one request: a status, and optionally headers and a body. */
export interface ScriptedAnswer {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * An outgoing webhook's receiver on the loopback address: each path answers from its script
 * (one answer per request, the last one repeated), and every request is kept for the test to
 * verify (headers, exact body bytes).
 */
export class WebhookReceiver {
  private server: Server | undefined;
  private readonly scripts = new Map<string, ScriptedAnswer[]>();
  private readonly gates = new Map<string, Promise<void>>();
  readonly requests: ReceivedRequest[] = [];
  port = 0;

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', async () => {
        const path = (request.url ?? '/').split('?')[0] ?? '/';
        this.requests.push({
          path,
          headers: request.headers,
          body: Buffer.concat(chunks).toString(),
        });
        await this.gates.get(path);
        const script = this.scripts.get(path) ?? [{ status: 404 }];
        const answer = (script.length > 1 ? script.shift() : script[0]) as ScriptedAnswer;
        response.writeHead(answer.status, answer.headers ?? {}).end(answer.body ?? '');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Answers of `path` from now on, in order; the last one repeats. */
  answer(path: string, ...answers: ScriptedAnswer[]): void {
    this.scripts.set(path, answers);
  }

  /** Holds the answers of `path` until the returned function is called. */
  hold(path: string): () => void {
    let release = () => undefined as void;
    this.gates.set(path, new Promise<void>((resolve) => (release = resolve)));
    return () => {
      this.gates.delete(path);
      release();
    };
  }

  /** The URL of a path under the allowlisted name. */
  url(path: string): string {
    return `http://localhost:${this.port}${path}`;
  }

  to(path: string): ReceivedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  /** Waits until `path` got `count` requests (the bus and the first try run on their own). */
  async received(path: string, count: number, timeoutMs = 10_000): Promise<ReceivedRequest[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.to(path).length < count) {
      if (Date.now() > deadline)
        throw new Error(`${path} got ${this.to(path).length} requests, expected ${count}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.to(path);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
