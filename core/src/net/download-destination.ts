/**
 * Where a download may go, checked on the first hop and on every redirect.
 *
 * - Links people type: `{ hosts: "any" }` ({@link PUBLIC_LINKS}): any host name, but only public unicast
 *   addresses, checked when the connection is made.
 * - A platform's files fetched with its credentials: `{ hosts: [...] }`: only those hosts (and their
 *   subdomains), still on public addresses.
 * - `privateHosts` exempts hosts from the address check: the operator's configured API host (a proxy or
 *   a test server that may well be on a private network), or "any" for the operator's own downloads.
 */
export interface Destination {
  /** Host names allowed on every hop: "any", or these and their subdomains. */
  hosts: "any" | readonly string[];
  /**
   * Exempt from the address policy, compared exactly as `host[:port]` (a URL's `host`): the operator's
   * configured hosts, or "any" for the operator. None by default.
   */
  privateHosts?: "any" | readonly string[];
}

/** Links typed by people: any public host, never a private or reserved address. */
export const PUBLIC_LINKS: Destination = Object.freeze({ hosts: "any" });

/** The operator's own downloads (the CLI on their own machine or network): any address. */
export const OPERATOR_LINKS: Destination = Object.freeze({ hosts: "any", privateHosts: "any" });

/**
 * A platform's files, fetched with its credentials: only the platform's own `hosts`, on public
 * addresses, plus the host of the operator's configured API URL (GovSlack, a shared REST proxy, a test
 * server), which alone may be on a private address because the operator chose it.
 */
export function platformFiles(hosts: readonly string[], apiUrl: string | undefined): Destination {
  if (!apiUrl) return { hosts };
  const configured = new URL(apiUrl);
  return { hosts: [...hosts, configured.hostname], privateHosts: [configured.host] };
}

/** True when `hostname` (as in a URL, lower case) is one of the destination's hosts. */
export function isAllowedHost(destination: Destination, hostname: string): boolean {
  if (destination.hosts === "any") return true;
  const name = hostname.toLowerCase();
  return destination.hosts.some((host) => {
    const allowed = host.toLowerCase();
    return name === allowed || name.endsWith(`.${allowed}`);
  });
}

/**
 * True when connections to `hostname:port` skip the address policy. `hostname` is as a connector sees
 * it (IPv6 without brackets), `port` empty for the scheme's default.
 */
export function isExemptFromAddressPolicy(destination: Destination, hostname: string, port: string): boolean {
  const exempt = destination.privateHosts;
  if (exempt === "any") return true;
  if (!exempt || exempt.length === 0) return false;
  const host = hostname.includes(":") ? `[${hostname}]` : hostname;
  const key = (port ? `${host}:${port}` : host).toLowerCase();
  return exempt.some((entry) => entry.toLowerCase() === key);
}
