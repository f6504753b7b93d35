import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { GuardedAgents, type Resolver } from './agents';
import { readBody, type BodyLimits } from './body';
import { checkTarget, EgressError, type EgressPolicy } from './policy';

/** A page or picture to GET (link previews): only a 2xx answer is a result. */
export interface FetchRequest extends BodyLimits {
  accept: string;
  /** More request headers (e.g. accept-language). */
  headers?: Record<string, string>;
  /** Checked before the body is read: a wrong type costs no download. Its message if not. */
  typeProblem?: (contentType: string | undefined) => string | null;
}

export interface FetchedBody {
  /** Where the content came from, after redirects. */
  url: URL;
  contentType: string | undefined;
  body: Buffer;
  /** The body was cut at `maxBytes` or at `stopAfter`. */
  truncated: boolean;
}

/** One request whose answer, whatever its status, is the result (outgoing webhooks). */
export interface SendRequest {
  method: 'GET' | 'POST';
  url: URL;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Default: 64 KB, truncated. */
  limits?: BodyLimits;
  /** Default: the policy's. */
  timeoutMs?: number;
  /**
   * `follow` (GET's default): up to the policy's maxRedirects, each hop checked again.
   * `manual` (POST's default): a 3xx is the answer. A followed 307/308 keeps the method and
   * body; 301/302/303 become a GET without body, as browsers do.
   */
  redirects?: 'follow' | 'manual';
}

export interface SentResponse {
  /** The URL that answered (after redirects, if followed). */
  url: URL;
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  truncated: boolean;
  /** From the first byte sent to the last byte read. */
  latencyMs: number;
}

const DEFAULT_LIMITS: BodyLimits = { maxBytes: 64 * 1024, overflow: 'truncate' };

/** The agent's refusal ("… is not allowed. Because, It is private IP address."). */
const AGENT_REFUSAL = /is not allowed/i;

function failureOf(error: unknown, url: URL): EgressError {
  if (error instanceof EgressError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (AGENT_REFUSAL.test(message))
    return new EgressError('refused', `${url.host} is not a public address.`);
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))
    return new EgressError('unavailable', `${url.host} took too long to answer.`);
  const code = (error as { code?: unknown }).code;
  return new EgressError(
    'unavailable',
    `${url.host} could not be reached (${typeof code === 'string' ? code : message}).`,
  );
}

const isRedirect = (status: number) => [301, 302, 303, 307, 308].includes(status);

/**
 * The server's only way out to URLs someone else chose (a link in a message, a webhook
 * receiver): every hop is checked before connecting (scheme, credentials, port — checkTarget)
 * and when connecting (the address, after DNS — GuardedAgents), redirects are followed by
 * hand so each is a new hop through both checks, and everything happens within the timeout.
 */
export class EgressClient {
  private readonly agents: GuardedAgents;

  constructor(
    readonly policy: EgressPolicy,
    private readonly options: { resolver?: Resolver } = {},
  ) {
    this.agents = new GuardedAgents(policy);
  }

  /** GET a page or picture: redirects followed, a status other than 2xx fails. */
  async fetch(start: URL, request: FetchRequest): Promise<FetchedBody> {
    const signal = AbortSignal.timeout(this.policy.timeoutMs);
    let url = start;
    try {
      const { response, at } = await this.exchange(
        { method: 'GET', url, redirects: 'follow' },
        { ...request.headers, accept: request.accept, 'accept-encoding': 'gzip, deflate, br' },
        signal,
      );
      url = at;
      const status = response.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        response.destroy();
        throw new EgressError('unavailable', `The server answered ${status}.`);
      }
      const problem = request.typeProblem?.(response.headers['content-type']);
      if (problem) {
        response.destroy();
        throw new EgressError('unavailable', problem);
      }
      const { body, truncated } = await readBody(response, request);
      return { url, contentType: response.headers['content-type'], body, truncated };
    } catch (error) {
      throw failureOf(error, url);
    }
  }

  /** One request; its answer, whatever the status. Fails only when there is no answer. */
  async send(request: SendRequest): Promise<SentResponse> {
    const signal = AbortSignal.timeout(request.timeoutMs ?? this.policy.timeoutMs);
    const started = performance.now();
    try {
      const { response, at } = await this.exchange(request, request.headers ?? {}, signal);
      const { body, truncated } = await readBody(response, request.limits ?? DEFAULT_LIMITS);
      return {
        url: at,
        status: response.statusCode ?? 0,
        headers: response.headers,
        body,
        truncated,
        latencyMs: Math.round(performance.now() - started),
      };
    } catch (error) {
      throw failureOf(error, request.url);
    }
  }

  destroy(): void {
    this.agents.destroy();
  }

  /** Sends, following redirects as asked; answers the response whose body is still unread. */
  private async exchange(
    request: SendRequest,
    headers: Record<string, string>,
    signal: AbortSignal,
  ): Promise<{ response: IncomingMessage; at: URL }> {
    const follow =
      (request.redirects ?? (request.method === 'GET' ? 'follow' : 'manual')) === 'follow';
    let url = request.url;
    let method = request.method;
    let body = request.body;
    for (let hop = 0; ; hop++) {
      checkTarget(url, this.policy);
      const response = await this.open(url, method, headers, body, signal);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (!follow || !isRedirect(status) || !location) return { response, at: url };
      response.destroy();
      if (hop >= this.policy.maxRedirects)
        throw new EgressError('unavailable', `More than ${this.policy.maxRedirects} redirects.`);
      try {
        url = new URL(location, url);
      } catch {
        throw new EgressError('unavailable', 'The server redirects to an invalid address.');
      }
      if (status !== 307 && status !== 308) {
        method = 'GET';
        body = undefined;
      }
    }
  }

  private open(
    url: URL,
    method: SendRequest['method'],
    headers: Record<string, string>,
    body: string | Buffer | undefined,
    signal: AbortSignal,
  ): Promise<IncomingMessage> {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const payload = body === undefined ? undefined : Buffer.from(body);
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = send(url, {
        method,
        agent: this.agents.for(url),
        signal,
        // The agent checks what this answers exactly as it checks the system's DNS.
        ...(this.options.resolver ? { lookup: this.options.resolver } : {}),
        headers: {
          'user-agent': this.policy.userAgent,
          ...headers,
          ...(payload ? { 'content-length': String(payload.length) } : {}),
        },
      });
      req.on('response', resolve);
      req.on('error', reject);
      req.end(payload);
    });
  }
}
