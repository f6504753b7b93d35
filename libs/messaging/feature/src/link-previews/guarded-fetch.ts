import type { Agent, IncomingMessage } from 'node:http';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { pipeline, type Readable, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';

/** How the server may reach other people's pages and pictures. */
export interface FetchPolicy {
  /**
   * Host names and IP addresses (lower case, IPv6 without brackets) an admin allows although
   * they are private or loopback; on them any port goes. LINK_PREVIEW_ALLOW_HOSTS.
   */
  allowHosts: ReadonlySet<string>;
  /** Ports every other host may be reached on. */
  ports: readonly number[];
  /** The whole fetch, redirects and body included. */
  timeoutMs: number;
  maxRedirects: number;
  userAgent: string;
}

export const DEFAULT_FETCH_POLICY: FetchPolicy = {
  allowHosts: new Set(),
  ports: [80, 443],
  timeoutMs: 5_000,
  maxRedirects: 3,
  userAgent: 'TidingsLinkPreview/1.0 (link previews for a team chat; +https://tidings.dev)',
};

/**
 * Why a fetch did not happen or failed. `refused`: the address or URL is one the guard does
 * not reach (private, loopback, link-local, a port other than 80/443, not http(s));
 * `unavailable`: the page failed (DNS, timeout, status, size, type).
 */
export class LinkFetchError extends Error {
  constructor(
    readonly reason: 'refused' | 'unavailable',
    message: string,
  ) {
    super(message);
    this.name = 'LinkFetchError';
  }
}

export interface FetchedBody {
  /** Where the content came from, after redirects. */
  url: URL;
  contentType: string | undefined;
  body: Buffer;
  /** The body was cut at `maxBytes` or at `stopAfter`. */
  truncated: boolean;
}

export interface FetchRequest {
  accept: string;
  /** Checked before the body is read: a wrong type costs no download. Its message if not. */
  typeProblem?: (contentType: string | undefined) => string | null;
  /** Bytes read at most; beyond, `overflow` decides: keep what came (truncate) or fail. */
  maxBytes: number;
  overflow: 'truncate' | 'fail';
  /**
   * Stop reading once this is true of the newest bytes (the last chunk, with the 32 bytes
   * before it so a marker split across chunks is seen), e.g. `</head>` arrived.
   */
  stopAfter?: (newestBytes: Buffer) => boolean;
}

/** A URL's host as the allowlist and the agent compare it: lower case, no brackets or final dot. */
export function hostKeyOf(url: URL): string {
  return url.hostname
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '');
}

function effectivePort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
}

/**
 * What is checked before connecting. The address itself is checked when connecting, by
 * request-filtering-agent, after DNS — so a name resolving to 10.0.0.1, and numeric forms
 * such as http://2130706433/ (which URL parsing turns into 127.0.0.1), are refused there.
 */
export function checkTarget(url: URL, policy: FetchPolicy): void {
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new LinkFetchError('refused', `Only http and https links are previewed.`);
  if (url.username || url.password)
    throw new LinkFetchError('refused', 'Links with a user name or password are not previewed.');
  if (!policy.allowHosts.has(hostKeyOf(url)) && !policy.ports.includes(effectivePort(url)))
    throw new LinkFetchError('refused', `Port ${effectivePort(url)} is not previewed.`);
}

/** The agents: one pair that refuses non-public addresses, one for allowlisted hosts. */
export class GuardedAgents {
  private readonly strict = {
    http: new RequestFilteringHttpAgent({ keepAlive: false }),
    https: new RequestFilteringHttpsAgent({ keepAlive: false }),
  };
  private readonly allowed = {
    http: new RequestFilteringHttpAgent({ keepAlive: false, allowPrivateIPAddress: true }),
    https: new RequestFilteringHttpsAgent({ keepAlive: false, allowPrivateIPAddress: true }),
  };

  constructor(private readonly policy: FetchPolicy) {}

  /**
   * The agent for one hop. Chosen by the host *named* in the URL, not by its address: an
   * allowlisted 127.0.0.1 does not let any name that resolves to 127.0.0.1 through.
   */
  for(url: URL): Agent {
    const pair = this.policy.allowHosts.has(hostKeyOf(url)) ? this.allowed : this.strict;
    return url.protocol === 'https:' ? pair.https : pair.http;
  }

