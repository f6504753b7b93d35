import type { Agent } from 'node:http';
import type { LookupFunction } from 'node:net';
import { RequestFilteringHttpAgent, RequestFilteringHttpsAgent } from 'request-filtering-agent';
import { isAllowlisted, type EgressPolicy } from './policy';

/**
 * The agents: one pair that refuses every address that is not public unicast (loopback,
 * link-local incl. 169.254.169.254, RFC 1918, CGNAT, ULA fc00::/7, IPv4-mapped IPv6, multicast,
 * reserved, `0.0.0.0`), one pair for allowlisted hosts that lets private addresses through
 * (never `0.0.0.0`/`::`). request-filtering-agent checks the address inside the lookup the
 * socket itself uses, so there is nothing between the check and the connection.
 */
export class GuardedAgents {
  private readonly strict = {
    http: new RequestFilteringHttpAgent({ keepAlive: false }),
    https: new RequestFilteringHttpsAgent({ keepAlive: false }),
  };
  private readonly allowed = {
    http: new RequestFilteringHttpAgent({ keepAlive: false, allowPrivateIPAddress: true }),
    https: new RequestFilteringHttpsAgent({ keepAlive: false, allowPrivateIPAddress: true }),
  };

  constructor(private readonly policy: Pick<EgressPolicy, 'allowHosts'>) {}

  /**
   * The agent for one hop. Chosen by the host *named* in the URL, not by its address: an
   * allowlisted 127.0.0.1 does not let any name that resolves to 127.0.0.1 through.
   */
  for(url: URL): Agent {
    const pair = isAllowlisted(url, this.policy) ? this.allowed : this.strict;
    return url.protocol === 'https:' ? pair.https : pair.http;
  }

  destroy(): void {
    for (const agent of [...Object.values(this.strict), ...Object.values(this.allowed)])
      agent.destroy();
  }
}

/**
 * A resolver to use instead of the system's (tests: a name that resolves to 10.0.0.1 without
 * a DNS server). The agent checks whatever it answers, exactly as it checks real DNS.
 */
export type Resolver = LookupFunction;
