// Small HTTP servers on 127.0.0.1 for the SSRF suite: each records what it was asked, and answers
// with a handler the test gives it.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Resolver } from "@studyhall/core";
import { systemResolver } from "../../core/src/net/guarded-connector.ts";

export interface RecordingServer {
  port: number;
  /** Every request received: path and headers. */
  requests: Array<{ path: string; headers: IncomingMessage["headers"] }>;
  close(): Promise<void>;
}

export async function startRecordingServer(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<RecordingServer> {
  const requests: RecordingServer["requests"] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ path: req.url ?? "/", headers: req.headers });
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Serves `body` as text at any path. */
export function serveText(body: string) {
  return (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { "content-type": "text/markdown" });
    res.end(body);
  };
}

/** A resolver that knows only the names given (every other name does not exist), like a hostile DNS. */
export function fixedResolver(names: Record<string, string[]>): Resolver & { asked: string[] } {
  const asked: string[] = [];
  const resolve = async (hostname: string) => {
    asked.push(hostname);
    const addresses = names[hostname];
    if (!addresses)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: "ENOTFOUND" });
    return addresses.map((address) => ({
      address,
      family: address.includes(":") ? (6 as const) : (4 as const),
    }));
  };
  return Object.assign(resolve, { asked });
}

/** Redirects `/to?<url>` to that URL, and serves `body` at any other path: a public site with an open redirect. */
export function serveRedirects(body: string) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://site.test");
    if (url.pathname !== "/to") return serveText(body)(req, res);
    res.writeHead(302, { location: decodeURIComponent(url.search.slice(1)) });
    res.end();
  };
}

/**
 * A resolver that answers `name` with 127.0.0.1 (a test's stand-in for a public site, exempted by host
 * and port) and every other name as the system does, so `localhost` still resolves to loopback.
 */
export function publicSiteResolver(name: string): Resolver {
  return async (hostname) =>
    hostname === name ? [{ address: "127.0.0.1", family: 4 }] : systemResolver(hostname);
}