  destroy(): void {
    for (const agent of [...Object.values(this.strict), ...Object.values(this.allowed)])
      agent.destroy();
  }
}

/** The agent's refusal ("… is not allowed. Because, It is private IP address."). */
const AGENT_REFUSAL = /is not allowed/i;

function failureOf(error: unknown): LinkFetchError {
  if (error instanceof LinkFetchError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (AGENT_REFUSAL.test(message))
    return new LinkFetchError('refused', 'The link points to an address that is not public.');
  if (error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError'))
    return new LinkFetchError('unavailable', 'The page took too long to answer.');
  return new LinkFetchError('unavailable', `The page could not be fetched (${message}).`);
}

function open(
  url: URL,
  agent: Agent,
  request: FetchRequest,
  policy: FetchPolicy,
  signal: AbortSignal,
) {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<IncomingMessage>((resolve, reject) => {
    const req = send(url, {
      method: 'GET',
      agent,
      signal,
      headers: {
        'user-agent': policy.userAgent,
        accept: request.accept,
        'accept-encoding': 'gzip, deflate, br',
        'accept-language': 'en, zh-CN;q=0.8, *;q=0.5',
      },
    });
    req.on('response', resolve);
    req.on('error', reject);
    req.end();
  });
}

function decoderFor(encoding: string | undefined): Transform | null {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip();
    case 'deflate':
      return createInflate();
    case 'br':
      return createBrotliDecompress();
    default:
      return null;
  }
}

/** The body, decompressed; an error on either side (a reset, the timeout) ends both. */
function decoded(response: IncomingMessage): Readable {
  const decoder = decoderFor(response.headers['content-encoding']);
  if (!decoder) return response;
  return pipeline(response, decoder, () => undefined); // errors surface on the returned stream
}

async function readBody(
  response: IncomingMessage,
  request: FetchRequest,
): Promise<{ body: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  let tail = Buffer.alloc(0);
  const stream = decoded(response);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      chunks.push(chunk);
      size += chunk.length;
      if (size > request.maxBytes) {
        if (request.overflow === 'fail')
          throw new LinkFetchError(
            'unavailable',
            `The content is larger than ${request.maxBytes} bytes.`,
          );
        return { body: Buffer.concat(chunks).subarray(0, request.maxBytes), truncated: true };
      }
      if (request.stopAfter?.(Buffer.concat([tail, chunk])))
        return { body: Buffer.concat(chunks), truncated: true };
      tail = Buffer.from(chunk.subarray(-32));
    }
    return { body: Buffer.concat(chunks), truncated: false };
  } finally {
    // Stop the download: what is left is not wanted (or the limit was hit).
    response.destroy();
    if (stream !== response) stream.destroy();
  }
}

/**
 * GET a URL through the guard: each hop checked before connecting (scheme, credentials,
 * port) and when connecting (the address, by request-filtering-agent), at most
 * `maxRedirects` redirects, each one a new hop, and everything within `timeoutMs`.
 */
export async function guardedGet(
  start: URL,
  request: FetchRequest,
  policy: FetchPolicy,
  agents: GuardedAgents,
): Promise<FetchedBody> {
  const signal = AbortSignal.timeout(policy.timeoutMs);
  let url = start;
  try {
    for (let hop = 0; ; hop++) {
      checkTarget(url, policy);
      const response = await open(url, agents.for(url), request, policy, signal);
      const status = response.statusCode ?? 0;
      if (status >= 300 && status < 400 && response.headers.location) {
        response.destroy();
        if (hop >= policy.maxRedirects)
          throw new LinkFetchError('unavailable', `More than ${policy.maxRedirects} redirects.`);
        try {
          url = new URL(response.headers.location, url);
        } catch {
          throw new LinkFetchError('unavailable', 'The page redirects to an invalid address.');
        }
        continue;
      }
      if (status < 200 || status >= 300) {
        response.destroy();
        throw new LinkFetchError('unavailable', `The page answered ${status}.`);
      }
      const problem = request.typeProblem?.(response.headers['content-type']);
      if (problem) {
        response.destroy();
        throw new LinkFetchError('unavailable', problem);
      }
      const { body, truncated } = await readBody(response, request);
      return { url, contentType: response.headers['content-type'], body, truncated };
    }
  } catch (error) {
    throw failureOf(error);
  }
}
