import { lookup as systemLookup } from "node:dns/promises";
import { isIP, type LookupFunction } from "node:net";
import { buildConnector } from "undici";
import { refusedRange } from "./address-policy.ts";
import { type Destination, isExemptFromAddressPolicy } from "./download-destination.ts";

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** Resolves a host name to its addresses (the system resolver by default; tests map names to loopback). */
export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (hostname) =>
  (await systemLookup(hostname, { all: true, verbatim: true })).map((a) => ({
    address: a.address,
    family: a.family === 6 ? 6 : 4,
  }));

/** A connection refused by the address policy: which host, which address and why. */
export class AddressRefusedError extends Error {
  override readonly name = "AddressRefusedError";
  constructor(
    readonly host: string,
    readonly address: string,
    readonly range: string,
  ) {
    super(`${host} is a ${range} address (${address})`);
  }
}

/**
 * An undici connector that only connects to addresses the policy allows, checked where it matters: an
 * IP literal before connecting, every address a name resolves to (refused ones are dropped, so a name
 * with a private answer among public ones still reaches a public one), and the address the socket is
 * actually connected to. Checking at connect time, per connection, is what defeats DNS rebinding and
 * redirects to internal hosts: there is no earlier check whose answer could change.
 */
export function guardedConnector(destination: Destination, resolve: Resolver): buildConnector.connector {
  const guarded = buildConnector({ lookup: lookupWith(resolve, (address) => refusedRange(address)) });
  const unchecked = buildConnector({ lookup: lookupWith(resolve, () => null) });
  return (options, callback) => {
    const { hostname, port } = options;
    if (isExemptFromAddressPolicy(destination, hostname, port)) return unchecked(options, callback);
    const literalRange = isIP(hostname) ? refusedRange(hostname) : null;
    if (literalRange) {
      callback(new AddressRefusedError(hostname, hostname, literalRange), null);
      return;
    }
    guarded(options, (error, socket) => {
      if (error) return callback(error, null);
      const remote = socket.remoteAddress;
      const range = remote ? refusedRange(remote) : "unknown";
      if (range) {
        socket.destroy();
        return callback(new AddressRefusedError(hostname, remote ?? "unknown", range), null);
      }
      callback(null, socket);
    });
  };
}

/**
 * `net.connect`'s `lookup` through the resolver, without the addresses `refused` names a range for.
 * With none left the connection fails with the first refusal.
 */
function lookupWith(resolve: Resolver, refused: (address: string) => string | null): LookupFunction {
  return (hostname, options, callback) => {
    const family = options.family === 4 || options.family === 6 ? options.family : undefined;
    resolve(hostname).then(
      (addresses) => {
        const wanted = addresses.filter((a) => !family || a.family === family);
        const allowed = wanted.filter((a) => refused(a.address) === null);
        const first = allowed[0];
        if (!first) {
          const blocked = wanted[0];
          const error = blocked
            ? new AddressRefusedError(hostname, blocked.address, refused(blocked.address) ?? "unknown")
            : Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" });
          return callback(error as NodeJS.ErrnoException, "", 4);
        }
        if (options.all) return callback(null, allowed);
        callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, "", 4),
    );
  };
}
