import ipaddr from "ipaddr.js";

/** IANA's global unicast block 2000::/3: every public IPv6 address is inside it, whatever ipaddr.js knows of. */
const GLOBAL_UNICAST_V6 = ipaddr.IPv6.parse("2000::");
/** NAT64's well-known prefix 64:ff9b::/96. */
const WELL_KNOWN_NAT64 = ipaddr.IPv6.parse("64:ff9b::");

/**
 * Why StudyHall does not connect to `address` (an IPv4 or IPv6 address as a socket or resolver gives
 * it), or null when it is a public unicast address.
 *
 * The address classes are ipaddr.js's (maintained against IANA's special-purpose registries):
 * anything whose range is not `unicast` is refused, which covers loopback, private, link-local (the
 * cloud metadata address 169.254.169.254), carrier-grade NAT, benchmarking, unspecified, broadcast,
 * multicast, reserved and unique-local addresses. IPv4-mapped IPv6 (`::ffff:127.0.0.1`) is judged as
 * the IPv4 address it carries. NAT64 (64:ff9b::/96) and 6to4 addresses are judged by the IPv4 address
 * they embed, so an IPv6-only host behind NAT64 still reaches public sites; Teredo and the other
 * transition ranges are refused outright. IPv6 outside 2000::/3 is refused as reserved.
 */
export function refusedRange(address: string): string | null {
  if (!ipaddr.isValid(address)) return "invalid";
  const ip = ipaddr.process(address);
  if (ip.kind() === "ipv4") {
    const range = ip.range();
    return range === "unicast" ? null : range;
  }
  const v6 = ip as ipaddr.IPv6;
  const range = v6.range();
  const embedded = embeddedIPv4(v6, range);
  if (embedded) {
    const inner = refusedRange(embedded);
    return inner === null ? null : `${range} (${inner})`;
  }
  if (range !== "unicast") return range;
  return v6.match(GLOBAL_UNICAST_V6, 3) ? null : "reserved";
}

/** `address` as people read it: an IPv4-mapped IPv6 address as its IPv4 address. */
export function displayAddress(address: string): string {
  return ipaddr.isValid(address) ? ipaddr.process(address).toString() : address;
}

/** True when StudyHall may connect to `address`. */
export function isPublicAddress(address: string): boolean {
  return refusedRange(address) === null;
}

/**
 * The IPv4 address a well-known-prefix NAT64 (64:ff9b::/96, RFC 6052) or a 6to4 (RFC 3056) address
 * carries, if it is one. The local-use NAT64 prefix (64:ff9b:1::/48) places it where its operator
 * chose, so it is not read and stays refused.
 */
function embeddedIPv4(ip: ipaddr.IPv6, range: string): string | null {
  const [, p1 = 0, p2 = 0, , , , p6 = 0, p7 = 0] = ip.parts;
  const fromParts = (high: number, low: number) => [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
  if (range === "rfc6052" && ip.match(WELL_KNOWN_NAT64, 96)) return fromParts(p6, p7);
  if (range === "6to4") return fromParts(p1, p2);
  return null;
}
